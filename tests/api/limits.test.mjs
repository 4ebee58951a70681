// Limits (docs/security.md, "Limits"): sign-in back-off per (e-mail, client address) pair, unknown
// e-mails answered like known ones, throttled reset e-mails, request rates per address and per
// person, the cap on password checks at once, and the cap on open connections.
//
// The harness talks from 127.0.0.1. The main server is started with --trusted-proxy 127.0.0.1,
// so each test names its own client address in X-Forwarded-For (documentation addresses from
// RFC 5737) and never shares a limit with another test. The second server trusts nobody.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  PASSWORD, makeTempDir, removeDir, migrate, createReseller, startServer, api, login, uniqueEmail,
  dbUrl, BIN, expectStatus, show, createAccount, runCli,
} from './harness.mjs';
import { startSmtpSink } from '../support/smtp-sink.mjs';

const BAD_CREDENTIALS = 'No active account found with the given credentials.';
const LOCKED = /^Too many failed sign-in attempts\. Try again in \d+ seconds\.$/;
const FREE_FAILURES = 5;
const CREDENTIAL_BURST = 30; // kCredentialRequestsPerAddress
const ADDRESS_BURST = 600; // kRequestsPerAddress
const PERSON_BURST = 300; // kRequestsPerPerson
const RESET_MAILS_PER_EMAIL = 3; // kResetMailsPerEmail

const from = (address) => ({ headers: { 'x-forwarded-for': address } });

function expectRetryAfter(r, max, what) {
  const retry = r.headers.get('retry-after');
  assert.ok(retry !== null, `${what}: Retry-After is required: ${show(r)}`);
  const secs = Number(retry);
  assert.ok(Number.isInteger(secs) && secs >= 1 && secs <= max, `${what}: Retry-After 1..${max}: ${retry}`);
}

