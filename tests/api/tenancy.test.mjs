// Two organisations on one installation: neither sees nor touches the other's objects.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startInstance, api, login, uniqueEmail, expectStatus, show, createAccount, listClients, qs, ids,
  activity,
} from './harness.mjs';

describe('tenancy', () => {
  let env;
  let base;
  let org1;
  let org2;
  let c1; // org1 client (Bearer)
  let c2; // org2 client (Bearer)
  let acct1; // account of org1
  let acct2; // account of org2
  let entry1; // an activity-log entry of org1

  before(async () => {
    env = await startInstance({ resellers: 2 });
    base = env.base;
    [org1, org2] = env.resellers;
    assert.notEqual(org1.reseller_id, org2.reseller_id);
    c1 = api(base, await login(base, org1.email, org1.password));
    c2 = api(base, await login(base, org2.email, org2.password));
    acct1 = (await createAccount(c1, { email: uniqueEmail('org1'), company: 'Org One Customer', name: 'One' })).client;
    acct2 = (await createAccount(c2, { email: uniqueEmail('org2'), company: 'Org Two Customer', name: 'Two' })).client;
    const p = await c1.patch(`/iam/clients/${acct1}`, { name: 'One Edited' });
    expectStatus(p, 200, 'org1 edits its own account');
    const log = await activity(c1, { method: 'PATCH' });
    entry1 = log.result.find((e) => e.path.includes(String(acct1)));
    assert.ok(entry1, `org1 should see its own PATCH in the log: ${JSON.stringify(log)}`);
  });

  after(async () => {
    if (env) await env.close();
  });

  it('GET of the other organisation\'s account answers 404 {"message": "Not found."}', async () => {
    const r = await c2.get(`/iam/clients/${acct1}`);
    expectStatus(r, 404, 'org2 GET org1 account');
    assert.deepEqual(r.body, { message: 'Not found.' });
    assert.ok(!r.text.includes('Org One'), 'nothing of the object leaks');
    const own = await c1.get(`/iam/clients/${acct1}`);
    expectStatus(own, 200, 'org1 GET own account');
  });

  it('GET of the other reseller\'s own account answers 404', async () => {
    const r = await c2.get(`/iam/clients/${org1.client_id}`);
    expectStatus(r, 404, 'org2 GET org1 reseller account');
  });

  it('PATCH of the other organisation\'s account answers 404 and changes nothing', async () => {
    const r = await c2.patch(`/iam/clients/${acct1}`, { name: 'Hijacked', companyName: 'Hijacked Co' });
    expectStatus(r, 404, 'org2 PATCH org1 account');
    const g = await c1.get(`/iam/clients/${acct1}`);
    assert.equal(g.body.name, 'One Edited');
    assert.equal(g.body.companyName, 'Org One Customer');
  });

  it('the list shows only the own organisation\'s accounts', async () => {
    const l2 = ids(await listClients(c2));
    assert.ok(l2.includes(acct2));
    assert.ok(!l2.includes(acct1), 'org1 account in org2 list');
    assert.ok(!l2.includes(org1.client_id), 'org1 reseller account in org2 list');
    const l1 = ids(await listClients(c1));
    assert.ok(l1.includes(acct1));
    assert.ok(!l1.includes(acct2), 'org2 account in org1 list');
    const paged = await c2.get(`/iam/clients${qs({ limit: 1000 })}`);
    expectStatus(paged, 200);
    assert.ok(!ids(paged.body.results).includes(acct1));
    assert.equal(paged.body.count, paged.body.results.length);
  });

  it('id__in, id and reseller_id cannot pull the other organisation\'s accounts in', async () => {
    assert.deepEqual(ids(await listClients(c2, { id__in: `${acct1},${org1.client_id}` })), []);
    assert.deepEqual(ids(await listClients(c2, { id__in: `${acct1},${acct2}` })), [acct2]);
    assert.deepEqual(ids(await listClients(c2, { id: acct1 })), []);
    assert.deepEqual(ids(await listClients(c2, { reseller_id: org1.reseller_id })), []);
    assert.deepEqual(ids(await listClients(c2, { is_test: 'true', id__in: `${acct1}` })), []);
    const own = ids(await listClients(c2, { reseller_id: org2.reseller_id }));
    assert.ok(own.includes(acct2), 'reseller_id = own org lists own accounts');
  });

  it('the other organisation\'s tokens endpoint answers 404', async () => {
    const get = await c2.get(`/iam/clients/${org1.client_id}/tokens`);
    expectStatus(get, 404, 'org2 GET org1 tokens');
    const post = await c2.post(`/iam/clients/${org1.client_id}/tokens`, {
      name: 'intruder',
      client_user: { role: { id: 1, name: 'Administrators' } },
    });
    expectStatus(post, 404, 'org2 POST org1 tokens');
    const ownList = await c1.get(`/iam/clients/${org1.client_id}/tokens`);
    expectStatus(ownList, 200, 'org1 GET own tokens');
    assert.ok(!ownList.body.some((t) => t.name === 'intruder'), 'no token was created');
  });

  it('an API token of org1 cannot be read or deleted by org2', async () => {
    const t = await c1.post(`/iam/clients/${org1.client_id}/tokens`, {
      name: 'org1 token',
      client_user: { role: { id: 1, name: 'Administrators' } },
    });
    expectStatus(t, 200, 'org1 creates a token');
    const get = await c2.get(`/iam/clients/${org2.client_id}/tokens/${t.body.id}`);
    expectStatus(get, 404, 'org2 GET org1 token under its own account');
    const del = await c2.delete(`/iam/clients/${org2.client_id}/tokens/${t.body.id}`);
    expectStatus(del, 404, 'org2 DELETE org1 token under its own account');
    const still = await api(base, { authorization: `APIKey ${t.body.token}` }).get('/iam/clients');
    expectStatus(still, 200, 'the org1 token still works');
    // and the org1 token sees org1 only
    assert.ok(!ids(still.body).includes(acct2));
  });

  it('a seller id that is not of the own organisation is refused with 400 errors.seller', async () => {
    // org1's reseller user is not a seller of org2 (there are no sellers at all yet).
    const r = await c2.post('/iam/users', {
      email: uniqueEmail('sellerless'), password: 'Sturdy-Password-42', company: 'X', seller: org1.user_id,
    });
    expectStatus(r, 400, 'seller of another organisation');
    assert.ok(r.body?.errors?.seller, show(r));
  });

  it('org1\'s activity log entries are not visible to org2', async () => {
    const log2 = await activity(c2, { limit: 1000 });
    for (const e of log2.result) {
      assert.notEqual(e.user, org1.user_id, `org1 user in org2 log: ${JSON.stringify(e)}`);
      assert.notEqual(e.client, acct1, `org1 account in org2 log: ${JSON.stringify(e)}`);
      assert.notEqual(e.user_email, org1.email);
    }
    assert.ok(!log2.result.some((e) => e.id === entry1.id), 'org1 entry listed for org2');
    const one = await c2.get(`/iam/activity_log/requests/${entry1.id}`);
    expectStatus(one, 404, 'org2 GET org1 activity entry');
    const byUser = await activity(c2, { user_id: org1.user_id });
    assert.equal(byUser.count, 0, 'filtering by an org1 user gives nothing');
    // Filtering by the org1 account's id finds only org2's own refused attempts on it (404s).
    const byPath = await activity(c2, { path: `/iam/clients/${acct1}`, limit: 1000 });
    for (const e of byPath.result) {
      assert.equal(e.user, org2.user_id, `org1 request visible to org2: ${JSON.stringify(e)}`);
      assert.equal(e.status_code, 404, `org2's attempt on org1's account should be a 404: ${JSON.stringify(e)}`);
    }
    assert.ok(byPath.count >= 1, 'org2\'s own refused PATCH of the org1 account is in its log');
    assert.ok(!byPath.result.some((e) => e.id === entry1.id));
    const byClient = await activity(c2, { client_id: org1.client_id });
    assert.equal(byClient.count, 0, 'filtering by an org1 account gives nothing');
    // org1 still sees it
    const mine = await c1.get(`/iam/activity_log/requests/${entry1.id}`);
    expectStatus(mine, 200, 'org1 GET own activity entry');
  });

  it('org1\'s account status changes are not visible to org2', async () => {
    const r = await c2.get('/iam/activity_log/account_status_changes?limit=1000');
    expectStatus(r, 200);
    const clients = r.body.result.map((e) => e.client);
    assert.ok(clients.includes(acct2), 'org2 sees its own account\'s creation');
    assert.ok(!clients.includes(acct1), 'org1 account in org2 status changes');
    const filtered = await c2.get(`/iam/activity_log/account_status_changes${qs({ client: acct1 })}`);
    expectStatus(filtered, 200);
    assert.equal(filtered.body.count, 0);
  });

  it('the same customer e-mail may exist in both organisations', async () => {
    const email = uniqueEmail('shared');
    const a = await createAccount(c1, { email, company: 'Shared One' });
    const b = await createAccount(c2, { email, company: 'Shared Two' });
    assert.notEqual(a.client, b.client);
    assert.ok(!ids(await listClients(c1, { email })).includes(b.client));
    assert.deepEqual(ids(await listClients(c2, { email })), [b.client]);
  });
});
