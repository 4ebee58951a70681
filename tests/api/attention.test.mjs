// Issue 16: the lifecycle preview against the jobs themselves (the preview of day D is what
// `clientele jobs run --now D` then does, day by day over 14 days, e-mails included), the
// overview and the Accounts-list filters it links to, and one account's effective policy with the
// operator's limits. SQLite, and PostgreSQL with CLIENTELE_TEST_BACKEND=postgres.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import {
  PASSWORD, makeTempDir, removeDir, migrate, createReseller, startServer, api, login, uniqueEmail,
  cli, dbUrl, BIN, expectStatus, expectFieldErrors,
} from './harness.mjs';
import { startSmtpSink } from '../support/smtp-sink.mjs';

const DAY = 24 * 3600e3;
const iso = (ms) => new Date(ms).toISOString();

// The kind of each lifecycle e-mail, by its English subject (mail/templates/catalog_en.cc).
function kindOf(subject) {
  if (/trial ends soon/.test(subject)) return 'trial_ends_soon';
  if (/trial has ended/.test(subject)) return 'trial_ended';
  if (/has been deleted from your account/.test(subject)) return 'product_deleted';
  if (/Account deleted:/.test(subject)) return 'account_deleted';
  return null;  // e-mails the jobs' rules do not send (trial started, deletion requested, ...)
}

