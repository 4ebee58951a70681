// The only code that knows the API's URLs and envelopes. Pages ask for resources by name.
import { isApiError, type Http } from './http';
import type {
  AccountStatusChange,
  ActivityEntry,
  AccountUser,
  ApiToken,
  CreateApiTokenRequest,
  Group,
  InviteUserRequest,
  BaseUser,
  Client,
  CreateClientRequest,
  DeletionRequest,
  DeletionRequests,
  CreatedUser,
  Page,
  Preset,
  ProductAvailability,
  NotificationSetting,
  NotificationSettingRequest,
  Seller,
  SellerRequest,
  TestEmail,
  VendorSettings,
  VendorSettingsUpdate,
  Service,
  Session,
  SignInRequest,
  UpdateClientRequest,
  UpdateServiceRequest,
  UpdateUserRequest,
} from './types';

/** Resources and the row type each one lists. Later: users, sellers, deletion requests, … */
export interface ResourceTypes {
  clients: Client;
  activity: ActivityEntry;
  statusChanges: AccountStatusChange;
  presets: Preset;
  sellers: Seller;
}
export type Resource = keyof ResourceTypes;

interface CreateTypes {
  clients: { body: CreateClientRequest; result: CreatedUser };
  presets: { body: { name: string; filters: Record<string, string> }; result: Preset };
  sellers: { body: SellerRequest; result: Seller };
}
interface UpdateTypes {
  clients: { body: UpdateClientRequest; result: Client };
  sellers: { body: SellerRequest; result: Seller };
}

export type Filter = Record<string, string>;

export interface ListParams {
  page: number;
  perPage: number;
  /** The API's `ordering`: field names, `-` for descending, comma-separated. */
  ordering?: string;
  filter?: Filter;
}

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
  getList<R extends Resource>(resource: R, params: ListParams): Promise<ListResult<ResourceTypes[R]>>;
  /** Unpaged resources (presets). */
  getAll<R extends Resource>(resource: R): Promise<ResourceTypes[R][]>;
  getOne<R extends Resource>(resource: R, id: number): Promise<ResourceTypes[R]>;
  create<R extends keyof CreateTypes>(resource: R, body: CreateTypes[R]['body']): Promise<CreateTypes[R]['result']>;
  update<R extends keyof UpdateTypes>(
    resource: R,
    id: number,
    body: UpdateTypes[R]['body'],
  ): Promise<UpdateTypes[R]['result']>;
  delete(resource: Resource, id: number): Promise<void>;

  getSession(): Promise<Session>;
  signIn(request: SignInRequest): Promise<Session>;
  signOut(): Promise<void>;

  /** Each product's visibility for an account. */
  getProductVisibility(clientId: number): Promise<ProductVisibility[]>;
  /** The organisation's default visibility, which accounts inherit. */
  getDefaultVisibility(): Promise<ProductVisibility[]>;
  /** Sets personal visibility values for an account. */
  setProductVisibility(clientId: number, values: { product_name: string; available: boolean }[]): Promise<void>;
  /** Resets an account's personal values to the organisation's default. */
  resetProductVisibility(clientId: number, productNames: string[]): Promise<void>;

  /** An account's products (services). */
  getServices(clientId: number): Promise<Service[]>;
  updateService(clientId: number, serviceId: number, body: UpdateServiceRequest): Promise<Service>;
  /** A customer asks for a product to be activated. */
  requestActivation(clientId: number, serviceId: number, message: string): Promise<void>;

  /** The people of an account. */
  getAccountUsers(clientId: number): Promise<AccountUser[]>;
  updateUser(userId: number, body: UpdateUserRequest): Promise<BaseUser>;
  setUserBlocked(userId: number, blocked: boolean): Promise<void>;
  changePassword(userId: number, body: { old: string; new: string; double: string }): Promise<void>;

  /** An account's deletion requests (staff). */
  getDeletionRequests(clientId: number): Promise<DeletionRequests>;
  cancelDeletionRequest(clientId: number, note: string): Promise<DeletionRequest>;
  deleteAccount(clientId: number): Promise<Client>;
  /** The signed-in customer's own pending request; null when none is pending. */
  getMyDeletionRequest(): Promise<DeletionRequest | null>;
  requestMyDeletion(): Promise<DeletionRequest>;

  /** Blocks or activates a seller. */
  setSellerBlocked(sellerId: number, blocked: boolean): Promise<void>;
  /** Sends a new invitation link (not yet activated people). */
  renewInvitation(email: string): Promise<void>;
  /** E-mails a password reset link. */
  sendPasswordReset(email: string): Promise<void>;

  /** Sets the organisation's default visibility of one product. */
  setDefaultVisibility(product: string, available: boolean): Promise<void>;
  getNotificationSettings(resellerId: number): Promise<NotificationSetting[]>;
  createNotificationSetting(resellerId: number, body: NotificationSettingRequest): Promise<NotificationSetting>;
  updateNotificationSetting(resellerId: number, id: number, body: NotificationSettingRequest): Promise<NotificationSetting>;
  deleteNotificationSetting(resellerId: number, id: number): Promise<void>;
  getVendorSettings(): Promise<VendorSettings>;
  updateVendorSettings(body: VendorSettingsUpdate): Promise<VendorSettings>;
  /** Starts a test e-mail in the background (an ApiError when there is no mail server to use). */
  sendTestEmail(email: string): Promise<TestEmail>;
  /** How a test e-mail went: "sending" until the mail server answered or the time limit passed. */
  getTestEmail(id: number): Promise<TestEmail>;

  /** Customer Portal: invite a person into the account, change a person's group, revoke access. */
  inviteUser(body: InviteUserRequest): Promise<void>;
  setClientUserGroup(clientId: number, userId: number, group: Group): Promise<void>;
  revokeClientUser(clientId: number, userId: number): Promise<void>;
  getTokens(clientId: number): Promise<ApiToken[]>;
  /** The new token with its secret (`token`), shown once. */
  createToken(clientId: number, body: CreateApiTokenRequest): Promise<ApiToken & { token: string }>;
  deleteToken(clientId: number, tokenId: number): Promise<void>;
  /** Sends a reset link, if the person exists; always answers the same. */
  forgotPassword(email: string): Promise<void>;
  /** Accepts an invitation or reset link. */
  setPasswordWithToken(token: string, password: string): Promise<{ status: string; email: string; portal: string }>;

  /** Opens a Customer Portal session as the account (sets the Customer Portal's cookies). */
  impersonate(clientId: number): Promise<void>;
}