async function timed(promise) {
  const start = process.hrtime.bigint();
  const r = await promise;
  return { r, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

describe('limits', () => {
  let dir, db, sink, server, resellerInfo, reseller;
  const smtpArgs = () => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--smtp-tls', 'none',
    '--smtp-from', 'noreply@clientele.test'];
  const sendMail = () => promisify(execFile)(BIN, ['jobs', 'run', '--database', dbUrl(db), ...smtpArgs()]);
  const signIn = (username, password, address) =>
    api(server.base).post('/iam/auth/jwt/login', { username, password }, from(address));

  before(async () => {
    sink = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    resellerInfo = createReseller(db);
    server = await startServer(db, ['--jobs-interval', '0', '--trusted-proxy', '127.0.0.1', ...smtpArgs()]);
    reseller = api(server.base, await login(server.base, resellerInfo.email));
  });
  after(async () => {
    await server?.stop();
    await sink?.close();
    removeDir(dir);
  });

  it('wrong passwords from one address lock only that address: the person signs in from another', async () => {
    const person = await createAccount(reseller, { email: uniqueEmail('victim') });
    const stranger = '203.0.113.10';
    for (let i = 1; i <= FREE_FAILURES; i++) {
      const r = await signIn(person.email, `Wrong-Password-${i}x`, stranger);
      expectStatus(r, 401, `wrong password #${i}`);
      assert.deepEqual(r.body, { message: BAD_CREDENTIALS });
    }
    const locked = await signIn(person.email, PASSWORD, stranger);
    expectStatus(locked, 429, 'the right password from the guessing address');
    expectRetryAfter(locked, 60, 'locked pair');
    assert.match(locked.body.message, LOCKED);
    assert.ok(!('access' in locked.body), 'no tokens while locked');

    const own = await signIn(person.email, PASSWORD, '198.51.100.20');
    expectStatus(own, 200, 'the person, from their own address');
    assert.equal(typeof own.body.access, 'string');
    // The portal sign-in follows the same rule.
    const portal = await api(server.base).post('/iam/auth/session',
      { username: person.email, password: PASSWORD, portal: 'customer' }, from('198.51.100.20'));
    expectStatus(portal, 200, 'portal session from the own address');
    const portalLocked = await api(server.base).post('/iam/auth/session',
      { username: person.email, password: PASSWORD, portal: 'customer' }, from(stranger));
    expectStatus(portalLocked, 429, 'portal session from the locked address');
    // Still locked for the stranger after the person signed in.
    expectStatus(await signIn(person.email, PASSWORD, stranger), 429, 'stranger still locked');
  });

  it('an unknown e-mail answers exactly like a known one, in about the same time', async () => {
    const known = (await createAccount(reseller, { email: uniqueEmail('known') })).email;
    const unknown = uniqueEmail('nobody');
    const runs = {};
    for (const [name, email, address] of [['known', known, '203.0.113.21'], ['unknown', unknown, '203.0.113.22']]) {
      const statuses = [];
      const bodies = [];
      const failMs = [];
      const lockedMs = [];
      for (let i = 0; i < FREE_FAILURES + 3; i++) {
        const { r, ms } = await timed(signIn(email, 'Wrong-Password-1', address));
        statuses.push(r.status);
        bodies.push(r.status === 429 ? { message: r.body.message.replace(/\d+/, 'N') } : r.body);
        (r.status === 429 ? lockedMs : failMs).push(ms);
        if (r.status === 429) expectRetryAfter(r, 60, `${name} locked`);
      }
      runs[name] = { statuses, bodies, fail: median(failMs), locked: median(lockedMs) };
    }
    const expected = [...Array(FREE_FAILURES).fill(401), 429, 429, 429];
    assert.deepEqual(runs.known.statuses, expected, 'known e-mail');
    assert.deepEqual(runs.unknown.statuses, expected, 'unknown e-mail: the same sequence');
    assert.deepEqual(runs.unknown.bodies, runs.known.bodies, 'the same bodies');
    // Every answer checks a password (argon2id, ~0.1 s): a locked pair and an unknown e-mail
    // take about as long as a wrong password. Loose bounds: only a skipped hash fails them.
    const within = (a, b) => a < b * 3 && b < a * 3;
    const t = JSON.stringify(runs, (k, v) => (k === 'bodies' ? undefined : v));
    assert.ok(within(runs.unknown.fail, runs.known.fail), `unknown vs wrong password: ${t}`);
    assert.ok(within(runs.known.locked, runs.known.fail), `locked vs wrong password: ${t}`);
    assert.ok(within(runs.unknown.locked, runs.known.fail), `unknown locked vs wrong password: ${t}`);
  });

  it('forgot password sends at most the documented number of e-mails to one address, answering 200 each time', async () => {
    const person = await createAccount(reseller, { email: uniqueEmail('forgetful') });
    const answers = [];
    for (let i = 0; i < RESET_MAILS_PER_EMAIL + 3; i++) {
      const r = await api(server.base).post('/iam/auth/password/forgot', { email: person.email }, from('203.0.113.30'));
      expectStatus(r, 200, `forgot #${i + 1}`);
      answers.push(r.body);
    }
    for (const a of answers) assert.deepEqual(a, answers[0], 'the same answer every time');
    const resets = () => sink.messages.filter((m) => m.to.includes(person.email) && /reset-password\?token=/.test(m.text));
    await sendMail();
    await sink.waitFor(() => resets().length >= RESET_MAILS_PER_EMAIL);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sendMail();
    assert.equal(resets().length, RESET_MAILS_PER_EMAIL, 'no more e-mails than the limit');
  });

  it('a burst of sign-ins from one address gets 429 with Retry-After; other addresses are not affected', async () => {
    const address = '203.0.113.40';
    // At once, as a guessing script would: one by one, each waits for its password check.
    const attempts = await Promise.all(Array.from({ length: CREDENTIAL_BURST + 10 }, () =>
      signIn(uniqueEmail('burst'), 'Wrong-Password-1', address)));
    const statuses = attempts.map((r) => r.status);
    const refused = attempts.filter((r) => r.status === 429);
    assert.ok(refused.length > 0, `then 429: ${statuses.join(' ')}`);
    assert.ok(statuses.length - refused.length >= CREDENTIAL_BURST, `the burst is allowed: ${statuses.join(' ')}`);
    // The others were checked (401) or found every password slot busy (503).
    assert.ok(statuses.every((s) => [401, 429, 503].includes(s)), statuses.join(' '));
    for (const r of refused) {
      expectRetryAfter(r, 10, 'credential bucket');
      assert.match(r.body.message, /^Too many requests\. Try again in \d+ seconds\.$/);
    }
    expectStatus(await signIn(resellerInfo.email, PASSWORD, '203.0.113.41'), 200, 'another address');
  });

  it('requests per address and per person are limited too', async () => {
    const burst = async (n, send) => {
      const statuses = [];
      let refused;
      for (let i = 0; i < n; i += 25) {
        const batch = await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => send()));
        for (const r of batch) {
          statuses.push(r.status);
          if (r.status === 429 && !refused) refused = r;
        }
      }
      return { statuses, refused };
    };
    const anonymous = await burst(ADDRESS_BURST + 400, () => api(server.base).get('/healthz', from('203.0.113.50')));
    assert.ok(anonymous.statuses.filter((s) => s === 200).length >= ADDRESS_BURST, 'the burst is allowed');
    assert.ok(anonymous.refused, 'then 429');
    expectRetryAfter(anonymous.refused, 1, 'address bucket');
    expectStatus(await api(server.base).get('/healthz', from('203.0.113.51')), 200, 'another address');

    const token = (await signIn(resellerInfo.email, PASSWORD, '203.0.113.52')).body.access;
    const person = await burst(PERSON_BURST + 200, () => api(server.base, token).get('/iam/clients/me', from('203.0.113.52')));
    assert.ok(person.statuses.filter((s) => s === 200).length >= PERSON_BURST, 'the burst is allowed');
    assert.ok(person.refused, 'then 429');
    expectRetryAfter(person.refused, 1, 'person bucket');
    // The person's bucket, not the address's: another address gets no fresh burst.
    const elsewhere = await burst(25, () => api(server.base, token).get('/iam/clients/me', from('203.0.113.53')));
    assert.ok(elsewhere.refused, `the same person from another address: ${elsewhere.statuses.join(' ')}`);
  });

  it('password checks never take every worker: excess sign-ins are answered 503 at once', async () => {
    // 4 workers (the default), so at most 3 password checks at once.
    const attempts = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      timed(signIn(uniqueEmail('storm'), 'Wrong-Password-1', `203.0.113.${100 + i}`))));
    const busy = attempts.filter(({ r }) => r.status === 503);
    assert.ok(busy.length > 0, `some are refused: ${attempts.map(({ r }) => r.status).join(' ')}`);
    for (const { r } of busy) assert.equal(r.headers.get('retry-after'), '1', show(r));
    assert.ok(attempts.every(({ r }) => r.status === 401 || r.status === 503),
      attempts.map(({ r }) => r.status).join(' '));
  });
});

