// Activity events in words: "CDN: New → Trial, activated", "User bob@acme.example blocked". The
// server says what happened (`event`, see api/types.ts); this is the one place that words it.
import type { ActivityEntry, ActivityEvent, JsonValue, ProductStatus } from '../../api/types';
import { productStatusLabel } from '../../components/StatusTag';
import { productName as displayName } from '../../lib/displayNames';

const MASKED = '********';

/** A product as people read it (lib/displayNames), or "A product" when the entry names none. */
export function productName(product: string | undefined): string {
  return product ? displayName(product) : 'A product';
}

/** Field names of the API, as people read them. */
const FIELD_LABELS: Record<string, string> = {
  email: 'e-mail',
  companyName: 'company name',
  company: 'company name',
  custom_id: 'custom ID',
  name: 'name',
  full_name: 'name',
  phone: 'phone',
  website: 'website',
  seller: 'seller',
  lang: 'language',
  country_code: 'country',
  is_test: 'test account',
  status: 'status',
  groups: 'group',
  user_role: 'group',
  notification_type: 'alert type',
  enabled: 'enabled',
};

function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

function valueText(v: JsonValue): string {
  if (v === null) return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v === '' ? 'empty' : `“${v}”`;
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v.name === 'string') return `“${v.name}”`;
  return Object.keys(v).map(fieldLabel).join(', ');
}

function fieldsObject(event: ActivityEvent): Record<string, JsonValue> {
  const f = event.fields;
  return f && !Array.isArray(f) ? f : {};
}

/** "company name “Acme Ltd”, phone “+49 30 1234567”": each field sent, secrets by name only. */
function changes(event: ActivityEvent, leaveOut: readonly string[] = []): string {
  return Object.entries(fieldsObject(event))
    .filter(([k]) => !leaveOut.includes(k))
    .map(([k, v]) => (v === MASKED ? fieldLabel(k) : `${fieldLabel(k)} ${valueText(v)}`))
    .join(', ');
}

function withChanges(text: string, event: ActivityEvent, leaveOut: readonly string[] = []): string {
  const c = changes(event, leaveOut);
  return c ? `${text}: ${c}` : text;
}

/** Each product's visibility in a visibility change: "CDN shown, STORAGE hidden". */
function visibility(event: ActivityEvent): string {
  const f = event.fields;
  const items = Array.isArray(f) ? f : f ? [f] : [];
  return items
    .flatMap((item) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return [];
      const product = typeof item.product_name === 'string' ? item.product_name : undefined;
      if (!product) return [];
      return [`${productName(product)} ${item.available === true ? 'shown' : item.available === false ? 'hidden' : 'changed'}`];
    })
    .join(', ');
}

function productList(event: ActivityEvent): string {
  const names = fieldsObject(event).product_names;
  return Array.isArray(names) ? names.map((n) => productName(typeof n === 'string' ? n : undefined)).join(', ') : 'products';
}

/** "trial length 21 days, days to Deleted back to the organisation's" (an account's own policy). */
function policyChanges(f: Record<string, JsonValue>): string {
  const parts: string[] = [];
  for (const [key, label] of [['trial_days', 'trial length'], ['days_to_deleted', 'days to Deleted']] as const) {
    if (!(key in f)) continue;
    const v = f[key];
    parts.push(typeof v === 'number' ? `${label} ${v} days` : `${label} back to the organisation's`);
  }
  return parts.join(', ') || 'no change';
}

/** The names of the leaves of nested settings: brandName, host, ... */
function leafKeys(o: Record<string, JsonValue>): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? leafKeys(v) : [k],
  );
}

function status(s: ProductStatus): string {
  return productStatusLabel(s);
}

function quoted(value: JsonValue | undefined): string {
  return typeof value === 'string' && value.trim() && value !== MASKED ? `: “${value}”` : '';
}

