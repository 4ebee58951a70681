// Several Clientele instances on one PostgreSQL database (PostgreSQL only).
//
// Two `clientele serve` instances start at once on a fresh database and share it: a sign-in on
// one works on the other. 200 accounts get a product in trial (each queues a "trial started"
// e-mail). Then two `clientele jobs run` processes run the due work at the same instant, and one
// of them is SIGKILLed mid-batch; the jobs run again; and every transition and every e-mail
// happened exactly once:
//  - round 1 (trials end): the killed runner had claimed a batch of e-mails and was waiting for
//    the mail server's answer to the first one; its lease runs out and a later run sends them;
//  - round 2 (products deleted): the killed runner was inside its database transaction
//    (holding the organisation's lock, part of the batch done); PostgreSQL rolls it back and the
//    other runner does the batch.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import {
  BACKEND, BIN, REPO_ROOT, PASSWORD, makeTempDir, removeDir, createReseller, startServer, api,
  login, loginRaw, uniqueEmail, dbUrl, psql, expectStatus, runCli,
} from './harness.mjs';
import { startSmtpSink } from '../support/smtp-sink.mjs';

const ACCOUNTS = 200;
const HOUR = 3600e3;
const DAY = 24 * HOUR;
const iso = (ms) => new Date(ms).toISOString();
// pg_locks shows a two-key advisory lock as classid and objid (objsubid 2): a write unit's lock
// of one organisation is (0x436c0003, organisation id); see storage/sql/locking_tx.h.
const ORG_LOCK_SPACE = 0x436c0003;

const skip = BACKEND === 'postgres'
  ? false
  : 'PostgreSQL only: several instances share a PostgreSQL database ' +
    '(run with CLIENTELE_TEST_BACKEND=postgres and CLIENTELE_TEST_PG_URL, as scripts/test.sh does)';

