// The only code that knows the API's URLs and envelopes. Pages ask for resources by name with
// five generic methods; the calls that are not a resource (the session, actions such as block or
// cancel, password links, visibility, settings) have a method each.
import { isApiError, type Http } from './http';
import type {
  AccountStatusChange,
  AccountUser,
  ActivityEntry,
  ApiToken,
  BaseUser,
  BulkActionBody,
  BulkLine,
  ImportLine,
  Client,
  ClientUserRole,
  CreateApiTokenRequest,
  CreateClientRequest,
  CreatedUser,
  DeletionRequest,
  DeletionRequests,
  Group,
  InviteUserRequest,
  LifecyclePolicy,
  LifecyclePolicyUpdate,
  LifecyclePreview,
  Overview,
  NotificationSetting,
  NotificationSettingRequest,
  Page,
  Preset,
  ProductAvailability,
  Seller,
  SellerRequest,
  Service,
  Session,
  SignInRequest,
  TestEmail,
  UpdateClientRequest,
  UpdateServiceRequest,
  UpdateUserRequest,
  VendorSettings,
  VendorSettingsUpdate,
} from './types';

/** Each resource and its item, as lists and `getOne` answer. */
export interface ResourceTypes {
  clients: Client;
  activity: ActivityEntry;
  statusChanges: AccountStatusChange;
  presets: Preset;
  sellers: Seller;
  /** The people of an account. */
  users: AccountUser;
  /** An account's products. */
  services: Service;
  /** An account's API tokens. */
  tokens: ApiToken;
  /** A customer user's group in an account. */
  clientUsers: ClientUserRole;
  /** The organisation's alert addresses. */
  notificationSettings: NotificationSetting;
}
export type Resource = keyof ResourceTypes;

/** Resources the API lists, and those it answers one item of. */
export type ListResource = Exclude<Resource, 'clientUsers'>;
export type OneResource = Exclude<Resource, 'presets' | 'statusChanges'>;
export type DeletableResource = 'presets' | 'sellers' | 'tokens' | 'clientUsers' | 'notificationSettings';

interface CreateTypes {
  /** A new account is created with its first user, whose answer names the account (`client`). */
  clients: { body: CreateClientRequest; result: CreatedUser };
  presets: { body: { name: string; filters: Record<string, string> }; result: Preset };
  sellers: { body: SellerRequest; result: Seller };
  /** The answer carries the secret (`token`), shown once. */
  tokens: { body: CreateApiTokenRequest; result: ApiToken & { token: string } };
  notificationSettings: { body: NotificationSettingRequest; result: NotificationSetting };
}
interface UpdateTypes {
  clients: { body: UpdateClientRequest; result: Client };
  sellers: { body: SellerRequest; result: Seller };
  users: { body: UpdateUserRequest; result: BaseUser };
  services: { body: UpdateServiceRequest; result: Service };
  clientUsers: { body: { user_role: Group }; result: void };
  notificationSettings: { body: NotificationSettingRequest; result: NotificationSetting };
}

/** The ids that place a resource nested under an account or the organisation. */
interface CollectionParents {
  users: { clientId: number };
  services: { clientId: number };
  tokens: { clientId: number };
  clientUsers: { clientId: number };
  notificationSettings: { resellerId: number };
}
/** The same for one item: a person is edited at `/iam/users/{id}`, whichever account. */
type ItemParents = Omit<CollectionParents, 'users'>;
type ParentArg<Parents, R> = R extends keyof Parents ? [parent: Parents[R]] : [];

export type Filter = Record<string, string>;

export interface ListParams {
  page: number;
  perPage: number;
  /** The API's `ordering`: field names, `-` for descending, comma-separated. */
  ordering?: string;
  filter?: Filter;
}
/** A nested resource's list needs its parent; lists the API does not page are asked without. */
type ListArgs<R> = R extends keyof CollectionParents
  ? [params: CollectionParents[R] & Partial<ListParams>]
  : [params?: ListParams];

export interface ListResult<T> {
  data: T[];
  total: number;
}

/** One product's visibility for an account (or the organisation's default), and whether it
 *  is set for that account or inherited. */
export interface ProductVisibility {
  product: string;
  source: 'personal' | 'default';
  value: boolean;
}

export interface DataProvider {
  getList<R extends ListResource>(resource: R, ...params: ListArgs<R>): Promise<ListResult<ResourceTypes[R]>>;
  getOne<R extends OneResource>(resource: R, id: number, ...parent: ParentArg<ItemParents, R>): Promise<ResourceTypes[R]>;
  create<R extends keyof CreateTypes>(
    resource: R,
    body: CreateTypes[R]['body'],
    ...parent: ParentArg<CollectionParents, R>
  ): Promise<CreateTypes[R]['result']>;
  update<R extends keyof UpdateTypes>(
    resource: R,
    id: number,
    body: UpdateTypes[R]['body'],
    ...parent: ParentArg<ItemParents, R>
  ): Promise<UpdateTypes[R]['result']>;
  delete<R extends DeletableResource>(resource: R, id: number, ...parent: ParentArg<ItemParents, R>): Promise<void>;

