// People: sellers (invitation, activation, block), customer users (invite, groups, revoke),
// passwords by e-mailed link, and acting as a customer — with the e-mails read from a real
// SMTP server process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  PASSWORD, makeTempDir, removeDir, migrate, createReseller, startServer, api, login, uniqueEmail,
  dbUrl, BIN,
} from './harness.mjs';
import { startSmtpSink } from '../support/smtp-sink.mjs';

const NEW_PASSWORD = 'Brand-New-Secret-77';

describe('people', () => {
  let dir, db, sink, server, reseller, resellerInfo;

  const smtpArgs = () => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--smtp-tls', 'none',
    '--smtp-from', 'noreply@clientele.test'];
  // Asynchronous: the sink lives in this process and must answer while the job sends.
  const sendMail = () => promisify(execFile)(BIN, ['jobs', 'run', '--database', dbUrl(db), ...smtpArgs()]);
  async function linkFor(email, pattern = /token=([\w-]+)/) {
    await sendMail();
    const mail = await sink.waitFor((m) => m.to.includes(email) && pattern.test(m.text));
    const all = sink.messages.filter((m) => m.to.includes(email) && pattern.test(m.text));
    const latest = all[all.length - 1] ?? mail;
    return { mail: latest, token: latest.text.match(/token=([\w-]+)/)[1], url: latest.text.match(/https?:\/\/\S+token=[\w-]+/)[0] };
  }
  const setPassword = (token, password = PASSWORD) =>
    api(server.base).post('/iam/auth/password/set', { token, password });

  async function newCustomer() {
    const email = uniqueEmail('cust');
    const r = await reseller.post('/iam/users', { email, password: PASSWORD, company: 'People Co', name: 'Ada Admin' });
    assert.equal(r.status, 201);
    return { email, client: r.body.client, user: r.body.id, api: api(server.base, await login(server.base, email)) };
  }

  before(async () => {
    sink = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    resellerInfo = createReseller(db);
    server = await startServer(db, ['--jobs-interval', '0', ...smtpArgs()]);
    reseller = api(server.base, await login(server.base, resellerInfo.email));
  });
  after(async () => {
    await server?.stop();
    await sink?.close();
    removeDir(dir);
  });

  it('a seller is invited, activates through the e-mailed link, works, and is kept out of seller management', async () => {
    const email = uniqueEmail('seller');
    const created = await reseller.post('/iam/admin/sellers', { email, full_name: 'Sam Seller', phone: '+1 555 0100' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.activated, false);
    assert.ok(created.body.invited_at);
    const first = await linkFor(email);
    assert.match(first.url, /\/admin\/accept-invitation\?token=/);
    assert.match(first.mail.text, /24 hours/);

    // Resend: a new link; the old one stops working.
    assert.equal((await reseller.post('/iam/auth/renew_invitation', { email })).status, 200);
    const second = await linkFor(email, new RegExp(`token=(?!${first.token})`));
    assert.notEqual(second.token, first.token);
    const stale = await setPassword(first.token);
    assert.equal(stale.status, 400);
    assert.ok(stale.body.errors.token);

    const accepted = await setPassword(second.token);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.portal, 'admin');
    assert.equal((await setPassword(second.token)).status, 400, 'a link works once');
    const again = await reseller.post('/iam/auth/renew_invitation', { email });
    assert.equal(again.status, 400);
    assert.equal(again.body.message, 'This user already activated.');
    const listed = (await reseller.get('/iam/admin/sellers?activated=true')).body;
    assert.ok(listed.some((s) => s.email === email && s.activated));

    let seller = api(server.base, await login(server.base, email));
    const customer = await seller.post('/iam/users', { email: uniqueEmail('by-seller'), password: PASSWORD, company: 'Sold Co', seller: created.body.id });
    assert.equal(customer.status, 201);
    assert.equal((await reseller.get(`/iam/clients/${customer.body.client}`)).body.seller, created.body.id);
    assert.equal((await seller.get('/iam/admin/sellers')).status, 403);
    assert.equal((await seller.post('/iam/admin/sellers', { email: uniqueEmail('x'), full_name: 'X' })).status, 403);
    assert.equal((await seller.get('/iam/products/availability/defaults')).status, 403);
    assert.equal((await seller.get('/iam/reselling/settings')).status, 403);

    // Block: the seller's token stops working at once, sign-in and recovery are refused.
    assert.equal((await reseller.post(`/iam/admin/sellers/${created.body.id}/block`)).status, 200);
    const blockedOnes = (await reseller.get('/iam/admin/sellers?blocked=true')).body;
    assert.ok(blockedOnes.some((s) => s.email === email) && blockedOnes.every((s) => s.blocked));
    assert.ok(!(await reseller.get('/iam/admin/sellers?blocked=false')).body.some((s) => s.email === email));
    assert.equal((await reseller.get('/iam/admin/sellers?blocked=maybe')).status, 400);
    assert.equal((await seller.get('/iam/clients')).status, 401);
    assert.equal((await api(server.base).post('/iam/auth/jwt/login', { username: email, password: PASSWORD })).status, 401);
    assert.equal((await reseller.post('/iam/auth/reset_password', { email })).status, 403);
    assert.equal((await reseller.post(`/iam/users/${created.body.id}/activate`)).status, 404, 'the users path is for customer users');
    assert.equal((await reseller.post(`/iam/admin/sellers/${created.body.id}/activate`)).status, 200);
    // Blocking ended the seller's sessions: activation restores the person, not old tokens.
    assert.equal((await seller.get('/iam/clients')).status, 401, 'a token from before the block stays dead');
    seller = api(server.base, await login(server.base, email));
    assert.equal((await seller.get('/iam/clients')).status, 200, 'activation restores access');

    // Delete: access ends, the seller's customers become unassigned.
    assert.equal((await reseller.delete(`/iam/admin/sellers/${created.body.id}`)).status, 204);
    assert.equal((await seller.get('/iam/clients')).status, 401);
    assert.equal((await reseller.get(`/iam/clients/${customer.body.client}`)).body.seller, null);
    assert.ok(!(await reseller.get('/iam/admin/sellers')).body.some((s) => s.email === email));
  });

  it('reset password: the old password works until the new one is set', async () => {
    const email = uniqueEmail('seller2');
    const created = await reseller.post('/iam/admin/sellers', { email, full_name: 'Rita Reset' });
    await setPassword((await linkFor(email)).token);
    assert.equal((await reseller.post('/iam/auth/reset_password', { email })).status, 200);
    const reset = await linkFor(email, /reset-password\?token=/);
    assert.ok((await login(server.base, email)), 'old password still works');
    assert.equal((await setPassword(reset.token, NEW_PASSWORD)).status, 200);
    assert.equal((await api(server.base).post('/iam/auth/jwt/login', { username: email, password: PASSWORD })).status, 401);
    assert.ok(await login(server.base, email, NEW_PASSWORD));
    assert.ok(created.body.id);
  });

  it('the reseller logs in as a customer; the activity log names the reseller as the actor', async () => {
    const c = await newCustomer();
    const r = await reseller.get(`/iam/auth/jwt/clients/${c.client}/admin_token`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const claims = JSON.parse(Buffer.from(r.body.access.split('.')[1], 'base64url').toString());
    assert.equal(claims.user_id, c.user);
    assert.equal(claims.acting_user_email, resellerInfo.email);
    assert.ok(claims.exp - claims.iat <= 15 * 60, 'short-lived');
    const asCustomer = api(server.base, r.body.access);
    assert.equal((await asCustomer.get('/iam/clients/me')).body.id, c.client);
    const changed = await asCustomer.patch(`/iam/users/${c.user}`, { name: 'Changed By Reseller' });
    assert.equal(changed.status, 200);
    const log = (await reseller.get(`/iam/activity_log/requests?path=/iam/users/${c.user}&method=PATCH`)).body.result[0];
    assert.equal(log.user, c.user);
    assert.equal(log.acting_user_email, resellerInfo.email);
    assert.equal(log.acting_user, resellerInfo.user_id);
    assert.equal((await c.api.get('/iam/clients')).status, 403, 'customers may not use the reseller API');
    const byUser = await reseller.get(`/iam/auth/jwt/users/${c.user}/token`);
    assert.equal(byUser.status, 200);
    const stranger = createReseller(db);
    const other = api(server.base, await login(server.base, stranger.email));
    assert.equal((await other.get(`/iam/auth/jwt/clients/${c.client}/admin_token`)).status, 404);
    await reseller.post(`/iam/users/${c.user}/block`);
    assert.equal((await reseller.get(`/iam/auth/jwt/clients/${c.client}/admin_token`)).status, 409);
    assert.equal((await asCustomer.get('/iam/clients/me')).status, 401, 'blocked: the acting token stops too');
    await reseller.post(`/iam/users/${c.user}/activate`);
  });

  it('an Administrators user invites a colleague, who sets a password and signs in', async () => {
    const c = await newCustomer();
    const email = uniqueEmail('colleague');
    const invited = await c.api.post('/iam/clients/invite_user', {
      email, client_id: c.client, user_role: { id: 2, name: 'Users' }, name: 'Carl Colleague', lang: 'de',
    });
    assert.equal(invited.status, 200, JSON.stringify(invited.body));
    assert.equal(invited.body.status, 'sent');
    const link = await linkFor(email);
    assert.match(link.url, /\/portal\/accept-invitation\?token=/);
    assert.match(link.mail.subject, /eingeladen|Einladung/i, 'in the invited person\'s language');
    assert.equal((await setPassword(link.token, 'password123')).status, 400, 'the password policy applies');
    assert.equal((await setPassword(link.token)).status, 200);
    const colleague = api(server.base, await login(server.base, email));
    const me = await colleague.get('/iam/clients/me');
    assert.equal(me.body.id, c.client);
    assert.ok(me.body.users.some((u) => u.email === email));
    const users = (await c.api.get('/iam/users?limit=10')).body;
    assert.equal(users.count, 2);
    const dup = await c.api.post('/iam/clients/invite_user', { email, client_id: c.client, user_role: { id: 2, name: 'Users' } });
    assert.equal(dup.status, 400);
    assert.ok(dup.body.errors.email);
  });

  it("each group's permissions hold, allowed and refused", async () => {
    const c = await newCustomer();
    const members = {};
    for (const [group, id] of [['Users', 2], ['Engineers', 5], ['Purge and Prefetch only (API)', 3022]]) {
      const email = uniqueEmail(`g${id}`);
      const r = await c.api.post('/iam/clients/invite_user', { email, client_id: c.client, user_role: { id, name: group } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await setPassword((await linkFor(email)).token);
      members[id] = { email, id: r.body.user_id, api: api(server.base, await login(server.base, email)) };
    }
    const invite = (who) => who.post('/iam/clients/invite_user', { email: uniqueEmail('nope'), client_id: c.client, user_role: { id: 2, name: 'Users' } });
    // Users: read only, except their own profile and password.
    const users = members[2];
    assert.equal((await users.api.get('/iam/clients/me')).status, 200);
    assert.equal((await users.api.get('/iam/users')).status, 200);
    assert.equal((await invite(users.api)).status, 403);
    assert.equal((await users.api.patch(`/iam/users/${users.id}`, { name: 'Me Myself' })).status, 200);
    const escalate = await users.api.patch(`/iam/users/${users.id}`, { user_role: { id: 1, name: 'Administrators' } });
    assert.equal(escalate.status, 400, 'nobody changes their own group');
    assert.equal((await users.api.get('/iam/clients/me')).body.users.find((u) => u.id === users.id).groups[0].name, 'Users');
    assert.equal((await users.api.patch(`/iam/users/${c.user}`, { name: 'Not You' })).status, 403);
    assert.equal((await users.api.post(`/iam/clients/${c.client}/tokens`, { name: 't', client_user: { role: { id: 2, name: 'Users' } } })).status, 403);
    // Engineers: products yes (activation request), users no.
    const eng = members[5];
    assert.equal((await invite(eng.api)).status, 403);
    assert.equal((await eng.api.put(`/iam/clients/${c.client}/client-users/${users.id}`, { user_role: { id: 1, name: 'Administrators' } })).status, 403);
    const dns = (await eng.api.get(`/iam/clients/${c.client}/services`)).body.find((s) => s.name === 'DNS');
    assert.equal((await eng.api.post(`/iam/clients/${c.client}/services/${dns.id}/activation_request`, {})).status, 202);
    assert.equal((await members[3022].api.post(`/iam/clients/${c.client}/services/${dns.id}/activation_request`, {})).status, 403);
    // Purge and Prefetch (API): the API works, the portal does not.
    const purge = members[3022];
    assert.equal((await purge.api.get('/iam/clients/me')).status, 200);
    const portal = await api(server.base).post('/iam/auth/session', { username: purge.email, password: PASSWORD, portal: 'customer' });
    assert.equal(portal.status, 403, 'an API-only group never gets a portal session');
    assert.equal(portal.headers.get('set-cookie'), null);
    // Administrators: change a group, revoke access (and never the last administrator).
    assert.equal((await c.api.put(`/iam/clients/${c.client}/client-users/${users.id}`, { user_role: { id: 5, name: 'Engineers' } })).status, 204);
    assert.equal((await c.api.get(`/iam/clients/${c.client}/client-users/${users.id}`)).body.user_role.name, 'Engineers');
    assert.equal((await c.api.delete(`/iam/clients/${c.client}/client-users/${users.id}`)).status, 200);
    assert.equal((await users.api.get('/iam/clients/me')).status, 401, 'revoked: access ends at once');
    assert.equal((await c.api.put(`/iam/clients/${c.client}/client-users/${c.user}`, { user_role: { id: 2, name: 'Users' } })).status, 400);
    const other = await newCustomer();
    assert.equal((await c.api.delete(`/iam/clients/${other.client}/client-users/${other.user}`)).status, 404);
  });

  it('forgot password e-mails a one-hour link and never says who exists; password change needs the old one', async () => {
    const c = await newCustomer();
    const unknown = await api(server.base).post('/iam/auth/password/forgot', { email: uniqueEmail('nobody') });
    const known = await api(server.base).post('/iam/auth/password/forgot', { email: c.email });
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, known.body);
    const link = await linkFor(c.email, /reset-password\?token=/);
    assert.match(link.mail.text, /1 hour/);
    assert.equal((await setPassword(link.token, NEW_PASSWORD)).status, 200);
    const fresh = api(server.base, await login(server.base, c.email, NEW_PASSWORD));
    const wrong = await fresh.put(`/iam/users/${c.user}/password`, { old: 'nope-nope-1', new: PASSWORD, double: PASSWORD });
    assert.equal(wrong.status, 400);
    assert.ok(wrong.body.errors.old);
    const mismatch = await fresh.put(`/iam/users/${c.user}/password`, { old: NEW_PASSWORD, new: PASSWORD, double: 'x' + PASSWORD });
    assert.ok(mismatch.body.errors.double);
    const ok = await fresh.put(`/iam/users/${c.user}/password`, { old: NEW_PASSWORD, new: PASSWORD, double: PASSWORD });
    assert.equal(ok.status, 200);
    assert.ok(ok.body.access);
    await sendMail();
    await sink.waitFor((m) => m.to.includes(c.email) && /password/i.test(m.subject) && /changed/i.test(m.subject));
  });
});
