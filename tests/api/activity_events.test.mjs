// Issue 17: each recorded request says which account it concerns (`account`, the `account_id`
// filter) and what it did (`event`), for every kind of change.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstance, api, login, PASSWORD, uniqueEmail, expectStatus, show, createAccount, activity } from './harness.mjs';

describe('activity events', () => {
  let env;
  let reseller;
  let account;
  let email;
  let userId;

  before(async () => {
    env = await startInstance({ resellers: 1 });
    reseller = api(env.base, await login(env.base, env.resellers[0].email, env.resellers[0].password));
    email = uniqueEmail('ev');
    const created = await createAccount(reseller, { email, company: 'Eventful Ltd' });
    account = created.client;
    userId = created.id;
    const cdn = (await reseller.get(`/iam/clients/${account}/services`)).body.find((s) => s.name === 'CDN');
    expectStatus(await reseller.put(`/iam/clients/${account}/services/${cdn.id}`, { status: 'trial' }), 200);
    expectStatus(await reseller.put(`/iam/clients/${account}/services/${cdn.id}`, { enabled: true }), 200);
    expectStatus(await reseller.put(`/iam/clients/${account}/services/${cdn.id}`, { status: 'new' }), 400);
    expectStatus(await reseller.patch(`/iam/users/${userId}`, { name: 'Eve Ventful' }), 200);
    expectStatus(await reseller.post(`/iam/users/${userId}/block`), 200);
    expectStatus(await reseller.post(`/iam/users/${userId}/activate`), 200);
    // The customer's own change.
    const customer = api(env.base, await login(env.base, email, PASSWORD));
    expectStatus(await customer.post('/iam/clients/me/deletion_request', { confirm: true }), 201);
    // Another account's change stays out of this one's list.
    await createAccount(reseller, { email: uniqueEmail('other') });
  });

  after(async () => {
    if (env) await env.close();
  });

  it('filed under the account they concern, with a readable event each', async () => {
    const page = await activity(reseller, { account_id: account, limit: 100 });
    const events = page.result.map((e) => e.event).reverse(); // oldest first
    for (const e of page.result) assert.equal(e.account, account, JSON.stringify(e));
    const want = [
      { action: 'account_created', target: email, account },
      { action: 'product_updated', product: 'CDN', from: 'new', to: 'trial', account },
      { action: 'product_updated', product: 'CDN', account },
      { action: 'product_updated', to: 'new', account },
      { action: 'user_edited', target: email, account },
      { action: 'user_blocked', target: email, account },
      { action: 'user_activated', target: email, account },
      { action: 'sign_in', account },
      { action: 'deletion_requested', account },
    ];
    const got = events.map(({ fields, ...rest }) => rest);
    assert.deepEqual(got.map((e) => e.action), want.map((e) => e.action), JSON.stringify(events));
    for (let i = 0; i < want.length; i++) {
      for (const [k, v] of Object.entries(want[i])) assert.deepEqual(got[i][k], v, `${want[i].action}.${k}: ${JSON.stringify(got[i])}`);
    }
    assert.equal(events[2].fields.enabled, true);
    assert.equal(events[4].fields.name, 'Eve Ventful');
    assert.equal(events[0].fields.company, 'Eventful Ltd');
    assert.equal(events[0].fields.password, '********', 'secrets stay masked in the event too');
  });

  it('the organisation-wide list carries the same fields; bad account ids are refused', async () => {
    const page = await activity(reseller, { limit: 5 });
    for (const e of page.result) {
      assert.ok(Object.hasOwn(e, 'account'), JSON.stringify(e));
      assert.equal(typeof e.event.action, 'string', JSON.stringify(e));
    }
    const bad = await reseller.get('/iam/activity_log/requests?account_id=abc');
    expectStatus(bad, 400);
    assert.ok(bad.body.errors.account_id, show(bad));
  });
});