/** What the page knows that the log names by id only: an account's people (by user id) and its
 *  products (by service id). A refused change has no answer to name them from. */
export interface ActivityNames {
  person?: (userId: number) => string | undefined;
  product?: (serviceId: number) => string | undefined;
}

/** "#12" as the person's e-mail when the page knows it. */
function personOf(target: string, names: ActivityNames): string {
  const id = /^#(\d+)$/.exec(target);
  return (id && names.person?.(Number(id[1]))) || target;
}

/** The product an entry concerns: named by the event, else by the service id in its path. */
function productOf(entry: Pick<ActivityEntry, 'event' | 'path'>, names: ActivityNames): string {
  if (entry.event.product) return productName(entry.event.product);
  const id = /\/services\/(\d+)/.exec(entry.path);
  const name = id ? names.product?.(Number(id[1])) : undefined;
  return name ? productName(name) : 'A product';
}

/** "#1, #2, #3" (the first `max`, then how many more). */
function idList(ids: readonly number[] | undefined, max = 10): string {
  if (!ids || ids.length === 0) return '';
  const shown = ids.slice(0, max).map((id) => `#${id}`).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}

/** A bulk action: what it did, to how many, and which accounts changed. */
function bulk(e: ActivityEvent, f: Record<string, JsonValue>): string {
  const product = productName(typeof f.product === 'string' ? f.product : undefined);
  let what = 'Bulk change';
  if (f.action === 'assign_seller') what = f.seller === null || f.seller === undefined ? 'Seller removed' : `Seller #${String(f.seller)} assigned`;
  else if (f.action === 'set_test') what = f.is_test === true ? 'Marked as test' : 'Test mark removed';
  else if (f.action === 'set_visibility') what = `${product} ${f.available === true ? 'shown' : 'hidden'}`;
  else if (f.action === 'set_product_status' && typeof f.status === 'string') what = `${product} set to ${status(f.status as ProductStatus)}`;
  if (e.total === undefined) return `${what} (bulk, not run)`;
  const parts = [`${e.changed ?? 0} changed`];
  if (e.unchanged) parts.push(`${e.unchanged} already so`);
  if (e.refused) parts.push(`${e.refused} refused`);
  if (e.not_found) parts.push(`${e.not_found} not found`);
  const changed = idList(e.accounts?.changed);
  return `${what} on ${e.total} account${e.total === 1 ? '' : 's'}: ${parts.join(', ')}${changed ? ` (${changed})` : ''}${e.completed === false ? '; stopped before the end' : ''}`;
}

/** A CSV import, or its dry run. */
function imported(e: ActivityEvent): string {
  if (e.records === undefined) return 'Accounts import refused';
  const counts = `${e.skipped_existing ?? 0} skipped, ${e.failed ?? 0} refused`;
  return e.dry_run
    ? `Accounts import checked (dry run): ${e.imported ?? 0} to create, ${counts}`
    : `Accounts imported: ${e.imported ?? 0} created, ${counts}${e.completed === false ? '; stopped before the end' : ''}`;
}

