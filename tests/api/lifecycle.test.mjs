// The product lifecycle in time (jobs run --now) and the e-mails it sends, against a real SMTP
// server process (the test sink): languages, brand, once only, and an outage of the mail server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import {
  PASSWORD, makeTempDir, removeDir, migrate, createReseller, startServer, api, login, uniqueEmail,
  cli, dbUrl, BIN, databaseContains,
} from './harness.mjs';
import { startSmtpSink } from '../support/smtp-sink.mjs';

const HOUR = 3600e3;
const DAY = 24 * HOUR;
const iso = (ms) => new Date(ms).toISOString();

describe('product lifecycle and e-mail', () => {
  let dir, db, sink, server, reseller, resellerInfo;

  const smtpArgs = () => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--smtp-tls', 'none',
    '--smtp-from', 'noreply@clientele.test'];
  // Asynchronous on purpose: the SMTP sink lives in this process and must keep answering while
  // the job talks to it.
  const runJobs = async (nowMs) => {
    const { stdout } = await promisify(execFile)(BIN, ['jobs', 'run', '--database', dbUrl(db), ...smtpArgs(),
      ...(nowMs === undefined ? [] : ['--now', iso(nowMs)])], { timeout: 60_000 });
    return stdout;
  };
  const mailsTo = (address) => sink.messages.filter((m) => m.to.includes(address));

  async function newAccount(lang) {
    const email = uniqueEmail(`life-${lang}`);
    const r = await reseller.post('/iam/users', { email, password: PASSWORD, company: `Lifecycle ${lang}`, name: 'Anna Schmidt', lang });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const services = (await reseller.get(`/iam/clients/${r.body.client}/services`)).body;
    return { id: r.body.client, email, cdn: services.find((s) => s.name === 'CDN') };
  }

  before(async () => {
    sink = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    resellerInfo = createReseller(db);
    server = await startServer(db, ['--jobs-interval', '0', ...smtpArgs()]);
    reseller = api(server.base, await login(server.base, resellerInfo.email));
    const branding = await reseller.put('/iam/reselling/settings', {
      publicSettings: { brandName: 'Acme Cloud', supportEmail: 'support@acme-cloud.example' },
    });
    assert.equal(branding.status, 200, JSON.stringify(branding.body));
  });

  after(async () => {
    await server?.stop();
    await sink?.close();
    removeDir(dir);
  });

  it('trial -> ends soon -> trialend -> deleted, with e-mails in the customer language, each once', async () => {
    const acc = await newAccount('de');
    const started = await reseller.put(`/iam/clients/${acc.id}/services/${acc.cdn.id}`, { status: 'trial', enabled: true });
    assert.equal(started.status, 200);
    const trialEnd = Date.parse(started.body.trial_end);

    await runJobs();
    await sink.waitFor((m) => m.to.includes(acc.email));
    assert.deepEqual(mailsTo(acc.email).map((m) => m.subject), ['[Acme Cloud] Ihr Testzeitraum für CDN hat begonnen']);
    assert.match(mailsTo(acc.email)[0].text, /Acme Cloud/);

    await runJobs(trialEnd - 2 * DAY);
    await runJobs(trialEnd - 2 * DAY);
    await sink.waitFor((m) => m.to.includes(acc.email) && /bald|endet/i.test(m.subject));
    assert.equal(mailsTo(acc.email).length, 2, 'one "ends soon" notice, however often the job runs');
    assert.equal((await reseller.get(`/iam/clients/${acc.id}`)).body.status, 'trial');

    await runJobs(trialEnd + HOUR);
    const ended = (await reseller.get(`/iam/clients/${acc.id}/services/${acc.cdn.id}`)).body;
    assert.equal(ended.status, 'trialend');
    assert.equal(ended.previous_status, 'trial');
    assert.equal(Date.parse(ended.status_changed_at), trialEnd, 'it ended at its trial end');
    assert.equal(Date.parse(ended.deleted_date), trialEnd + 30 * DAY);
    assert.equal((await reseller.get(`/iam/clients/${acc.id}`)).body.status, 'trialend');
    const changes = (await reseller.get(`/iam/activity_log/account_status_changes?client=${acc.id}`)).body.result;
    assert.deepEqual(changes.slice(0, 2).map((c) => [c.old_status, c.new_status]), [['trial', 'trialend'], ['preparation', 'trial']]);
    await sink.waitFor((m) => m.to.includes(acc.email) && /abgelaufen/.test(m.subject));

    await runJobs(trialEnd + HOUR);  // the same instant again: nothing new
    await runJobs(trialEnd + 29 * DAY);  // not yet due for deletion
    assert.equal((await reseller.get(`/iam/clients/${acc.id}/services/${acc.cdn.id}`)).body.status, 'trialend');

    await runJobs(trialEnd + 30 * DAY + HOUR);
    const deleted = (await reseller.get(`/iam/clients/${acc.id}/services/${acc.cdn.id}`)).body;
    assert.equal(deleted.status, 'deleted');
    assert.equal(deleted.previous_status, 'trialend');
    assert.equal(Date.parse(deleted.deleted_date), trialEnd + 30 * DAY);
    assert.equal((await reseller.get(`/iam/clients/${acc.id}`)).body.status, 'trialend');
    await sink.waitFor((m) => m.to.includes(acc.email) && mailsTo(acc.email).length === 4);
    await runJobs(trialEnd + 30 * DAY + HOUR);
    await new Promise((r) => setTimeout(r, 200));
    const subjects = mailsTo(acc.email).map((m) => m.subject);
    assert.equal(subjects.length, 4, subjects.join(' | '));
    assert.equal(new Set(subjects).size, 4, 'no e-mail twice');

    // A deleted product may be restarted by hand.
    const restart = await reseller.put(`/iam/clients/${acc.id}/services/${acc.cdn.id}`, { status: 'trial' });
    assert.equal(restart.status, 200);
    assert.equal((await reseller.get(`/iam/clients/${acc.id}`)).body.status, 'trial');
  });

  it('the operator sets the trial length and days to Deleted; the reseller cannot', async () => {
    cli(['org', 'set', '--id', String(resellerInfo.reseller_id), '--trial-days', '7', '--days-to-deleted', '5', '--database', dbUrl(db)]);
    const acc = await newAccount('en');
    const r = await reseller.put(`/iam/clients/${acc.id}/services/${acc.cdn.id}`, { status: 'trial' });
    assert.equal((Date.parse(r.body.trial_end) - Date.parse(r.body.start)) / DAY, 7);
    cli(['account', 'set-days-to-deleted', '--org', String(resellerInfo.reseller_id), '--client', String(acc.id), '--days', '2', '--database', dbUrl(db)]);
    const paused = await reseller.put(`/iam/clients/${acc.id}/services/${acc.cdn.id}`, { status: 'paused' });
    assert.equal((Date.parse(paused.body.deleted_date) - Date.parse(paused.body.status_changed_at)) / DAY, 2);
    cli(['account', 'set-days-to-deleted', '--org', String(resellerInfo.reseller_id), '--client', String(acc.id), '--clear', '--database', dbUrl(db)]);
    const again = (await reseller.get(`/iam/clients/${acc.id}/services/${acc.cdn.id}`)).body;
    assert.equal((Date.parse(again.deleted_date) - Date.parse(again.status_changed_at)) / DAY, 5, 'rescheduled to the organisation value');
    // PATCH /iam/clients/{id} does not change these (the account's lifecycle_policy does, within
    // the operator's limits: tests/api/attention.test.mjs).
    assert.equal((await reseller.patch(`/iam/clients/${acc.id}`, { days_to_deleted: 1 })).status, 200);
    const still = (await reseller.get(`/iam/clients/${acc.id}/services/${acc.cdn.id}`)).body;
    assert.equal((Date.parse(still.deleted_date) - Date.parse(still.status_changed_at)) / DAY, 5);
    cli(['org', 'set', '--id', String(resellerInfo.reseller_id), '--trial-days', '14', '--days-to-deleted', '30', '--database', dbUrl(db)]);
  });

  it('with the mail server down e-mails wait in the outbox and go out once it is back', async () => {
    const acc = await newAccount('ru');
    await sink.stop();
    const started = await reseller.put(`/iam/clients/${acc.id}/services/${acc.cdn.id}`, { status: 'trial' });
    assert.equal(started.status, 200);
    const t0 = Date.now();
    const out = await runJobs(t0);
    assert.match(out, /emails_retrying: [1-9]/);
    await runJobs(t0 + 10e3);  // still inside the back-off: not tried again
    await sink.restart();
    await runJobs(t0 + 10e3);
    assert.equal(mailsTo(acc.email).length, 0, 'waits for its retry time');
    await runJobs(t0 + 2 * 60e3);
    await sink.waitFor((m) => m.to.includes(acc.email));
    await runJobs(t0 + 5 * 60e3);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(mailsTo(acc.email).length, 1);
    assert.match(mailsTo(acc.email)[0].subject, /Пробный период|пробн/i);
  });

  it("a customer's activation request goes to the reseller's support address", async () => {
    const acc = await newAccount('en');
    const customer = api(server.base, await login(server.base, acc.email));
    const dns = (await customer.get(`/iam/clients/${acc.id}/services`)).body.find((s) => s.name === 'DNS');
    const r = await customer.post(`/iam/clients/${acc.id}/services/${dns.id}/activation_request`, { message: 'We need DNS for 3 zones.' });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    await runJobs();
    const mail = await sink.waitFor((m) => m.to.includes('support@acme-cloud.example') && m.text.includes(acc.email));
    assert.match(mail.text, /DNS/);
    assert.match(mail.text, /3 zones/);
    const staff = await reseller.post(`/iam/clients/${acc.id}/services/${dns.id}/activation_request`, {});
    assert.equal(staff.status, 403, 'only the customer asks');
  });

  it('vendor settings: own mail server with a sealed password, and a test e-mail', async () => {
    const put = await reseller.put('/iam/reselling/settings', {
      privateSettings: { mailServer: { host: '127.0.0.1', port: String(sink.port), security: 'none', login: 'acme', password: 'Smtp-Secret-9183' } },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.privateSettings.mailServer.password, null);
    assert.equal(put.body.privateSettings.mailServer.has_password, true);
    const got = await reseller.get('/iam/reselling/settings');
    assert.doesNotMatch(got.text, /Smtp-Secret-9183/);
    // The SQLite files, or a dump of the PostgreSQL database.
    assert.ok(!databaseContains(db, 'Smtp-Secret-9183'), 'the SMTP password is stored in plain text');
    // Sent in the background: 202 at once, the result by id (tests/api/mail.test.mjs has more).
    const test = await reseller.post('/iam/reselling/settings/test_email', { email: 'ops@acme-cloud.example' });
    assert.equal(test.status, 202, JSON.stringify(test.body));
    const mail = await sink.waitFor((m) => m.to.includes('ops@acme-cloud.example'));
    let result;
    for (let i = 0; i < 100 && (!result || result.body.status === 'sending'); i++) {
      if (result) await new Promise((r) => setTimeout(r, 50));
      result = await reseller.get(`/iam/reselling/settings/test_email/${test.body.id}`);
    }
    assert.equal(result.body.status, 'sent', JSON.stringify(result.body));
    assert.match(mail.subject, /Acme Cloud/);
    assert.equal(mail.auth?.username ?? mail.auth?.user, 'acme');
    const bad = await reseller.put('/iam/reselling/settings', { privateSettings: { mailServer: { port: 'many' } }, publicSettings: { supportEmail: 'nope' } });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors['mailServer.port']);
    assert.ok(bad.body.errors.supportEmail);
    const activity = await reseller.get('/iam/activity_log/requests?path=reselling');
    assert.doesNotMatch(activity.text, /Smtp-Secret-9183/);
  });
});
