// The "Add filter" panel: pick one of the extra filters, give its condition, apply. A module of
// its own, loaded when the panel first opens: its inputs are not needed before.
import { lazy, Suspense, useState } from 'react';
import { Button, Flex, Form, Input, InputNumber, Checkbox, Select, Spin } from 'antd';
import type { Filter } from '../../api/dataProvider';
import {
  ADVANCED_FILTERS,
  DELETED_OPTIONS,
  DELETION_REQUESTED_OPTIONS,
  IS_TEST_OPTIONS,
  productStatusOptions,
  splitList,
  type AdvancedFilter,
} from './clientFilters';

const CreatedRange = lazy(() => import('./CreatedRange'));

/** The filters that are one choice among a few. */
const CHOICES = {
  is_test: { label: 'Test accounts', options: IS_TEST_OPTIONS },
  deleted: { label: 'Deleted accounts', options: DELETED_OPTIONS },
  deletion_requested: { label: 'Deletion requested', options: DELETION_REQUESTED_OPTIONS },
} as const;

function Condition({
  def,
  draft,
  setDraft,
  sellers,
}: {
  def: AdvancedFilter;
  draft: Filter;
  setDraft: (f: Filter) => void;
  sellers?: readonly { id: number; name: string }[];
}) {
  const param = def.params[0] ?? '';
  switch (def.kind) {
    case 'is_test':
    case 'deleted':
    case 'deletion_requested': {
      const { label, options } = CHOICES[def.kind];
      return (
        <Select
          aria-label={label}
          options={options}
          value={draft[param] || undefined}
          onChange={(v: string) => setDraft({ [param]: v })}
          placeholder="Choose"
        />
      );
    }
    case 'seller': {
      const none = draft[param] === 'null';
      return (
        <Flex vertical gap={8}>
          {sellers && sellers.length > 0 ? (
            <Select
              aria-label="Seller"
              showSearch
              allowClear
              optionFilterProp="label"
              placeholder="Seller"
              disabled={none}
              options={sellers.map((s) => ({ value: String(s.id), label: s.name }))}
              value={none || !draft[param] ? undefined : draft[param]}
              onChange={(v: string | undefined) => setDraft({ [param]: v ?? '' })}
            />
          ) : (
            <InputNumber
              aria-label="Seller id"
              min={1}
              precision={0}
              style={{ width: '100%' }}
              placeholder="Seller id"
              disabled={none}
              value={none || !draft[param] ? null : Number(draft[param])}
              onChange={(v) => setDraft({ [param]: v ? String(v) : '' })}
            />
          )}
          <Checkbox checked={none} onChange={(e) => setDraft({ [param]: e.target.checked ? 'null' : '' })}>
            Accounts without a seller
          </Checkbox>
        </Flex>
      );
    }
    case 'created':
      return (
        <Suspense fallback={<Spin size="small" />}>
          <CreatedRange draft={draft} setDraft={setDraft} />
        </Suspense>
      );
    case 'text':
      return (
        <Input
          aria-label={def.label}
          placeholder="Contains…"
          value={draft[param] ?? ''}
          onChange={(e) => setDraft({ [param]: e.target.value })}
        />
      );
    case 'due':
      // The end of the chosen day, in UTC as the API's times are.
      return (
        <Input
          type="date"
          aria-label={def.label}
          value={draft[param]?.slice(0, 10) ?? ''}
          onChange={(e) => setDraft({ [param]: e.target.value ? `${e.target.value}T23:59:59Z` : '' })}
        />
      );
    case 'product':
      return (
        <Select
          mode="multiple"
          aria-label={def.label}
          placeholder="Any of these statuses"
          options={productStatusOptions()}
          value={splitList(draft[param])}
          onChange={(v: string[]) => setDraft({ [param]: v.join(',') })}
        />
      );
  }
}

export default function AddFilterPanel({
  filter,
  onApply,
  onCancel,
  sellers,
}: {
  filter: Filter;
  onApply: (patch: Filter) => void;
  onCancel: () => void;
  sellers?: readonly { id: number; name: string }[];
}) {
  const [key, setKey] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState<Filter>({});
  const def = ADVANCED_FILTERS.find((d) => d.key === key);

  const choose = (k: string) => {
    setKey(k);
    const d = ADVANCED_FILTERS.find((x) => x.key === k);
    const initial: Filter = {};
    for (const p of d?.params ?? []) initial[p] = filter[p] ?? '';
    setDraft(initial);
  };

  const apply = () => {
    if (!def) return;
    const patch: Filter = {};
    for (const p of def.params) patch[p] = (draft[p] ?? '').trim();
    onApply(patch);
  };

  return (
    <Form layout="vertical" style={{ width: 300 }} onFinish={apply}>
      <Form.Item label="Filter">
        <Select
          aria-label="Filter"
          placeholder="Choose a filter"
          value={key}
          onChange={choose}
          options={ADVANCED_FILTERS.map((d) => ({ value: d.key, label: d.label }))}
        />
      </Form.Item>
      {def && (
        <Form.Item label="Condition">
          <Condition def={def} draft={draft} sellers={sellers} setDraft={(f) => setDraft({ ...draft, ...f })} />
        </Form.Item>
      )}
      <Flex justify="end" gap={8}>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="primary" htmlType="submit" disabled={!def}>
          Apply filter
        </Button>
      </Flex>
    </Form>
  );
}
