// The Accounts section: quick filters, extra filters, presets, sortable paged table.
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Flex, Select, Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { useDataProvider } from '../../api/ApiContext';
import type { Client } from '../../api/types';
import { ColumnChooser } from '../../components/ColumnChooser';
import { DebouncedInput } from '../../components/DebouncedInput';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { isStringArray, useLocalStorage } from '../../lib/useLocalStorage';
import { PAGE_SIZES, useGoToLastPageIfPastEnd, useListParams } from '../../lib/useListParams';
import { useOpenDeletionRequests } from '../deletion_requests/queries';
import { PresetMenu } from '../presets/PresetMenu';
import { AddFilter } from './AddFilter';
import { useActAsCustomer } from './useActAsCustomer';
import { useSellerOptions } from './useSellerOptions';
import { COLUMN_OPTIONS, DEFAULT_COLUMNS, clientColumns, orderingFrom, tableMinWidth } from './clientColumns';
import {
  CLIENT_FILTER_KEYS,
  DEFAULT_ORDERING,
  activeAdvanced,
  digitsOnly,
  hasFilters,
  presetFromState,
  samePreset,
  splitList,
  stateFromPreset,
  statusOptions,
  toApiFilter,
} from './clientFilters';
import { useClientList } from './queries';

const LIST_OPTIONS = { filterKeys: CLIENT_FILTER_KEYS, defaultOrdering: DEFAULT_ORDERING };
/** The row-selection column: narrower than Ant Design's 32 px, so that on a phone the company
 *  still starts clear of the pinned Actions column. */
const SELECTION_WIDTH = 26;
// Loaded when a row is first ticked: the Accounts page stays within its weight (e2e/weight.spec.ts).
const BulkActions = lazy(() => import('./BulkActions').then((m) => ({ default: m.BulkActions })));

