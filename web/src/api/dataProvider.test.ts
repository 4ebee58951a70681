import { describe, expect, it } from 'vitest';
import { createDataProvider, fillPath, listQuery, toListResult, type DataProvider } from './dataProvider';
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
    postLines: async <T,>(url: string, body: unknown, onLine: (line: T) => void) => {
      const lines = (await request<T[]>('POST', url, body)) ?? [];
      for (const line of lines) onLine(line);
      return lines.at(-1) ?? null;
    },
    hasSessionCookie: () => true,
    forgetSessionCookie: () => undefined,
  };
  return { http, calls };
}

/** An Http that records every request and answers each with `answer`. */
function recordingHttp(answer: unknown = null) {
  const calls: string[] = [];
  const request = <T,>(method: Method, url: string): Promise<T> => {
    calls.push(`${method} ${url}`);
    return Promise.resolve(answer as T);
  };
  const http: Http = {
    portal: 'customer',
    request,
    get: (url) => request('GET', url),
    post: (url) => request('POST', url),
    patch: (url) => request('PATCH', url),
    put: (url) => request('PUT', url),
    del: (url) => request('DELETE', url),
    postLines: (url) => request('POST', url),
    hasSessionCookie: () => true,
    forgetSessionCookie: () => undefined,
  };
  return { dp: createDataProvider(http), calls };
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

  it('asks for no paging when none is given', () => {
    expect(listQuery({}).toString()).toBe('');
  });
});

describe('toListResult', () => {
  it('reads `{count, results}`, the `result` of the activity log, and bare arrays', () => {
    expect(toListResult({ count: 42, next: null, previous: null, results: [1] })).toEqual({ data: [1], total: 42 });
    expect(toListResult({ count: 1, next: null, previous: null, result: [2] })).toEqual({ data: [2], total: 1 });
    expect(toListResult([3, 4])).toEqual({ data: [3, 4], total: 2 });
    expect(toListResult({ count: 0, next: null, previous: null })).toEqual({ data: [], total: 0 });
  });
});

describe('fillPath', () => {
  it('fills and encodes the ids, and refuses a missing one', () => {
    expect(fillPath('/iam/clients/{clientId}/tokens/{id}', { clientId: 9, id: 3 })).toBe('/iam/clients/9/tokens/3');
    expect(() => fillPath('/iam/clients/{clientId}/tokens', {})).toThrow('no clientId');
  });
});