/** What an entry did, in one line. */
export function describeActivity(
  entry: Pick<ActivityEntry, 'event' | 'method' | 'path' | 'acting_user_email'>,
  names: ActivityNames = {},
): string {
  const e = entry.event;
  const f = fieldsObject(e);
  const target = e.action.startsWith('user_') ? personOf(e.target ?? '', names) : (e.target ?? '');
  switch (e.action) {
    case 'sign_in':
      return 'Signed in';
    case 'sign_out':
      return entry.acting_user_email ? 'Stopped acting as the customer' : 'Signed out';
    case 'token_refreshed':
      return 'Renewed the sign-in token';
    case 'acting_started':
      return 'Started acting as the customer';
    case 'password_reset_requested':
      return `Asked for a password reset link for ${target}`;
    case 'password_set':
      return 'Set a password with an e-mailed link';
    case 'invitation_resent':
      return `Invitation sent again to ${target}`;
    case 'password_reset_sent':
      return `Password reset link sent to ${target}`;
    case 'account_created': {
      const company = typeof f.company === 'string' ? `${f.company} ` : '';
      return `Account created: ${company}(${target})`;
    }
    case 'account_edited':
      return withChanges('Account edited', e);
    case 'lifecycle_policy_changed':
      return `Lifecycle policy changed: ${policyChanges(f)}`;
    case 'account_deleted':
      return 'Account deleted';
    case 'accounts_bulk_changed':
      return bulk(e, f);
    case 'accounts_imported':
      return imported(e);
    case 'deletion_requested':
      return 'Deletion of the account requested';
    case 'deletion_cancelled':
      return `Deletion request cancelled${quoted(f.note)}`;
    case 'user_invited':
      return withChanges(`User ${target} invited`, e, ['email', 'client_id']);
    case 'user_group_changed':
      return `User ${target} moved to ${valueText(f.user_role ?? null)}`;
    case 'user_access_revoked':
      return `Access of user ${target} revoked`;
    case 'user_edited':
      return withChanges(`User ${target} edited`, e);
    case 'password_changed':
      return 'Password changed';
    case 'user_blocked':
      return `User ${target} blocked`;
    case 'user_activated':
      return `User ${target} activated`;
    case 'seller_added':
      return `Seller ${target} added`;
    case 'seller_edited':
      return withChanges(`Seller ${target} edited`, e);
    case 'seller_deleted':
      return `Seller ${target} deleted`;
    case 'seller_blocked':
      return `Seller ${target} blocked`;
    case 'seller_activated':
      return `Seller ${target} activated`;
    case 'default_visibility_changed':
      return `Default visibility: ${visibility(e) || 'changed'}`;
    case 'visibility_changed':
      return `Visibility for this account: ${visibility(e) || 'changed'}`;
    case 'visibility_reset':
      return `${productList(e)} follow the default visibility again`;
    case 'visibility_reset_everywhere':
      return `${productList(e)} follow the default visibility again in every account`;
    case 'product_updated': {
      const parts: string[] = [];
      if (e.from && e.to) parts.push(`${status(e.from)} → ${status(e.to)}`);
      else if (e.to) parts.push(`to ${status(e.to)}`);
      if (f.enabled === true) parts.push('activated');
      if (f.enabled === false) parts.push('deactivated');
      return `${productOf(entry, names)}: ${parts.join(', ') || 'unchanged'}`;
    }
    case 'activation_requested':
      return `${productOf(entry, names)}: activation requested${quoted(f.message)}`;
    case 'alert_address_added':
      return `Alert address ${target} added`;
    case 'alert_address_changed':
      return `Alert address ${target} changed`;
    case 'alert_address_removed':
      return `Alert address ${target} removed`;
    case 'vendor_settings_changed': {
      const leaves = leafKeys(f).map(fieldLabel).join(', ');
      return leaves ? `Vendor settings changed: ${leaves}` : 'Vendor settings changed';
    }
    case 'test_email_sent':
      return `Test e-mail sent to ${target}`;
    case 'api_token_created':
      return `API token “${target}” created`;
    case 'api_token_deleted':
      return `API token ${target} deleted`;
    case 'preset_saved':
      return `Filter preset “${target}” saved`;
    case 'preset_deleted':
      return `Filter preset ${target} deleted`;
    case 'viewed':
      return `Viewed ${target}`;
    default:
      return `${entry.method} ${entry.path}`;
  }
}

/** Who acted: the person, and for whom when staff acted as a customer. */
export function actorOf(entry: Pick<ActivityEntry, 'user_email' | 'acting_user_email'>): { who: string; onBehalfOf?: string } {
  if (entry.acting_user_email) return { who: entry.acting_user_email, onBehalfOf: entry.user_email };
  return { who: entry.user_email || '—' };
}
