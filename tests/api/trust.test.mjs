// Issue "Trust": the privilege findings, each as an attacker (a seller, a customer, staff acting
// as a customer) tried them. Every assertion here failed on the code before the fix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import {
  BIN, PASSWORD, activity, api, createReseller, dbUrl, login, makeTempDir, migrate, removeDir,
  startServer, uniqueEmail,
} from './harness.mjs';
import { startSmtpSink } from '../support/smtp-sink.mjs';

describe('trust: roles, acting and revocation', () => {
  let dir, db, sink, server, reseller, resellerInfo, seller, sellerId;

  const smtpArgs = () => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--smtp-tls', 'none',
    '--smtp-from', 'noreply@clientele.test'];
  const sendMail = () => promisify(execFile)(BIN, ['jobs', 'run', '--database', dbUrl(db), ...smtpArgs()]);
  async function linkToken(email) {
    await sendMail();
    await sink.waitFor((m) => m.to.includes(email) && /token=/.test(m.text));
    const all = sink.messages.filter((m) => m.to.includes(email) && /token=/.test(m.text));
    return all[all.length - 1].text.match(/token=([\w-]+)/)[1];
  }
  async function newCustomer() {
    const email = uniqueEmail('cust');
    const r = await reseller.post('/iam/users', { email, password: PASSWORD, company: 'Trust Co' });
    assert.equal(r.status, 201);
    return { email, client: r.body.client, user: r.body.id, api: api(server.base, await login(server.base, email)) };
  }
  // A customer user of `client` in `group`, invited by staff and signed in.
  async function member(client, group) {
    const email = uniqueEmail('member');
    const invited = await reseller.post('/iam/clients/invite_user', { email, client_id: client, user_role: group });
    assert.equal(invited.status, 200, invited.text);
    const set = await api(server.base).post('/iam/auth/password/set', { token: await linkToken(email), password: PASSWORD });
    assert.equal(set.status, 200, set.text);
    return { email, id: invited.body.user_id, api: api(server.base, await login(server.base, email)) };
  }

  before(async () => {
    sink = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    resellerInfo = createReseller(db);
    server = await startServer(db, ['--jobs-interval', '0', ...smtpArgs()]);
    reseller = api(server.base, await login(server.base, resellerInfo.email));
    const email = uniqueEmail('seller');
    const created = await reseller.post('/iam/admin/sellers', { email, full_name: 'Sam Seller' });
    assert.ok([200, 201].includes(created.status), created.text);
    sellerId = created.body.id;
    const set = await api(server.base).post('/iam/auth/password/set', { token: await linkToken(email), password: PASSWORD });
    assert.equal(set.status, 200);
    seller = api(server.base, await login(server.base, email));
  });
  after(async () => {
    await server?.stop();
    await sink?.close();
    removeDir(dir);
  });

  it('a seller can neither become the reseller nor reach its own account or person', async () => {
    const own = (await seller.get('/iam/clients?client_type=reseller')).body;
    assert.equal(own.length, 1);
    const r = own[0].id;
    assert.equal(r, resellerInfo.client_id);
    const token = await seller.get(`/iam/auth/jwt/clients/${r}/admin_token`);
    assert.equal(token.status, 403, token.text);
    assert.equal(token.body.access, undefined);
    assert.equal((await reseller.get(`/iam/auth/jwt/clients/${r}/admin_token`)).status, 403, 'not even the reseller acts as it');
    assert.equal((await seller.post('/iam/auth/session/impersonate', { client_id: r })).status, 403);
    assert.equal((await seller.get(`/iam/auth/jwt/users/${resellerInfo.user_id}/token`)).status, 404);
    const invite = await seller.post('/iam/clients/invite_user',
      { email: uniqueEmail('mole'), client_id: r, user_role: { id: 1, name: 'Administrators' } });
    assert.equal(invite.status, 403, invite.text);
    assert.equal((await reseller.post('/iam/clients/invite_user',
      { email: uniqueEmail('mole'), client_id: r, user_role: { id: 1, name: 'Administrators' } })).status, 403);
    // The reseller person is nobody's customer user to edit, block or reset.
    assert.equal((await seller.patch(`/iam/users/${resellerInfo.user_id}`, { email: uniqueEmail('taken') })).status, 404);
    assert.equal((await seller.post(`/iam/users/${resellerInfo.user_id}/block`)).status, 404);
    assert.equal((await seller.post('/iam/auth/reset_password', { email: resellerInfo.email })).status, 404);
    assert.equal((await seller.put(`/iam/clients/${r}/client-users/${resellerInfo.user_id}`, { user_role: { id: 2, name: 'Users' } })).status, 403);
    assert.equal((await reseller.put(`/iam/clients/${r}/client-users/${resellerInfo.user_id}`, { user_role: { id: 2, name: 'Users' } })).status, 404);
    // The reseller's own account: a seller may look but not change it.
    assert.equal((await seller.get(`/iam/clients/${r}`)).status, 200);
    assert.equal((await seller.patch(`/iam/clients/${r}`, { companyName: 'Hijacked' })).status, 403);
    assert.equal((await reseller.get(`/iam/clients/${r}`)).body.companyName, resellerInfo.company);
    // And the reseller's settings stay the reseller's.
    assert.equal((await seller.get('/iam/reselling/settings')).status, 403);
    assert.equal((await seller.get(`/iam/clients/${r}/tokens`)).status, 403);
  });

  it('acting as a customer mints nothing lasting and every step of it is recorded', async () => {
    const c = await newCustomer();
    const started = await seller.get(`/iam/auth/jwt/clients/${c.client}/admin_token`);
    assert.equal(started.status, 200);
    const acting = api(server.base, started.body.access);
    // Reads and the customer's own work are fine...
    assert.equal((await acting.get('/iam/clients/me')).status, 200);
    assert.equal((await acting.patch(`/iam/users/${c.user}`, { name: 'Renamed By Staff' })).status, 200);
    // ...lasting credentials and ways in are not.
    const token = await acting.post(`/iam/clients/${c.client}/tokens`, { name: 'backdoor', client_user: { role: { id: 1, name: 'Administrators' } } });
    assert.equal(token.status, 403, token.text);
    assert.equal((await acting.post(`/iam/v2/clients/${c.client}/tokens`, { name: 'backdoor', client_user: { role: { id: 1, name: 'Administrators' } } })).status, 403);
    assert.equal((await acting.patch(`/iam/users/${c.user}`, { email: uniqueEmail('stolen') })).status, 403);
    assert.equal((await acting.put(`/iam/users/${c.user}/password`, { old: PASSWORD, new: 'Another-Sturdy-Pass-7', double: 'Another-Sturdy-Pass-7' })).status, 403);
    assert.equal((await acting.get(`/iam/auth/jwt/clients/${c.client}/admin_token`)).status, 403, 'no nested acting');
    assert.equal((await c.api.get('/iam/clients/me')).body.email, c.email);

    // The start, the reads and the changes are in the log, each with the acting person.
    const log = (await activity(reseller, { limit: 100 })).result;
    const mine = log.filter((e) => e.path.includes(`/clients/${c.client}`) || e.path === '/iam/clients/me' || e.path === `/iam/users/${c.user}`);
    const start = mine.find((e) => e.method === 'GET' && e.path === `/iam/auth/jwt/clients/${c.client}/admin_token` && e.status_code === 200);
    assert.ok(start, 'the start of acting is recorded');
    assert.equal(start.user, sellerId);
    const nested = mine.find((e) => e.path === `/iam/auth/jwt/clients/${c.client}/admin_token` && e.status_code === 403);
    assert.ok(nested && nested.acting_user === sellerId, 'the refused nested attempt too');
    const read = mine.find((e) => e.method === 'GET' && e.path === '/iam/clients/me' && e.acting_user === sellerId);
    assert.ok(read, `a read while acting is recorded with the actor: ${JSON.stringify(mine.slice(0, 5))}`);
    const refused = mine.find((e) => e.method === 'POST' && e.path === `/iam/clients/${c.client}/tokens` && e.status_code === 403);
    assert.ok(refused && refused.acting_user === sellerId, 'the refused attempt is recorded with the actor');
  });

  it('a password change ends every other session, refresh token and access token', async () => {
    const c = await newCustomer();
    const other = await api(server.base).post('/iam/auth/jwt/login', { username: c.email, password: PASSWORD });
    const browser = await api(server.base).post('/iam/auth/session', { username: c.email, password: PASSWORD, portal: 'customer' });
    assert.equal(browser.status, 200);
    const cookie = browser.headers.get('set-cookie').split(/,(?=\s*\w+=)/).map((x) => x.split(';')[0].trim()).join('; ');
    const viaCookie = () => fetch(`${server.base}/iam/clients/me`, { headers: { cookie, 'x-portal': 'customer' } });
    assert.equal((await viaCookie()).status, 200);

    const changed = await c.api.put(`/iam/users/${c.user}/password`, { old: PASSWORD, new: 'Another-Sturdy-Pass-7', double: 'Another-Sturdy-Pass-7' });
    assert.equal(changed.status, 200, changed.text);
    assert.equal((await api(server.base, other.body.access).get('/iam/clients/me')).status, 401, 'other access tokens die');
    assert.equal((await api(server.base).post('/iam/auth/jwt/refresh', { refresh: other.body.refresh })).status, 401, 'refresh tokens die');
    assert.equal((await viaCookie()).status, 401, 'other browser sessions end');
    assert.equal((await c.api.get('/iam/clients/me')).status, 401, 'the token used for the change is old too');
    assert.equal((await api(server.base, changed.body.access).get('/iam/clients/me')).status, 200, 'the new tokens work');

    // A reset through the e-mailed link does the same.
    const fresh = await login(server.base, c.email, 'Another-Sturdy-Pass-7');
    assert.equal((await api(server.base).post('/iam/auth/password/forgot', { email: c.email })).status, 200);
    const reset = await api(server.base).post('/iam/auth/password/set', { token: await linkToken(c.email), password: 'Third-Sturdy-Pass-9' });
    assert.equal(reset.status, 200);
    assert.equal((await api(server.base, fresh).get('/iam/clients/me')).status, 401);
  });

  it('blocking ends sessions for good and suspends API keys until activation', async () => {
    const c = await newCustomer();
    const m = await member(c.client, { id: 5, name: 'Engineers' });
    const key = await c.api.post(`/iam/clients/${c.client}/tokens`, { name: 'ci', client_user: { role: { id: 5, name: 'Engineers' } } });
    assert.equal(key.status, 200, key.text);
    // The key acts as its issuer (the Administrators user); block that one.
    const viaKey = api(server.base, { authorization: `APIKey ${key.body.token}` });
    assert.equal((await viaKey.get('/iam/clients/me')).status, 200);
    const before = await login(server.base, c.email);
    assert.equal((await reseller.post(`/iam/users/${m.id}/block`)).status, 200);
    assert.equal((await m.api.get('/iam/clients/me')).status, 401);
    assert.equal((await reseller.post(`/iam/users/${m.id}/activate`)).status, 200);
    assert.equal((await m.api.get('/iam/clients/me')).status, 401, "a blocked person's old token stays dead");

    // Blocking the key's own user suspends the key; activation brings the key (only) back.
    // Make a second Administrators so the first can be blocked.
    await member(c.client, { id: 1, name: 'Administrators' });
    assert.equal((await reseller.post(`/iam/users/${c.user}/block`)).status, 200);
    assert.equal((await viaKey.get('/iam/clients/me')).status, 401, 'suspended while blocked');
    assert.equal((await reseller.post(`/iam/users/${c.user}/activate`)).status, 200);
    assert.equal((await viaKey.get('/iam/clients/me')).status, 200, 'back after activation');
    assert.equal((await api(server.base, before).get('/iam/clients/me')).status, 401);
  });

  it("an API key never has more rights than its user's group has now", async () => {
    const c = await newCustomer();
    const admin2 = await member(c.client, { id: 1, name: 'Administrators' });
    const key = await admin2.api.post(`/iam/clients/${c.client}/tokens`, { name: 'admin key', client_user: { role: { id: 1, name: 'Administrators' } } });
    assert.equal(key.status, 200);
    const viaKey = api(server.base, { authorization: `APIKey ${key.body.token}` });
    const invite = () => viaKey.post('/iam/clients/invite_user', { email: uniqueEmail('via-key'), user_role: { id: 2, name: 'Users' } });
    assert.equal((await invite()).status, 200, 'an Administrators key invites');
    assert.equal((await reseller.put(`/iam/clients/${c.client}/client-users/${admin2.id}`, { user_role: { id: 2, name: 'Users' } })).status, 204);
    const demoted = await invite();
    assert.equal(demoted.status, 403, `the demotion narrows the key at once: ${demoted.text}`);
    assert.equal((await viaKey.get(`/iam/clients/${c.client}/tokens`)).status, 403);
  });

  it('the Users and Purge groups do not see the account\'s API tokens', async () => {
    const c = await newCustomer();
    for (const group of [{ id: 2, name: 'Users' }, { id: 3022, name: 'Purge and Prefetch only (API)' }, { id: 3009, name: 'Purge and Prefetch only (API+Web)' }]) {
      const m = await member(c.client, group);
      const listed = await m.api.get(`/iam/clients/${c.client}/tokens`);
      assert.equal(listed.status, 403, `${group.name}: ${listed.text}`);
    }
  });
});