const paths: Record<Resource, string> = {
  clients: '/iam/clients',
  activity: '/iam/activity_log/requests',
  statusChanges: '/iam/activity_log/account_status_changes',
  presets: '/iam/presets',
  sellers: '/iam/admin/sellers',
};
const createPaths: Record<keyof CreateTypes, string> = {
  clients: '/iam/users',
  presets: '/iam/presets',
  sellers: '/iam/admin/sellers',
};

/** `limit`/`offset`/`ordering` plus the filters, empty values left out. */
export function listQuery(p: ListParams): URLSearchParams {
  const q = new URLSearchParams();
  q.set('limit', String(p.perPage));
  q.set('offset', String(Math.max(0, (p.page - 1) * p.perPage)));
  if (p.ordering) q.set('ordering', p.ordering);
  for (const [k, v] of Object.entries(p.filter ?? {})) {
    if (v !== '' && k !== 'limit' && k !== 'offset' && k !== 'ordering') q.set(k, v);
  }
  return q;
}

function toVisibility(list: ProductAvailability[]): ProductVisibility[] {
  return list.map((p) => ({ product: p.product_name, source: p.personal ? 'personal' : 'default', value: p.available }));
}

export function createDataProvider(http: Http): DataProvider {
  const sessionPath = '/iam/auth/session';

  return {
    async getList(resource, params) {
      const page = await http.get<Page<never>>(`${paths[resource]}?${listQuery(params)}`);
      return { data: page.results ?? page.result ?? [], total: page.count };
    },
    getAll: (resource) => http.get(paths[resource]),
    getOne: (resource, id) => http.get(`${paths[resource]}/${encodeURIComponent(id)}`),
    create: (resource, body) => http.post(createPaths[resource], body),
    update: (resource, id, body) => http.patch(`${paths[resource]}/${encodeURIComponent(id)}`, body),
    delete: (resource, id) => http.del(`${paths[resource]}/${encodeURIComponent(id)}`),

    getSession: () => http.get<Session>(sessionPath),
    signIn: (request) => http.post<Session>(sessionPath, { ...request, portal: http.portal }),
    signOut: () => http.del(sessionPath),

    getProductVisibility: async (clientId) =>
      toVisibility(await http.get<ProductAvailability[]>(`/iam/products/availability/clients/${encodeURIComponent(clientId)}`)),
    getDefaultVisibility: async () => toVisibility(await http.get<ProductAvailability[]>('/iam/products/availability/defaults')),
    setProductVisibility: async (clientId, values) => {
      await http.patch(`/iam/products/availability/clients/${encodeURIComponent(clientId)}`, values);
    },
    resetProductVisibility: (clientId, productNames) =>
      http.del(`/iam/products/availability/clients/${encodeURIComponent(clientId)}`, { product_names: productNames }),

    getServices: (clientId) => http.get(`/iam/clients/${encodeURIComponent(clientId)}/services`),
    updateService: (clientId, serviceId, body) =>
      http.put(`/iam/clients/${encodeURIComponent(clientId)}/services/${encodeURIComponent(serviceId)}`, body),
    requestActivation: async (clientId, serviceId, message) => {
      await http.post(
        `/iam/clients/${encodeURIComponent(clientId)}/services/${encodeURIComponent(serviceId)}/activation_request`,
        message ? { message } : {},
      );
    },

    getAccountUsers: (clientId) => http.get(`/iam/clients/${encodeURIComponent(clientId)}/users`),
    updateUser: (userId, body) => http.patch(`/iam/users/${encodeURIComponent(userId)}`, body),
    setUserBlocked: async (userId, blocked) => {
      await http.post(`/iam/users/${encodeURIComponent(userId)}/${blocked ? 'block' : 'activate'}`);
    },

    changePassword: async (userId, body) => {
      await http.put(`/iam/users/${encodeURIComponent(userId)}/password`, body);
    },

    getDeletionRequests: (clientId) => http.get(`/iam/clients/${encodeURIComponent(clientId)}/deletion_requests`),
    cancelDeletionRequest: (clientId, note) =>
      http.post(`/iam/clients/${encodeURIComponent(clientId)}/deletion_requests/cancel`, note ? { note } : {}),
    deleteAccount: (clientId) => http.post(`/iam/clients/${encodeURIComponent(clientId)}/delete`, { confirm: true }),
    getMyDeletionRequest: async () => {
      try {
        return await http.get<DeletionRequest>('/iam/clients/me/deletion_request');
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }
    },
    requestMyDeletion: () => http.post('/iam/clients/me/deletion_request', { confirm: true }),

    setSellerBlocked: async (sellerId, blocked) => {
      await http.post(`/iam/admin/sellers/${encodeURIComponent(sellerId)}/${blocked ? 'block' : 'activate'}`);
    },
    renewInvitation: async (email) => {
      await http.post('/iam/auth/renew_invitation', { email });
    },
    sendPasswordReset: async (email) => {
      await http.post('/iam/auth/reset_password', { email });
    },

    setDefaultVisibility: async (product, available) => {
      await http.patch('/iam/products/availability/defaults', { product_name: product, available });
    },
    getNotificationSettings: async (resellerId) => {
      const page = await http.get<Page<NotificationSetting>>(
        `/iam/reselling/resellers/${encodeURIComponent(resellerId)}/notification_settings`,
      );
      return page.results ?? [];
    },
    createNotificationSetting: (resellerId, body) =>
      http.post(`/iam/reselling/resellers/${encodeURIComponent(resellerId)}/notification_settings`, body),
    updateNotificationSetting: (resellerId, id, body) =>
      http.put(`/iam/reselling/resellers/${encodeURIComponent(resellerId)}/notification_settings/${encodeURIComponent(id)}`, body),
    deleteNotificationSetting: (resellerId, id) =>
      http.del(`/iam/reselling/resellers/${encodeURIComponent(resellerId)}/notification_settings/${encodeURIComponent(id)}`),
    getVendorSettings: () => http.get('/iam/reselling/settings'),
    updateVendorSettings: (body) => http.put('/iam/reselling/settings', body),
    sendTestEmail: (email) => http.post('/iam/reselling/settings/test_email', { email }),
    getTestEmail: (id) => http.get(`/iam/reselling/settings/test_email/${encodeURIComponent(id)}`),

    inviteUser: async (body) => {
      await http.post('/iam/clients/invite_user', body);
    },
    setClientUserGroup: async (clientId, userId, group) => {
      await http.put(`/iam/clients/${encodeURIComponent(clientId)}/client-users/${encodeURIComponent(userId)}`, {
        user_role: group,
      });
    },
    revokeClientUser: async (clientId, userId) => {
      await http.del(`/iam/clients/${encodeURIComponent(clientId)}/client-users/${encodeURIComponent(userId)}`);
    },
    getTokens: (clientId) => http.get(`/iam/clients/${encodeURIComponent(clientId)}/tokens`),
    createToken: (clientId, body) => http.post(`/iam/clients/${encodeURIComponent(clientId)}/tokens`, body),
    deleteToken: (clientId, tokenId) =>
      http.del(`/iam/clients/${encodeURIComponent(clientId)}/tokens/${encodeURIComponent(tokenId)}`),
    forgotPassword: async (email) => {
      await http.post('/iam/auth/password/forgot', { email });
    },
    setPasswordWithToken: (token, password) => http.post('/iam/auth/password/set', { token, password }),

    impersonate: async (clientId) => {
      await http.post(`${sessionPath}/impersonate`, { client_id: clientId });
    },
  };
}
