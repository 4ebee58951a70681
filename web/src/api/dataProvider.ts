// The only code that knows the API's URLs and envelopes. Pages ask for resources by name.
import type { Http } from './http';
import type {
  AccountStatusChange,
  ActivityEntry,
  Client,
  CreateClientRequest,
  CreatedUser,
  Page,
  Preset,
  Session,
  SignInRequest,
  UpdateClientRequest,
} from './types';

/** Resources and the row type each one lists. Later: users, sellers, deletion requests, … */
export interface ResourceTypes {
  clients: Client;
  activity: ActivityEntry;
  statusChanges: AccountStatusChange;
  presets: Preset;
}
export type Resource = keyof ResourceTypes;

interface CreateTypes {
  clients: { body: CreateClientRequest; result: CreatedUser };
  presets: { body: { name: string; filters: Record<string, string> }; result: Preset };
}
interface UpdateTypes {
  clients: { body: UpdateClientRequest; result: Client };
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

/** Where a product's visibility for one account comes from. `value` is null while the
 *  personal value itself cannot be read (no per-account availability endpoint yet). */
export interface ProductVisibility {
  product: string;
  source: 'personal' | 'default';
  value: boolean | null;
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

  /** Which products of an account have a personal visibility value. */
  getProductVisibility(client: Pick<Client, 'id' | 'is_test' | 'deleted'>, products: readonly string[]): Promise<ProductVisibility[]>;
}

const paths: Record<Resource, string> = {
  clients: '/iam/clients',
  activity: '/iam/activity_log/requests',
  statusChanges: '/iam/activity_log/account_status_changes',
  presets: '/iam/presets',
};
const createPaths: Record<keyof CreateTypes, string> = {
  clients: '/iam/users',
  presets: '/iam/presets',
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

    // TODO: read `/iam/products/availability/clients/{id}` once the server has it; until then the
    // list's `personal_product_availability` filter tells which products carry a personal value.
    async getProductVisibility(client, products) {
      const base = new URLSearchParams({
        id: String(client.id),
        limit: '1',
        is_test: client.is_test ? 'true' : 'false',
        deleted: 'all',
      });
      return Promise.all(
        products.map(async (product) => {
          const q = new URLSearchParams(base);
          q.set('personal_product_availability', product);
          const page = await http.get<Page<Client>>(`${paths.clients}?${q}`);
          return { product, source: page.count > 0 ? 'personal' : 'default', value: null } satisfies ProductVisibility;
        }),
      );
    },
  };
}
