// The Accounts table's bulk actions: on the rows selected, or on every account the filters match.
// One request per action; the server answers a line per committed batch, shown as progress,
// then a result per account (what was refused, and why, is listed).
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Modal, Progress, Select, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useDataProvider } from '../../api/ApiContext';
import type { Filter } from '../../api/dataProvider';
import { isApiError } from '../../api/http';
import { PRODUCTS, type BulkActionBody, type BulkLine, type BulkOutcome, type ProductStatus } from '../../api/types';
import { productName, productStatusName } from '../../lib/displayNames';
import { clientKeys } from './queries';

type Choice = 'assign_seller' | 'set_test' | 'unset_test' | 'set_visibility' | 'set_product_status';

const ACTIONS: { value: Choice; label: string }[] = [
  { value: 'assign_seller', label: 'Assign a seller' },
  { value: 'set_test', label: 'Mark as test' },
  { value: 'unset_test', label: 'Unmark test' },
  { value: 'set_visibility', label: "Set a product's visibility" },
  { value: 'set_product_status', label: "Change a product's status" },
];
const MANUAL_STATUSES: ProductStatus[] = ['trial', 'active', 'trialend', 'paused'];
const OUTCOME_WORDS: Record<BulkOutcome, string> = {
  changed: 'Changed',
  unchanged: 'Already so',
  refused: 'Refused',
  not_found: 'Not found',
};

export interface BulkSelection {
  /** The rows ticked. */
  ids: number[];
  /** Every account the list's filters match (its API query string), instead of `ids`. */
  allMatching: boolean;
  /** The list's API filters and ordering, for "all matching" and the export. */
  filter: Filter;
  ordering?: string;
  total: number;
  /** The table's visible columns, which the export writes. */
  columns: string;
}

interface Props {
  selection: BulkSelection;
  sellers: { id: number; name: string }[] | undefined;
  onSelectAllMatching: () => void;
  onClear: () => void;
}

