// The command line: help, migrate, reseller create, jobs run, serve + healthz + SIGTERM.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  runCli, cli, makeTempDir, removeDir, migrate, dbUrl, parseJsonLine, createReseller,
  startServer, api, uniqueEmail, PASSWORD, expectStatus, login,
} from './harness.mjs';

describe('clientele CLI', () => {
  let dir;
  let db;

  before(() => {
    dir = makeTempDir();
    db = path.join(dir, 'cli.db');
  });

  after(() => removeDir(dir));

  it('--help exits 0 and names the commands', () => {
    const r = runCli(['--help'], { timeout: 15_000 });
    assert.equal(r.status, 0, `--help exit ${r.status}: ${r.stderr}`);
    const out = r.stdout + r.stderr;
    for (const word of ['serve', 'migrate', 'reseller', 'jobs']) {
      assert.match(out, new RegExp(word), `--help should mention "${word}":\n${out}`);
    }
  });

  it('serve --help exits 0 and names its options', () => {
    const r = runCli(['serve', '--help'], { timeout: 15_000 });
    assert.equal(r.status, 0, `serve --help exit ${r.status}: ${r.stderr}`);
    const out = r.stdout + r.stderr;
    assert.match(out, /--listen/, `serve --help should mention --listen:\n${out}`);
    assert.match(out, /--database/, `serve --help should mention --database:\n${out}`);
  });

  it('migrate on a fresh database, then again, both exit 0', () => {
    migrate(db);
    migrate(db);
  });

  it('reseller create --json prints {reseller_id, user_id, client_id}', () => {
    const email = uniqueEmail('cli-reseller');
    const out = cli([
      'reseller', 'create', '--email', email, '--password', PASSWORD,
      '--company', 'CLI Reseller Ltd', '--name', 'Cli Person', '--json', '--database', dbUrl(db),
    ]);
    const obj = parseJsonLine(out);
    for (const k of ['reseller_id', 'user_id', 'client_id']) {
      assert.ok(Number.isInteger(obj[k]) && obj[k] > 0, `${k} should be a positive integer: ${out}`);
    }
    // A second organisation gets different ids.
    const second = createReseller(db);
    assert.notEqual(second.reseller_id, obj.reseller_id);
    assert.notEqual(second.user_id, obj.user_id);
    assert.notEqual(second.client_id, obj.client_id);
  });

  it('reseller create without --name works too', () => {
    const out = cli([
      'reseller', 'create', '--email', uniqueEmail('noname'), '--password', PASSWORD,
      '--company', 'No Name Co', '--json', '--database', dbUrl(db),
    ]);
    const obj = parseJsonLine(out);
    assert.ok(Number.isInteger(obj.reseller_id));
  });

  it('an unknown command exits non-zero', () => {
    const r = runCli(['no-such-command', '--database', dbUrl(db)]);
    assert.notEqual(r.status, 0, `unknown command should fail: ${r.stdout}${r.stderr}`);
  });

  it('an unknown option exits non-zero', () => {
    const r = runCli(['migrate', '--no-such-option', '--database', dbUrl(db)]);
    assert.notEqual(r.status, 0, `unknown option should fail: ${r.stdout}${r.stderr}`);
  });

  it('reseller create without --email exits non-zero', () => {
    const r = runCli(['reseller', 'create', '--password', PASSWORD, '--company', 'X', '--json', '--database', dbUrl(db)]);
    assert.notEqual(r.status, 0, `missing --email should fail: ${r.stdout}${r.stderr}`);
  });

  it('reseller create with an invalid e-mail exits non-zero', () => {
    const r = runCli([
      'reseller', 'create', '--email', 'not-an-email', '--password', PASSWORD,
      '--company', 'X', '--json', '--database', dbUrl(db),
    ]);
    assert.notEqual(r.status, 0, `invalid e-mail should fail: ${r.stdout}${r.stderr}`);
  });

  it('jobs run --now exits 0, twice', () => {
    cli(['jobs', 'run', '--now', '2026-12-01T00:00:00Z', '--database', dbUrl(db)]);
    cli(['jobs', 'run', '--now', '2026-12-01T00:00:00Z', '--database', dbUrl(db)]);
  });

  it('jobs run with a malformed --now exits non-zero', () => {
    const r = runCli(['jobs', 'run', '--now', 'tomorrow-ish', '--database', dbUrl(db)]);
    assert.notEqual(r.status, 0, `bad --now should fail: ${r.stdout}${r.stderr}`);
  });

  it('serve: healthz answers 200, a CLI-created reseller can sign in, SIGTERM exits 0', async () => {
    const reseller = createReseller(db);
    const server = await startServer(db);
    try {
      const h = await api(server.base).get('/healthz');
      expectStatus(h, 200, 'GET /healthz');
      const token = await login(server.base, reseller.email, reseller.password);
      assert.ok(token.length > 10);
    } finally {
      const r = await server.stop('SIGTERM');
      assert.equal(r.timedOut, undefined, `server did not stop within the timeout on SIGTERM\n${server.output()}`);
      assert.equal(r.code, 0, `exit code after SIGTERM: ${JSON.stringify(r)}\n${server.output()}`);
    }
    // Nothing listens any more.
    await assert.rejects(fetch(`${server.base}/healthz`), 'the port should be closed after SIGTERM');
  });
});
