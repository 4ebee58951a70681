// The account list's filters: which query parameters they are, how they read as chips, and
// how the URL maps to the API. The URL uses the API's own parameter names, so a shared link,
// a saved preset and the request the page makes all say the same thing.
import type { Filter } from '../../api/dataProvider';
import { ACCOUNT_STATUSES, PRODUCTS, PRODUCT_STATUSES, type AccountStatus, type ProductStatus } from '../../api/types';
import { accountStatusName, productName, productStatusName } from '../../lib/displayNames';
import { formatDate } from '../../lib/format';

export const PRODUCT_PARAMS: readonly string[] = PRODUCTS.map((p) => p.toLowerCase());

export const QUICK_FILTER_KEYS = ['id', 'email', 'name', 'companyName', 'status'] as const;

export const CLIENT_FILTER_KEYS: readonly string[] = [
  ...QUICK_FILTER_KEYS,
  'custom_id',
  'is_test',
  'deleted',
  'deletion_requested',
  'seller_id',
  'created_at_gte',
  'created_at_lte',
  // What comes next (issue 16: the overview links here).
  'trial_end_lte',
  'deleted_date_lte',
  ...PRODUCT_PARAMS,
];

/** Newest accounts first unless the person sorts otherwise. */
export const DEFAULT_ORDERING = '-id';

export type AdvancedFilterKind =
  | 'is_test'
  | 'deleted'
  | 'deletion_requested'
  | 'seller'
  | 'created'
  | 'text'
  | 'product'
  | 'due';

export interface AdvancedFilter {
  key: string;
  label: string;
  kind: AdvancedFilterKind;
  /** The query parameters it sets. */
  params: readonly string[];
}

export const ADVANCED_FILTERS: readonly AdvancedFilter[] = [
  { key: 'is_test', label: 'Test accounts', kind: 'is_test', params: ['is_test'] },
  { key: 'deleted', label: 'Deleted accounts', kind: 'deleted', params: ['deleted'] },
  {
    key: 'deletion_requested',
    label: 'Deletion requested',
    kind: 'deletion_requested',
    params: ['deletion_requested'],
  },
  { key: 'seller_id', label: 'Seller', kind: 'seller', params: ['seller_id'] },
  { key: 'created', label: 'Created', kind: 'created', params: ['created_at_gte', 'created_at_lte'] },
  { key: 'custom_id', label: 'Custom ID', kind: 'text', params: ['custom_id'] },
  { key: 'trial_end_lte', label: 'Trial ends by', kind: 'due', params: ['trial_end_lte'] },
  { key: 'deleted_date_lte', label: 'Reaches Deleted by', kind: 'due', params: ['deleted_date_lte'] },
  ...PRODUCTS.map((p) => ({
    key: p.toLowerCase(),
    label: `${productName(p)} status`,
    kind: 'product' as const,
    params: [p.toLowerCase()],
  })),
];

export const IS_TEST_OPTIONS = [
  { value: 'true', label: 'Only test accounts' },
  { value: 'false', label: 'Only real accounts' },
  { value: 'all', label: 'Test and real accounts' },
];
export const DELETED_OPTIONS = [
  { value: 'true', label: 'Only deleted accounts' },
  { value: 'all', label: 'Deleted and live accounts' },
  { value: 'false', label: 'Only live accounts' },
];

export const DELETION_REQUESTED_OPTIONS = [
  { value: 'true', label: 'Awaiting deletion' },
  { value: 'false', label: 'Not awaiting deletion' },
];

export function splitList(v: string | undefined): string[] {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function dateOf(v: string | undefined): string {
  return v ? v.slice(0, 10) : '…';
}

/** The chip text of an active advanced filter, or null when it is not set. */
export function describeAdvanced(def: AdvancedFilter, filter: Filter): string | null {
  const v = filter[def.params[0] ?? ''];
  switch (def.kind) {
    case 'is_test':
      return v ? (IS_TEST_OPTIONS.find((o) => o.value === v)?.label ?? `Test: ${v}`) : null;
    case 'deleted':
      return v ? (DELETED_OPTIONS.find((o) => o.value === v)?.label ?? `Deleted: ${v}`) : null;
    case 'deletion_requested':
      return v ? (DELETION_REQUESTED_OPTIONS.find((o) => o.value === v)?.label ?? `Deletion requested: ${v}`) : null;
    case 'seller':
      if (!v) return null;
      return v === 'null' ? 'Seller: none' : `Seller: #${v}`;
    case 'created': {
      const from = filter.created_at_gte;
      const to = filter.created_at_lte;
      if (!from && !to) return null;
      return `Created: ${dateOf(from)} – ${dateOf(to)}`;
    }
    case 'text':
      return v ? `${def.label}: ${v}` : null;
    case 'due':
      return v ? `${def.label} ${formatDate(v)}` : null;
    case 'product':
      return v
        ? `${def.label.replace(' status', '')}: ${splitList(v)
            .map((s) => (PRODUCT_STATUSES.includes(s as ProductStatus) ? productStatusName(s) : s))
            .join(', ')}`
        : null;
  }
}

export function activeAdvanced(filter: Filter): { def: AdvancedFilter; text: string }[] {
  const out: { def: AdvancedFilter; text: string }[] = [];
  for (const def of ADVANCED_FILTERS) {
    const text = describeAdvanced(def, filter);
    if (text) out.push({ def, text });
  }
  return out;
}

export function statusOptions() {
  return ACCOUNT_STATUSES.map((s: AccountStatus) => ({ value: s, label: accountStatusName(s) }));
}

export function productStatusOptions() {
  return PRODUCT_STATUSES.map((s) => ({ value: s, label: productStatusName(s) }));
}

/** What the API is asked: the URL's filters, plus `deleted=all` when the person asks for the
 *  `deleted` status (deleted accounts are otherwise hidden, and the answer would be empty), and
 *  `is_test=all` when they ask for deleted accounts only: those are every deleted account, test
 *  or not, unless they say which. */
export function toApiFilter(filter: Filter): Filter {
  const out = { ...filter };
  const statuses = splitList(out.status);
  if (statuses.includes('deleted') && !out.deleted) out.deleted = 'all';
  const onlyDeleted = out.deleted === 'true' || (statuses.length > 0 && statuses.every((s) => s === 'deleted'));
  if (onlyDeleted && !out.is_test) out.is_test = 'all';
  return out;
}

export function hasFilters(filter: Filter): boolean {
  return Object.values(filter).some((v) => v !== '');
}

/** A preset is the filters plus the ordering, as query-string values. */
export function presetFromState(filter: Filter, ordering: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of CLIENT_FILTER_KEYS) if (filter[key]) out[key] = filter[key];
  if (ordering && ordering !== DEFAULT_ORDERING) out.ordering = ordering;
  return out;
}

export function stateFromPreset(filters: Record<string, string>): { filter: Filter; ordering: string | undefined } {
  const filter: Filter = {};
  for (const key of CLIENT_FILTER_KEYS) {
    const v = filters[key];
    if (typeof v === 'string' && v !== '') filter[key] = v;
  }
  return { filter, ordering: filters.ordering || undefined };
}

export function samePreset(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== '');
  const kb = Object.keys(b).filter((k) => b[k] !== '');
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

/** The ID quick filter takes digits only. */
export function digitsOnly(raw: string): string {
  return raw.replace(/\D+/g, '');
}