describe('connection cap, and X-Forwarded-For without a trusted proxy', () => {
  let dir, db, server, resellerInfo;
  const MAX = 5;
  const PER_ADDRESS = 3;

  before(async () => {
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    resellerInfo = createReseller(db);
    server = await startServer(db, ['--max-connections', String(MAX),
      '--max-connections-per-address', String(PER_ADDRESS)]);
  });
  after(async () => {
    await server?.stop();
    removeDir(dir);
  });

  // Connects from `localAddress`; resolves once connected, with `closed` (a promise that
  // resolves true when the server closes the connection).
  function open(localAddress) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress });
      const closed = new Promise((r) => {
        socket.on('end', () => r(true));
        socket.on('close', () => r(true));
      });
      socket.on('error', () => {});
      socket.once('connect', () => resolve({ socket, closed }));
      socket.once('error', reject);
    });
  }
  const closedWithin = (conn, ms) =>
    Promise.race([conn.closed, new Promise((r) => setTimeout(() => r(false), ms))]);

  function plainGet(p) {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: p, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
    });
  }

  it('connections over the per-address and total caps are closed at once; others keep working', async () => {
    const kept = [];
    for (let i = 0; i < PER_ADDRESS; i++) kept.push(await open('127.0.0.1'));
    const extra = await open('127.0.0.1');
    assert.equal(await closedWithin(extra, 3000), true, 'one more from the same address is closed');
    for (let i = PER_ADDRESS; i < MAX; i++) kept.push(await open('127.0.0.2'));
    const overTotal = await open('127.0.0.3');
    assert.equal(await closedWithin(overTotal, 3000), true, 'one more in total is closed');
    for (const c of kept) assert.equal(await closedWithin(c, 10), false, 'the admitted ones stay open');

    // A request on an admitted connection is served.
    kept[0].socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    const reply = await new Promise((resolve) => {
      let data = '';
      kept[0].socket.on('data', (d) => { data += d; });
      kept[0].socket.on('end', () => resolve(data));
    });
    assert.match(reply, /^HTTP\/1\.1 200/);

    for (const c of kept) c.socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await plainGet('/healthz'), 200, 'after closing some, new connections are served');
  });

  it('X-Forwarded-For is ignored unless the server is told to trust the proxy', async () => {
    const base = server.base;
    for (let i = 1; i <= FREE_FAILURES; i++) {
      const r = await api(base).post('/iam/auth/jwt/login',
        { username: resellerInfo.email, password: `Wrong-Password-${i}x` }, from('203.0.113.60'));
      expectStatus(r, 401, `wrong password #${i}`);
    }
    const r = await api(base).post('/iam/auth/jwt/login',
      { username: resellerInfo.email, password: PASSWORD }, from('198.51.100.61'));
    expectStatus(r, 429, 'a forged X-Forwarded-For does not escape the lock of 127.0.0.1');
  });
});

