// `clientele import accounts`: a small file imported beside a running server, then read back
// through GET /iam/clients: fields, services, computed status, skipped e-mails, per-line
// errors, dry runs, standard input and CSV.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, runCli, makeTempDir, removeDir, migrate, dbUrl, createReseller, startServer, api, login,
  expectStatus, createAccount, listClients, parseJsonLine,
} from './harness.mjs';

const line = (o) => JSON.stringify(o);

/** Runs `clientele import accounts ARGS`, feeding `input` to its standard input. */
function runImport(args, input) {
  const r = spawnSync(BIN, ['import', 'accounts', ...args], {
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

describe('clientele import accounts', () => {
  let dir;
  let db;
  let server;
  let reseller;
  let client;
  let sellerId;
  let file;

  before(async () => {
    dir = makeTempDir();
    db = path.join(dir, 'clientele.db');
    migrate(db);
    reseller = createReseller(db);
    server = await startServer(db);
    client = api(server.base, await login(server.base, reseller.email, reseller.password));
    const seller = await client.post('/iam/admin/sellers', {
      email: 'seller.one@reseller.example',
      full_name: 'Seller One',
    });
    expectStatus(seller, 201, 'create a seller');
    sellerId = seller.body.id;
    await createAccount(client, { email: 'existing@acme.example', company: 'Existing' });

    file = path.join(dir, 'accounts.jsonl');
    writeFileSync(file, [
      line({
        email: 'anna@alpha.example', name: 'Anna Alpha', company: 'Alpha Labs', custom_id: 'C-1',
        lang: 'de', phone: '+49 30 1234567', is_test: false, deleted: false,
        seller: 'Seller.One@reseller.example', created_at: '2023-04-05T06:07:08Z',
        services: {
          CDN: { enabled: true, status: 'active' },
          STORAGE: { enabled: true, status: 'trial' },
          DNS: { enabled: false, status: 'new' },
        },
      }),
      line({ email: 'EXISTING@acme.example', company: 'Should not replace' }),
      line({ email: 'broken-address', company: 'Broken' }),
      line({
        email: 'ben@beta.example', company: 'Beta', seller: 'nobody@reseller.example',
        services: { CDN: { enabled: true, status: 'started' } },
      }),
      '',
      line({
        email: 'tess@test.example', company: 'Test Co', is_test: true,
        services: { CLOUD: { enabled: true, status: 'trial' } },
      }),
      line({
        email: 'gone@gone.example', company: 'Gone', deleted: true,
        services: { CDN: { enabled: true, status: 'active' } },
      }),
      '{"email": "half@json.example", ',
      line({ email: 'anna@alpha.example', company: 'Twice' }),
      line({ email: 'carl@gamma.example', company: 'Gamma', services: { DDOS: { status: 'paused' } } }),
    ].join('\n') + '\n');
  });

  after(async () => {
    if (server) await server.stop();
    removeDir(dir);
  });

  it('is listed in --help with its options', () => {
    const top = runCli(['--help']);
    assert.equal(top.status, 0);
    assert.match(top.stdout, /import/);
    const help = runCli(['import', 'accounts', '--help']);
    assert.equal(help.status, 0, help.stderr);
    for (const option of ['--format', '--org', '--reseller-email', '--dry-run', '--json']) {
      assert.match(help.stdout, new RegExp(option), `import accounts --help names ${option}`);
    }
  });

  it('needs the organisation, and an existing one', () => {
    const none = runImport([file, '--database', dbUrl(db)]);
    assert.equal(none.status, 2, none.stderr);
    const unknown = runImport([file, '--reseller-email', 'nobody@else.example', '--database', dbUrl(db)]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /No organisation/);
    const noOrg = runImport([file, '--org', '999999', '--database', dbUrl(db)]);
    assert.equal(noOrg.status, 1);
    assert.match(noOrg.stderr, /No organisation/);
  });

  it('--dry-run reports what it would do and writes nothing', async () => {
    const before = await listClients(client, { deleted: 'all' });
    const r = runImport([file, '--reseller-email', reseller.email, '--dry-run', '--json', '--database', dbUrl(db)]);
    assert.equal(r.status, 3, `some lines are refused: exit 3\n${r.stderr}`);
    const summary = parseJsonLine(r.stdout);
    assert.deepEqual(
      { ...summary, seconds: 0 },
      {
        organisation: reseller.reseller_id, records: 9, imported: 4, skipped_existing: 1, failed: 4,
        seconds: 0, dry_run: true, completed: true,
      },
    );
    const after = await listClients(client, { deleted: 'all' });
    assert.deepEqual(after.map((c) => c.id), before.map((c) => c.id));
    assert.deepEqual(await listClients(client, { is_test: true }), []);
  });

  it('imports the good lines, skips the existing e-mail and reports every bad line', async () => {
    const r = runImport([file, '--reseller-email', reseller.email, '--json', '--database', dbUrl(db)]);
    assert.equal(r.status, 3, r.stderr);
    const summary = parseJsonLine(r.stdout);
    assert.equal(summary.records, 9);
    assert.equal(summary.imported, 4);
    assert.equal(summary.skipped_existing, 1);
    assert.equal(summary.failed, 4);
    assert.equal(summary.dry_run, false);
    assert.equal(summary.completed, true);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('line '));
    assert.deepEqual(
      errors.map((l) => l.replace(/^(line \d+: [^:]*):.*$/, '$1')),
      [
        'line 3: email',
        'line 4: seller',
        'line 4: services.CDN.status',
        'line 8: Not valid JSON',
        'line 9: email',
      ],
      r.stderr,
    );
    assert.match(r.stderr, /line 9: email: Also on line 1/);

    const live = await listClients(client, {});
    const byEmail = Object.fromEntries(live.map((c) => [c.email, c]));
    const anna = byEmail['anna@alpha.example'];
    assert.ok(anna, JSON.stringify(live.map((c) => c.email)));
    assert.equal(anna.name, 'Anna Alpha');
    assert.equal(anna.companyName, 'Alpha Labs');
    assert.equal(anna.custom_id, 'C-1');
    assert.equal(anna.lang, 'de');
    assert.equal(anna.phone, '+49 30 1234567');
    assert.equal(anna.is_test, false);
    assert.equal(anna.deleted, false);
    assert.equal(anna.seller, sellerId);
    assert.equal(Date.parse(anna.created_at), Date.parse('2023-04-05T06:07:08Z'));
    assert.equal(anna.status, 'active');
    assert.deepEqual(anna.serviceStatuses.CDN, { status: 'active', enabled: true });
    assert.deepEqual(anna.serviceStatuses.STORAGE, { status: 'trial', enabled: true });
    assert.deepEqual(anna.serviceStatuses.DNS, { status: 'new', enabled: false });
    assert.deepEqual(anna.serviceStatuses.CLOUD, { status: 'new', enabled: false });
    assert.equal(Object.keys(anna.serviceStatuses).length, 6);
    assert.equal(anna.users.length, 1);
    assert.equal(anna.users[0].email, 'anna@alpha.example');
    assert.equal(anna.users[0].activated, false, 'invited later');
    assert.deepEqual(anna.users[0].groups.map((g) => g.name), ['Administrators']);

    assert.equal(byEmail['existing@acme.example'].companyName, 'Existing', 'left as it was');
    assert.equal(byEmail['carl@gamma.example'].status, 'trialend');
    assert.equal(byEmail['ben@beta.example'], undefined);

    const tests = await listClients(client, { is_test: true });
    assert.deepEqual(tests.map((c) => [c.email, c.status]), [['tess@test.example', 'trial']]);
    const deleted = await listClients(client, { deleted: true });
    assert.deepEqual(deleted.map((c) => c.email), ['gone@gone.example']);
    assert.equal(deleted[0].status, 'deleted');
    assert.deepEqual(deleted[0].serviceStatuses.CDN, { status: 'deleted', enabled: false });

    // Filters of the list see the imported products.
    const cdnActive = await listClients(client, { cdn: 'active' });
    assert.deepEqual(cdnActive.map((c) => c.email), ['anna@alpha.example']);
  });

  it('importing the same file again skips what is there', () => {
    const r = runImport([file, '--org', String(reseller.reseller_id), '--json', '--database', dbUrl(db)]);
    const summary = parseJsonLine(r.stdout);
    assert.equal(summary.imported, 0);
    assert.equal(summary.skipped_existing, 5);
    assert.equal(summary.failed, 4);
  });

  it('reads CSV from standard input', async () => {
    const csv = [
      'email,company,name,seller,is_test,created_at,cdn_enabled,cdn_status,storage_status',
      'csv.one@delta.example,"Delta, Inc","Dora ""D"" Delta",seller.one@reseller.example,false,2024-01-02T03:04:05Z,true,trial,',
      'csv.two@epsilon.example,Epsilon,,,0,,,,paused',
      'csv.three@zeta.example,Zeta,,,,,yes,,',
      '',
    ].join('\r\n');
    const r = runImport(['-', '--format', 'csv', '--org', String(reseller.reseller_id), '--database', dbUrl(db)], csv);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stdout, /2 imported/);
    assert.match(r.stderr, /line 4: cdn_enabled: /);
    const live = await listClients(client, {});
    const byEmail = Object.fromEntries(live.map((c) => [c.email, c]));
    const one = byEmail['csv.one@delta.example'];
    assert.equal(one.companyName, 'Delta, Inc');
    assert.equal(one.name, 'Dora "D" Delta');
    assert.equal(one.seller, sellerId);
    assert.equal(Date.parse(one.created_at), Date.parse('2024-01-02T03:04:05Z'));
    assert.equal(one.status, 'trial');
    assert.deepEqual(one.serviceStatuses.CDN, { status: 'trial', enabled: true });
    assert.equal(byEmail['csv.two@epsilon.example'].status, 'trialend');
    assert.equal(byEmail['csv.three@zeta.example'], undefined);
  });

  it('refuses a CSV header it cannot use, importing nothing', async () => {
    const before = (await listClients(client, { deleted: 'all' })).length;
    const r = runImport(['-', '--format', 'csv', '--org', String(reseller.reseller_id), '--database', dbUrl(db)],
      'email,company,vpn_status\nx@y.example,Y,trial\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 1: .*header.*vpn_status/);
    assert.equal((await listClients(client, { deleted: 'all' })).length, before);
  });
});
