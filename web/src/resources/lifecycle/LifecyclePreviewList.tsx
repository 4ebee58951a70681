// What the lifecycle jobs will do next, day by day: the organisation's (with each account
// linked) or one account's. Presentation of a LifecyclePreview only.
import { Link } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Card, Empty, List, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { LifecyclePreview } from '../../api/types';
import { productName } from '../../lib/displayNames';
import { formatDate, formatDateTime } from '../../lib/format';
import { EVENT_LABELS, emailsText } from './words';

const EVENT_COLOR: Record<string, string> = {
  trial_ends_soon: 'blue',
  trial_end: 'orange',
  product_deleted: 'red',
  account_deleted: 'red',
};

export function LifecyclePreviewList({
  preview,
  companies,
  showAccount = true,
}: {
  preview: LifecyclePreview;
  /** Company names by account id, where known. */
  companies?: ReadonlyMap<number, string>;
  showAccount?: boolean;
}) {
  return (
    <section aria-label="Lifecycle preview">
      {preview.truncated && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`So much is due that the list stops at ${formatDateTime(preview.until)}; everything up to then is listed.`}
        />
      )}
      {preview.events.length === 0 ? (
        <Empty description={`Nothing happens by itself until ${formatDate(preview.until)}.`} />
      ) : (
        <List
          size="small"
          dataSource={preview.events}
          renderItem={(e) => (
            <List.Item data-event={e.event} data-client={e.client_id}>
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <Space size={6} wrap>
                  <Typography.Text strong>{formatDateTime(e.date)}</Typography.Text>
                  <Tag color={EVENT_COLOR[e.event]} bordered={false}>
                    {EVENT_LABELS[e.event]}
                  </Tag>
                  {e.product && <span>{productName(e.product)}</span>}
                  {showAccount && (
                    <Link to={`/admin/accounts/${e.client_id}`}>
                      {companies?.get(e.client_id) ?? `Account #${e.client_id}`}
                    </Link>
                  )}
                </Space>
                <Typography.Text type="secondary">{emailsText(e.emails, e.event)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}

/** "What happens next": a card with a choice of spans over a preview query's states (error,
 *  loading, the list), shared by the overview and an account's Lifecycle tab. */
export function LifecyclePreviewCard({
  days,
  choices,
  onDays,
  preview,
  children,
}: {
  days: number;
  choices: readonly number[];
  onDays: (days: number) => void;
  preview: UseQueryResult<LifecyclePreview>;
  children: (preview: LifecyclePreview) => ReactNode;
}) {
  return (
    <Card
      size="small"
      title="What happens next"
      extra={
        <Segmented
          aria-label="Days ahead"
          size="small"
          value={days}
          onChange={(v) => onDays(Number(v))}
          options={choices.map((d) => ({ value: d, label: `${d} days` }))}
        />
      }
    >
      {preview.isError ? (
        <ErrorAlert error={preview.error} onRetry={() => preview.refetch()} />
      ) : preview.data ? (
        children(preview.data)
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
