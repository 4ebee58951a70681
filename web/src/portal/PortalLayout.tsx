// The Customer Portal's shell: who you are, sign out, and (later) the product tabs.
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Layout, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { displayName, useSession, useSignOut } from '../auth/session';
import { Brand } from '../components/Brand';

export default function PortalLayout() {
  const session = useSession().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { message } = App.useApp();
  if (!session) return null;
  const { user } = session;
  const group = user.groups[0]?.name ?? '—';

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
            style={{ marginBottom: 16 }}
            message={`You are acting in this account as ${user.email}, signed in by ${session.acting_user.email}.`}
          />
        )}
        <Typography.Title level={2}>Welcome{user.name ? `, ${user.name}` : ''}</Typography.Title>
        <Card title="Your account" style={{ maxWidth: 640 }}>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'email', label: 'E-mail', children: user.email },
              { key: 'name', label: 'Name', children: user.name || '—' },
              // The session answer carries no company name yet (the server sends "").
              ...(user.company ? [{ key: 'company', label: 'Company', children: user.company }] : []),
              { key: 'account', label: 'Account', children: user.client ? `#${user.client}` : '—' },
              { key: 'group', label: 'Role', children: group },
            ]}
          />
        </Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 24 }}>
          Your products, users and settings will appear here.
        </Typography.Paragraph>
      </Layout.Content>
    </Layout>
  );
}
