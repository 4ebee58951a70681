import { describe, expect, it } from 'vitest';
import { createDataProvider, listQuery } from './dataProvider';
import { ApiError, type Http, type Method } from './http';

/** An Http that records requests and answers from a table; anything else throws. */
function fakeHttp(answers: Record<string, unknown>) {
  const calls: { method: Method; url: string; body?: unknown }[] = [];
  const request = <T,>(method: Method, url: string, body?: unknown): Promise<T> => {
    calls.push({ method, url, body });
    const key = `${method} ${url.split('?')[0]}`;
    if (!(key in answers)) throw new Error(`unexpected ${method} ${url}`);
    return Promise.resolve(answers[key] as T);
  };
  const http: Http = {
    portal: 'admin',
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body),
    patch: (url, body) => request('PATCH', url, body),
    put: (url, body) => request('PUT', url, body ?? {}),
    del: (url, body) => request('DELETE', url, body),
  };
  return { http, calls };
}

describe('listQuery', () => {
  it('pages with limit/offset, orders, and leaves out empty filters', () => {
    const q = listQuery({ page: 3, perPage: 20, ordering: '-created_at', filter: { email: 'acme', name: '', status: 'trial,active' } });
    expect(q.toString()).toBe('limit=20&offset=40&ordering=-created_at&email=acme&status=trial%2Cactive');
  });

  it('never lets a filter override paging', () => {
    const q = listQuery({ page: 1, perPage: 10, filter: { limit: '1000', offset: '5' } });
    expect(q.toString()).toBe('limit=10&offset=0');
  });
});

