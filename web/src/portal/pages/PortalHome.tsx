// The Customer Portal's start page: a welcome, the account, and its products at a glance.
import { Navigate, Link, useSearchParams } from 'react-router';
import { Card, Descriptions, List, Skeleton, Space, Typography } from 'antd';
import { EmptyState } from '../../components/EmptyState';
import { ProductStatusTag } from '../../components/StatusTag';
import { productSlug, productTitle, usePortalAccount } from '../account';
import { pathOfTab } from '../nav';
import { PortalPage } from '../PortalPage';
import { ActivationTag } from '../../components/ActivationTag';

export default function PortalHome() {
  const { user, products } = usePortalAccount();
  const [params] = useSearchParams();
  const moved = pathOfTab(params.get('tab'));
  if (moved) return <Navigate to={moved} replace />;

  return (
    <PortalPage title={`Welcome${user.name ? `, ${user.name}` : ''}`}>
      <Card title="Your account" size="small">
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
          size="small"
          items={[
            { key: 'company', label: 'Company', children: <span className="one-line" title={user.company}>{user.company || '—'}</span> },
            { key: 'account', label: 'Account', children: user.client ? `#${user.client}` : '—' },
            {
              key: 'email',
              label: 'E-mail',
              children: (
                <span className="one-line" data-testid="account-email" title={user.email}>
                  {user.email}
                </span>
              ),
            },
            { key: 'group', label: 'Your role', children: user.groups.map((g) => g.name).join(', ') || '—' },
          ]}
        />
      </Card>
      <Card title="Products" size="small">
        {!products ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : products.length === 0 ? (
          <EmptyState title="No products are available to your account yet." />
        ) : (
          <List
            dataSource={products}
            rowKey="id"
            renderItem={(s) => (
              <List.Item aria-label={productTitle(s)}>
                <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Link to={`/portal/products/${productSlug(s)}`}>
                    <Typography.Text strong>{productTitle(s)}</Typography.Text>
                  </Link>
                  <Space size={4} wrap>
                    <ProductStatusTag status={s.status} />
                    <ActivationTag service={s} />
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </PortalPage>
  );
}
