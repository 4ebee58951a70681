// The Admin Portal's start page: what needs attention and what happens next (issue 16). Each
// number and line links to the Accounts list filtered to what it counts, or to the account.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import type { AccountStatus, OverviewItem, OverviewList } from '../../api/types';
import { ACCOUNT_STATUSES } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { accountStatusName, productName } from '../../lib/displayNames';
import { formatDate, formatDateTime } from '../../lib/format';
import { useClientList } from '../clients/queries';
import { LifecyclePreviewCard, LifecyclePreviewList } from './LifecyclePreviewList';
import { useLifecyclePreview, useOverview } from './queries';

const OVERVIEW_DAYS = 7;

/** The Accounts list with these filters (the API's own parameter names). */
export function accountsLink(filter: Record<string, string>): string {
  return `/admin/accounts?${new URLSearchParams(filter)}`;
}

function statusLink(status: AccountStatus): string {
  return accountsLink(status === 'deleted' ? { deleted: 'true' } : { status });
}

function ItemList({
  title,
  list,
  allLink,
  when,
  label,
}: {
  title: string;
  list: OverviewList;
  allLink: string;
  when: (i: OverviewItem) => string | undefined;
  label: (i: OverviewItem) => string;
}) {
  return (
    <Card
      title={title}
      size="small"
      extra={
        <Link to={allLink} aria-label={`${title}: all ${list.count}`}>
          {list.count === 1 ? '1 account' : `${list.count} accounts`}
        </Link>
      }
      data-section={title}
    >
      {list.results.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="None" />
      ) : (
        <List
          size="small"
          dataSource={list.results}
          renderItem={(i) => (
            <List.Item>
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <Link to={`/admin/accounts/${i.client_id}`}>{i.companyName}</Link>
                <Typography.Text type="secondary">
                  {label(i)} {formatDate(when(i))}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export default function OverviewPage() {
  const overview = useOverview(OVERVIEW_DAYS);
  const [previewDays, setPreviewDays] = useState(14);
  const preview = useLifecyclePreview(previewDays);
  // The preview names accounts by id: their companies in one request.
  const ids = useMemo(
    () => [...new Set((preview.data?.events ?? []).map((e) => e.client_id))].slice(0, 100),
    [preview.data],
  );
  const named = useClientList({
    page: 1,
    perPage: 100,
    filter: ids.length ? { id__in: ids.join(','), is_test: 'all', deleted: 'all' } : { id: '0' },
  });
  const companies = useMemo(
    () => new Map((named.data?.data ?? []).map((c) => [c.id, c.companyName] as const)),
    [named.data],
  );

  if (overview.isError) return <ErrorAlert error={overview.error} onRetry={() => overview.refetch()} />;
  const o = overview.data;
  const until = o?.until ?? '';
  return (
    <>
      <PageHeader title="Overview" />
      {!o ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={[12, 12]} aria-label="Accounts by status">
            {ACCOUNT_STATUSES.map((s) => (
              <Col key={s} xs={12} sm={8} lg={4}>
                <Link to={statusLink(s)} aria-label={`${accountStatusName(s)}: ${o.statuses[s] ?? 0} accounts`}>
                  <Card size="small" hoverable>
                    <Statistic title={<StatusTag status={s} />} value={o.statuses[s] ?? 0} />
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}>
              <ItemList
                title="Trials ending within 7 days"
                list={o.trials_ending}
                allLink={accountsLink({ trial_end_lte: until })}
                when={(i) => i.trial_end}
                label={(i) => `${productName(i.product ?? '')}: trial ends`}
              />
            </Col>
            <Col xs={24} lg={8}>
              <ItemList
                title="Products reaching Deleted within 7 days"
                list={o.deletions_due}
                allLink={accountsLink({ deleted_date_lte: until })}
                when={(i) => i.deleted_date}
                label={(i) => `${productName(i.product ?? '')}: Deleted on`}
              />
            </Col>
            <Col xs={24} lg={8}>
              <ItemList
                title="Open deletion requests"
                list={o.deletion_requests}
                allLink={accountsLink({ deletion_requested: 'true' })}
                when={(i) => i.due_at}
                label={() => 'Deleted on'}
              />
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <LifecyclePreviewCard days={previewDays} choices={[7, 14, 30]} onDays={setPreviewDays} preview={preview}>
                {(p) => (
                  <div style={{ maxHeight: 480, overflowY: 'auto' }}>
                    <LifecyclePreviewList preview={p} companies={companies} />
                  </div>
                )}
              </LifecyclePreviewCard>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title="Recent status changes">
                {o.status_changes.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="None yet" />
                ) : (
                  <List
                    size="small"
                    dataSource={o.status_changes}
                    renderItem={(c) => (
                      <List.Item>
                        <Space size={6} wrap>
                          <Link to={`/admin/accounts/${c.client}`}>{c.companyName}</Link>
                          {c.old_status && <StatusTag status={c.old_status} />}→<StatusTag status={c.new_status} />
                          <Typography.Text type="secondary">{formatDateTime(c.status_change_at)}</Typography.Text>
                        </Space>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
          </Row>
        </Space>
      )}
    </>
  );
}
