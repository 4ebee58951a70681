// E-mail delivery as the server does it on its own: queued e-mail leaves within seconds of the
// request (not at the next jobs tick), one organisation's dead mail server delays only its own
// mail, the test e-mail runs in the background and reports a category (never the server's
// words), organisations' mail servers must have public addresses unless the operator allows
// private ones, and sent e-mails leave no link in the database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import {
  PASSWORD, makeTempDir, removeDir, migrate, createReseller, startServer, api, login, uniqueEmail,
  databaseContains, expectFieldErrors, expectStatus, show,
} from './harness.mjs';
import { startSmtpSink } from '../support/smtp-sink.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A "mail server" that accepts connections and never says a word.
async function startSilentServer() {
  const sockets = new Set();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    get connections() {
      return connections;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// A port nobody listens on.
async function unusedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(what, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

// Polls a test e-mail until it is no longer "sending".
async function testResult(client, id, timeoutMs = 20_000) {
  let last;
  await waitUntil(`test e-mail ${id} finished (last: ${last && show(last)})`, async () => {
    last = await client.get(`/iam/reselling/settings/test_email/${id}`);
    expectStatus(last, 200, 'GET test_email');
    return last.body.status !== 'sending';
  }, timeoutMs);
  return last;
}

const mailServer = (host, port, extra = {}) => ({
  privateSettings: { mailServer: { host, port: String(port), security: 'none', login: '', ...extra } },
});

describe('e-mail delivery by the running server (jobs every 60 s)', () => {
  let dir, db, sink, silent, server, a, b, infoA, infoB;

  before(async () => {
    sink = await startSmtpSink();
    silent = await startSilentServer();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    infoA = createReseller(db);
    infoB = createReseller(db);
    // The default timer (60 s): only the wake on commit can deliver within seconds.
    server = await startServer(db, ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port),
      '--smtp-tls', 'none', '--smtp-from', 'noreply@clientele.test']);
    a = api(server.base, await login(server.base, infoA.email));
    b = api(server.base, await login(server.base, infoB.email));
  });

  after(async () => {
    await server?.stop();
    await sink?.close();
    await silent?.close();
    removeDir(dir);
  });

  it('an invitation reaches the mail server within 5 seconds of the request', async () => {
    const seller = uniqueEmail('seller');
    const t0 = Date.now();
    const created = await b.post('/iam/admin/sellers', { email: seller, full_name: 'Sam Seller' });
    expectStatus(created, 201, 'invite a seller');
    const mail = await sink.waitFor((m) => m.to.includes(seller), 5000);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 5000, `the invitation took ${elapsed} ms`);
    assert.match(mail.text, /accept-invitation\?token=/);

    // A customer's Administrators user invites a colleague: the same.
    const customer = uniqueEmail('admin');
    const account = await b.post('/iam/users', { email: customer, password: PASSWORD, company: 'Mail Co' });
    expectStatus(account, 201);
    const admin = api(server.base, await login(server.base, customer));
    const colleague = uniqueEmail('colleague');
    const t1 = Date.now();
    const invited = await admin.post('/iam/clients/invite_user', {
      email: colleague, client_id: account.body.client, user_role: { id: 2, name: 'Users' },
    });
    expectStatus(invited, 200, 'invite_user');
    await sink.waitFor((m) => m.to.includes(colleague), 5000);
    assert.ok(Date.now() - t1 < 5000, `the user invitation took ${Date.now() - t1} ms`);
  });

  it('a sent e-mail leaves no link in the database', async () => {
    const seller = uniqueEmail('linkless');
    expectStatus(await b.post('/iam/admin/sellers', { email: seller, full_name: 'Lin Kless' }), 201);
    const mail = await sink.waitFor((m) => m.to.includes(seller), 5000);
    const token = mail.text.match(/token=([\w-]+)/)[1];
    // Give the server a moment to record "sent" after the mail server's answer.
    await sleep(300);
    assert.ok(!databaseContains(db, token), 'the e-mailed token is still stored');
    assert.ok(!databaseContains(db, 'accept-invitation?token='), 'an e-mailed link is stored in plain');
  });

  it("a mail server that never answers delays only its own organisation's e-mail", async () => {
    expectStatus(await a.put('/iam/reselling/settings', mailServer('127.0.0.1', silent.port)), 200);
    const stuck = uniqueEmail('stuck');
    expectStatus(await a.post('/iam/admin/sellers', { email: stuck, full_name: 'Stu Stuck' }), 201);
    // A's e-mail is now waiting for a greeting that never comes (for 10 s).
    await waitUntil('A connected to its silent mail server', () => silent.connections > 0, 5000);

    const other = uniqueEmail('other');
    const t0 = Date.now();
    expectStatus(await b.post('/iam/admin/sellers', { email: other, full_name: 'Otto Other' }), 201);
    await sink.waitFor((m) => m.to.includes(other), 5000);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 5000, `B's e-mail took ${elapsed} ms behind A's silent mail server`);
    assert.ok(!sink.messages.some((m) => m.to.includes(stuck)));
    // While it is pending, A's invitation is sealed in the outbox.
    assert.ok(!databaseContains(db, 'accept-invitation?token='), 'a pending link is stored in plain');
  });

  it('the test e-mail answers at once and its result follows', async () => {
    const to = uniqueEmail('ops');
    const t0 = Date.now();
    const started = await b.post('/iam/reselling/settings/test_email', { email: to });
    expectStatus(started, 202, 'start a test e-mail');
    assert.ok(Date.now() - t0 < 2000, `the request took ${Date.now() - t0} ms`);
    assert.equal(started.body.status, 'sending');
    assert.equal(typeof started.body.id, 'number');
    const done = await testResult(b, started.body.id);
    assert.equal(done.body.status, 'sent', show(done));
    assert.equal(done.body.email, to);
    assert.equal(done.body.failure, null);
    await sink.waitFor((m) => m.to.includes(to), 5000);
    // Another organisation can't read it.
    expectStatus(await a.get(`/iam/reselling/settings/test_email/${started.body.id}`), 404);
    expectStatus(await b.get('/iam/reselling/settings/test_email/999999'), 404);
  });

  it("a test e-mail through a silent server does not hold a request worker, and ends as a timeout", async () => {
    // A's mail server is the silent one (previous test). With 4 workers, 6 tests at once would
    // leave no worker free if each held one.
    const t0 = Date.now();
    const started = await a.post('/iam/reselling/settings/test_email', { email: uniqueEmail('ops') });
    expectStatus(started, 202);
    assert.ok(Date.now() - t0 < 2000, `the request took ${Date.now() - t0} ms`);
    const again = await a.post('/iam/reselling/settings/test_email', { email: uniqueEmail('ops') });
    expectStatus(again, 409, 'one test at a time per organisation');
    const t1 = Date.now();
    expectStatus(await a.get('/iam/clients?limit=1'), 200);
    assert.ok(Date.now() - t1 < 2000, 'other requests are served meanwhile');
    const done = await testResult(a, started.body.id, 25_000);
    assert.equal(done.body.status, 'failed');
    assert.equal(done.body.failure, 'timeout');
    assert.equal(done.body.smtp_code, null);
    assert.ok(Date.now() - t0 < 20_000, `the test took ${Date.now() - t0} ms: over its time limit`);
  });

  it("a refused test e-mail reports a category and code, not the mail server's words", async () => {
    expectStatus(await b.put('/iam/reselling/settings', mailServer('127.0.0.1', sink.port)), 200);
    sink.failures.rcpt = '550 5.1.1 <mailbox@internal-host-42.corp.example> unknown in db-7';
    try {
      const started = await b.post('/iam/reselling/settings/test_email', { email: uniqueEmail('nobody') });
      expectStatus(started, 202);
      const done = await testResult(b, started.body.id);
      assert.equal(done.body.status, 'failed');
      assert.equal(done.body.failure, 'recipient_refused');
      assert.equal(done.body.smtp_code, 550);
      assert.equal(typeof done.body.message, 'string');
      assert.doesNotMatch(done.text, /internal-host-42|db-7|5\.1\.1/);
    } finally {
      sink.failures.rcpt = null;
    }

    expectStatus(await b.put('/iam/reselling/settings', mailServer('127.0.0.1', await unusedPort())), 200);
    const refused = await b.post('/iam/reselling/settings/test_email', { email: uniqueEmail('ops') });
    expectStatus(refused, 202);
    const done = await testResult(b, refused.body.id);
    assert.equal(done.body.failure, 'connect', show(done));
    assert.doesNotMatch(done.text, /127\.0\.0\.1|refused/i);
    // Back to the platform's mail server.
    expectStatus(await b.put('/iam/reselling/settings', mailServer('', '')), 200);
  });
});

