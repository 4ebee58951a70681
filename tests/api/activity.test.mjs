// The activity log: what is recorded, how it is masked, filters, pagination, detail.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startInstance, api, login, loginRaw, PASSWORD, uniqueEmail, uniqueTag, expectStatus, show,
  createAccount, qs, activity, entryData,
} from './harness.mjs';

const FIELDS = [
  'id', 'method', 'path', 'query_params', 'data', 'status_code', 'user', 'user_email', 'client',
  'token', 'requested_at', 'remote_ip_address', 'host',
];

describe('activity log', () => {
  let env;
  let base;
  let reseller;
  let client;
  const tag = uniqueTag('act');
  let userA; // created user (customer A)
  let userB;
  let A; // account ids
  let B;
  const marker = uniqueTag('mark');

  before(async () => {
    env = await startInstance({ resellers: 1 });
    base = env.base;
    reseller = env.resellers[0];
    client = api(base, await login(base, reseller.email, reseller.password));

    // A known sequence of state-changing requests, oldest first.
    userA = await createAccount(client, { email: `a.${tag}@example.com`, company: `Act A ${tag}`, name: 'Act A' });
    A = userA.client;
    userB = await createAccount(client, { email: `b.${tag}@example.com`, company: `Act B ${tag}`, name: 'Act B' });
    B = userB.client;
    expectStatus(await client.patch(`/iam/clients/${A}?email=${marker}&note=n-${marker}`, { name: 'Act A edited' }), 200, 'PATCH A');
    expectStatus(await client.patch(`/iam/clients/${B}`, { phone: '+1 555 0199' }), 200, 'PATCH B');
    expectStatus(await client.patch(`/iam/clients/${A}`, { companyName: '' }), 400, 'bad PATCH A');
    // The customer signs in: a successful sign-in is recorded too.
    await login(base, userA.email, PASSWORD);
    // A GET with a marker; GETs must not be recorded.
    expectStatus(await client.get(`/iam/clients/${A}?gettrace=${marker}`), 200, 'GET A');
  });

  after(async () => {
    if (env) await env.close();
  });

  it('lists {count, next, previous, result} with the contract\'s fields', async () => {
    const r = await client.get('/iam/activity_log/requests');
    expectStatus(r, 200);
    for (const k of ['count', 'next', 'previous', 'result']) assert.ok(Object.hasOwn(r.body, k), `missing ${k}: ${show(r)}`);
    assert.ok(r.body.count >= 6, `at least the six recorded requests: ${show(r)}`);
    for (const e of r.body.result) {
      for (const f of FIELDS) assert.ok(Object.hasOwn(e, f), `entry lacks ${f}: ${JSON.stringify(e)}`);
      assert.ok(Number.isInteger(e.id));
      assert.ok(Number.isInteger(e.status_code));
      assert.ok(!Number.isNaN(Date.parse(e.requested_at)), `requested_at: ${e.requested_at}`);
    }
  });

  it('the recorded requests are there, newest first, with who/what/where', async () => {
    const log = await activity(client, { limit: 1000 });
    const entries = log.result;
    const got = entries.map((e) => e.id);
    assert.deepEqual(got, [...got].sort((x, y) => y - x), 'newest first (ids descending)');
    const times = entries.map((e) => Date.parse(e.requested_at));
    for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], 'requested_at non-increasing');

    const idx = (pred, what) => {
      const i = entries.findIndex(pred);
      assert.ok(i >= 0, `no entry for ${what}: ${JSON.stringify(entries, null, 1)}`);
      return i;
    };
    const custLogin = idx((e) => e.path === '/iam/auth/jwt/login' && e.user === userA.id, 'customer sign-in');
    const badPatch = idx((e) => e.method === 'PATCH' && e.path === `/iam/clients/${A}` && e.status_code === 400, 'bad PATCH A');
    const patchB = idx((e) => e.method === 'PATCH' && e.path === `/iam/clients/${B}` && e.status_code === 200, 'PATCH B');
    const patchA = idx((e) => e.method === 'PATCH' && e.path === `/iam/clients/${A}` && e.status_code === 200, 'PATCH A');
    const postB = idx((e) => e.method === 'POST' && e.path === '/iam/users' && JSON.stringify(e.data).includes(userB.email), 'POST B');
    const postA = idx((e) => e.method === 'POST' && e.path === '/iam/users' && JSON.stringify(e.data).includes(userA.email), 'POST A');
    assert.ok(custLogin < badPatch && badPatch < patchB && patchB < patchA && patchA < postB && postB < postA,
      `order (newest first): ${[custLogin, badPatch, patchB, patchA, postB, postA]}`);

    const e = entries[patchA];
    assert.equal(e.user, reseller.user_id);
    assert.equal(e.user_email, reseller.email);
    assert.equal(e.client, reseller.client_id, 'client is the acting person\'s account');
    assert.equal(e.token, null, 'no API token used');
    assert.equal(e.remote_ip_address, '127.0.0.1');
    assert.ok(String(e.host).includes(`127.0.0.1:${env.server.port}`), `host: ${e.host}`);
    // Known parameters (filters, paging) as sent; any other's value masked.
    assert.equal(e.query_params, `email=${marker}&note=********`);
    assert.equal(entryData(e)?.name, 'Act A edited', `data: ${JSON.stringify(e.data)}`);

    const post = entries[postA];
    assert.equal(post.status_code, 201);

    const cl = entries[custLogin];
    assert.equal(cl.method, 'POST');
    assert.equal(cl.status_code, 200);
    assert.equal(cl.user_email, userA.email);
    assert.equal(cl.client, A);
  });

  it('GET requests are not recorded', async () => {
    const log = await activity(client, { limit: 1000 });
    assert.ok(!log.result.some((e) => e.method === 'GET'), 'a GET was recorded');
    assert.ok(!JSON.stringify(log.result).includes(`gettrace`), 'the marked GET was recorded');
  });

  it('refused sign-ins and requests without credentials are not recorded', async () => {
    const beforeCount = (await activity(client)).count;
    await loginRaw(base, reseller.email, 'Not-The-Password-1');
    await api(base).patch(`/iam/clients/${A}`, { name: 'anonymous' });
    await api(base, 'garbage').post('/iam/users', { email: uniqueEmail('x'), password: PASSWORD, company: 'X' });
    const afterCount = (await activity(client)).count;
    assert.equal(afterCount, beforeCount);
    // and the failed sign-in did not count against the next good one
    await login(base, reseller.email);
  });

  it('the body of POST /iam/users has the password replaced by ********', async () => {
    const log = await activity(client, { method: 'POST', path: '/iam/users', limit: 1000 });
    const entry = log.result.find((e) => JSON.stringify(e.data).includes(userA.email));
    assert.ok(entry, 'POST A entry');
    const data = entryData(entry);
    assert.equal(typeof data, 'object', `data should be the JSON body: ${JSON.stringify(entry.data)}`);
    assert.equal(data.password, '********');
    assert.equal(data.email, userA.email);
    assert.equal(data.company, `Act A ${tag}`);
    assert.ok(!JSON.stringify(log.result).includes(PASSWORD), 'a password leaked into the log');
  });

  it('the sign-in body has the password masked too', async () => {
    const log = await activity(client, { path: '/iam/auth/jwt/login', limit: 1000 });
    assert.ok(log.count >= 2, 'reseller and customer sign-ins');
    for (const e of log.result) {
      const data = entryData(e);
      assert.equal(typeof data, 'object', `sign-in data should be the JSON body: ${JSON.stringify(e.data)}`);
      assert.equal(data.password, '********', `sign-in password not masked: ${JSON.stringify(e)}`);
      assert.equal(typeof data.username, 'string', 'the username is kept');
      assert.ok(!JSON.stringify(e).includes(PASSWORD), `password in ${JSON.stringify(e)}`);
    }
  });

  describe('filters', () => {
    it('method=PATCH', async () => {
      const log = await activity(client, { method: 'PATCH', limit: 1000 });
      assert.ok(log.count >= 3, `three PATCHes: ${JSON.stringify(log)}`);
      assert.equal(log.count, log.result.length);
      assert.ok(log.result.every((e) => e.method === 'PATCH'));
    });

    it('path=<account id> (substring)', async () => {
      const log = await activity(client, { path: String(A), limit: 1000 });
      assert.ok(log.result.every((e) => e.path.includes(String(A))), JSON.stringify(log.result));
      const patches = log.result.filter((e) => e.path === `/iam/clients/${A}` && e.method === 'PATCH');
      assert.equal(patches.length, 2, 'both PATCHes of A (good and refused)');
      assert.ok(!log.result.some((e) => e.path === '/iam/users'));
    });

    it('status_code=400', async () => {
      const log = await activity(client, { status_code: 400, limit: 1000 });
      assert.ok(log.count >= 1);
      assert.ok(log.result.every((e) => e.status_code === 400));
      assert.ok(log.result.some((e) => e.path === `/iam/clients/${A}` && e.method === 'PATCH'));
      const none = await activity(client, { status_code: 418 });
      assert.equal(none.count, 0);
    });

    it('user_id', async () => {
      const mine = await activity(client, { user_id: reseller.user_id, limit: 1000 });
      assert.ok(mine.count >= 5);
      assert.ok(mine.result.every((e) => e.user === reseller.user_id));
      const cust = await activity(client, { user_id: userA.id, limit: 1000 });
      assert.ok(cust.count >= 1, 'the customer sign-in');
      assert.ok(cust.result.every((e) => e.user === userA.id));
      const nobody = await activity(client, { user_id: userB.id });
      assert.equal(nobody.count, 0, 'user B did nothing');
    });

    it('client_id', async () => {
      const log = await activity(client, { client_id: A, limit: 1000 });
      assert.ok(log.count >= 1);
      assert.ok(log.result.every((e) => e.client === A));
    });

    it('requested_at_gte / requested_at_lte', async () => {
      assert.equal((await activity(client, { requested_at_gte: '2999-01-01T00:00:00Z' })).count, 0);
      assert.equal((await activity(client, { requested_at_lte: '2000-01-01T00:00:00Z' })).count, 0);
      const all = (await activity(client)).count;
      assert.equal((await activity(client, { requested_at_gte: '2000-01-01T00:00:00Z' })).count, all);
    });

    it('filters combine', async () => {
      const log = await activity(client, { method: 'PATCH', status_code: 200, path: String(B), limit: 1000 });
      assert.equal(log.count, 1, JSON.stringify(log));
      assert.equal(log.result[0].path, `/iam/clients/${B}`);
    });
  });

  describe('pagination and detail', () => {
    it('limit/offset pages are consistent; the default limit is 20', async () => {
      // make sure there are more than 20 entries
      for (let i = 0; i < 16; i++) {
        expectStatus(await client.patch(`/iam/clients/${B}`, { custom_id: `page-${i}` }), 200);
      }
      const all = await activity(client, { limit: 1000 });
      assert.ok(all.count > 20, `count ${all.count}`);
      assert.equal(all.result.length, all.count);

      const first = await activity(client, { limit: 2 });
      assert.equal(first.count, all.count);
      assert.deepEqual(first.result.map((e) => e.id), all.result.slice(0, 2).map((e) => e.id));
      assert.equal(first.previous, null);
      assert.equal(typeof first.next, 'string');
      const nextUrl = new URL(first.next);
      assert.equal(nextUrl.searchParams.get('limit'), '2');
      assert.equal(nextUrl.searchParams.get('offset'), '2');

      const second = await activity(client, { limit: 2, offset: 2 });
      assert.deepEqual(second.result.map((e) => e.id), all.result.slice(2, 4).map((e) => e.id));
      assert.equal(typeof second.previous, 'string');

      const followed = await client.get(first.next);
      expectStatus(followed, 200, 'follow next');
      assert.deepEqual(followed.body.result.map((e) => e.id), all.result.slice(2, 4).map((e) => e.id));

      const last = await activity(client, { limit: 5, offset: all.count - 1 });
      assert.equal(last.result.length, 1);
      assert.equal(last.next, null);

      const dflt = await activity(client);
      assert.equal(dflt.result.length, 20, 'default limit 20');
      assert.equal(typeof dflt.next, 'string');
    });

    it('GET /iam/activity_log/requests/{id} returns the entry; unknown id → 404', async () => {
      const log = await activity(client, { method: 'PATCH', limit: 1 });
      const e = log.result[0];
      const r = await client.get(`/iam/activity_log/requests/${e.id}`);
      expectStatus(r, 200, 'detail');
      assert.deepEqual(r.body, e);
      const missing = await client.get('/iam/activity_log/requests/99999999');
      expectStatus(missing, 404, 'unknown entry');
      assert.deepEqual(missing.body, { message: 'Not found.' });
    });

    it('reading the log is not itself recorded', async () => {
      const c1 = (await activity(client)).count;
      await client.get('/iam/activity_log/requests?limit=5');
      const c2 = (await activity(client)).count;
      assert.equal(c2, c1);
    });

    it('a customer user gets 403', async () => {
      const token = await login(base, userB.email, PASSWORD);
      const r = await api(base, token).get('/iam/activity_log/requests');
      expectStatus(r, 403, 'customer reading the activity log');
    });
  });
});
