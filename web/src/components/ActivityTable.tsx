import { Descriptions, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType as ColumnsType, TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ActivityEntry } from '../api/types';
import { formatDateTime, prettyBody } from '../lib/format';
import { actorOf, describeActivity, type ActivityNames } from '../resources/activity/describe';

const METHOD_COLOR: Record<string, string> = { POST: 'green', PUT: 'blue', PATCH: 'geekblue', DELETE: 'red' };

function outcome(code: number): ReactNode {
  if (code < 400) return null;
  return (
    <Tag color={code >= 500 ? 'red' : 'orange'} bordered={false}>
      {code >= 500 ? 'Failed' : 'Refused'} ({code})
    </Tag>
  );
}

function columns(showAccount: boolean, names: ActivityNames): ColumnsType<ActivityEntry> {
  return [
    { title: 'When', dataIndex: 'requested_at', key: 'requested_at', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: 'What happened',
      key: 'event',
      render: (_, e) => (
        <Flex vertical gap={2}>
          <span className="activity-event">
            {describeActivity(e, names)} {outcome(e.status_code)}
          </span>
          <Typography.Text type="secondary" className="activity-request">
            {e.method} {e.path}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: 'Who',
      key: 'who',
      width: 260,
      render: (_, e) => {
        const { who, onBehalfOf } = actorOf(e);
        return (
          <Flex vertical gap={2} className="activity-who">
            <span>{who}</span>
            {onBehalfOf && <Typography.Text type="secondary">acting as {onBehalfOf}</Typography.Text>}
          </Flex>
        );
      },
    },
    ...(showAccount
      ? [
          {
            title: 'Account',
            key: 'account',
            width: 100,
            render: (_: unknown, e: ActivityEntry) =>
              e.account ? <Link to={`/admin/accounts/${e.account}/activity`}>#{e.account}</Link> : '—',
          },
        ]
      : []),
  ];
}

function Details({ entry }: { entry: ActivityEntry }) {
  const body = prettyBody(entry.data);
  return (
    <div style={{ paddingInline: 8 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'request',
            label: 'Request',
            children: (
              <span>
                <Tag color={METHOD_COLOR[entry.method] ?? 'default'} bordered={false}>
                  {entry.method}
                </Tag>
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {entry.path}
                  {entry.query_params ? `?${entry.query_params}` : ''}
                </Typography.Text>
              </span>
            ),
          },
          { key: 'status', label: 'Status code', children: entry.status_code },
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

const NO_NAMES: ActivityNames = {};

/** Recorded requests, newest first, as readable events: what happened, who did it (and for whom,
 *  when staff acted as a customer); a row expands to the request itself and its body. */
export function ActivityTable({
  rows,
  total,
  loading,
  page,
  perPage,
  onPageChange,
  empty,
  showAccount = true,
  names = NO_NAMES,
}: {
  rows: ActivityEntry[];
  total: number;
  loading: boolean;
  page: number;
  perPage: number;
  onPageChange: (page: number, perPage: number) => void;
  empty: ReactNode;
  /** A column with the account each entry concerns (not on an account's own page). */
  showAccount?: boolean;
  /** What the page knows of the people and products the log names by id. */
  names?: ActivityNames;
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
      className="activity-table"
      columns={columns(showAccount, names)}
      dataSource={rows}
      loading={loading}
      pagination={pagination}
      tableLayout="fixed"
      scroll={{ x: showAccount ? 860 : 760 }}
      locale={{ emptyText: empty }}
      expandable={{ expandedRowRender: (e) => <Details entry={e} />, expandRowByClick: false }}
    />
  );
}
