import { AccountDeletionCard } from '../../resources/deletion_requests/AccountDeletionCard';
import { PortalProfile } from '../../resources/users/PortalProfile';
import { usePortalAccount } from '../account';
import { PortalPage } from '../PortalPage';

export default function PortalProfilePage() {
  const { user, acting, isAdmin } = usePortalAccount();
  return (
    <PortalPage title="Profile">
      <PortalProfile user={user} acting={acting} />
      <AccountDeletionCard canDelete={isAdmin} />
    </PortalPage>
  );
}