  /** Who is signed in to this portal; null when nobody is. */
  getSession(): Promise<Session | null>;
  signIn(request: SignInRequest): Promise<Session>;
  signOut(): Promise<void>;
  /** Opens a Customer Portal session as the account (sets the Customer Portal's cookies). */
  impersonate(clientId: number): Promise<void>;

  /** Each product's visibility for an account. */
  getProductVisibility(clientId: number): Promise<ProductVisibility[]>;
  /** Sets personal visibility values for an account. */
  setProductVisibility(clientId: number, values: { product_name: string; available: boolean }[]): Promise<void>;
  /** Resets an account's personal values to the organisation's default. */
  resetProductVisibility(clientId: number, productNames: string[]): Promise<void>;
  /** The organisation's default visibility, which accounts inherit. */
  getDefaultVisibility(): Promise<ProductVisibility[]>;
  /** Sets the organisation's default visibility of one product. */
  setDefaultVisibility(product: string, available: boolean): Promise<void>;

  /** A customer asks for a product to be activated. */
  requestActivation(clientId: number, serviceId: number, message: string): Promise<void>;

  /** Blocks or activates a person of an account. */
  setUserBlocked(userId: number, blocked: boolean): Promise<void>;
  /** Blocks or activates a seller. */
  setSellerBlocked(sellerId: number, blocked: boolean): Promise<void>;
  /** Customer Portal: invites a person into the account. */
  inviteUser(body: InviteUserRequest): Promise<void>;
  changePassword(userId: number, body: { old: string; new: string; double: string }): Promise<void>;
  /** Sends a new invitation link (not yet activated people). */
  renewInvitation(email: string): Promise<void>;
  /** E-mails a password reset link (staff, for someone else). */
  sendPasswordReset(email: string): Promise<void>;
  /** Sends a reset link, if the person exists; always answers the same. */
  forgotPassword(email: string): Promise<void>;
  /** Accepts an invitation or reset link. */
  setPasswordWithToken(token: string, password: string): Promise<{ status: string; email: string; portal: string }>;

  /** An account's deletion requests (staff): the pending one and the history. */
  getDeletionRequests(clientId: number): Promise<DeletionRequests>;
  /** The open (pending) deletion requests of these accounts (staff), in one request. */
  getOpenDeletionRequests(clientIds: readonly number[]): Promise<DeletionRequest[]>;
  cancelDeletionRequest(clientId: number, note: string): Promise<DeletionRequest>;
  deleteAccount(clientId: number): Promise<Client>;
  /** The signed-in customer's own pending request; null when none is pending. */
  getMyDeletionRequest(): Promise<DeletionRequest | null>;
  requestMyDeletion(): Promise<DeletionRequest>;

  getVendorSettings(): Promise<VendorSettings>;
  updateVendorSettings(body: VendorSettingsUpdate): Promise<VendorSettings>;
  /** Starts a test e-mail in the background (an ApiError when there is no mail server to use). */
  sendTestEmail(email: string): Promise<TestEmail>;
  /** How a test e-mail went: "sending" until the mail server answered or the time limit passed. */
  getTestEmail(id: number): Promise<TestEmail>;

  /** Where a list is downloaded as CSV: the list's own URL and filters with `format=csv`
   *  (every match; paging left out). A plain link: the browser's session cookie goes with it. */
  exportUrl<R extends ExportResource>(resource: R, ...params: ExportArgs<R>): string;
  /** One bulk action on accounts; `onProgress` gets each batch's line as it is committed. */
  bulkAccounts(body: BulkActionBody, onProgress: (line: BulkLine) => void): Promise<BulkLine | null>;
  /** The CSV upload of accounts: a dry run checks and counts, writing nothing. */
  importAccounts(csv: string, dryRun: boolean, onProgress: (line: ImportLine) => void): Promise<ImportLine | null>;
  /** What needs attention over the next `days` days (the overview page). */
  getOverview(days?: number): Promise<Overview>;
  /** What the lifecycle jobs will do in the next `days` days: the organisation's, or one account's. */
  getLifecyclePreview(days: number, clientId?: number): Promise<LifecyclePreview>;
  /** The lifecycle policy that applies to an account, and where each value comes from. */
  getLifecyclePolicy(clientId: number): Promise<LifecyclePolicy>;
  updateLifecyclePolicy(clientId: number, body: LifecyclePolicyUpdate): Promise<LifecyclePolicy>;
}

