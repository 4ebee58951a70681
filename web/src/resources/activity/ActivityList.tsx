// Activity logs: every recorded change request of the organisation, filterable and paged.
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Flex, InputNumber, Select } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useDataProvider } from '../../api/ApiContext';
import { ActivityTable } from '../../components/ActivityTable';
import { DebouncedInput } from '../../components/DebouncedInput';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useListParams } from '../../lib/useListParams';

export const ACTIVITY_FILTER_KEYS: readonly string[] = [
  'method',
  'status_code',
  'path',
  'user_id',
  'account_id',
  'requested_at_gte',
  'requested_at_lte',
];
const LIST_OPTIONS = { filterKeys: ACTIVITY_FILTER_KEYS };

const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m }));

function numberOrNull(v: string | undefined): number | null {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : null;
}

export default function ActivityList() {
  const { state, setFilters, replaceFilters, setPage } = useListParams(LIST_OPTIONS);
  const dp = useDataProvider();
  const params = useMemo(() => ({ page: state.page, perPage: state.perPage, filter: state.filter }), [state]);
  const list = useQuery({
    queryKey: ['activity', 'list', params],
    queryFn: () => dp.getList('activity', params),
    placeholderData: keepPreviousData,
  });
  const f = state.filter;
  const filtered = Object.keys(f).length > 0;
  const from = f.requested_at_gte ? dayjs(f.requested_at_gte) : null;
  const to = f.requested_at_lte ? dayjs(f.requested_at_lte) : null;

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="Activity logs"
        extra={
          <Button icon={<DownloadOutlined />} href={dp.exportUrl('activity', { filter: state.filter })} download>
            Export
          </Button>
        }
      />
      <section aria-label="Filters" className="filter-bar">
        <Flex gap={8} wrap>
          <Select
            allowClear
            aria-label="Method"
            placeholder="Method"
            style={{ width: 120 }}
            options={METHODS}
            value={f.method}
            onChange={(v: string | undefined) => setFilters({ method: v ?? '' })}
          />
          <InputNumber
            aria-label="Status code"
            placeholder="Status"
            min={100}
            max={599}
            precision={0}
            style={{ width: 100 }}
            value={numberOrNull(f.status_code)}
            onChange={(v) => {
              // Only whole HTTP statuses: typing "4" on the way to "404" asks nothing.
              if (v === null) setFilters({ status_code: '' });
              else if (v >= 100 && v <= 599) setFilters({ status_code: String(v) });
            }}
          />
          <DebouncedInput
            ariaLabel="Path contains"
            placeholder="Path contains, e.g. /clients/12"
            width={240}
            value={f.path ?? ''}
            onChange={(v) => setFilters({ path: v }, true)}
          />
          <InputNumber
            aria-label="User id"
            placeholder="User id"
            min={1}
            precision={0}
            style={{ width: 110 }}
            value={numberOrNull(f.user_id)}
            onChange={(v) => setFilters({ user_id: v ? String(v) : '' })}
          />
          <InputNumber
            aria-label="Account id"
            placeholder="Account id"
            min={1}
            precision={0}
            style={{ width: 120 }}
            value={numberOrNull(f.account_id)}
            onChange={(v) => setFilters({ account_id: v ? String(v) : '' })}
          />
          <DatePicker.RangePicker
            aria-label="Period"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
            value={[from, to]}
            onChange={(range) => {
              const [a, b] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
              setFilters({
                requested_at_gte: a ? a.toISOString() : '',
                requested_at_lte: b ? b.toISOString() : '',
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
      <ActivityTable
        rows={list.data?.data ?? []}
        total={list.data?.total ?? 0}
        loading={list.isFetching}
        page={state.page}
        perPage={state.perPage}
        onPageChange={setPage}
        empty={
          <EmptyState
            title={filtered ? 'No requests match these filters' : 'Nothing recorded yet'}
            description="Every change made through the API or the portals is recorded here."
          />
        }
      />
    </Flex>
  );
}
