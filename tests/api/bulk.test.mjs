// Work on many accounts (issue 16): bulk actions (POST /iam/clients/bulk), CSV export of the
// lists (format=csv), the CSV upload (POST /iam/clients/import) and the status history filters.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startInstance, api, login, uniqueTag, expectStatus, expectFieldErrors, show, createAccount,
  listClients, sortedIds, qs, activity,
} from './harness.mjs';

/** The JSON lines of a streamed answer. */
function lines(r) {
  return r.text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** A CSV text as rows of fields (RFC 4180 quoting; enough for these answers). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('bulk actions, CSV export and import', () => {
  let env;
  let base;
  let a; // reseller of organisation A
  let b; // reseller of organisation B
  const tag = uniqueTag('bulk');
  const accounts = []; // five accounts of A
  let theirs; // an account of B
  let sam; // a seller of A
  let bo; // a seller of B

  before(async () => {
    env = await startInstance({ resellers: 2 });
    base = env.base;
    a = api(base, await login(base, env.resellers[0].email, env.resellers[0].password));
    b = api(base, await login(base, env.resellers[1].email, env.resellers[1].password));
    for (let i = 0; i < 5; i++) {
      const u = await createAccount(a, { email: `c${i}.${tag}@example.com`, company: `Bulk ${i} ${tag}` });
      accounts.push(u.client);
    }
    theirs = (await createAccount(b, { email: `theirs.${tag}@example.com`, company: `Theirs ${tag}` })).client;
    const s = await a.post('/iam/admin/sellers', { email: `sam.${tag}@example.com`, full_name: 'Sam Seller' });
    expectStatus(s, 201, 'seller of A');
    sam = s.body.id;
    const t = await b.post('/iam/admin/sellers', { email: `bo.${tag}@example.com`, full_name: 'Bo Seller' });
    expectStatus(t, 201, 'seller of B');
    bo = t.body.id;
  });

  after(async () => {
    if (env) await env.close();
  });

  it('assigns a seller to exactly the accounts named, with a result per account and progress', async () => {
    const chosen = [accounts[0], accounts[2], accounts[4]];
    const r = await a.post('/iam/clients/bulk', { action: 'assign_seller', seller: sam, ids: chosen });
    expectStatus(r, 200);
    assert.match(r.headers.get('content-type'), /application\/x-ndjson/);
    const all = lines(r);
    assert.ok(all.length >= 2, `a batch line and the end: ${r.text}`);
    const end = all.at(-1);
    assert.equal(end.completed, true, r.text);
    assert.deepEqual({ total: end.total, done: end.done, changed: end.changed }, { total: 3, done: 3, changed: 3 });
    const results = all.flatMap((l) => l.results ?? []);
    assert.deepEqual(results.map((x) => [x.id, x.result]), chosen.map((id) => [id, 'changed']));
    const list = await listClients(a, { email: tag });
    for (const c of list) {
      assert.equal(c.seller, chosen.includes(c.id) ? sam : null, `account ${c.id}`);
    }
  });

  it('records one activity entry listing the accounts by outcome', async () => {
    const r = await a.post('/iam/clients/bulk', { action: 'set_test', is_test: false, ids: [accounts[1], accounts[3]] });
    expectStatus(r, 200);
    const log = await activity(a, { path: '/iam/clients/bulk' });
    const entries = log.result.filter((e) => e.event?.action === 'accounts_bulk_changed');
    assert.equal(entries.length, 2, `one entry per bulk request: ${JSON.stringify(log.result.map((e) => e.event))}`);
    const latest = entries[0];
    assert.deepEqual(latest.event.accounts.unchanged, [accounts[1], accounts[3]]);
    assert.equal(latest.event.unchanged, 2);
    assert.equal(latest.event.fields.action, 'set_test');
    const first = entries[1];
    assert.deepEqual(first.event.accounts.changed, [accounts[0], accounts[2], accounts[4]]);
  });

  it('reports other organisations\' and unknown ids as not found, changing nothing of theirs', async () => {
    const r = await a.post('/iam/clients/bulk', { action: 'set_test', is_test: true, ids: [theirs, accounts[1], 987654321] });
    expectStatus(r, 200);
    const results = lines(r).flatMap((l) => l.results ?? []);
    assert.deepEqual(results.map((x) => x.result), ['not_found', 'changed', 'not_found']);
    const mine = await b.get(`/iam/clients/${theirs}`);
    expectStatus(mine, 200);
    assert.equal(mine.body.is_test, false);
    // Back, for the other tests.
    expectStatus(await a.post('/iam/clients/bulk', { action: 'set_test', is_test: false, ids: [accounts[1]] }), 200);
  });

  it('acts on all accounts matching the list\'s filter', async () => {
    const filter = `email=${encodeURIComponent(tag)}&seller_id=${sam}`;
    const r = await a.post('/iam/clients/bulk', { action: 'set_test', is_test: true, filter });
    expectStatus(r, 200);
    const end = lines(r).at(-1);
    assert.equal(end.total, 3, r.text);
    assert.equal(end.changed, 3, r.text);
    const tests = await listClients(a, { email: tag, is_test: true });
    assert.deepEqual(sortedIds(tests), [accounts[0], accounts[2], accounts[4]].sort((x, y) => x - y));
    const back = await a.post('/iam/clients/bulk', { action: 'set_test', is_test: false, filter: `email=${tag}&is_test=true` });
    assert.equal(lines(back).at(-1).changed, 3);
  });

  it('changes a product\'s status only where the lifecycle allows it and reports the rest', async () => {
    // CDN visible for two of them; hidden (the default) for the third.
    for (const id of [accounts[0], accounts[1]]) {
      expectStatus(await a.patch(`/iam/products/availability/clients/${id}`, [{ product_name: 'CDN', available: true }]), 200);
    }
    const r = await a.post('/iam/clients/bulk', {
      action: 'set_product_status', product: 'cdn', status: 'trial', ids: [accounts[0], accounts[1], accounts[2]],
    });
    expectStatus(r, 200);
    const results = lines(r).flatMap((l) => l.results ?? []);
    const byId = Object.fromEntries(results.map((x) => [x.id, x]));
    assert.equal(byId[accounts[0]].result, 'changed');
    assert.equal(byId[accounts[1]].result, 'changed');
    // Refused or changed depending on the organisation's default; never forced.
    const third = await a.get(`/iam/clients/${accounts[2]}/services`);
    const cdn = third.body.find((s) => s.name === 'CDN');
    if (byId[accounts[2]].result === 'refused') {
      assert.match(byId[accounts[2]].reason, /hidden/);
      assert.equal(cdn.status, 'new');
    }
    // Trial can't go back from active: active first, then trial again is refused.
    expectStatus(await a.post('/iam/clients/bulk', { action: 'set_product_status', product: 'CDN', status: 'active', ids: [accounts[0]] }), 200);
    const again = await a.post('/iam/clients/bulk', { action: 'set_product_status', product: 'CDN', status: 'trial', ids: [accounts[0]] });
    const refused = lines(again).flatMap((l) => l.results ?? [])[0];
    assert.equal(refused.result, 'refused', again.text);
    assert.ok(refused.reason.length > 0);
    // Hiding is refused while in trial or active.
    const hide = await a.post('/iam/clients/bulk', { action: 'set_visibility', product: 'CDN', available: false, ids: [accounts[0], accounts[1]] });
    assert.deepEqual(lines(hide).flatMap((l) => l.results ?? []).map((x) => x.result), ['refused', 'refused']);
  });

  it('refuses bad input, naming the field, and changes nothing', async () => {
    const cases = [
      [{ ids: [accounts[0]] }, ['action']],
      [{ action: 'delete_everything', ids: [accounts[0]] }, ['action']],
      [{ action: 'set_test', ids: [accounts[0]] }, ['is_test']],
      [{ action: 'set_test', is_test: 'yes', ids: [accounts[0]] }, ['is_test']],
      [{ action: 'set_test', is_test: true }, ['ids']],
      [{ action: 'set_test', is_test: true, ids: [accounts[0]], filter: 'email=x' }, ['filter']],
      [{ action: 'set_test', is_test: true, ids: 'all' }, ['ids']],
      [{ action: 'set_test', is_test: true, ids: [] }, ['ids']],
      [{ action: 'set_test', is_test: true, ids: [0] }, ['ids']],
      [{ action: 'set_test', is_test: true, ids: Array.from({ length: 10001 }, (_, i) => i + 1) }, ['ids']],
      [{ action: 'set_test', is_test: true, filter: 'status=bogus' }, ['filter']],
      [{ action: 'assign_seller', ids: [accounts[0]] }, ['seller']],
      [{ action: 'assign_seller', seller: bo, ids: [accounts[0]] }, ['seller']],
      [{ action: 'set_visibility', product: 'NOPE', available: true, ids: [accounts[0]] }, ['product']],
      [{ action: 'set_visibility', product: 'CDN', ids: [accounts[0]] }, ['available']],
      [{ action: 'set_product_status', product: 'CDN', status: 'deleted', ids: [accounts[0]] }, ['status']],
      [{ action: 'set_product_status', product: 'CDN', status: 'bogus', ids: [accounts[0]] }, ['status']],
    ];
    const before = await listClients(a, { email: tag });
    for (const [body, fields] of cases) {
      expectFieldErrors(await a.post('/iam/clients/bulk', body), fields, JSON.stringify(body).slice(0, 120));
    }
    expectStatus(await a.post('/iam/clients/bulk', 'not json'), 400);
    assert.deepEqual(await listClients(a, { email: tag }), before);
    // A customer can't.
    const customer = api(base, await login(base, `c0.${tag}@example.com`));
    expectStatus(await customer.post('/iam/clients/bulk', { action: 'set_test', is_test: true, ids: [accounts[0]] }), 403);
  });

  it('exports a filtered account list as CSV that matches the list', async () => {
    const filter = { email: tag, ordering: 'email' };
    const json = await listClients(a, filter);
    const r = await a.get('/iam/clients' + qs({ ...filter, format: 'csv', limit: 2 }));
    expectStatus(r, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="accounts.csv"/);
    const rows = parseCsv(r.text);
    const header = rows[0];
    assert.deepEqual(header.slice(0, 5), ['id', 'companyName', 'email', 'name', 'status']);
    assert.ok(header.includes('cdn_status'), header.join(','));
    const body = rows.slice(1);
    assert.equal(body.length, json.length, 'paging is left out: every match');
    assert.deepEqual(body.map((row) => Number(row[0])), json.map((c) => c.id));
    assert.deepEqual(body.map((row) => row[2]), json.map((c) => c.email));
    const cdn = header.indexOf('cdn_status');
    assert.deepEqual(body.map((row) => row[cdn]), json.map((c) => c.serviceStatuses.CDN.status));
    // Chosen columns.
    const some = await a.get('/iam/clients' + qs({ ...filter, format: 'csv', columns: 'email,is_test' }));
    expectStatus(some, 200);
    assert.deepEqual(parseCsv(some.text)[0], ['email', 'is_test']);
    expectFieldErrors(await a.get('/iam/clients' + qs({ format: 'csv', columns: 'email,password_hash' })), ['columns']);
    expectFieldErrors(await a.get('/iam/clients' + qs({ format: 'xml' })), ['format']);
    // Organisation B sees none of A's accounts.
    const theirsCsv = await b.get('/iam/clients' + qs({ email: tag, format: 'csv' }));
    assert.deepEqual(parseCsv(theirsCsv.text).slice(1).map((row) => Number(row[0])), [theirs]);
  });

  it('exports sellers, an account\'s users and the activity log as CSV', async () => {
    const sellers = await a.get('/iam/admin/sellers' + qs({ email: `sam.${tag}`, format: 'csv' }));
    expectStatus(sellers, 200);
    assert.match(sellers.headers.get('content-type'), /^text\/csv/);
    const srows = parseCsv(sellers.text);
    assert.deepEqual(srows[0], ['id', 'full_name', 'email', 'phone', 'status', 'invited_at', 'last_login_at']);
    assert.deepEqual(srows.slice(1).map((row) => row[2]), [`sam.${tag}@example.com`]);

    const users = await a.get(`/iam/clients/${accounts[0]}/users?format=csv`);
    expectStatus(users, 200);
    const urows = parseCsv(users.text);
    assert.deepEqual(urows[0], ['id', 'email', 'name', 'lang', 'group', 'status']);
    assert.deepEqual(urows.slice(1).map((row) => row[1]), [`c0.${tag}@example.com`]);
    expectStatus(await b.get(`/iam/clients/${accounts[0]}/users?format=csv`), 404);

    const log = await activity(a, { method: 'POST', path: '/iam/clients/bulk', limit: 1000 });
    const csv = await a.get('/iam/activity_log/requests' + qs({ method: 'POST', path: '/iam/clients/bulk', format: 'csv' }));
    expectStatus(csv, 200);
    const arows = parseCsv(csv.text);
    assert.equal(arows[0][0], 'id');
    assert.deepEqual(arows.slice(1).map((row) => Number(row[0])), log.result.map((e) => e.id));
    assert.ok(arows.slice(1).every((row) => row[5] === 'accounts_bulk_changed'));
  });

  it('imports accounts from CSV: a dry run reports bad rows by line and writes nothing', async () => {
    const csv = [
      'email,company,lang',
      `new1.${tag}@example.com,New One,en`,
      'not-an-email,Broken,en',
      `c1.${tag}@example.com,Exists Already,en`,
      `new2.${tag}@example.com,New Two,xx`,
    ].join('\n') + '\n';
    const before = await listClients(a, { email: tag });
    const dry = await a.post('/iam/clients/import', { csv, dry_run: true });
    expectStatus(dry, 200);
    const end = lines(dry).at(-1);
    assert.equal(end.completed, true, dry.text);
    assert.equal(end.dry_run, true);
    assert.deepEqual([end.records, end.imported, end.skipped_existing, end.failed], [4, 1, 1, 2], dry.text);
    assert.deepEqual(end.errors.map((e) => [e.line, e.field]), [[3, 'email'], [5, 'lang']]);
    assert.deepEqual(await listClients(a, { email: tag }), before, 'a dry run writes nothing');

    const real = await a.post('/iam/clients/import', { csv, dry_run: false });
    expectStatus(real, 200);
    assert.equal(lines(real).at(-1).imported, 1, real.text);
    const after = await listClients(a, { email: tag });
    assert.equal(after.length, before.length + 1);
    assert.ok(after.some((c) => c.email === `new1.${tag}@example.com`));
    // Into the caller's organisation only.
    assert.equal((await listClients(b, { email: `new1.${tag}` })).length, 0);
    const log = await activity(a, { path: '/iam/clients/import' });
    const events = log.result.map((e) => e.event);
    assert.equal(events.length, 2);
    assert.equal(events[0].action, 'accounts_imported');
    assert.equal(events[0].imported, 1);
    assert.equal(events[1].dry_run, true);
  });

  it('refuses an unusable import, naming the field', async () => {
    expectFieldErrors(await a.post('/iam/clients/import', { csv: 'mail,company\nx@example.com,X\n', dry_run: true }), ['csv']);
    expectFieldErrors(await a.post('/iam/clients/import', { csv: '', dry_run: true }), ['csv']);
    expectFieldErrors(await a.post('/iam/clients/import', { dry_run: true }), ['csv']);
    expectFieldErrors(await a.post('/iam/clients/import', { csv: 5 }), ['csv']);
    const customer = api(base, await login(base, `c0.${tag}@example.com`));
    expectStatus(await customer.post('/iam/clients/import', { csv: 'email,company\n', dry_run: true }), 403);
  });

  it('filters the status history by the status changed to and from', async () => {
    const all = await a.get('/iam/activity_log/account_status_changes' + qs({ limit: 1000 }));
    expectStatus(all, 200);
    const trial = await a.get('/iam/activity_log/account_status_changes' + qs({ new_status: 'trial', limit: 1000 }));
    expectStatus(trial, 200);
    assert.ok(trial.body.count >= 1, show(trial));
    assert.ok(trial.body.result.every((c) => c.new_status === 'trial'));
    assert.deepEqual(
      trial.body.result.map((c) => c.id),
      all.body.result.filter((c) => c.new_status === 'trial').map((c) => c.id),
    );
    const fromPrep = await a.get('/iam/activity_log/account_status_changes' + qs({ old_status: 'preparation', client: accounts[0] }));
    assert.ok(fromPrep.body.result.every((c) => c.old_status === 'preparation' && c.client === accounts[0]), show(fromPrep));
    expectFieldErrors(await a.get('/iam/activity_log/account_status_changes?new_status=bogus'), ['new_status']);
    // Organisation B sees none of A's.
    const theirsList = await b.get('/iam/activity_log/account_status_changes' + qs({ client: accounts[0] }));
    assert.equal(theirsList.body.count, 0);
  });
});