describe('dataProvider: resources', () => {
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

  it('lists unpaged and nested resources at their paths, without a query', async () => {
    const { dp, calls } = recordingHttp([{ id: 1 }]);
    expect(await dp.getList('presets')).toEqual({ data: [{ id: 1 }], total: 1 });
    await dp.getList('users', { clientId: 9 });
    await dp.getList('services', { clientId: 9 });
    await dp.getList('tokens', { clientId: 9 });
    await dp.getList('notificationSettings', { resellerId: 4 });
    await dp.getList('statusChanges', { page: 1, perPage: 5 });
    expect(calls).toEqual([
      'GET /iam/presets',
      'GET /iam/clients/9/users',
      'GET /iam/clients/9/services',
      'GET /iam/clients/9/tokens',
      'GET /iam/reselling/resellers/4/notification_settings',
      'GET /iam/activity_log/account_status_changes?limit=5&offset=0',
    ]);
  });

  it('unwraps a nested list that is paged', async () => {
    const { dp } = recordingHttp({ count: 1, next: null, previous: null, results: [{ id: 2 }] });
    expect(await dp.getList('notificationSettings', { resellerId: 4 })).toEqual({ data: [{ id: 2 }], total: 1 });
  });

  const group = { id: 5, name: 'Engineers' };
  const setting = { notification_type: 'failed_login', email: 'ops@r.example', enabled: true } as const;
  const cases: [string, (dp: DataProvider) => Promise<unknown>][] = [
    ['GET /iam/clients/9', (dp) => dp.getOne('clients', 9)],
    ['POST /iam/users', (dp) => dp.create('clients', { email: 'a@b.example', password: 'x', company: 'A' })],
    ['PATCH /iam/clients/9', (dp) => dp.update('clients', 9, { companyName: 'B' })],
    ['POST /iam/presets', (dp) => dp.create('presets', { name: 'Trials', filters: { status: 'trial' } })],
    ['DELETE /iam/presets/4', (dp) => dp.delete('presets', 4)],
    ['GET /iam/admin/sellers/2', (dp) => dp.getOne('sellers', 2)],
    ['POST /iam/admin/sellers', (dp) => dp.create('sellers', { email: 's@r.example', full_name: 'S' })],
    ['PATCH /iam/admin/sellers/2', (dp) => dp.update('sellers', 2, { full_name: 'T' })],
    ['DELETE /iam/admin/sellers/2', (dp) => dp.delete('sellers', 2)],
    ['GET /iam/users/5', (dp) => dp.getOne('users', 5)],
    ['PATCH /iam/users/5', (dp) => dp.update('users', 5, { name: 'Eve' })],
    ['GET /iam/clients/9/services/3', (dp) => dp.getOne('services', 3, { clientId: 9 })],
    ['PUT /iam/clients/9/services/3', (dp) => dp.update('services', 3, { status: 'trial' }, { clientId: 9 })],
    ['POST /iam/clients/9/tokens', (dp) => dp.create('tokens', { name: 'ci', client_user: { role: group } }, { clientId: 9 })],
    ['DELETE /iam/clients/9/tokens/3', (dp) => dp.delete('tokens', 3, { clientId: 9 })],
    ['GET /iam/clients/9/client-users/5', (dp) => dp.getOne('clientUsers', 5, { clientId: 9 })],
    ['PUT /iam/clients/9/client-users/5', (dp) => dp.update('clientUsers', 5, { user_role: group }, { clientId: 9 })],
    ['DELETE /iam/clients/9/client-users/5', (dp) => dp.delete('clientUsers', 5, { clientId: 9 })],
    ['POST /iam/reselling/resellers/4/notification_settings', (dp) => dp.create('notificationSettings', setting, { resellerId: 4 })],
    ['PUT /iam/reselling/resellers/4/notification_settings/8', (dp) => dp.update('notificationSettings', 8, setting, { resellerId: 4 })],
    ['DELETE /iam/reselling/resellers/4/notification_settings/8', (dp) => dp.delete('notificationSettings', 8, { resellerId: 4 })],
    ['GET /iam/activity_log/requests/6', (dp) => dp.getOne('activity', 6)],
  ];
  it.each(cases)('%s', async (expected, call) => {
    const { dp, calls } = recordingHttp({});
    await call(dp);
    expect(calls).toEqual([expected]);
  });

  it('sends the body as given', async () => {
    const { http, calls } = fakeHttp({ 'PUT /iam/clients/9/client-users/5': null, 'PATCH /iam/clients/9': { id: 9 } });
    const dp = createDataProvider(http);
    await dp.update('clientUsers', 5, { user_role: { id: 5, name: 'Engineers' } }, { clientId: 9 });
    await dp.update('clients', 9, { companyName: 'B' });
    expect(calls[0]?.body).toEqual({ user_role: { id: 5, name: 'Engineers' } });
    expect(calls[1]?.body).toEqual({ companyName: 'B' });
  });
});

