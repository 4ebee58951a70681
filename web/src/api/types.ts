// Shapes of the server's JSON, written from server/api/openapi.yaml (and docs/api.md).
// Only the fields the portals use are typed; the server may send more.

export type Portal = 'admin' | 'customer';

export const LANGUAGES = ['en', 'de', 'ru', 'zh', 'az'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ACCOUNT_STATUSES = ['preparation', 'trial', 'active', 'trialend', 'deleted'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const PRODUCT_STATUSES = ['new', 'trial', 'trialend', 'active', 'paused', 'deleted'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** The catalog the server ships with. The catalog is data-driven on the server; this list is
 *  what the UI offers until a catalog endpoint exists. */
export const PRODUCTS = ['CDN', 'STORAGE', 'STREAMING', 'DNS', 'DDOS', 'CLOUD'] as const;
export type ProductName = (typeof PRODUCTS)[number];

export type UserType = 'common' | 'reseller' | 'seller';

export interface Group {
  id: number;
  name: string;
}

export interface ServiceState {
  status: ProductStatus;
  enabled: boolean;
}

export interface BaseUser {
  id: number;
  email: string;
  name: string | null;
  lang: Language;
  phone: string | null;
  company: string;
  reseller: number;
  client: number | null;
  deleted: boolean;
  groups: Group[];
  user_type: UserType;
  is_active: boolean;
}

/** A customer account ("client"), `GET /iam/clients/{id}`. */
export interface Client {
  id: number;
  email: string;
  name: string | null;
  companyName: string;
  phone: string | null;
  website: string | null;
  custom_id: string | null;
  seller: number | null;
  reseller: number;
  client_type: 'common' | 'reseller';
  owner: number | null;
  lang: Language;
  country_code: string | null;
  is_test: boolean;
  status: AccountStatus;
  deleted: boolean;
  created: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  serviceStatuses: Partial<Record<string, ServiceState>>;
  capabilities: string[];
  users: BaseUser[];
  has_active_admin: boolean;
}

/** `POST /iam/users`: a new account and its first user. */
export interface CreateClientRequest {
  email: string;
  password: string;
  company: string;
  name?: string | null;
  phone?: string | null;
  seller?: number | null;
  lang?: Language;
  custom_id?: string | null;
  country_code?: string | null;
  is_test?: boolean;
  services?: { product_name: string; available: boolean | null }[];
}

/** `PATCH /iam/clients/{id}`: only the fields that change. */
export interface UpdateClientRequest {
  email?: string;
  companyName?: string;
  name?: string | null;
  phone?: string | null;
  website?: string | null;
  custom_id?: string | null;
  seller?: number | null;
  lang?: Language;
  country_code?: string | null;
  is_test?: boolean;
}

/** The answer to `POST /iam/users`: the first user; `client` is the new account's id. */
export interface CreatedUser extends BaseUser {
  client: number;
}

/** A JSON value as the server sent it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a recorded request did (server: http/activity_event.h). Keys that do not apply are left
 *  out. */
export interface ActivityEvent {
  /** A stable name per route: "product_updated", "user_blocked", ... ("viewed": a read while
   *  acting as a customer; "request": nothing more is known). */
  action: string;
  /** The account it concerns. */
  account?: number;
  /** The product's catalog name ("CDN"). */
  product?: string;
  /** A product's status before and after (`to` alone: a refused change). */
  from?: ProductStatus;
  to?: ProductStatus;
  /** Whom or what it was done to: an e-mail, a name, "#12". */
  target?: string;
  /** What was sent, as recorded (secrets masked as "********"). */
  fields?: { [key: string]: JsonValue } | JsonValue[];
  /** A bulk action's totals and its accounts by outcome (accounts_bulk_changed). */
  total?: number;
  changed?: number;
  unchanged?: number;
  refused?: number;
  not_found?: number;
  completed?: boolean;
  accounts?: { changed: number[]; unchanged: number[]; refused: { id: number; reason: string }[]; not_found: number[] };
  /** A CSV import's totals and refused lines (accounts_imported). */
  records?: number;
  imported?: number;
  skipped_existing?: number;
  failed?: number;
  dry_run?: boolean;
  errors?: { line: number; field?: string; reason: string }[];
}

export interface ActivityEntry {
  id: number;
  actions: string;
  /** The account the request concerns (changed, or its own user's); null when none. */
  account: number | null;
  event: ActivityEvent;
  data: string;
  user: number | null;
  user_email: string;
  client: number | null;
  token: number | null;
  acting_user: number | null;
  acting_user_email: string | null;
  requested_at: string;
  path: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query_params: string;
  status_code: number;
  remote_ip_address: string;
  host: string;
}

export interface AccountStatusChange {
  id: number;
  client: number;
  old_status: AccountStatus | null;
  new_status: AccountStatus;
  status_change_at: string;
}

/** A saved set of account-list filters (query parameters), `GET /iam/presets`. */
export interface Preset {
  id: number;
  name: string;
  filters: Record<string, string>;
  created_at: string;
}

export interface SessionUser {
  id: number;
  email: string;
  name: string | null;
  user_type: UserType;
  client: number | null;
  company?: string;
  groups: Group[];
  lang: Language;
}

/** `GET|POST /iam/auth/session`: who is signed in to this portal. */
export interface Session {
  user: SessionUser;
  acting_user: { id: number; email: string } | null;
  reseller_id: number;
  portal: Portal;
  csrf_token?: string;
}

export interface SignInRequest {
  username: string;
  password: string;
  reseller_id?: number;
}

/** `GET /iam/products/availability/{defaults|clients/{id}}`: one product's visibility. */
export interface ProductAvailability {
  product_name: string;
  available: boolean;
  /** Set for this account (not inherited from the organisation's default). */
  personal: boolean;
}

/** `{count, next, previous, results}` (the activity log says `result`). */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results?: T[];
  result?: T[];
}

export const MANUAL_PRODUCT_STATUSES = ['trial', 'trialend', 'active', 'paused'] as const;
export type ManualProductStatus = (typeof MANUAL_PRODUCT_STATUSES)[number];

/** Whether the customer can use a product (the one notion both portals show): `enabled`
 *  ("Activate product") decides; otherwise the account's pending deletion or the customer's
 *  open request says why not. */
export type Activation = 'activated' | 'not_activated' | 'requested' | 'deletion_pending';

/** A customer's open request to activate a product. */
export interface ActivationRequestInfo {
  product: string;
  requested_at: string;
  requested_by_email: string;
  message: string;
}

/** One product of an account, `GET /iam/clients/{id}/services`. */
export interface Service {
  id: number;
  name: string;
  title: string;
  client: number;
  status: ProductStatus;
  previous_status: ProductStatus | null;
  status_changed_at: string | null;
  start: string | null;
  trial_end: string | null;
  deleted_date: string | null;
  enabled: boolean;
  activation: Activation;
  activation_request: ActivationRequestInfo | null;
  visible: boolean;
  personal_availability: boolean | null;
  allowed_statuses: ManualProductStatus[];
}

export interface UpdateServiceRequest {
  status?: ManualProductStatus;
  enabled?: boolean;
}

/** The 403 answer to hiding a product some affected account has in trial or active. */
export interface VisibilityRefusal {
  message: string;
  trial: string[];
  active: string[];
}

/** Customer user groups, with the server's ids. */
export const GROUPS: readonly Group[] = [
  { id: 1, name: 'Administrators' },
  { id: 5, name: 'Engineers' },
  { id: 2, name: 'Users' },
  { id: 3009, name: 'Purge and Prefetch only (API+Web)' },
  { id: 3022, name: 'Purge and Prefetch only (API)' },
];

/** A person of an account, `GET /iam/clients/{id}/users`. */
export interface AccountUser extends BaseUser {
  activated?: boolean;
}

/** A customer user's group in an account, `GET|PUT /iam/clients/{id}/client-users/{userId}`. */
export interface ClientUserRole {
  user_role: Group;
}

export interface UpdateUserRequest {
  name?: string | null;
  email?: string;
  lang?: Language;
  phone?: string | null;
  user_role?: Group;
}

export interface DeletionRequest {
  id: number;
  client: number;
  state: 'pending' | 'cancelled' | 'completed';
  requested_by: number | null;
  requested_by_email: string;
  requested_at: string;
  deletion_date: string;
  closed_at: string | null;
  closed_by_email: string | null;
  note: string;
  stopped_services: number[];
}

export interface DeletionRequests {
  current: DeletionRequest | null;
  history: DeletionRequest[];
}

/** A seller of the organisation, `GET /iam/admin/sellers`. */
export interface Seller {
  id: number;
  email: string;
  full_name: string;
  phone: string | null;
  reseller: number;
  date_joined: string;
  activated: boolean;
  deleted: boolean;
  blocked: boolean;
  is_active: boolean;
  invited_at: string | null;
  last_login_at: string | null;
}

export interface SellerRequest {
  email?: string;
  full_name?: string;
  phone?: string | null;
}

export type NotificationType = 'deletion_request' | 'failed_login';

/** An alert address of the organisation. */
export interface NotificationSetting {
  id: number;
  reseller: number;
  notification_type: NotificationType;
  email: string;
  enabled: boolean;
}

export interface NotificationSettingRequest {
  notification_type: NotificationType;
  email: string;
  enabled: boolean;
}

export type MailSecurity = 'none' | 'starttls' | 'tls';

/** `GET /iam/reselling/settings`, the fields the portal edits. */
export interface VendorSettings {
  publicSettings: {
    brandName: string;
    fromEmail: string;
    supportEmail: string;
    supportPhone: string;
    websiteLink: string;
    agreementLink: string;
    apiDocsLink: string;
    knowledgeBaseLink: string;
    statusPageLink: string;
    colors: { header: string; primary: string };
  };
  privateSettings: {
    mailServer: {
      host: string;
      port: number | null;
      security: MailSecurity;
      login: string;
      password: null;
      has_password: boolean;
    };
  };
}

/** `POST`/`GET /iam/reselling/settings/test_email[/{id}]`: a test e-mail sent in the background. */
export interface TestEmail {
  id: number;
  status: 'sending' | 'sent' | 'failed';
  email: string;
  /** When failed: a category such as "connect", "timeout", "login", "recipient_refused". */
  failure: string | null;
  /** When the mail server refused: its SMTP reply code (never its words). */
  smtp_code: number | null;
  /** When failed: what the category means. */
  message?: string;
  created_at: string;
  finished_at: string | null;
}

export interface VendorSettingsUpdate {
  publicSettings?: Partial<VendorSettings['publicSettings']>;
  privateSettings?: {
    mailServer: {
      host?: string;
      port?: number | null;
      security?: MailSecurity;
      login?: string;
      /** Leave out (or null) to keep; "" removes it. */
      password?: string | null;
    };
  };
}

/** An API token of the account, `GET /iam/clients/{id}/tokens`. */
export interface ApiToken {
  id: number;
  name: string;
  description: string | null;
  exp_date: string | null;
  expired: boolean;
  deleted: boolean;
  created: string;
  last_usage: string | null;
  client_user: { user_id: number; user_name: string | null; user_email: string; client_id: number; role: Group };
}

export interface CreateApiTokenRequest {
  name: string;
  description?: string | null;
  exp_date?: string | null;
  client_user: { role: Group };
}

export interface InviteUserRequest {
  email: string;
  user_role: Group;
  client_id: number;
  name?: string;
}

/** One bulk action on accounts, `POST /iam/clients/bulk`: what it does, and which accounts
 *  (by `ids`, or every account the list's `filter` — its query string — matches). */
export type BulkActionBody = (
  | { action: 'assign_seller'; seller: number | null }
  | { action: 'set_test'; is_test: boolean }
  | { action: 'set_visibility'; product: string; available: boolean }
  | { action: 'set_product_status'; product: string; status: ProductStatus }
) &
  ({ ids: number[] } | { filter: string });

export type BulkOutcome = 'changed' | 'unchanged' | 'refused' | 'not_found';

export interface BulkTotals {
  total: number;
  done: number;
  changed: number;
  unchanged: number;
  refused: number;
  not_found: number;
}

/** A line of the bulk action's answer: after each batch (with its `results`), then the end
 *  (with `completed`). */
export interface BulkLine extends BulkTotals {
  results?: { id: number; result: BulkOutcome; reason?: string }[];
  completed?: boolean;
  error?: string;
}

export interface ImportTotals {
  records: number;
  imported: number;
  skipped_existing: number;
  failed: number;
}

/** A line of the CSV import's answer, `POST /iam/clients/import`: the totals after each batch,
 *  then the end (with `completed` and the refused lines). */
export interface ImportLine extends Partial<ImportTotals> {
  completed?: boolean;
  dry_run?: boolean;
  error?: string;
  errors?: { line: number; field?: string; reason: string }[];
}

// --- Issue 16: what needs attention, the lifecycle preview, one account's policy -------------

/** One line of the overview's lists (`GET /iam/overview`). */
export interface OverviewItem {
  client_id: number;
  companyName: string;
  email: string;
  product?: string;
  trial_end?: string;
  deleted_date?: string;
  due_at?: string;
}

export interface OverviewList {
  /** Accounts (open requests for `deletion_requests`): the count of the list it links to. */
  count: number;
  results: OverviewItem[];
}

export interface Overview {
  from: string;
  until: string;
  statuses: Record<AccountStatus, number>;
  trials_ending: OverviewList;
  deletions_due: OverviewList;
  deletion_requests: OverviewList;
  status_changes: (AccountStatusChange & { companyName: string })[];
}

export type LifecycleEventKind = 'trial_ends_soon' | 'trial_end' | 'product_deleted' | 'account_deleted';

/** `GET /iam/lifecycle/preview`: what the lifecycle jobs will do, in date order. */
export interface LifecycleEvent {
  date: string;
  client_id: number;
  /** Absent for `account_deleted`. */
  product?: string;
  event: LifecycleEventKind;
  /** The kind of each e-mail it sends. */
  emails: string[];
}

export interface LifecyclePreview {
  from: string;
  until: string;
  truncated: boolean;
  events: LifecycleEvent[];
}

export type PolicySource = 'platform' | 'organisation' | 'account';

export interface PolicyValue {
  days: number;
  source: PolicySource;
  /** What applies without the account's own value. */
  inherited_days: number;
  /** What staff may set for the account; null where only the platform operator can. */
  min_days: number | null;
  max_days: number | null;
}

/** `GET/PATCH /iam/clients/{id}/lifecycle_policy`. */
export interface LifecyclePolicy {
  client_id: number;
  trial_days: PolicyValue;
  days_to_deleted: PolicyValue;
  deletion_grace_days: PolicyValue;
}

/** A change of an account's own values; null returns to the organisation's. */
export interface LifecyclePolicyUpdate {
  trial_days?: number | null;
  days_to_deleted?: number | null;
}
