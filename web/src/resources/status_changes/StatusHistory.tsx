// The status history of customer accounts: each change of an account's status (which follows
// its products), newest first, with filters and paging. One component for the organisation's
// page (every account; filter by account) and an account's tab (that account only).
import { useMemo } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Flex, InputNumber, Select, Table, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDataProvider } from '../../api/ApiContext';
import type { AccountStatus, AccountStatusChange } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatusTag } from '../../components/StatusTag';
import { accountStatusName } from '../../lib/displayNames';
import { formatDateTime } from '../../lib/format';
import { PAGE_SIZES, useListParams } from '../../lib/useListParams';

export const STATUS_HISTORY_FILTER_KEYS: readonly string[] = [
  'client',
  'new_status',
  'old_status',
  'status_change_at_gte',
  'status_change_at_lte',
];
const LIST_OPTIONS = { filterKeys: STATUS_HISTORY_FILTER_KEYS };

const STATUSES: AccountStatus[] = ['preparation', 'trial', 'active', 'trialend', 'deleted'];
const STATUS_OPTIONS = STATUSES.map((s) => ({ value: s, label: accountStatusName(s) }));

function positive(v: string | undefined): number | null {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : null;
}

/** `clientId`: the account's own history (its tab); none: the organisation's. */
export function StatusHistory({ clientId }: { clientId?: number }) {
  const { state, setFilters, replaceFilters, setPage } = useListParams(LIST_OPTIONS);
  const dp = useDataProvider();
  const f = state.filter;
  const filter = useMemo(
    () => (clientId ? { ...state.filter, client: String(clientId) } : state.filter),
    [state.filter, clientId],
  );
  const params = useMemo(() => ({ page: state.page, perPage: state.perPage, filter }), [state.page, state.perPage, filter]);
  const list = useQuery({
    queryKey: ['statusChanges', 'list', params],
    queryFn: () => dp.getList('statusChanges', params),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.keys(f).some((k) => k !== 'client' || !clientId);
  const from = f.status_change_at_gte ? dayjs(f.status_change_at_gte) : null;
  const to = f.status_change_at_lte ? dayjs(f.status_change_at_lte) : null;

  const pagination: TablePaginationConfig = {
    current: state.page,
    pageSize: state.perPage,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES.map(String),
    showTotal: (total) => (total ? `${total} changes` : ''),
  };

  return (
    <Flex vertical gap={16}>
      <section aria-label="Filters" className="filter-bar">
        <Flex gap={8} wrap>
          {!clientId && (
            <InputNumber
              aria-label="Account id"
              placeholder="Account id"
              min={1}
              precision={0}
              style={{ width: 120 }}
              value={positive(f.client)}
              onChange={(v) => setFilters({ client: v ? String(v) : '' })}
            />
          )}
          <Select
            allowClear
            aria-label="Changed from"
            placeholder="From status"
            style={{ width: 150 }}
            options={STATUS_OPTIONS}
            value={f.old_status}
            onChange={(v: string | undefined) => setFilters({ old_status: v ?? '' })}
          />
          <Select
            allowClear
            aria-label="Changed to"
            placeholder="To status"
            style={{ width: 150 }}
            options={STATUS_OPTIONS}
            value={f.new_status}
            onChange={(v: string | undefined) => setFilters({ new_status: v ?? '' })}
          />
          <DatePicker.RangePicker
            aria-label="Period"
            allowEmpty={[true, true]}
            value={[from, to]}
            onChange={(range) => {
              const [a, b] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
              setFilters({
                status_change_at_gte: a ? a.startOf('day').toISOString() : '',
                status_change_at_lte: b ? b.endOf('day').toISOString() : '',
              });
            }}
          />
          {filtered && (
            <Button type="link" onClick={() => replaceFilters({})}>
              Clear filters
            </Button>
          )}
        </Flex>
      </section>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<AccountStatusChange>
        rowKey="id"
        size="middle"
        aria-label="Status changes"
        dataSource={list.data?.data ?? []}
        loading={list.isFetching}
        pagination={pagination}
        scroll={{ x: 560 }}
        onChange={(p) => setPage(p.current ?? 1, p.pageSize ?? state.perPage)}
        locale={{
          emptyText: (
            <EmptyState
              title={filtered ? 'No status changes match these filters' : 'No status changes yet'}
              description="An account's status follows its products; each change is listed here."
            />
          ),
        }}
        columns={[
          { title: 'When', dataIndex: 'status_change_at', width: 180, render: (v: string) => formatDateTime(v) },
          ...(clientId
            ? []
            : [
                {
                  title: 'Account',
                  dataIndex: 'client',
                  width: 110,
                  render: (id: number) => <Link to={`/admin/accounts/${id}`}>#{id}</Link>,
                },
              ]),
          {
            title: 'From',
            dataIndex: 'old_status',
            render: (s: AccountStatus | null) => (s ? <StatusTag status={s} /> : <Typography.Text type="secondary">created</Typography.Text>),
          },
          { title: 'To', dataIndex: 'new_status', render: (s: AccountStatus) => <StatusTag status={s} /> },
        ]}
      />
    </Flex>
  );
}
