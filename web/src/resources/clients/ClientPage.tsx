// One account: a header with who it is, and its tabs (child routes).
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { Breadcrumb, Button, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { isApiError } from '../../api/http';
import type { AccountContext } from './accountContext';
import { CellText } from '../../components/CellText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FullPageSpin } from '../../components/FullPageSpin';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { formatDate } from '../../lib/format';
import { ACCOUNT_TABS, activeTab } from './accountTabs';
import { DeletionCountdown } from '../../components/DeletionCountdown';
import { useDeletionRequests } from '../deletion_requests/queries';
import { useClient } from './queries';
import { useActAsCustomer } from './useActAsCustomer';
import { LoginOutlined } from '@ant-design/icons';

export default function ClientPage() {
  const { id: rawId } = useParams();
  const id = Number(rawId);
  const client = useClient(id);
  const location = useLocation();
  const navigate = useNavigate();
  const base = `/admin/accounts/${rawId}`;
  const actAs = useActAsCustomer();
  // Shared with the Delete tab (one request): whether a deletion is pending, for the header.
  const live = client.data && !client.data.deleted && client.data.client_type !== 'reseller';
  const deletion = useDeletionRequests(live ? id : 0, { enabled: !!live });

  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to="/admin/accounts">Accounts</Link> },
        { title: client.data ? <CellText text={client.data.companyName} maxWidth="min(60vw, 480px)" /> : `#${rawId}` },
      ]}
    />
  );

  if (!Number.isInteger(id) || id <= 0 || (isApiError(client.error) && client.error.status === 404)) {
    return (
      <Result
        status="404"
        title="No such account"
        subTitle="It does not exist, or it belongs to another organisation."
        extra={
          <Button type="primary" onClick={() => navigate('/admin/accounts')}>
            Back to accounts
          </Button>
        }
      />
    );
  }
  if (client.isError) {
    return (
      <>
        {crumbs}
        <ErrorAlert error={client.error} onRetry={() => client.refetch()} />
      </>
    );
  }
  if (!client.data) {
    return (
      <>
        {crumbs}
        <Skeleton active paragraph={{ rows: 8 }} />
      </>
    );
  }

  const c = client.data;
  return (
    <>
      {crumbs}
      <PageHeader
        title={<CellText text={c.companyName} />}
        extra={
          !c.deleted && (
            <Button icon={<LoginOutlined />} loading={actAs.isPending} onClick={() => actAs.mutate(c.id)}>
              Log in
            </Button>
          )
        }
      >
        <Space size={4} wrap>
          <StatusTag status={c.status} />
          {c.is_test && <Tag color="purple">Test account</Tag>}
          {/* A deleted account's status says so already. */}
          {c.deleted && c.status !== 'deleted' && <Tag color="red">Deleted</Tag>}
          {c.client_type === 'reseller' && <Tag color="gold">Your own account</Tag>}
          {live && deletion.data?.current && (
            <Link to={`${base}/delete`} aria-label="Pending deletion request">
              <DeletionCountdown request={deletion.data.current} />
            </Link>
          )}
        </Space>
      </PageHeader>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        Account #{c.id} · {c.email} · created {formatDate(c.created_at)}
        {c.deleted && c.deleted_at ? ` · deleted ${formatDate(c.deleted_at)}` : ''}
      </Typography.Paragraph>
      <Tabs
        activeKey={activeTab(location.pathname, base)}
        onChange={(key) => {
          const tab = ACCOUNT_TABS.find((t) => t.key === key);
          if (tab) navigate(tab.path ? `${base}/${tab.path}` : base);
        }}
        items={ACCOUNT_TABS.filter((t) => t.key !== 'delete' || c.client_type !== 'reseller').map((t) => ({
          key: t.key,
          label: t.label,
        }))}
      />
      <Suspense fallback={<FullPageSpin />}>
        <Outlet context={{ client: c } satisfies AccountContext} />
      </Suspense>
    </>
  );
}
