// The Customer Portal's shell: a menu of pages (the overview, each visible product, Users, API
// tokens, Profile, Help), a header naming the account, and the banner while staff act as the
// customer. Pages are routes (portal/routes.tsx); each gets the account from the outlet context.
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { displayName, useSession, useSignOut } from '../auth/session';
import { Brand } from '../components/Brand';
import { FullPageSpin } from '../components/FullPageSpin';
import { useServices } from '../resources/services/queries';
import { portalAccountOf } from './account';
import { ActingBanner } from './ActingBanner';
import { activePortalKey, OVERVIEW, portalNav, type PortalNavItem } from './nav';

const { Header, Sider, Content } = Layout;

function menuItem(item: PortalNavItem) {
  return { key: item.key, icon: item.icon, label: <Link to={item.path}>{item.label}</Link> };
}

export default function PortalLayout() {
  const session = useSession().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const services = useServices(session?.user.client ?? null);
  if (!session) return null;

  const account = portalAccountOf(session, services.data);
  const { user } = account;
  const nav = portalNav(account);
  const selected = activePortalKey(location.pathname, nav);
  const items: MenuProps['items'] = [
    menuItem(OVERVIEW),
    ...(nav.products.length > 0
      ? [{ type: 'group' as const, key: 'products', label: 'Products', children: nav.products.map(menuItem) }]
      : []),
    { type: 'divider' as const },
    ...nav.pages.map(menuItem),
  ];
  const menu = (
    <nav aria-label="Customer Portal">
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        onClick={() => setDrawerOpen(false)}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );
  const company = user.company || user.email;
  const doSignOut = () =>
    signOut.mutate(undefined, {
      onSuccess: () => navigate('/portal/login', { replace: true }),
      onError: (e) => message.error(e.message),
    });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          width={270}
          title={<Brand subtitle="Customer Portal" />}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Sider theme="light" width={230} className="app-sider">
          <div className="app-brand">
            <Brand subtitle="Customer Portal" />
          </div>
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header className="app-header">
          <Flex align="center" gap={8} className="account-header">
            {narrow && (
              <Button type="text" icon={<MenuOutlined />} aria-label="Open menu" onClick={() => setDrawerOpen(true)} />
            )}
            <Flex vertical className="account-header-text" aria-label="Account">
              <Typography.Text strong className="one-line" data-testid="account-company" title={company}>
                {company}
              </Typography.Text>
              {!narrow && user.client && (
                <Typography.Text type="secondary" className="account-header-id">
                  Account #{user.client}
                </Typography.Text>
              )}
            </Flex>
          </Flex>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  disabled: true,
                  label: (
                    <div>
                      <div>{user.email}</div>
                      <Typography.Text type="secondary">{user.groups.map((g) => g.name).join(', ')}</Typography.Text>
                    </div>
                  ),
                },
                { type: 'divider' },
                { key: 'profile', icon: <UserOutlined />, label: <Link to="/portal/profile">Profile</Link> },
                { key: 'signout', icon: <LogoutOutlined />, label: 'Sign out', onClick: doSignOut },
              ],
            }}
          >
            <Button type="text" className="user-button" aria-label={`Signed in as ${displayName(session)}`}>
              <Avatar size="small" icon={<UserOutlined />} />
              {!narrow && <span className="user-name">{displayName(session)}</span>}
            </Button>
          </Dropdown>
        </Header>
        <Content id="main" className="app-content" tabIndex={-1}>
          <div className="portal-page">
            <ActingBanner session={session} />
            <Suspense fallback={<FullPageSpin />}>
              <Outlet context={account} />
            </Suspense>
          </div>
        </Content>
      </Layout>
    </Layout>
  );
}
