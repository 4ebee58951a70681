// Issue 16's events and policy sources in words. The server names them; this words them.
import type { LifecycleEventKind, PolicySource } from '../../api/types';

export const EVENT_LABELS: Record<LifecycleEventKind, string> = {
  trial_ends_soon: '"Trial ends soon" notice',
  trial_end: 'Trial ends',
  product_deleted: 'Becomes Deleted',
  account_deleted: 'Account deleted',
};

const EMAIL_LABELS: Record<string, string> = {
  trial_ends_soon: '"trial ends soon" to the customer',
  trial_ended: '"trial ended" to the customer',
  product_deleted: '"product deleted" to the customer',
  account_deleted: '"account deleted" to an alert address',
};

/** "E-mails: "trial ended" to the customer", or why none goes. Repeated kinds are counted. */
export function emailsText(kinds: readonly string[], event?: LifecycleEventKind): string {
  if (kinds.length === 0)
    return event === 'account_deleted' ? 'No e-mail: no alert address takes deletion alerts' : 'No e-mail';
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .map(([k, n]) => {
      const label = EMAIL_LABELS[k] ?? k;
      return n > 1 ? `${label} (×${n})` : label;
    })
    .join(', ')
    .replace(/^/, 'E-mails: ');
}

export const SOURCE_LABELS: Record<PolicySource, string> = {
  platform: 'platform default',
  organisation: "your organisation's setting",
  account: 'set for this account',
};