describe('lifecycle preview, overview and effective policy', () => {
  let dir, db, sink, server, reseller, info;
  const accounts = {};  // name -> { id, email, services: {CDN: id, ...} }

  const smtpArgs = () => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--smtp-tls', 'none',
    '--smtp-from', 'noreply@clientele.test'];
  // Asynchronous: the SMTP sink lives in this process and must keep answering meanwhile.
  const runJobs = async (nowMs) => {
    const { stdout } = await promisify(execFile)(BIN, ['jobs', 'run', '--database', dbUrl(db), ...smtpArgs(),
      '--now', iso(nowMs)], { timeout: 120_000 });
    const counts = {};
    for (const line of stdout.split('\n')) {
      const m = line.match(/^(\w+): (\d+)$/);
      if (m) counts[m[1]] = Number(m[2]);
    }
    return counts;
  };
  const orgSet = (...args) => cli(['org', 'set', '--id', String(info.reseller_id), ...args, '--database', dbUrl(db)]);

  async function newAccount(name, statuses) {
    const email = uniqueEmail(`att-${name}`);
    const r = await reseller.post('/iam/users', { email, password: PASSWORD, company: `Attention ${name}`, name: 'Ann' });
    expectStatus(r, 201, 'create');
    const list = (await reseller.get(`/iam/clients/${r.body.client}/services`)).body;
    const services = Object.fromEntries(list.map((s) => [s.name, s.id]));
    accounts[name] = { id: r.body.client, email, services };
    for (const [product, steps] of Object.entries(statuses)) {
      for (const status of steps) {
        const put = await reseller.put(`/iam/clients/${r.body.client}/services/${services[product]}`, { status });
        expectStatus(put, 200, `${name} ${product} -> ${status}`);
      }
    }
    return accounts[name];
  }

  before(async () => {
    sink = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    info = createReseller(db);
    server = await startServer(db, ['--jobs-interval', '0', ...smtpArgs()]);
    reseller = api(server.base, await login(server.base, info.email));
  });

  after(async () => {
    if (process.env.ATTENTION_DEBUG) console.log(server?.output());
    await server?.stop();
    await sink?.close();
    if (process.env.ATTENTION_DEBUG) console.log(`kept ${dir}`);
    else removeDir(dir);
  });

  it('the 14-day preview is, day by day, what jobs run --now then does', async () => {
    cli(['platform', 'set', '--deletion-grace-days', '6', '--database', dbUrl(db)]);
    const alerts = await reseller.post(`/iam/reselling/resellers/${info.reseller_id}/notification_settings`,
      { notification_type: 'deletion_request', email: 'alerts@attention.example' });
    expectStatus(alerts, 201, 'alert address');

    // A 2-day trial: its notice is due at once, it ends on day 2 and (days to Deleted 4 by then)
    // reaches Deleted on day 6.
    orgSet('--trial-days', '2', '--days-to-deleted', '3');
    await newAccount('E', { CDN: ['trial'] });
    orgSet('--trial-days', '7', '--days-to-deleted', '4');
    // Notice day 4, end day 7, Deleted day 11; DNS paused now: Deleted day 4.
    await newAccount('A', { CDN: ['trial'], DNS: ['trial', 'paused'] });
    // Its own days to Deleted (2) and trial length (10), set before its products move.
    const b = await newAccount('B', {});
    expectStatus(await reseller.patch(`/iam/clients/${b.id}/lifecycle_policy`, { days_to_deleted: 2, trial_days: 10 }), 200);
    for (const [product, steps] of [['CDN', ['trial', 'trialend']], ['STORAGE', ['trial']]])
      for (const status of steps)
        expectStatus(await reseller.put(`/iam/clients/${b.id}/services/${b.services[product]}`, { status }), 200);
    // A trial extended while it runs: 7 -> 9 days (notice day 6, end day 9, Deleted day 13).
    const c = await newAccount('C', { CDN: ['trial'] });
    const extended = await reseller.patch(`/iam/clients/${c.id}/lifecycle_policy`, { trial_days: 9 });
    expectStatus(extended, 200);
    assert.equal(extended.body.trial_days.source, 'account');
    // Deletion requested (grace 6 days): notice day 4 goes out, the account is deleted on day 6,
    // its trial never ends.
    const d = await newAccount('D', { CDN: ['trial'] });
    const customer = api(server.base, await login(server.base, d.email));
    expectStatus(await customer.post('/iam/clients/me/deletion_request', { confirm: true }), 201);

    const t0 = Date.now();
    const preview = await reseller.get('/iam/lifecycle/preview?days=14');
    expectStatus(preview, 200);
    assert.equal(preview.body.truncated, false);
    const events = preview.body.events;
    const dates = events.map((e) => Date.parse(e.date));
    assert.deepEqual(dates, [...dates].sort((x, y) => x - y), 'in date order');
    const emailOf = Object.fromEntries(Object.values(accounts).map((a) => [a.id, a.email]));
    const nameOf = Object.fromEntries(Object.entries(accounts).map(([n, a]) => [a.id, n]));
    // What the data above makes due, as (day, account, product, event): the preview must know it.
    const summary = events.map((e) => `${Math.ceil((Date.parse(e.date) - t0) / DAY)} ${nameOf[e.client_id]} ${e.product ?? '-'} ${e.event} ${e.emails.join('+')}`);
    assert.deepEqual(summary.sort(), [
      '1 E CDN trial_ends_soon trial_ends_soon',
      '2 B CDN product_deleted product_deleted',
      '2 E CDN trial_end trial_ended',
      '4 A CDN trial_ends_soon trial_ends_soon',
      '4 A DNS product_deleted product_deleted',
      '4 D CDN trial_ends_soon trial_ends_soon',
      '6 C CDN trial_ends_soon trial_ends_soon',
      '6 D - account_deleted account_deleted',
      '6 E CDN product_deleted product_deleted',
      '7 A CDN trial_end trial_ended',
      '7 B STORAGE trial_ends_soon trial_ends_soon',
      '9 C CDN trial_end trial_ended',
      '10 B STORAGE trial_end trial_ended',
      '11 A CDN product_deleted product_deleted',
      '12 B STORAGE product_deleted product_deleted',
      '13 C CDN product_deleted product_deleted',
    ].sort());
    // One account's preview is the organisation's, narrowed to it (what is overdue is dated at
    // each answer's own "now").
    const dated = (p) => p.events.map((e) => ({ ...e, date: e.date === p.from ? 'now' : e.date }));
    for (const a of Object.values(accounts)) {
      const one = await reseller.get(`/iam/lifecycle/preview?days=14&client_id=${a.id}`);
      expectStatus(one, 200);
      assert.deepEqual(dated(one.body), dated(preview.body).filter((e) => e.client_id === a.id), `account ${a.id}`);
    }

    const reportKey = {
      trial_end: 'trials_ended', trial_ends_soon: 'trial_ends_soon_notices',
      product_deleted: 'products_deleted', account_deleted: 'accounts_deleted',
    };
    for (let day = 1; day <= 14; day++) {
      const at = t0 + day * DAY;
      const due = events.filter((e) => Date.parse(e.date) <= at && Date.parse(e.date) > at - DAY);
      const before = sink.messages.length;
      const report = await runJobs(at);
      // What the jobs did, by kind, is what the preview said for the day.
      for (const [event, key] of Object.entries(reportKey))
        assert.equal(report[key], due.filter((e) => e.event === event).length, `day ${day}: ${key}`);
      // The e-mails, by address and kind.
      const want = due.flatMap((e) => e.emails.map((k) => `${k === 'account_deleted' ? 'alerts@attention.example' : emailOf[e.client_id]} ${k}`));
      if (want.length) await sink.waitFor(() => sink.messages.slice(before).filter((m) => kindOf(m.subject)).length >= want.length);
      const got = sink.messages.slice(before).filter((m) => kindOf(m.subject))
        .map((m) => `${m.to.join(',')} ${kindOf(m.subject)}`);
      assert.deepEqual(got.sort(), want.sort(), `day ${day}: e-mails`);
      // And the state each event leaves.
      for (const e of due) {
        if (e.event === 'account_deleted') {
          assert.equal((await reseller.get(`/iam/clients/${e.client_id}`)).body.deleted, true, `day ${day}`);
          continue;
        }
        const s = (await reseller.get(`/iam/clients/${e.client_id}/services/${accounts[nameOf[e.client_id]].services[e.product]}`)).body;
        const status = { trial_ends_soon: 'trial', trial_end: 'trialend', product_deleted: 'deleted' }[e.event];
        assert.equal(s.status, status, `day ${day}: ${nameOf[e.client_id]} ${e.product} after ${e.event}`);
      }
    }
    // Nothing is left within the span.
    const after = await reseller.get('/iam/lifecycle/preview?days=1');
    assert.deepEqual(after.body.events.filter((e) => Date.parse(e.date) <= t0 + 14 * DAY), []);
  });

  it('preview: days and client_id are checked; another organisation\'s account is not found', async () => {
    for (const days of ['0', '61', 'x', '-3', '1.5'])
      expectFieldErrors(await reseller.get(`/iam/lifecycle/preview?days=${days}`), ['days'], days);
    expectFieldErrors(await reseller.get('/iam/lifecycle/preview?client_id=abc'), ['client_id']);
    expectStatus(await reseller.get('/iam/lifecycle/preview?days=60'), 200);
    const other = createReseller(db);
    const otherApi = api(server.base, await login(server.base, other.email));
    const theirs = await otherApi.post('/iam/users', { email: uniqueEmail('theirs'), password: PASSWORD, company: 'Theirs' });
    expectStatus(theirs, 201);
    expectStatus(await reseller.get(`/iam/lifecycle/preview?client_id=${theirs.body.client}`), 404);
    expectStatus(await reseller.get(`/iam/clients/${theirs.body.client}/lifecycle_policy`), 404);
    expectStatus(await reseller.patch(`/iam/clients/${theirs.body.client}/lifecycle_policy`, { trial_days: 20 }), 404);
  });

  it('overview: counts and lists, each the count of the Accounts list it links to', async () => {
    orgSet('--trial-days', '3', '--days-to-deleted', '30');
    const soon = await newAccount('Soon', { CDN: ['trial'] });
    orgSet('--trial-days', '14');
    const later = await newAccount('Later', { CDN: ['trial'] });
    const asking = await newAccount('Asking', {});
    const customer = api(server.base, await login(server.base, asking.email));
    expectStatus(await customer.post('/iam/clients/me/deletion_request', { confirm: true }), 201);

    const o = await reseller.get('/iam/overview');
    expectStatus(o, 200);
    const until = o.body.until;
    assert.equal(Date.parse(until) - Date.parse(o.body.from), 7 * DAY, 'seven days unless asked');
    const trials = o.body.trials_ending.results.map((i) => i.client_id);
    assert.ok(trials.includes(soon.id), JSON.stringify(o.body.trials_ending));
    assert.ok(!trials.includes(later.id));
    const item = o.body.trials_ending.results.find((i) => i.client_id === soon.id);
    assert.equal(item.product, 'CDN');
    assert.equal(item.companyName, 'Attention Soon');
    assert.ok(o.body.deletion_requests.results.some((i) => i.client_id === asking.id && i.due_at));

    const count = async (q) => (await reseller.get(`/iam/clients?limit=100&${q}`)).body;
    const linked = await count(`trial_end_lte=${encodeURIComponent(until)}`);
    assert.equal(linked.count, o.body.trials_ending.count);
    assert.ok(linked.results.some((c) => c.id === soon.id) && !linked.results.some((c) => c.id === later.id));
    assert.equal((await count(`deleted_date_lte=${encodeURIComponent(until)}`)).count, o.body.deletions_due.count);
    assert.equal((await count('deletion_requested=true')).count, o.body.deletion_requests.count);
    for (const s of ['preparation', 'trial', 'active', 'trialend'])
      assert.equal((await count(`status=${s}`)).count, o.body.statuses[s], s);
    assert.equal((await count('deleted=true&is_test=all')).count, o.body.statuses.deleted);
    // The filters combine with the others, and bad values name the field.
    assert.equal((await count(`trial_end_lte=${encodeURIComponent(until)}&id=${later.id}`)).count, 0);
    expectFieldErrors(await reseller.get('/iam/clients?trial_end_lte=soon'), ['trial_end_lte']);
    expectFieldErrors(await reseller.get('/iam/overview?days=0'), ['days']);
    assert.ok(Array.isArray(o.body.status_changes) && o.body.status_changes.length > 0);
    assert.equal(typeof o.body.status_changes[0].companyName, 'string');
  });

  it('effective policy: where each value comes from, the operator\'s limits, the activity log', async () => {
    orgSet('--trial-days', '14', '--days-to-deleted', '30');
    const a = await newAccount('Policy', { CDN: ['trial'] });
    let p = (await reseller.get(`/iam/clients/${a.id}/lifecycle_policy`)).body;
    assert.deepEqual([p.trial_days.days, p.trial_days.source, p.trial_days.min_days, p.trial_days.max_days], [14, 'platform', 14, 60]);
    assert.deepEqual([p.days_to_deleted.days, p.days_to_deleted.source], [30, 'platform']);
    assert.deepEqual([p.deletion_grace_days.days, p.deletion_grace_days.source], [6, 'platform']);
    orgSet('--days-to-deleted', '20', '--max-trial-days', '21', '--max-days-to-deleted', '40');
    p = (await reseller.get(`/iam/clients/${a.id}/lifecycle_policy`)).body;
    assert.deepEqual([p.days_to_deleted.days, p.days_to_deleted.source, p.days_to_deleted.max_days], [20, 'organisation', 40]);

    const url = `/iam/clients/${a.id}/lifecycle_policy`;
    const trialEnd = async () => Date.parse((await reseller.get(`/iam/clients/${a.id}/services/${a.services.CDN}`)).body.trial_end);
    const endBefore = await trialEnd();
    expectFieldErrors(await reseller.patch(url, { trial_days: 22 }), ['trial_days'], 'over the limit');
    expectFieldErrors(await reseller.patch(url, { trial_days: 13 }), ['trial_days'], 'shorter than the organisation');
    expectFieldErrors(await reseller.patch(url, { trial_days: 'long' }), ['trial_days']);
    expectFieldErrors(await reseller.patch(url, { days_to_deleted: 41, trial_days: 21 }), ['days_to_deleted']);
    assert.equal(await trialEnd(), endBefore, 'a refused change changes nothing');
    const ok = await reseller.patch(url, { trial_days: 21 });
    expectStatus(ok, 200);
    assert.deepEqual([ok.body.trial_days.days, ok.body.trial_days.source, ok.body.trial_days.inherited_days], [21, 'account', 14]);
    assert.equal(await trialEnd(), endBefore + 7 * DAY, 'the running trial is extended');
    const log = await reseller.get(`/iam/activity_log/requests?path=${a.id}/lifecycle_policy`);
    const entry = log.body.result.find((e) => e.method === 'PATCH' && e.status_code === 200);
    assert.ok(entry, log.text);
    assert.equal(entry.event.action, 'lifecycle_policy_changed');
    assert.deepEqual(entry.event.fields, { trial_days: 21 });
    // Back to the organisation's.
    const back = await reseller.patch(url, { trial_days: null });
    assert.deepEqual([back.body.trial_days.days, back.body.trial_days.source], [14, 'platform']);
    assert.equal(await trialEnd(), endBefore);
    const list = cli(['org', 'list', '--json', '--database', dbUrl(db)]);
    assert.match(list, /"max_trial_days": 21, "max_days_to_deleted": 40/);
  });
});
