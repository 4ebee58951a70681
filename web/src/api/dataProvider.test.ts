import { describe, expect, it } from 'vitest';
import { createDataProvider, listQuery } from './dataProvider';
import type { Http, Method } from './http';

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
});