/** The lists that can be downloaded as CSV. */
export type ExportResource = 'clients' | 'users' | 'sellers' | 'activity';
/** An export's filters and ordering (and parent); `columns`: the account list's visible ones. */
interface ExportParams {
  ordering?: string;
  filter?: Filter;
}
type ExportArgs<R> = R extends keyof CollectionParents
  ? [params: CollectionParents[R] & ExportParams]
  : [params?: ExportParams];

/** Where a resource lives, as path templates: `{clientId}`, `{resellerId}` and `{id}` are
 *  filled in. */
interface Location {
  /** The collection: GET lists it, POST creates in it. */
  list: string;
  /** One item; `${list}/{id}` unless said. */
  item?: string;
  /** Where POST creates, when not in the collection. */
  create?: string;
  /** How the API edits an item: PATCH (only the fields sent change) unless said. */
  update?: 'PUT' | 'PATCH';
}

const locations: Record<Resource, Location> = {
  clients: { list: '/iam/clients', create: '/iam/users' },
  activity: { list: '/iam/activity_log/requests' },
  statusChanges: { list: '/iam/activity_log/account_status_changes' },
  presets: { list: '/iam/presets' },
  sellers: { list: '/iam/admin/sellers' },
  users: { list: '/iam/clients/{clientId}/users', item: '/iam/users/{id}' },
  services: { list: '/iam/clients/{clientId}/services', update: 'PUT' },
  tokens: { list: '/iam/clients/{clientId}/tokens' },
  clientUsers: { list: '/iam/clients/{clientId}/client-users', update: 'PUT' },
  notificationSettings: { list: '/iam/reselling/resellers/{resellerId}/notification_settings', update: 'PUT' },
};

type PathValues = Partial<Record<'clientId' | 'resellerId' | 'id', number>>;

/** A path template with its `{name}`s filled in (encoded); a missing one is a bug. */
export function fillPath(template: string, values: PathValues): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name as keyof PathValues];
    if (v === undefined) throw new Error(`${template}: no ${name}`);
    return encodeURIComponent(v);
  });
}

const listPath = (r: Resource, parent: PathValues = {}) => fillPath(locations[r].list, parent);
const itemPath = (r: Resource, id: number, parent: PathValues = {}) =>
  fillPath(locations[r].item ?? `${locations[r].list}/{id}`, { ...parent, id });

/** `limit`/`offset` (when paged), `ordering` and the filters, empty values left out. */
export function listQuery(p: Partial<ListParams>): URLSearchParams {
  const q = new URLSearchParams();
  if (p.perPage !== undefined) {
    q.set('limit', String(p.perPage));
    q.set('offset', String(Math.max(0, ((p.page ?? 1) - 1) * p.perPage)));
  }
  if (p.ordering) q.set('ordering', p.ordering);
  for (const [k, v] of Object.entries(p.filter ?? {})) {
    if (v !== '' && k !== 'limit' && k !== 'offset' && k !== 'ordering') q.set(k, v);
  }
  return q;
}

/** Lists answer a page `{count, results}` (the activity log and status changes say `result`),
 *  or, where the API does not page, the bare array. */
export function toListResult<T>(answer: Page<T> | T[]): ListResult<T> {
  if (Array.isArray(answer)) return { data: answer, total: answer.length };
  return { data: answer.results ?? answer.result ?? [], total: answer.count };
}

function toVisibility(list: ProductAvailability[]): ProductVisibility[] {
  return list.map((p) => ({ product: p.product_name, source: p.personal ? 'personal' : 'default', value: p.available }));
}