export default function ClientList() {
  const { state, setFilters, replaceFilters, setPage, setOrdering } = useListParams(LIST_OPTIONS);
  const navigate = useNavigate();
  const [visible, setVisible] = useLocalStorage<string[]>('clientele.accounts.columns', DEFAULT_COLUMNS, isStringArray);

  const apiParams = useMemo(
    () => ({ page: state.page, perPage: state.perPage, ordering: state.ordering, filter: toApiFilter(state.filter) }),
    [state],
  );
  const list = useClientList(apiParams);
  const dp = useDataProvider();
  // The rows ticked (kept across pages), or every account the filters match.
  const [selected, setSelected] = useState<number[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  const apiFilter = apiParams.filter;
  const filterKey = JSON.stringify(apiFilter);
  useEffect(() => {
    // Other filters, other accounts: a selection never outlives the filters it was made under.
    setSelected([]);
    setAllMatching(false);
  }, [filterKey]);
  const exportColumns = COLUMN_OPTIONS.filter((o) => o.key !== 'actions' && (o.fixed || visible.includes(o.key)))
    .map((o) => o.key)
    .join(',');
  const exportUrl = dp.exportUrl('clients', { ordering: state.ordering, filter: { ...apiFilter, columns: exportColumns } });
  const actAs = useActAsCustomer();
  const sellerOptions = useSellerOptions();
  const sellerNames = useMemo(() => new Map((sellerOptions ?? []).map((s) => [s.id, s.name])), [sellerOptions]);
  const logIn = actAs.mutate;
  // The page's accounts awaiting deletion: one request for the page.
  const pageIds = useMemo(() => (list.data?.data ?? []).filter((c) => !c.deleted).map((c) => c.id), [list.data]);
  const deletions = useOpenDeletionRequests(pageIds).data;
  const columns = useMemo(
    () => clientColumns(visible, state.ordering, { onLogIn: (c) => logIn(c.id), sellerNames, deletions }),
    [visible, state.ordering, logIn, sellerNames, deletions],
  );
  const answered = list.data && !list.isPlaceholderData ? list.data.total : undefined;
  const goToPage = useCallback((page: number) => setPage(page, state.perPage, true), [setPage, state.perPage]);
  const pastEnd = useGoToLastPageIfPastEnd(answered, state.page, state.perPage, goToPage);
  const filtered = hasFilters(state.filter);
  const advanced = activeAdvanced(state.filter);
  const current = presetFromState(state.filter, state.ordering);

  const pagination: TablePaginationConfig = {
    current: state.page,
    pageSize: state.perPage,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: PAGE_SIZES.map(String),
    showTotal: (total, [from, to]) => (total ? `${from}–${to} of ${total} accounts` : ''),
  };

  const empty = pastEnd ? (
    <EmptyState
      title={`Page ${state.page} is past the end of the list`}
      description={`${list.data?.total ?? 0} accounts match; going to the last page.`}
    />
  ) : filtered ? (
    <EmptyState
      title="No accounts match these filters"
      description="Test and deleted accounts are hidden unless a filter asks for them."
      action={<Button onClick={() => replaceFilters({})}>Clear filters</Button>}
    />
  ) : (
    <EmptyState
      title="No customer accounts yet"
      action={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/admin/accounts/new')}>
          Add new account
        </Button>
      }
    />
  );

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="Accounts"
        extra={
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined />} href={exportUrl} download>
              Export
            </Button>
            <Link to="/admin/accounts/import">
              <Button icon={<UploadOutlined />} tabIndex={-1}>
                Import
              </Button>
            </Link>
            <Link to="/admin/accounts/new">
              <Button type="primary" icon={<PlusOutlined />} tabIndex={-1}>
                Add new account
              </Button>
            </Link>
          </Flex>
        }
      />

      <section aria-label="Filters" className="filter-bar">
        <Flex gap={8} wrap>
          <DebouncedInput
            ariaLabel="Filter by ID"
            placeholder="ID"
            width={84}
            value={state.filter.id ?? ''}
            sanitize={digitsOnly}
            onChange={(v) => setFilters({ id: v }, true)}
          />
          <DebouncedInput
            ariaLabel="Filter by e-mail"
            placeholder="E-mail"
            prefix={<SearchOutlined />}
            width={190}
            value={state.filter.email ?? ''}
            onChange={(v) => setFilters({ email: v }, true)}
          />
          <DebouncedInput
            ariaLabel="Filter by name"
            placeholder="Name"
            prefix={<SearchOutlined />}
            width={160}
            value={state.filter.name ?? ''}
            onChange={(v) => setFilters({ name: v }, true)}
          />
          <DebouncedInput
            ariaLabel="Filter by company"
            placeholder="Company"
            prefix={<SearchOutlined />}
            width={180}
            value={state.filter.companyName ?? ''}
            onChange={(v) => setFilters({ companyName: v }, true)}
          />
          <Select
            mode="multiple"
            allowClear
            aria-label="Filter by status"
            placeholder="Status"
            style={{ minWidth: 150 }}
            maxTagCount="responsive"
            options={statusOptions()}
            value={splitList(state.filter.status)}
            onChange={(v: string[]) => setFilters({ status: v.join(',') })}
          />
          <AddFilter filter={state.filter} sellers={sellerOptions} onApply={(patch) => setFilters(patch)} />
        </Flex>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 10 }}>
          <Flex gap={6} wrap align="center" aria-label="Active filters">
            {advanced.map(({ def, text }) => (
              <Tag
                key={def.key}
                closable
                color="blue"
                bordered={false}
                onClose={(e) => {
                  e.preventDefault();
                  setFilters(Object.fromEntries(def.params.map((p) => [p, ''])));
                }}
              >
                {text}
              </Tag>
            ))}
            {filtered ? (
              <Button size="small" type="link" onClick={() => replaceFilters({})}>
                Clear filters
              </Button>
            ) : (
              <Typography.Text type="secondary">Test and deleted accounts are hidden.</Typography.Text>
            )}
          </Flex>
          <Flex gap={8}>
            <PresetMenu
              current={current}
              isSame={samePreset}
              onApply={(p) => {
                const s = stateFromPreset(p.filters);
                replaceFilters(s.filter, s.ordering ?? DEFAULT_ORDERING);
              }}
            />
            <ColumnChooser
              columns={COLUMN_OPTIONS}
              visible={visible}
              onChange={setVisible}
              onReset={() => setVisible(DEFAULT_COLUMNS)}
            />
          </Flex>
        </Flex>
      </section>

      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}

      {(selected.length > 0 || allMatching) && (
        <Suspense fallback={null}>
          <BulkActions
            selection={{
              ids: selected,
              allMatching,
              filter: apiFilter,
              ordering: state.ordering,
              total: list.data?.total ?? selected.length,
              columns: exportColumns,
            }}
            sellers={sellerOptions}
            onSelectAllMatching={() => setAllMatching(true)}
            onClear={() => {
              setSelected([]);
              setAllMatching(false);
            }}
          />
        </Suspense>
      )}

      <Table<Client>
        rowKey="id"
        rowSelection={{
          columnWidth: SELECTION_WIDTH,
          selectedRowKeys: allMatching ? (list.data?.data ?? []).map((c) => c.id) : selected,
          preserveSelectedRowKeys: true,
          getCheckboxProps: (c) => ({ 'aria-label': `Select account ${c.id}`, disabled: allMatching }),
          onChange: (keys) => setSelected(keys.map(Number)),
        }}
        size="middle"
        columns={columns}
        dataSource={list.data?.data ?? []}
        loading={list.isFetching}
        pagination={pagination}
        tableLayout="fixed"
        scroll={{ x: tableMinWidth(visible) + SELECTION_WIDTH }}
        locale={{ emptyText: list.isPending ? <Typography.Text type="secondary">Loading accounts…</Typography.Text> : empty }}
        onChange={(p, _filters, sorter, extra) => {
          if (extra.action === 'sort') {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setOrdering(orderingFrom(s?.columnKey ? String(s.columnKey) : undefined, s?.order ?? null));
          } else if (extra.action === 'paginate') {
            setPage(p.current ?? 1, p.pageSize ?? state.perPage);
          }
        }}
      />
    </Flex>
  );
}
