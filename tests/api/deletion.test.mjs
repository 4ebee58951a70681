// Account deletion: the customer's request stops its products, a cancel with a note restores
// them, an untouched request deletes the account after the grace period, staff delete at once,
// and every deletion_request / failed_login address gets its e-mails.
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

const DAY = 86400e3;
const ALERTS = ['alerts-1@acme.example', 'alerts-2@acme.example'];

describe('account deletion', () => {
  let dir, db, sink, server, reseller, resellerInfo, other;

  const smtpArgs = () => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--smtp-tls', 'none',
    '--smtp-from', 'noreply@clientele.test'];
  const runJobs = (nowMs) => promisify(execFile)(BIN, ['jobs', 'run', '--database', dbUrl(db), ...smtpArgs(),
    ...(nowMs === undefined ? [] : ['--now', new Date(nowMs).toISOString()])]);
  const alertsAbout = (accountId, pattern) => sink.messages.filter(
    (m) => ALERTS.some((a) => m.to.includes(a)) && new RegExp(`Account ID: ${accountId}\\n`).test(m.text)
      && pattern.test(m.subject));

  async function newCustomer({ test = false } = {}) {
    const email = uniqueEmail('del');
    const r = await reseller.post('/iam/users', { email, password: PASSWORD, company: 'Leaving Co', is_test: test });
    assert.equal(r.status, 201);
    const services = (await reseller.get(`/iam/clients/${r.body.client}/services`)).body;
    const byName = Object.fromEntries(services.map((s) => [s.name, s]));
    return { email, id: r.body.client, user: r.body.id, services: byName, api: api(server.base, await login(server.base, email)) };
  }
  const enabledOf = async (id) => Object.fromEntries((await reseller.get(`/iam/clients/${id}/services`)).body.map((s) => [s.name, s.enabled]));

  before(async () => {
    sink = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    resellerInfo = createReseller(db);
    const stranger = createReseller(db);
    server = await startServer(db, ['--jobs-interval', '0', ...smtpArgs()]);
    reseller = api(server.base, await login(server.base, resellerInfo.email));
    other = api(server.base, await login(server.base, stranger.email));
    const base = `/iam/reselling/resellers/${resellerInfo.reseller_id}/notification_settings`;
    for (const email of ALERTS) {
      for (const type of ['deletion_request', 'failed_login']) {
        const r = await reseller.post(base, { notification_type: type, email });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
    }
    const disabled = await reseller.post(base, { notification_type: 'deletion_request', email: 'off@acme.example', enabled: false });
    assert.equal(disabled.status, 201);
    assert.equal((await reseller.get(base)).body.count, 5);
    assert.equal((await other.get(base)).status, 404, "another organisation's settings are invisible");
    assert.equal((await reseller.post(base, { notification_type: 'weekly', email: 'x' })).status, 400);
  });
  after(async () => {
    await server?.stop();
    await sink?.close();
    removeDir(dir);
  });

  it('a request stops the products; a cancel with a note restores exactly them and the history shows both', async () => {
    const c = await newCustomer();
    await reseller.put(`/iam/clients/${c.id}/services/${c.services.CDN.id}`, { status: 'active', enabled: true });
    await reseller.put(`/iam/clients/${c.id}/services/${c.services.DNS.id}`, { status: 'trial', enabled: true });
    await reseller.put(`/iam/clients/${c.id}/services/${c.services.STORAGE.id}`, { status: 'trial', enabled: false });

    const unconfirmed = await c.api.post('/iam/clients/me/deletion_request', {});
    assert.equal(unconfirmed.status, 400);
    assert.ok(unconfirmed.body.errors.confirm);
    const requested = await c.api.post('/iam/clients/me/deletion_request', { confirm: true });
    assert.equal(requested.status, 201, JSON.stringify(requested.body));
    assert.equal(requested.body.state, 'pending');
    assert.equal((Date.parse(requested.body.deletion_date) - Date.parse(requested.body.requested_at)) / DAY, 10);
    assert.deepEqual(await enabledOf(c.id), { CDN: false, STORAGE: false, STREAMING: false, DNS: false, DDOS: false, CLOUD: false });
    assert.equal((await c.api.get('/iam/clients/me/deletion_request')).body.id, requested.body.id);
    assert.equal((await c.api.post('/iam/clients/me/deletion_request', { confirm: true })).status, 409);

    const cancelled = await reseller.post(`/iam/clients/${c.id}/deletion_requests/cancel`, { note: 'Called them; they stay on a discount.' });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.state, 'cancelled');
    const enabled = await enabledOf(c.id);
    assert.deepEqual(enabled, { CDN: true, STORAGE: false, STREAMING: false, DNS: true, DDOS: false, CLOUD: false });
    const none = await c.api.get('/iam/clients/me/deletion_request');
    assert.equal(none.status, 204, 'none open is an answer, not an error');
    assert.equal(none.text ?? '', '');

    await c.api.post('/iam/clients/me/deletion_request', { confirm: true });
    const history = (await reseller.get(`/iam/clients/${c.id}/deletion_requests`)).body;
    assert.equal(history.history.length, 2);
    assert.equal(history.current.state, 'pending');
    assert.equal(history.history[1].note, 'Called them; they stay on a discount.');
    assert.equal(history.history[1].closed_by_email, resellerInfo.email);
    await reseller.post(`/iam/clients/${c.id}/deletion_requests/cancel`, {});

    await runJobs();
    for (const address of ALERTS) {
      assert.equal(alertsAbout(c.id, /./).filter((m) => m.to.includes(address)).length, 4,
        'two requests and two cancels, to each address');
    }
    assert.ok(!sink.messages.some((m) => m.to.includes('off@acme.example')), 'a disabled address gets nothing');
    assert.ok(alertsAbout(c.id, /cancel/i).some((m) => m.text.includes('discount')), 'the note travels');
  });

  it('a request left alone for the grace period deletes the account automatically', async () => {
    const c = await newCustomer();
    await reseller.put(`/iam/clients/${c.id}/services/${c.services.CDN.id}`, { status: 'active', enabled: true });
    const r = await c.api.post('/iam/clients/me/deletion_request', { confirm: true });
    const due = Date.parse(r.body.deletion_date);
    await runJobs(due - DAY);
    assert.equal((await reseller.get(`/iam/clients/${c.id}`)).body.deleted, false);
    await runJobs(due + 1000);
    await runJobs(due + 1000);
    const account = (await reseller.get(`/iam/clients/${c.id}`)).body;
    assert.equal(account.deleted, true);
    assert.equal(account.status, 'deleted');
    assert.ok(Object.values(account.serviceStatuses).every((s) => s.status === 'deleted'));
    assert.equal((await c.api.get('/iam/clients/me')).status, 401, 'its tokens stop working');
    assert.equal((await api(server.base).post('/iam/auth/jwt/login', { username: c.email, password: PASSWORD })).status, 401);
    assert.ok(!(await reseller.get('/iam/clients')).body.some((x) => x.id === c.id), 'hidden from the list');
    assert.ok((await reseller.get('/iam/clients?deleted=true')).body.some((x) => x.id === c.id));
    const history = (await reseller.get(`/iam/clients/${c.id}/deletion_requests`)).body;
    assert.equal(history.history[0].state, 'completed');
    assert.ok((await reseller.get(`/iam/activity_log/requests?path=/iam/clients/${c.id}`)).body.count > 0, 'activity stays readable');
    for (const address of ALERTS) {
      const mails = alertsAbout(c.id, /./).filter((m) => m.to.includes(address));
      assert.equal(mails.length, 2, `requested + deleted to ${address}: ${mails.map((m) => m.subject).join(' | ')}`);
    }
  });

  it('a test account is deleted directly, with confirmation; the own account never', async () => {
    const c = await newCustomer({ test: true });
    const unconfirmed = await reseller.post(`/iam/clients/${c.id}/delete`, {});
    assert.equal(unconfirmed.status, 400);
    assert.equal((await reseller.get(`/iam/clients/${c.id}`)).body.deleted, false);
    const deleted = await reseller.post(`/iam/clients/${c.id}/delete`, { confirm: true });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal(deleted.body.status, 'deleted');
    assert.equal((await reseller.post(`/iam/clients/${c.id}/delete`, { confirm: true })).status, 409);
    const own = await reseller.post(`/iam/clients/${resellerInfo.client_id}/delete`, { confirm: true });
    assert.equal(own.status, 409);
    assert.match(own.body.message, /never be deleted/);
    assert.equal((await reseller.get(`/iam/clients/${c.id}`)).body.users.length, 1, 'its history stays readable');
  });

  it('the open requests of the organisation, and the accounts with one, without a query per account', async () => {
    const waiting = await newCustomer();
    const waitingTest = await newCustomer({ test: true });
    const staying = await newCustomer();
    const cancelled = await newCustomer();
    for (const c of [waiting, waitingTest, cancelled]) {
      assert.equal((await c.api.post('/iam/clients/me/deletion_request', { confirm: true })).status, 201);
    }
    await reseller.post(`/iam/clients/${cancelled.id}/deletion_requests/cancel`, {});
    const mine = [waiting.id, waitingTest.id, staying.id, cancelled.id];

    const open = await reseller.get(`/iam/deletion_requests?client_id=${mine.join(',')}`);
    assert.equal(open.status, 200, JSON.stringify(open.body));
    assert.deepEqual(open.body.map((r) => r.client).sort(), [waiting.id, waitingTest.id].sort());
    assert.ok(open.body.every((r) => r.state === 'pending' && r.deletion_date));
    const all = (await reseller.get('/iam/deletion_requests')).body.map((r) => r.client);
    assert.ok(all.includes(waiting.id) && !all.includes(cancelled.id));
    assert.deepEqual((await other.get(`/iam/deletion_requests?client_id=${waiting.id}`)).body, [],
      "another organisation's accounts match nothing");
    assert.equal((await waiting.api.get('/iam/deletion_requests')).status, 403);
    const bad = await reseller.get('/iam/deletion_requests?client_id=1,x');
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.client_id);

    // The account list's filter: exact, combined with the others.
    const ids = `id__in=${mine.join(',')}&limit=50`;
    const listed = async (q) => (await reseller.get(`/iam/clients?${ids}&${q}`)).body.results.map((c) => c.id).sort();
    assert.deepEqual(await listed('deletion_requested=true'), [waiting.id]);
    assert.deepEqual(await listed('deletion_requested=true&is_test=all'), [waiting.id, waitingTest.id].sort());
    assert.deepEqual(await listed('deletion_requested=false'), [staying.id, cancelled.id].sort());
    // An id asked for that has no open request is left out (id and id__in would add up).
    assert.deepEqual((await reseller.get(`/iam/clients?deletion_requested=true&id=${staying.id}&limit=50`)).body.results, []);
    assert.deepEqual((await reseller.get(`/iam/clients?deletion_requested=true&id=${waiting.id}`)).body.map((c) => c.id),
      [waiting.id], 'the plain array too');
    assert.equal((await reseller.get('/iam/clients?deletion_requested=maybe')).status, 400);
  });

  it('refused for the wrong role or the wrong organisation', async () => {
    const c = await newCustomer();
    assert.equal((await other.post(`/iam/clients/${c.id}/delete`, { confirm: true })).status, 404);
    assert.equal((await other.get(`/iam/clients/${c.id}/deletion_requests`)).status, 404);
    await c.api.post('/iam/clients/me/deletion_request', { confirm: true });
    assert.equal((await other.post(`/iam/clients/${c.id}/deletion_requests/cancel`, {})).status, 404);
    assert.equal((await c.api.post(`/iam/clients/${c.id}/deletion_requests/cancel`, {})).status, 403);
    assert.equal((await c.api.post(`/iam/clients/${c.id}/delete`, { confirm: true })).status, 403);
    assert.equal((await reseller.post('/iam/clients/me/deletion_request', { confirm: true })).status, 403,
      'a reseller asks through the customer, not for itself');
    assert.equal((await reseller.post(`/iam/clients/${c.id}/deletion_requests/cancel`, {})).status, 200);
  });

  it('failed sign-ins produce the failed_login e-mail', async () => {
    const c = await newCustomer();
    const r = await api(server.base).post('/iam/auth/jwt/login', { username: c.email, password: 'Wrong-Password-1' });
    assert.equal(r.status, 401);
    await runJobs();
    for (const address of ALERTS) {
      const mail = await sink.waitFor((m) => m.to.includes(address) && m.text.includes(c.email) && /sign-in/i.test(m.subject));
      assert.match(mail.text, /127\.0\.0\.1/);
    }
    await api(server.base).post('/iam/auth/jwt/login', { username: resellerInfo.email, password: 'Wrong-Password-1' });
    await runJobs();
    await sink.waitFor((m) => m.to.includes(ALERTS[0]) && m.text.includes(resellerInfo.email));
  });
});