export function createDataProvider(http: Http): DataProvider {
  const sessionPath = '/iam/auth/session';
  const client = (clientId: number) => fillPath('/iam/clients/{clientId}', { clientId });
  const visibility = (clientId: number) => fillPath('/iam/products/availability/clients/{clientId}', { clientId });

  return {
    async getList(resource: ListResource, params: PathValues & Partial<ListParams> = {}) {
      const q = listQuery(params).toString();
      const path = listPath(resource, params);
      return toListResult(await http.get<Page<never> | never[]>(q ? `${path}?${q}` : path));
    },
    getOne: (resource: OneResource, id: number, parent?: PathValues) => http.get(itemPath(resource, id, parent)),
    create: (resource: keyof CreateTypes, body: unknown, parent?: PathValues) =>
      http.post(locations[resource].create ?? listPath(resource, parent), body),
    update: (resource: keyof UpdateTypes, id: number, body: unknown, parent?: PathValues) =>
      http.request(locations[resource].update ?? 'PATCH', itemPath(resource, id, parent), body),
    async delete(resource: DeletableResource, id: number, parent?: PathValues) {
      await http.del(itemPath(resource, id, parent));
    },

    getSession: async () => {
      // No session cookie, no session: asking anyway would log a 401 in the browser's console on
      // every visit to a sign-in page.
      if (!http.hasSessionCookie()) return null;
      try {
        return await http.get<Session>(sessionPath);
      } catch (e) {
        // Ended by the server (idle, signed out elsewhere): next time, don't ask.
        if (isApiError(e) && e.status === 401) {
          http.forgetSessionCookie();
          return null;
        }
        throw e;
      }
    },
    signIn: (request) => http.post<Session>(sessionPath, { ...request, portal: http.portal }),
    signOut: () => http.del(sessionPath),
    impersonate: async (clientId) => {
      await http.post(`${sessionPath}/impersonate`, { client_id: clientId });
    },

    getProductVisibility: async (clientId) => toVisibility(await http.get<ProductAvailability[]>(visibility(clientId))),
    setProductVisibility: async (clientId, values) => {
      await http.patch(visibility(clientId), values);
    },
    resetProductVisibility: (clientId, productNames) => http.del(visibility(clientId), { product_names: productNames }),
    getDefaultVisibility: async () => toVisibility(await http.get<ProductAvailability[]>('/iam/products/availability/defaults')),
    setDefaultVisibility: async (product, available) => {
      await http.patch('/iam/products/availability/defaults', { product_name: product, available });
    },

    requestActivation: async (clientId, serviceId, message) => {
      await http.post(`${itemPath('services', serviceId, { clientId })}/activation_request`, message ? { message } : {});
    },

    setUserBlocked: async (userId, blocked) => {
      await http.post(`${itemPath('users', userId)}/${blocked ? 'block' : 'activate'}`);
    },
    setSellerBlocked: async (sellerId, blocked) => {
      await http.post(`${itemPath('sellers', sellerId)}/${blocked ? 'block' : 'activate'}`);
    },
    inviteUser: async (body) => {
      await http.post('/iam/clients/invite_user', body);
    },
    changePassword: async (userId, body) => {
      await http.put(`${itemPath('users', userId)}/password`, body);
    },
    renewInvitation: async (email) => {
      await http.post('/iam/auth/renew_invitation', { email });
    },
    sendPasswordReset: async (email) => {
      await http.post('/iam/auth/reset_password', { email });
    },
    forgotPassword: async (email) => {
      await http.post('/iam/auth/password/forgot', { email });
    },
    setPasswordWithToken: (token, password) => http.post('/iam/auth/password/set', { token, password }),

    getDeletionRequests: (clientId) => http.get(`${client(clientId)}/deletion_requests`),
    getOpenDeletionRequests: (clientIds) =>
      http.get(`/iam/deletion_requests?${new URLSearchParams({ client_id: clientIds.join(',') })}`),
    cancelDeletionRequest: (clientId, note) => http.post(`${client(clientId)}/deletion_requests/cancel`, note ? { note } : {}),
    deleteAccount: (clientId) => http.post(`${client(clientId)}/delete`, { confirm: true }),
    getMyDeletionRequest: async () => {
      try {
        // 204 (none open) reads as null.
        return await http.get<DeletionRequest | null>('/iam/clients/me/deletion_request');
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }
    },
    requestMyDeletion: () => http.post('/iam/clients/me/deletion_request', { confirm: true }),

    getVendorSettings: () => http.get('/iam/reselling/settings'),
    updateVendorSettings: (body) => http.put('/iam/reselling/settings', body),
    sendTestEmail: (email) => http.post('/iam/reselling/settings/test_email', { email }),
    getTestEmail: (id) => http.get(fillPath('/iam/reselling/settings/test_email/{id}', { id })),

    exportUrl(resource: ExportResource, params: PathValues & ExportParams = {}) {
      const q = listQuery({ ordering: params.ordering, filter: params.filter });
      q.set('format', 'csv');
      return `${listPath(resource, params)}?${q}`;
    },
    bulkAccounts: (body, onProgress) => http.postLines('/iam/clients/bulk', body, onProgress),
    importAccounts: (csv, dryRun, onProgress) =>
      http.postLines('/iam/clients/import', { csv, dry_run: dryRun }, onProgress),
    getOverview: (days) => http.get(days === undefined ? '/iam/overview' : `/iam/overview?${new URLSearchParams({ days: String(days) })}`),
    getLifecyclePreview: (days, clientId) =>
      http.get(
        `/iam/lifecycle/preview?${new URLSearchParams({ days: String(days), ...(clientId !== undefined && { client_id: String(clientId) }) })}`,
      ),
    getLifecyclePolicy: (clientId) => http.get(`${client(clientId)}/lifecycle_policy`),
    updateLifecyclePolicy: (clientId, body) => http.patch(`${client(clientId)}/lifecycle_policy`, body),
  };
}
