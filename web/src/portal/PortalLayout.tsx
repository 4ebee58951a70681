// The Customer Portal's shell: who you are (and who acts for you), a tab per visible product,
// and the profile with the account's deletion.
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Layout, Skeleton, Tabs, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { displayName, useSession, useSignOut } from '../auth/session';
import { Brand } from '../components/Brand';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';
import { AccountDeletionCard } from '../resources/deletion_requests/AccountDeletionCard';
import { PortalProduct } from '../resources/services/PortalProduct';
import { useServices } from '../resources/services/queries';
import { PortalProfile } from '../resources/users/PortalProfile';
import { PortalUsers } from '../resources/users/PortalUsers';
import { PortalTokens } from '../resources/tokens/PortalTokens';

export default function PortalLayout() {
  const session = useSession().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const services = useServices(session?.user.client ?? null);
  if (!session) return null;
  const { user } = session;
  const groups = user.groups.map((g) => g.name);
  const isAdmin = groups.includes('Administrators');
  const isEngineer = groups.includes('Engineers');
  const canRequest = isAdmin || isEngineer;

  const visible = (services.data ?? []).filter((s) => s.visible);
  const productTabs = visible.map((s) => ({
    key: `product-${s.name.toLowerCase()}`,
    label: s.title || s.name,
    children: <PortalProduct service={s} canRequest={canRequest} />,
  }));
  const clientId = user.client;
  const tabs = [
    ...productTabs,
    ...(clientId
      ? [{ key: 'users', label: 'Users', children: <PortalUsers clientId={clientId} meId={user.id} isAdmin={isAdmin} /> }]
      : []),
    ...(clientId && (isAdmin || isEngineer)
      ? [{ key: 'tokens', label: 'API tokens', children: <PortalTokens clientId={clientId} canCreate={isAdmin} acting={!!session.acting_user} /> }]
      : []),
    {
      key: 'profile',
      label: 'Profile',
      children: (
        <>
          <PortalProfile user={user} acting={!!session.acting_user} />
          <AccountDeletionCard canDelete={isAdmin} />
        </>
      ),
    },
  ];
  const requested = params.get('tab');
  const active = tabs.find((t) => t.key === requested)?.key ?? tabs[0]?.key ?? 'profile';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Brand subtitle="Customer Portal" />
        <Flex align="center" gap={12}>
          <Typography.Text className="user-name" aria-label="Signed in as">
            {displayName(session)}
          </Typography.Text>
          <Button
            icon={<LogoutOutlined />}
            loading={signOut.isPending}
            onClick={() =>
              signOut.mutate(undefined, {
                onSuccess: () => navigate('/portal/login', { replace: true }),
                onError: (e) => message.error(e.message),
              })
            }
          >
            Sign out
          </Button>
        </Flex>
      </Layout.Header>
      <Layout.Content id="main" className="app-content portal-content">
        {session.acting_user && (
          <Alert
            type="warning"
            showIcon
            role="status"
            style={{ marginBottom: 16 }}
            message={`You are acting as ${user.email}${user.company ? ` (${user.company})` : ''} on behalf of ${session.acting_user.email}.`}
            description="Everything you do here is recorded under your own name."
          />
        )}
        <Typography.Title level={2}>Welcome{user.name ? `, ${user.name}` : ''}</Typography.Title>
        <Card title="Your account" size="small" style={{ maxWidth: 720, marginBottom: 16 }}>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            items={[
              { key: 'email', label: 'E-mail', children: user.email },
              { key: 'name', label: 'Name', children: user.name || '—' },
              ...(user.company ? [{ key: 'company', label: 'Company', children: user.company }] : []),
              { key: 'account', label: 'Account', children: user.client ? `#${user.client}` : '—' },
              { key: 'group', label: 'Role', children: groups.join(', ') || '—' },
            ]}
          />
        </Card>
        {services.isError && <ErrorAlert error={services.error} onRetry={() => services.refetch()} />}
        {services.isLoading ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : (
          <>
            {services.data && visible.length === 0 && (
              <EmptyState title="No products are available to your account yet." />
            )}
            <Tabs
              activeKey={active}
              onChange={(key) => setParams({ tab: key }, { replace: true })}
              items={tabs}
            />
          </>
        )}
      </Layout.Content>
    </Layout>
  );
}