export function BulkActions({ selection, sellers, onSelectAllMatching, onClear }: Props) {
  const dp = useDataProvider();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<Choice | undefined>();
  const [seller, setSeller] = useState<number | 'none' | undefined>();
  const [product, setProduct] = useState<string | undefined>();
  const [visible, setVisible] = useState<'shown' | 'hidden' | undefined>();
  const [status, setStatus] = useState<ProductStatus | undefined>();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<BulkLine | null>(null);
  const [results, setResults] = useState<NonNullable<BulkLine['results']>>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const count = selection.allMatching ? selection.total : selection.ids.length;
  const filterText = new URLSearchParams(
    Object.entries(selection.filter).filter(([, v]) => v !== ''),
  ).toString();

  const body = (): BulkActionBody | null => {
    const which = selection.allMatching ? { filter: filterText } : { ids: selection.ids };
    switch (choice) {
      case 'assign_seller':
        return seller === undefined ? null : { action: 'assign_seller', seller: seller === 'none' ? null : seller, ...which };
      case 'set_test':
      case 'unset_test':
        return { action: 'set_test', is_test: choice === 'set_test', ...which };
      case 'set_visibility':
        return product && visible ? { action: 'set_visibility', product, available: visible === 'shown', ...which } : null;
      case 'set_product_status':
        return product && status ? { action: 'set_product_status', product, status, ...which } : null;
      default:
        return null;
    }
  };
  const ready = body() !== null;

  const run = async () => {
    const request = body();
    if (!request) return;
    setOpen(true);
    setRunning(true);
    setError(null);
    setResults([]);
    setProgress({ total: count, done: 0, changed: 0, unchanged: 0, refused: 0, not_found: 0 });
    try {
      const last = await dp.bulkAccounts(request, (line) => {
        setProgress(line);
        const batch = line.results;
        if (batch) setResults((r) => [...r, ...batch.filter((x) => x.result === 'refused' || x.result === 'not_found')]);
      });
      if (last && last.completed === false) setError(last.error ?? 'The action stopped before the end.');
    } catch (e) {
      setError(isApiError(e) ? e.message : 'The action failed.');
    } finally {
      setRunning(false);
      await queryClient.invalidateQueries({ queryKey: clientKeys.all });
    }
  };

  const exportUrl = dp.exportUrl('clients', {
    ordering: selection.ordering,
    filter: {
      ...selection.filter,
      ...(selection.allMatching ? {} : { id__in: selection.ids.join(',') }),
      columns: selection.columns,
    },
  });
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : running ? 0 : 100;

  return (
    <section aria-label="Bulk actions" className="bulk-bar">
      <Flex gap={8} wrap align="center">
        <Typography.Text strong data-testid="bulk-count">
          {selection.allMatching ? `All ${count} matching accounts selected` : `${count} selected`}
        </Typography.Text>
        {!selection.allMatching && selection.total > selection.ids.length && (
          <Button type="link" size="small" onClick={onSelectAllMatching}>
            Select all {selection.total} matching the filters
          </Button>
        )}
        <Button type="link" size="small" onClick={onClear}>
          Clear selection
        </Button>
      </Flex>
      <Flex gap={8} wrap align="center" style={{ marginTop: 8 }}>
        <Select<Choice>
          aria-label="Bulk action"
          placeholder="Choose an action"
          style={{ width: 220 }}
          options={ACTIONS}
          value={choice}
          onChange={(v) => setChoice(v)}
        />
        {choice === 'assign_seller' && (
          <Select<number | 'none'>
            aria-label="Seller to assign"
            placeholder="Seller"
            style={{ width: 240 }}
            showSearch
            optionFilterProp="label"
            options={[{ value: 'none' as const, label: 'No seller (unassign)' }, ...(sellers ?? []).map((s) => ({ value: s.id, label: s.name }))]}
            value={seller}
            onChange={(v) => setSeller(v)}
          />
        )}
        {(choice === 'set_visibility' || choice === 'set_product_status') && (
          <Select<string>
            aria-label="Product"
            placeholder="Product"
            style={{ width: 170 }}
            options={PRODUCTS.map((p) => ({ value: p, label: productName(p) }))}
            value={product}
            onChange={(v) => setProduct(v)}
          />
        )}
        {choice === 'set_visibility' && (
          <Select<'shown' | 'hidden'>
            aria-label="Visibility"
            placeholder="Visibility"
            style={{ width: 130 }}
            options={[
              { value: 'shown', label: 'Visible' },
              { value: 'hidden', label: 'Hidden' },
            ]}
            value={visible}
            onChange={(v) => setVisible(v)}
          />
        )}
        {choice === 'set_product_status' && (
          <Select<ProductStatus>
            aria-label="New status"
            placeholder="New status"
            style={{ width: 140 }}
            options={MANUAL_STATUSES.map((s) => ({ value: s, label: productStatusName(s) }))}
            value={status}
            onChange={(v) => setStatus(v)}
          />
        )}
        <Button type="primary" disabled={!ready || running} onClick={run}>
          Apply to {count} account{count === 1 ? '' : 's'}
        </Button>
        <Button icon={<DownloadOutlined />} href={exportUrl} download>
          Export selected
        </Button>
      </Flex>

      <Modal
        open={open}
        title="Bulk action"
        onCancel={() => !running && setOpen(false)}
        closable={!running}
        maskClosable={false}
        footer={
          <Button type="primary" disabled={running} onClick={() => setOpen(false)}>
            Close
          </Button>
        }
      >
        <Flex vertical gap={12}>
          <Progress percent={percent} status={error ? 'exception' : running ? 'active' : 'success'} aria-label="Progress" />
          {progress && (
            <Typography.Text data-testid="bulk-summary">
              {progress.done} of {progress.total} done: {progress.changed} changed, {progress.unchanged} already so,{' '}
              {progress.refused} refused, {progress.not_found} not found.
            </Typography.Text>
          )}
          {error && <Alert type="error" showIcon message={error} />}
          {results.length > 0 && (
            <Table
              size="small"
              rowKey="id"
              aria-label="Accounts not changed"
              pagination={results.length > 10 ? { pageSize: 10 } : false}
              dataSource={results}
              columns={[
                { title: 'Account', dataIndex: 'id', width: 90, render: (id: number) => `#${id}` },
                { title: 'Result', dataIndex: 'result', width: 100, render: (r: BulkOutcome) => OUTCOME_WORDS[r] },
                { title: 'Why', dataIndex: 'reason', render: (r?: string) => r ?? '' },
              ]}
            />
          )}
        </Flex>
      </Modal>
    </section>
  );
}
