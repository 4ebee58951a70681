import { PortalUsers } from '../../resources/users/PortalUsers';
import { usePortalAccount } from '../account';
import { PortalPage } from '../PortalPage';

export default function PortalUsersPage() {
  const { clientId, user, isAdmin } = usePortalAccount();
  return (
    <PortalPage
      title="Users"
      intro={isAdmin ? 'The people of your account. Invite others and choose what each may do.' : 'The people of your account.'}
    >
      {clientId && <PortalUsers clientId={clientId} meId={user.id} isAdmin={isAdmin} />}
    </PortalPage>
  );
}
