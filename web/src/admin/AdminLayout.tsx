import { lazy, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Dropdown, Flex, Grid, Layout, Menu, Tag, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined, MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { displayName, useSession, useSignOut } from '../auth/session';
import { FullPageSpin } from '../components/FullPageSpin';
import { activeNavKey, navFor } from './nav';
import { Brand } from '../components/Brand';

const { Header, Sider, Content } = Layout;
const NavDrawer = lazy(() => import('./NavDrawer'));

export default function AdminLayout() {
  const session = useSession().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [collapsed, setCollapsed] = useState(false);
  // null until first opened: the drawer's code loads then.
  const [drawerOpen, setDrawerOpen] = useState<boolean | null>(null);

  if (!session) return null;
  const items = navFor(session.user.user_type).map((item) => ({
    key: item.key,
    icon: item.icon,
    label: <Link to={item.path}>{item.label}</Link>,
  }));
  const selected = activeNavKey(location.pathname);

  const doSignOut = () =>
    signOut.mutate(undefined, {
      onSuccess: () => navigate('/admin/login', { replace: true }),
      onError: (e) => message.error(e.message),
    });

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 0 }}
      aria-label="Sections"
    />
  );

  const role = session.user.user_type === 'reseller' ? 'Reseller' : 'Seller';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      {!narrow && (
        <Sider
          theme="light"
          width={220}
          collapsedWidth={64}
          collapsed={collapsed}
          className="app-sider"
          trigger={null}
        >
          <div className="app-brand">
            <Brand compact={collapsed} />
          </div>
          <nav aria-label="Admin Portal">{menu}</nav>
        </Sider>
      )}
      {narrow && drawerOpen !== null && (
        <Suspense fallback={null}>
          <NavDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)}>
            <nav aria-label="Admin Portal">{menu}</nav>
          </NavDrawer>
        </Suspense>
      )}
      <Layout>
        <Header className="app-header">
          <Flex align="center" gap={8}>
            {narrow ? (
              <Button type="text" icon={<MenuOutlined />} aria-label="Open menu" onClick={() => setDrawerOpen(true)} />
            ) : (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                aria-label={collapsed ? 'Expand menu' : 'Collapse menu'}
                onClick={() => setCollapsed(!collapsed)}
              />
            )}
            {narrow && <Brand />}
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
                      <div>{session.user.email}</div>
                      <Typography.Text type="secondary">{role}</Typography.Text>
                    </div>
                  ),
                },
                { type: 'divider' },
                { key: 'signout', icon: <LogoutOutlined />, label: 'Sign out', onClick: doSignOut },
              ],
            }}
          >
            <Button type="text" className="user-button" aria-label={`Signed in as ${displayName(session)}`}>
              <Avatar size="small" icon={<UserOutlined />} />
              {!narrow || screens.sm ? <span className="user-name">{displayName(session)}</span> : null}
              {!narrow && (
                <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                  {role}
                </Tag>
              )}
            </Button>
          </Dropdown>
        </Header>
        <Content id="main" className="app-content" tabIndex={-1}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