describe('dataProvider', () => {
  it('lists accounts from /iam/clients and unwraps {count, results}', async () => {
    const { http, calls } = fakeHttp({ 'GET /iam/clients': { count: 42, next: null, previous: null, results: [{ id: 7 }] } });
    const dp = createDataProvider(http);
    const page = await dp.getList('clients', { page: 2, perPage: 10, ordering: 'companyName', filter: { is_test: 'true' } });
    expect(calls[0]?.url).toBe('/iam/clients?limit=10&offset=10&ordering=companyName&is_test=true');
    expect(page).toEqual({ data: [{ id: 7 }], total: 42 });
  });

  it('reads the activity log envelope `result`', async () => {
    const { http, calls } = fakeHttp({ 'GET /iam/activity_log/requests': { count: 1, next: null, previous: null, result: [{ id: 3 }] } });
    const page = await createDataProvider(http).getList('activity', { page: 1, perPage: 20, filter: { path: '/clients/12' } });
    expect(calls[0]?.url).toBe('/iam/activity_log/requests?limit=20&offset=0&path=%2Fclients%2F12');
    expect(page).toEqual({ data: [{ id: 3 }], total: 1 });
  });

  it('creates accounts with POST /iam/users and edits them with PATCH /iam/clients/{id}', async () => {
    const { http, calls } = fakeHttp({ 'POST /iam/users': { id: 1, client: 9 }, 'PATCH /iam/clients/9': { id: 9 } });
    const dp = createDataProvider(http);
    await dp.create('clients', { email: 'a@b.example', password: 'x', company: 'A' });
    await dp.update('clients', 9, { companyName: 'B' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /iam/users', 'PATCH /iam/clients/9']);
    expect(calls[1]?.body).toEqual({ companyName: 'B' });
  });

  it('keeps presets at /iam/presets', async () => {
    const { http, calls } = fakeHttp({ 'GET /iam/presets': [], 'POST /iam/presets': { id: 4 }, 'DELETE /iam/presets/4': null });
    const dp = createDataProvider(http);
    await dp.getAll('presets');
    await dp.create('presets', { name: 'Trials', filters: { status: 'trial' } });
    await dp.delete('presets', 4);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /iam/presets', 'POST /iam/presets', 'DELETE /iam/presets/4']);
  });

  it('signs in to its own portal', async () => {
    const { http, calls } = fakeHttp({ 'POST /iam/auth/session': { user: {} }, 'DELETE /iam/auth/session': null });
    const dp = createDataProvider(http);
    await dp.signIn({ username: 'r@x.example', password: 'pw' });
    await dp.signOut();
    expect(calls[0]?.body).toEqual({ username: 'r@x.example', password: 'pw', portal: 'admin' });
    expect(calls[1]?.method).toBe('DELETE');
  });

  it('reads product visibility per account and the organisation defaults', async () => {
    const list = [
      { product_name: 'CDN', available: true, personal: true },
      { product_name: 'DNS', available: false, personal: false },
    ];
    const { http, calls } = fakeHttp({
      'GET /iam/products/availability/clients/12': list,
      'GET /iam/products/availability/defaults': list,
    });
    const dp = createDataProvider(http);
    expect(await dp.getProductVisibility(12)).toEqual([
      { product: 'CDN', source: 'personal', value: true },
      { product: 'DNS', source: 'default', value: false },
    ]);
    await dp.getDefaultVisibility();
    expect(calls.map((c) => c.url)).toEqual(['/iam/products/availability/clients/12', '/iam/products/availability/defaults']);
  });
  it('knows the paths of products, people, deletion and acting as a customer', async () => {
    const { http, calls } = fakeHttp({
      'PUT /iam/clients/9/services/3': { id: 3 },
      'PATCH /iam/products/availability/clients/9': null,
      'DELETE /iam/products/availability/clients/9': null,
      'POST /iam/users/5/block': null,
      'POST /iam/clients/9/deletion_requests/cancel': { id: 1 },
      'POST /iam/clients/9/delete': { id: 9 },
      'POST /iam/auth/session/impersonate': {},
      'POST /iam/admin/sellers/2/activate': null,
      'PUT /iam/clients/9/client-users/5': null,
    });
    const dp = createDataProvider(http);
    await dp.updateService(9, 3, { status: 'trial' });
    await dp.setProductVisibility(9, [{ product_name: 'CDN', available: false }]);
    await dp.resetProductVisibility(9, ['CDN']);
    await dp.setUserBlocked(5, true);
    await dp.cancelDeletionRequest(9, 'changed their mind');
    await dp.deleteAccount(9);
    await dp.impersonate(9);
    await dp.setSellerBlocked(2, false);
    await dp.setClientUserGroup(9, 5, { id: 5, name: 'Engineers' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PUT /iam/clients/9/services/3',
      'PATCH /iam/products/availability/clients/9',
      'DELETE /iam/products/availability/clients/9',
      'POST /iam/users/5/block',
      'POST /iam/clients/9/deletion_requests/cancel',
      'POST /iam/clients/9/delete',
      'POST /iam/auth/session/impersonate',
      'POST /iam/admin/sellers/2/activate',
      'PUT /iam/clients/9/client-users/5',
    ]);
    expect(calls[2]?.body).toEqual({ product_names: ['CDN'] });
    expect(calls[4]?.body).toEqual({ note: 'changed their mind' });
    expect(calls[5]?.body).toEqual({ confirm: true });
    expect(calls[6]?.body).toEqual({ client_id: 9 });
    expect(calls[8]?.body).toEqual({ user_role: { id: 5, name: 'Engineers' } });
  });

  it('starts a test e-mail and reads its result by id', async () => {
    const { http, calls } = fakeHttp({
      'POST /iam/reselling/settings/test_email': { id: 4, status: 'sending' },
      'GET /iam/reselling/settings/test_email/4': { id: 4, status: 'sent' },
    });
    const dp = createDataProvider(http);
    expect((await dp.sendTestEmail('ops@example.com')).id).toBe(4);
    expect((await dp.getTestEmail(4)).status).toBe('sent');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /iam/reselling/settings/test_email',
      'GET /iam/reselling/settings/test_email/4',
    ]);
    expect(calls[0]?.body).toEqual({ email: 'ops@example.com' });
  });

  it('reads "no pending deletion request" (404) as null', async () => {
    const { http } = fakeHttp({});
    const dp = createDataProvider({
      ...http,
      get: () => Promise.reject(new ApiError(404, 'No deletion request is pending.')),
    });
    expect(await dp.getMyDeletionRequest()).toBeNull();
  });
});