describe('mail servers of organisations must have public addresses', () => {
  let dir, db, sink, server, reseller, info;

  before(async () => {
    sink = await startSmtpSink();
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    info = createReseller(db);
    server = await startServer(db, [], { allowPrivateMailServers: false });
    reseller = api(server.base, await login(server.base, info.email));
  });

  after(async () => {
    await server?.stop();
    await sink?.close();
    removeDir(dir);
  });

  it('without any mail server (none saved, no platform one) the test e-mail is refused at once', async () => {
    const r = await reseller.post('/iam/reselling/settings/test_email', { email: uniqueEmail('ops') });
    expectStatus(r, 409);
    assert.deepEqual(Object.keys(r.body).sort(), ['failure', 'message', 'status'], show(r));
    assert.equal(r.body.status, 'failed');
    assert.equal(r.body.failure, 'not_configured');
    assert.match(r.body.message, /^No mail server/);
  });

  it('refuses loopback, private, link-local and local names, and saves nothing', async () => {
    const hosts = ['127.0.0.1', '127.1.2.3', '10.1.2.3', '172.16.0.5', '192.168.1.1', '100.64.0.1',
      '169.254.169.254', '0.0.0.0', '224.0.0.1', 'localhost', 'LOCALHOST', 'mail.localhost',
      '::1', '[::1]', 'fd00::25', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::',
      // Numeric forms the resolver reads as 127.0.0.1 and 10.0.0.1.
      '127.1', '2130706433', '0x7f000001', '012.0.0.1'];
    for (const host of hosts) {
      const r = await reseller.put('/iam/reselling/settings',
        mailServer(host, 2525, { login: 'probe', password: 'Probe-Secret-1' }));
      expectFieldErrors(r, ['mailServer.host'], `host ${host}`);
      const got = await reseller.get('/iam/reselling/settings');
      const saved = got.body.privateSettings.mailServer;
      assert.equal(saved.host, '', `${host}: nothing saved`);
      assert.equal(saved.port, '', `${host}: nothing saved`);
      assert.equal(saved.has_password, false, `${host}: nothing saved`);
    }
    // A public address is fine (and an IPv6 literal is stored without brackets).
    expectStatus(await reseller.put('/iam/reselling/settings', mailServer('[2606:4700:4700::1111]', 587)), 200);
    assert.equal((await reseller.get('/iam/reselling/settings')).body.privateSettings.mailServer.host,
      '2606:4700:4700::1111');
    expectStatus(await reseller.put('/iam/reselling/settings', mailServer('8.8.8.8', 25)), 200);
  });

  it('checks the port as 1 to 65535 before narrowing it', async () => {
    for (const port of [0, '0', -1, 65536, '70000', 4294967321, '4294967321', 18446744073709551615]) {
      const r = await reseller.put('/iam/reselling/settings',
        { privateSettings: { mailServer: { host: '8.8.8.8', port } } });
      expectFieldErrors(r, ['mailServer.port'], `port ${port}`);
    }
    assert.equal((await reseller.get('/iam/reselling/settings')).body.privateSettings.mailServer.port, '25');
    expectStatus(await reseller.put('/iam/reselling/settings', mailServer('8.8.8.8', 65535)), 200);
    assert.equal((await reseller.get('/iam/reselling/settings')).body.privateSettings.mailServer.port, '65535');
  });

  it('checks the address again at every connection', async () => {
    // Saved while the operator allowed it; the server now runs without the option.
    await server.stop();
    const allowing = await startServer(db, [], { allowPrivateMailServers: true });
    try {
      const r = api(allowing.base, await login(allowing.base, info.email));
      expectStatus(await r.put('/iam/reselling/settings', mailServer('127.0.0.1', sink.port)), 200);
    } finally {
      await allowing.stop();
    }
    server = await startServer(db, [], { allowPrivateMailServers: false });
    reseller = api(server.base, await login(server.base, info.email));
    const started = await reseller.post('/iam/reselling/settings/test_email', { email: uniqueEmail('ops') });
    expectStatus(started, 202);
    const done = await testResult(reseller, started.body.id);
    assert.equal(done.body.failure, 'address_not_allowed', show(done));
    const invited = uniqueEmail('seller');
    expectStatus(await reseller.post('/iam/admin/sellers', { email: invited, full_name: 'Pri Vate' }), 201);
    await sleep(1000);
    assert.equal(sink.messages.length, 0, 'nothing reached the loopback mail server');
    assert.equal(sink.connectionCount, 0, 'not even a connection');
  });
});