describe('several instances on one PostgreSQL database', { skip, timeout: 600_000 }, () => {
  let dir, db, sinkX, sinkY, a, b, resellerInfo, accounts;

  const sql = (text) => psql(dbUrl(db), text).trim();
  const smtpArgs = (sink) => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port),
    '--smtp-tls', 'none', '--smtp-from', 'noreply@clientele.test'];

  // A `clientele jobs run` process, named in pg_stat_activity by its application_name.
  function startJobs(name, nowMs, sink) {
    const url = new URL(dbUrl(db));
    url.searchParams.set('application_name', name);
    const proc = spawn(BIN, ['jobs', 'run', '--now', iso(nowMs), '--database', url.toString(), ...smtpArgs(sink)],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => resolve({ name, code, signal, stdout, stderr, report: report(stdout) }));
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), 180_000);
    exited.then(() => clearTimeout(timer));
    return { name, proc, exited };
  }
  const report = (stdout) => Object.fromEntries(
    [...stdout.matchAll(/^(\w+): (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));

  // The runner, if any, inside a lifecycle batch right now: it holds the organisation's lock,
  // has locked or changed rows (so it has a transaction id) and holds a lock on `services`.
  async function runnerInsideABatch() {
    const { stdout } = await promisify(execFile)('psql', [dbUrl(db), '-X', '-q', '-A', '-t', '-F', ' ', '-c',
      `SELECT a.application_name, round(extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.classid = ${ORG_LOCK_SPACE} AND l.objid = ${resellerInfo.reseller_id}
          AND a.datname = current_database()
          AND a.application_name LIKE 'runner-%' AND a.backend_xid IS NOT NULL
          AND EXISTS (SELECT 1 FROM pg_locks s WHERE s.pid = a.pid AND s.locktype = 'relation'
                      AND s.relation = 'services'::regclass)`]);
    const [name, ms] = stdout.trim().split(' ');
    return name ? { name, ms: Number(ms) } : null;
  }

  // Every message both sinks accepted, by the outbox id in its Message-ID.
  function deliveredOutboxIds() {
    const ids = [];
    for (const m of [...sinkX.messages, ...sinkY.messages]) {
      const id = /<?outbox-(\d+)@clientele>?/.exec(m.headers['message-id'] ?? '');
      assert.ok(id, `a message without an outbox Message-ID: ${m.headers['message-id']}`);
      ids.push(Number(id[1]));
    }
    return ids;
  }

  before(async () => {
    sinkX = await startSmtpSink();
    sinkY = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    // Both instances start at once on the fresh database: both apply pending migrations.
    [a, b] = await Promise.all([
      startServer(db, ['--jobs-interval', '0']),
      startServer(db, ['--jobs-interval', '0']),
    ]);
    resellerInfo = createReseller(db);
  });

  after(async () => {
    await a?.stop();
    await b?.stop();
    await sinkX?.close();
    await sinkY?.close();
    removeDir(dir);
  });

  it('two instances starting at once apply each migration once', () => {
    const files = readdirSync(path.join(REPO_ROOT, 'server/src/storage/migrations/postgres'))
      .filter((f) => f.endsWith('.sql')).sort();
    assert.deepEqual(sql('SELECT version FROM schema_migrations ORDER BY version').split('\n'), files);
  });

  it('a sign-in on one instance works on the other, refresh tokens once across both', async () => {
    const first = await loginRaw(a.base, resellerInfo.email, PASSWORD);
    expectStatus(first, 200, 'sign in on A');
    expectStatus(await api(b.base, first.body.access).get('/iam/clients'), 200, 'A\'s token on B');
    const renewed = await api(b.base).post('/iam/auth/jwt/refresh', { refresh: first.body.refresh });
    expectStatus(renewed, 200, 'A\'s refresh token on B');
    expectStatus(await api(a.base, renewed.body.access).get('/iam/clients/me'), 200, 'B\'s token on A');
    const replay = await api(a.base).post('/iam/auth/jwt/refresh', { refresh: first.body.refresh });
    expectStatus(replay, 401, 'the same refresh token again, on A');
  });

  it('an instance with a different secret key refuses to start', () => {
    const other = path.join(dir, 'other-secret.key');
    const r = runCli(['jobs', 'run', '--database', dbUrl(db), '--secret-key-file', other]);
    assert.notEqual(r.status, 0, 'a second key must be refused');
    assert.match(r.stderr, /same key file/);
  });

  it(`${ACCOUNTS} accounts with a product in trial, created through both instances`, async () => {
    const token = await login(a.base, resellerInfo.email);
    const via = [api(a.base, token), api(b.base, token)];
    accounts = [];
    const create = async (i) => {
      const email = uniqueEmail(`multi${i}`);
      const created = await via[i % 2].post('/iam/users', { email, password: PASSWORD, company: `Multi ${i}` });
      expectStatus(created, 201, `account ${i}`);
      const id = created.body.client;
      const services = await via[(i + 1) % 2].get(`/iam/clients/${id}/services`);
      const cdn = services.body.find((s) => s.name === 'CDN');
      const trial = await via[i % 2].put(`/iam/clients/${id}/services/${cdn.id}`, { status: 'trial', enabled: true });
      expectStatus(trial, 200, `trial of account ${i}`);
      accounts[i] = { id, email, cdn: cdn.id, trialEnd: Date.parse(trial.body.trial_end) };
    };
    const t0 = Date.now();
    for (let i = 0; i < ACCOUNTS; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, ACCOUNTS - i) }, (_, k) => create(i + k)));
    }
    console.log(`# ${ACCOUNTS} accounts created and put in trial in ${Date.now() - t0} ms`);
    const page = await via[1].get('/iam/clients?limit=1');
    assert.equal(page.body.count, ACCOUNTS + 1, 'the accounts and the reseller\'s own');
    assert.equal(Number(sql("SELECT count(*) FROM outbox WHERE state = 'pending'")), ACCOUNTS,
      'one "trial started" e-mail queued per account');
  });

  it('round 1: two runners end the trials at once; one is killed while sending; each e-mail goes out once', async () => {
    const now = Math.max(...accounts.map((x) => x.trialEnd)) + HOUR;
    const t0 = Date.now();
    sinkX.replyDelayMs = 10;  // X sends slowly, so Y certainly claims a batch too
    sinkY.hold = true;        // Y's first message waits for an answer that never comes
    const x = startJobs('runner-x1', now, sinkX);
    const y = startJobs('runner-y1', now, sinkY);
    const heldOrExit = await Promise.race([sinkY.waitForHeld(120_000).then(() => 'held'), y.exited.then(() => 'exited')]);
    assert.equal(heldOrExit, 'held', 'runner Y should have claimed e-mails before X sent them all');
    const leased = Number(sql(`SELECT count(*) FROM outbox WHERE state = 'pending' AND next_attempt_at > ${now * 1000}`));
    y.proc.kill('SIGKILL');
    const [yEnd, xEnd] = await Promise.all([y.exited, x.exited]);
    assert.equal(yEnd.signal, 'SIGKILL');
    assert.equal(xEnd.code, 0, `runner X: ${xEnd.stderr}`);
    sinkY.release();  // the held message's sender is gone: it was never accepted
    assert.equal(sinkY.messages.length, 0);

    // The killed runner's claimed e-mails wait for their lease (5 minutes) to run out.
    const pending = Number(sql("SELECT count(*) FROM outbox WHERE state = 'pending'"));
    assert.ok(pending > 0 && pending <= 100, `Y's leased batch is still pending: ${pending}`);
    const trialsEnded = xEnd.report.trials_ended;
    console.log(`# round 1 runners done in ${Date.now() - t0} ms`);
    console.log(`# round 1: X ended ${trialsEnded} trials, sent ${xEnd.report.emails_sent} e-mails; ` +
      `Y was killed waiting for the mail server inside its claimed batch (${leased} e-mails leased ` +
      `by X and Y at that moment); ${pending} left pending`);

    // The jobs again, twice at once, after the lease.
    sinkX.replyDelayMs = 0;
    const again = await Promise.all([startJobs('runner-x2', now + 10 * 60e3, sinkX).exited,
      startJobs('runner-y2', now + 10 * 60e3, sinkY).exited]);
    for (const r of again) assert.equal(r.code, 0, `${r.name}: ${r.stderr}`);
    console.log(`# round 1 rerun done after ${Date.now() - t0} ms`);
    assert.equal(again[0].report.trials_ended + again[1].report.trials_ended, 0, 'no trial is ended twice');
    assert.equal(again[0].report.emails_sent + again[1].report.emails_sent, pending);

    // Every e-mail exactly once: one accepted message per outbox row, all sent.
    const delivered = deliveredOutboxIds();
    assert.equal(new Set(delivered).size, delivered.length, 'an e-mail was sent twice');
    const sent = sql("SELECT id FROM outbox WHERE state = 'sent' ORDER BY id").split('\n').map(Number);
    assert.deepEqual([...delivered].sort((p, q) => p - q), sent);
    assert.equal(sent.length, 2 * ACCOUNTS, 'trial started + trial ended, per account');
    assert.equal(sql("SELECT count(*) FROM outbox WHERE state <> 'sent'"), '0');
    const kinds = new Map(sql("SELECT to_address || ' ' || string_agg(kind, ',' ORDER BY kind) FROM outbox GROUP BY to_address")
      .split('\n').map((line) => line.split(' ')));
    for (const acc of accounts) assert.equal(kinds.get(acc.email), 'trial_ended,trial_started', `e-mails of ${acc.email}`);
  });

  it('round 1: every trial ended exactly once, as seen through either instance', async () => {
    const token = await login(b.base, resellerInfo.email);
    const via = [api(a.base, token), api(b.base, token)];
    const changes = await via[0].get('/iam/activity_log/account_status_changes?limit=1000');
    expectStatus(changes, 200);
    assert.equal(changes.body.count, 1 + 3 * ACCOUNTS, 'created, trial, trial ended: per account');
    for (const [i, acc] of accounts.entries()) {
      const mine = changes.body.result.filter((c) => c.client === acc.id);
      assert.deepEqual(mine.map((c) => [c.old_status, c.new_status]),
        [['trial', 'trialend'], ['preparation', 'trial'], [null, 'preparation']], `account ${acc.id}`);
      const cdn = await via[i % 2].get(`/iam/clients/${acc.id}/services/${acc.cdn}`);
      assert.equal(cdn.body.status, 'trialend');
      assert.equal(Date.parse(cdn.body.status_changed_at), acc.trialEnd, 'ended at its trial end');
    }
    // The account list (each instance's in-memory index, kept current by the change log the
    // runners' batches wrote) agrees.
    for (const v of via) {
      assert.equal((await v.get('/iam/clients?cdn=trialend&limit=1')).body.count, ACCOUNTS);
      assert.equal((await v.get('/iam/clients?cdn=trial&limit=1')).body.count, 0);
      assert.equal((await v.get('/iam/clients?status=trialend&limit=1')).body.count, ACCOUNTS);
    }
  });

  it('round 2: a runner killed inside its transaction is rolled back; each product is deleted once', async () => {
    const now = Math.max(...accounts.map((x) => x.trialEnd)) + 31 * DAY;
    sinkX.clear();
    sinkY.clear();
    // A batch is over in milliseconds; to kill a runner inside one, the test holds its batch
    // up: a transaction of its own inserts (uncommitted) an outbox row with the dedupe key of
    // one of the batch's e-mails, so the runner's insert of that e-mail waits for it, after the
    // batch has moved the products and the account statuses.
    const key = sql(`SELECT 'product_deleted:' || id || ':' || deleted_date FROM services WHERE id = ${accounts[0].cdn}`);
    const blocker = spawn('psql', [dbUrl(db), '-X', '-q', '-v', 'ON_ERROR_STOP=1'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const blockerGone = new Promise((resolve) => blocker.on('exit', resolve));
    await new Promise((resolve, reject) => {
      let out = '';
      blocker.stdout.setEncoding('utf8').on('data', (d) => { out += d; if (out.includes('inserted')) resolve(); });
      blocker.on('exit', () => reject(new Error('the blocking transaction ended early')));
      blocker.stdin.write('BEGIN;\nINSERT INTO outbox (org_id, kind, dedupe_key, to_address, subject, text_body, ' +
        `next_attempt_at, created_at) VALUES (${resellerInfo.reseller_id}, 'product_deleted', '${key}', ` +
        "'blocker@example.test', '', '', 0, 0);\n\\echo inserted\n");
    });
    const runners = [startJobs('runner-x3', now, sinkX), startJobs('runner-y3', now, sinkY)];
    let inside = null;
    const deadline = Date.now() + 60_000;
    while (!inside && Date.now() < deadline) {
      inside = await runnerInsideABatch();
      const done = await Promise.race([Promise.all(runners.map((r) => r.exited)), new Promise((r) => setTimeout(r, 5))]);
      if (Array.isArray(done)) break;
    }
    assert.ok(inside, 'a runner should have been caught inside its deletion batch');
    const victim = runners.find((r) => r.name === inside.name);
    const survivor = runners.find((r) => r !== victim);
    victim.proc.kill('SIGKILL');
    blocker.stdin.end('ROLLBACK;\n');
    await blockerGone;
    const [vEnd, sEnd] = await Promise.all([victim.exited, survivor.exited]);
    assert.equal(vEnd.signal, 'SIGKILL');
    assert.equal(sEnd.code, 0, `${sEnd.name}: ${sEnd.stderr}`);
    console.log(`# round 2: ${victim.name} killed ${inside.ms} ms into its transaction; ` +
      `${sEnd.name} deleted ${sEnd.report.products_deleted} products and sent ${sEnd.report.emails_sent} e-mails`);

    const again = await startJobs('runner-x4', now + HOUR, sinkX).exited;
    assert.equal(again.code, 0, again.stderr);
    assert.equal(sEnd.report.products_deleted + again.report.products_deleted, ACCOUNTS,
      'the killed runner\'s partial batch was rolled back and done once by the others');

    assert.equal(sql("SELECT status || ' ' || count(*) FROM services WHERE product = 'CDN' AND status <> 'new' " +
      'GROUP BY status'), `deleted ${ACCOUNTS}`, 'the CDN of every account in trial, and only those');
    const delivered = deliveredOutboxIds();
    assert.equal(new Set(delivered).size, delivered.length, 'an e-mail was sent twice');
    assert.equal(delivered.length, ACCOUNTS);
    assert.equal(sql("SELECT count(*) FROM outbox WHERE kind = 'product_deleted' AND state = 'sent'"), String(ACCOUNTS));
    assert.equal(sql("SELECT count(*) FROM outbox WHERE state <> 'sent'"), '0');
    // Deleting an ended trial leaves the account in trialend: no new status change.
    assert.equal(sql('SELECT count(*) FROM account_status_changes'), String(1 + 3 * ACCOUNTS));
    const token = await login(a.base, resellerInfo.email);
    const cdn = await api(b.base, token).get(`/iam/clients/${accounts[0].id}/services/${accounts[0].cdn}`);
    assert.equal(cdn.body.status, 'deleted');
    for (const base of [a.base, b.base]) {
      assert.equal((await api(base, token).get('/iam/clients?cdn=deleted&limit=1')).body.count, ACCOUNTS);
      assert.equal((await api(base, token).get('/iam/clients?cdn=trialend&limit=1')).body.count, 0);
    }
  });
});
