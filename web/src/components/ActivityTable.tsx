import { Descriptions, Table, Tag, Typography } from 'antd';
import type { TableColumnsType as ColumnsType, TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import type { ActivityEntry } from '../api/types';
import { formatDateTime, prettyBody } from '../lib/format';

const METHOD_COLOR: Record<string, string> = { POST: 'green', PUT: 'blue', PATCH: 'geekblue', DELETE: 'red' };

function statusColor(code: number): string {
  if (code >= 500) return 'red';
  if (code >= 400) return 'orange';
  return 'green';
}

const columns: ColumnsType<ActivityEntry> = [
  { title: 'When', dataIndex: 'requested_at', key: 'requested_at', width: 170, render: (v: string) => formatDateTime(v) },
  {
    title: 'Request',
    key: 'request',
    render: (_, e) => (
      <span>
        <Tag color={METHOD_COLOR[e.method] ?? 'default'} bordered={false}>
          {e.method}
        </Tag>
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {e.path}
          {e.query_params ? `?${e.query_params}` : ''}
        </Typography.Text>
      </span>
    ),
  },
  {
    title: 'Status',
    dataIndex: 'status_code',
    key: 'status_code',
    width: 90,
    render: (v: number) => (
      <Tag color={statusColor(v)} bordered={false}>
        {v}
      </Tag>
    ),
  },
  {
    title: 'Who',
    key: 'who',
    width: 240,
    ellipsis: true,
    render: (_, e) => (
      <span>
        {e.user_email || '—'}
        {e.acting_user_email && (
          <Typography.Text type="secondary"> (by {e.acting_user_email})</Typography.Text>
        )}
      </span>
    ),
  },
  { title: 'Account', dataIndex: 'client', key: 'client', width: 90, render: (v: number | null) => v ?? '—' },
];

function Details({ entry }: { entry: ActivityEntry }) {
  const body = prettyBody(entry.data);
  return (
    <div style={{ paddingInline: 8 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'user', label: 'User id', children: entry.user ?? '—' },
          { key: 'token', label: 'API token', children: entry.token ?? '—' },
          { key: 'ip', label: 'Remote IP', children: entry.remote_ip_address || '—' },
          { key: 'host', label: 'Host', children: entry.host || '—' },
          { key: 'id', label: 'Entry', children: `#${entry.id}` },
        ]}
      />
      <Typography.Text strong>Recorded body</Typography.Text>
      {body ? (
        <pre className="body-block" aria-label="Recorded body">
          {body}
        </pre>
      ) : (
        <Typography.Paragraph type="secondary">No body was sent.</Typography.Paragraph>
      )}
    </div>
  );
}

/** Recorded requests, newest first; a row expands to show who, from where, and the body. */
export function ActivityTable({
  rows,
  total,
  loading,
  page,
  perPage,
  onPageChange,
  empty,
}: {
  rows: ActivityEntry[];
  total: number;
  loading: boolean;
  page: number;
  perPage: number;
  onPageChange: (page: number, perPage: number) => void;
  empty: ReactNode;
}) {
  const pagination: TablePaginationConfig = {
    current: page,
    pageSize: perPage,
    total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (t, [from, to]) => `${from}–${to} of ${t}`,
    onChange: onPageChange,
  };
  return (
    <Table<ActivityEntry>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={pagination}
      tableLayout="fixed"
      scroll={{ x: 820 }}
      locale={{ emptyText: empty }}
      expandable={{ expandedRowRender: (e) => <Details entry={e} />, expandRowByClick: false }}
    />
  );
}