describe('request rates set by the operator', () => {
  let dir, db, server, resellerInfo;

  before(async () => {
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    resellerInfo = createReseller(db);
    // 1 request a second per person (a burst of 15), 2 per address (a burst of 24).
    server = await startServer(db, ['--trusted-proxy', '127.0.0.1',
      '--requests-per-person', '1', '--requests-per-address', '2']);
  });
  after(async () => {
    await server?.stop();
    removeDir(dir);
  });

  const until429 = async (max, send) => {
    const statuses = [];
    for (let i = 0; i < max; i++) {
      const r = await send();
      statuses.push(r.status);
      if (r.status === 429) return { statuses, refused: r };
    }
    return { statuses };
  };

  it('--requests-per-person and --requests-per-address set the buckets, bursts in proportion', async () => {
    const token = (await api(server.base).post('/iam/auth/jwt/login',
      { username: resellerInfo.email, password: PASSWORD }, from('203.0.113.70'))).body.access;
    assert.ok(token, 'signed in');
    // Each request from a fresh address, so only the person's bucket can refuse.
    let n = 0;
    const person = await until429(40, () =>
      api(server.base, token).get('/iam/clients/me', from(`198.51.100.${++n}`)));
    assert.ok(person.refused, `the person is refused: ${person.statuses.join(' ')}`);
    const served = person.statuses.filter((s) => s === 200).length;
    assert.ok(served >= 15 && served <= 16, `a burst of 15: ${person.statuses.join(' ')}`);
    expectRetryAfter(person.refused, 1, 'person bucket');

    const address = await until429(60, () => api(server.base).get('/healthz', from('203.0.113.71')));
    assert.ok(address.refused, `the address is refused: ${address.statuses.join(' ')}`);
    const allowed = address.statuses.filter((s) => s === 200).length;
    assert.ok(allowed >= 24 && allowed <= 26, `a burst of 24: ${address.statuses.join(' ')}`);
  });

  it('a rate below 0.1 a second is refused at start', () => {
    const r = runCli(['serve', '--database', dbUrl(db), '--requests-per-person', '0']);
    assert.notEqual(r.status, 0, 'does not start');
    assert.match(r.stderr + r.stdout, /requests-per-person/);
  });
});