describe('dataProvider: calls that are not a resource', () => {
  it('signs in to its own portal', async () => {
    const { http, calls } = fakeHttp({ 'POST /iam/auth/session': { user: {} }, 'DELETE /iam/auth/session': null });
    const dp = createDataProvider(http);
    await dp.signIn({ username: 'r@x.example', password: 'pw' });
    await dp.signOut();
    expect(calls[0]?.body).toEqual({ username: 'r@x.example', password: 'pw', portal: 'admin' });
    expect(calls[1]?.method).toBe('DELETE');
  });

  it('asks who is signed in only when the session cookie is there; a 401 forgets it', async () => {
    const { http, calls } = fakeHttp({ 'GET /iam/auth/session': { user: { id: 1 } } });
    let cookie = false;
    let forgotten = 0;
    const dp = createDataProvider({
      ...http,
      hasSessionCookie: () => cookie,
      forgetSessionCookie: () => {
        forgotten += 1;
      },
    });
    expect(await dp.getSession()).toBeNull();
    expect(calls).toEqual([]);
    cookie = true;
    expect(await dp.getSession()).toEqual({ user: { id: 1 } });
    const ended = createDataProvider({
      ...http,
      get: () => Promise.reject(new ApiError(401, 'Session ended.')),
      hasSessionCookie: () => true,
      forgetSessionCookie: () => {
        forgotten += 1;
      },
    });
    expect(await ended.getSession()).toBeNull();
    expect(forgotten).toBe(1);
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

  it('knows the paths of visibility, actions, deletion, links and acting as a customer', async () => {
    const { http, calls } = fakeHttp({
      'PATCH /iam/products/availability/clients/9': null,
      'DELETE /iam/products/availability/clients/9': null,
      'PATCH /iam/products/availability/defaults': null,
      'POST /iam/clients/9/services/3/activation_request': null,
      'POST /iam/users/5/block': null,
      'POST /iam/admin/sellers/2/activate': null,
      'POST /iam/clients/invite_user': null,
      'PUT /iam/users/5/password': null,
      'POST /iam/auth/renew_invitation': null,
      'POST /iam/auth/reset_password': null,
      'POST /iam/auth/password/forgot': null,
      'POST /iam/auth/password/set': {},
      'GET /iam/clients/9/deletion_requests': {},
      'GET /iam/deletion_requests': [],
      'POST /iam/clients/9/deletion_requests/cancel': { id: 1 },
      'POST /iam/clients/9/delete': { id: 9 },
      'POST /iam/clients/me/deletion_request': {},
      'POST /iam/auth/session/impersonate': {},
      'GET /iam/reselling/settings': {},
      'PUT /iam/reselling/settings': {},
    });
    const dp = createDataProvider(http);
    await dp.setProductVisibility(9, [{ product_name: 'CDN', available: false }]);
    await dp.resetProductVisibility(9, ['CDN']);
    await dp.setDefaultVisibility('CDN', true);
    await dp.requestActivation(9, 3, 'Please');
    await dp.setUserBlocked(5, true);
    await dp.setSellerBlocked(2, false);
    await dp.inviteUser({ email: 'n@c.example', user_role: { id: 2, name: 'Users' }, client_id: 9 });
    await dp.changePassword(5, { old: 'a', new: 'b', double: 'b' });
    await dp.renewInvitation('s@r.example');
    await dp.sendPasswordReset('s@r.example');
    await dp.forgotPassword('c@c.example');
    await dp.setPasswordWithToken('tok', 'Sturdy-Password-42');
    await dp.getDeletionRequests(9);
    await dp.getOpenDeletionRequests([9, 12]);
    await dp.cancelDeletionRequest(9, 'changed their mind');
    await dp.deleteAccount(9);
    await dp.requestMyDeletion();
    await dp.impersonate(9);
    await dp.getVendorSettings();
    await dp.updateVendorSettings({ publicSettings: { brandName: 'B' } });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PATCH /iam/products/availability/clients/9',
      'DELETE /iam/products/availability/clients/9',
      'PATCH /iam/products/availability/defaults',
      'POST /iam/clients/9/services/3/activation_request',
      'POST /iam/users/5/block',
      'POST /iam/admin/sellers/2/activate',
      'POST /iam/clients/invite_user',
      'PUT /iam/users/5/password',
      'POST /iam/auth/renew_invitation',
      'POST /iam/auth/reset_password',
      'POST /iam/auth/password/forgot',
      'POST /iam/auth/password/set',
      'GET /iam/clients/9/deletion_requests',
      'GET /iam/deletion_requests?client_id=9%2C12',
      'POST /iam/clients/9/deletion_requests/cancel',
      'POST /iam/clients/9/delete',
      'POST /iam/clients/me/deletion_request',
      'POST /iam/auth/session/impersonate',
      'GET /iam/reselling/settings',
      'PUT /iam/reselling/settings',
    ]);
    const body = (url: string) => calls.find((c) => c.url === url && c.method !== 'GET')?.body;
    expect(calls[1]?.body).toEqual({ product_names: ['CDN'] });
    expect(body('/iam/products/availability/defaults')).toEqual({ product_name: 'CDN', available: true });
    expect(body('/iam/clients/9/services/3/activation_request')).toEqual({ message: 'Please' });
    expect(body('/iam/clients/9/deletion_requests/cancel')).toEqual({ note: 'changed their mind' });
    expect(body('/iam/clients/9/delete')).toEqual({ confirm: true });
    expect(body('/iam/auth/session/impersonate')).toEqual({ client_id: 9 });
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

  it('asks for the overview, the lifecycle preview and an account\'s policy (issue 16)', async () => {
    const { http, calls } = fakeHttp({
      'GET /iam/overview': { statuses: {} },
      'GET /iam/lifecycle/preview': { events: [] },
      'GET /iam/clients/5/lifecycle_policy': { client_id: 5 },
      'PATCH /iam/clients/5/lifecycle_policy': { client_id: 5 },
    });
    const dp = createDataProvider(http);
    await dp.getOverview(7);
    await dp.getLifecyclePreview(14);
    await dp.getLifecyclePreview(30, 5);
    await dp.getLifecyclePolicy(5);
    await dp.updateLifecyclePolicy(5, { trial_days: 21 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /iam/overview?days=7',
      'GET /iam/lifecycle/preview?days=14',
      'GET /iam/lifecycle/preview?days=30&client_id=5',
      'GET /iam/clients/5/lifecycle_policy',
      'PATCH /iam/clients/5/lifecycle_policy',
    ]);
    expect(calls[4]?.body).toEqual({ trial_days: 21 });
  });

  it('reads "no pending deletion request" (204, no body) as null', async () => {
    const { http } = fakeHttp({ 'GET /iam/clients/me/deletion_request': null });
    expect(await createDataProvider(http).getMyDeletionRequest()).toBeNull();
  });

  it('reads a 404 (an older server) as null too', async () => {
    const { http } = fakeHttp({});
    const dp = createDataProvider({
      ...http,
      get: () => Promise.reject(new ApiError(404, 'No deletion request is pending.')),
    });
    expect(await dp.getMyDeletionRequest()).toBeNull();
  });
});

describe('work on many accounts', () => {
  it('exports a list at its own URL with its filters and format=csv, without paging', () => {
    const { http } = fakeHttp({});
    const dp = createDataProvider(http);
    expect(dp.exportUrl('clients', { ordering: '-created_at', filter: { status: 'trial', email: '' } })).toBe(
      '/iam/clients?ordering=-created_at&status=trial&format=csv',
    );
    expect(dp.exportUrl('users', { clientId: 7 })).toBe('/iam/clients/7/users?format=csv');
    expect(dp.exportUrl('sellers')).toBe('/iam/admin/sellers?format=csv');
    expect(dp.exportUrl('activity', { filter: { method: 'POST' } })).toBe(
      '/iam/activity_log/requests?method=POST&format=csv',
    );
  });

  it('sends one bulk request and hands over each progress line', async () => {
    const lines = [
      { total: 3, done: 3, changed: 3, unchanged: 0, refused: 0, not_found: 0, results: [] },
      { total: 3, done: 3, changed: 3, unchanged: 0, refused: 0, not_found: 0, completed: true },
    ];
    const { http, calls } = fakeHttp({ 'POST /iam/clients/bulk': lines, 'POST /iam/clients/import': [{ completed: true }] });
    const dp = createDataProvider(http);
    const seen: unknown[] = [];
    const last = await dp.bulkAccounts({ action: 'set_test', is_test: true, ids: [1, 2, 3] }, (l) => seen.push(l));
    expect(seen).toEqual(lines);
    expect(last?.completed).toBe(true);
    await dp.importAccounts('email,company\n', true, () => undefined);
    expect(calls).toEqual([
      { method: 'POST', url: '/iam/clients/bulk', body: { action: 'set_test', is_test: true, ids: [1, 2, 3] } },
      { method: 'POST', url: '/iam/clients/import', body: { csv: 'email,company\n', dry_run: true } },
    ]);
  });
});
