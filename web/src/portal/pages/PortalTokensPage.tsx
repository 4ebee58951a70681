import { Result } from 'antd';
import { PortalTokens } from '../../resources/tokens/PortalTokens';
import { usePortalAccount } from '../account';
import { PortalPage } from '../PortalPage';

export default function PortalTokensPage() {
  const { clientId, isAdmin, canRequest, acting } = usePortalAccount();
  if (!canRequest) return <Result status="403" title="API tokens are for Administrators and Engineers of the account." />;
  return (
    <PortalPage title="API tokens" intro="Tokens let scripts use the API as a member of your account.">
      {clientId && <PortalTokens clientId={clientId} canCreate={isAdmin} acting={acting} />}
    </PortalPage>
  );
}
