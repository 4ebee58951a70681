// Issue 17: one notion of "activated" for both portals (each service's `activation`), and the
// customer's activation request kept until the product is activated.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstance, api, login, PASSWORD, uniqueEmail, expectStatus, show, createAccount } from './harness.mjs';

describe('activation', () => {
  let env;
  let reseller;

  before(async () => {
    env = await startInstance({ resellers: 1 });
    reseller = api(env.base, await login(env.base, env.resellers[0].email, env.resellers[0].password));
  });

  after(async () => {
    if (env) await env.close();
  });

  async function newCustomer() {
    const email = uniqueEmail('act');
    const user = await createAccount(reseller, { email });
    const customer = api(env.base, await login(env.base, email, PASSWORD));
    const id = user.client;
    const service = async (who, name) => {
      const r = await who.get(`/iam/clients/${id}/services`);
      expectStatus(r, 200);
      return r.body.find((s) => s.name === name);
    };
    return { id, email, customer, service };
  }

  it('a status alone does not activate: both sides read not_activated', async () => {
    const { id, customer, service } = await newCustomer();
    const cdn = await service(reseller, 'CDN');
    assert.equal(cdn.activation, 'not_activated');
    assert.equal(cdn.activation_request, null);
    expectStatus(await reseller.put(`/iam/clients/${id}/services/${cdn.id}`, { status: 'active' }), 200);
    assert.equal((await service(reseller, 'CDN')).activation, 'not_activated');
    const seen = await service(customer, 'CDN');
    assert.equal(seen.status, 'active');
    assert.equal(seen.activation, 'not_activated');
    expectStatus(await reseller.put(`/iam/clients/${id}/services/${cdn.id}`, { enabled: true }), 200);
    assert.equal((await service(customer, 'CDN')).activation, 'activated');
  });

  it('a request stays pending until the product is activated', async () => {
    const { id, email, customer, service } = await newCustomer();
    const dns = await service(customer, 'DNS');
    const r = await customer.post(`/iam/clients/${id}/services/${dns.id}/activation_request`, { message: 'Three zones' });
    expectStatus(r, 202);
    assert.equal(r.body.status, 'sent');
    assert.equal(r.body.product, 'DNS');
    assert.equal(r.body.requested_by_email, email);

    for (const who of [customer, reseller]) {
      const seen = await service(who, 'DNS');
      assert.equal(seen.activation, 'requested', show({ status: 200, text: JSON.stringify(seen) }));
      assert.equal(seen.activation_request.requested_by_email, email);
      assert.equal(seen.activation_request.message, 'Three zones');
      assert.ok(!Number.isNaN(Date.parse(seen.activation_request.requested_at)));
    }
    const again = await customer.post(`/iam/clients/${id}/services/${dns.id}/activation_request`, {});
    expectStatus(again, 409);
    assert.match(again.body.message, /already requested/);

    expectStatus(await reseller.put(`/iam/clients/${id}/services/${dns.id}`, { enabled: true }), 200);
    const done = await service(customer, 'DNS');
    assert.equal(done.activation, 'activated');
    assert.equal(done.activation_request, null);
  });

  it('a pending deletion stops every product and refuses requests; cancelling restores them', async () => {
    const { id, customer, service } = await newCustomer();
    const cdn = await service(reseller, 'CDN');
    expectStatus(await reseller.put(`/iam/clients/${id}/services/${cdn.id}`, { status: 'trial', enabled: true }), 200);
    expectStatus(await customer.post('/iam/clients/me/deletion_request', { confirm: true }), 201);

    for (const name of ['CDN', 'STORAGE']) {
      assert.equal((await service(customer, name)).activation, 'deletion_pending', name);
      assert.equal((await service(reseller, name)).activation, 'deletion_pending', name);
    }
    const storage = await service(customer, 'STORAGE');
    const refused = await customer.post(`/iam/clients/${id}/services/${storage.id}/activation_request`, {});
    expectStatus(refused, 409);
    assert.match(refused.body.message, /scheduled for deletion/);

    expectStatus(await reseller.post(`/iam/clients/${id}/deletion_requests/cancel`, {}), 200);
    assert.equal((await service(customer, 'CDN')).activation, 'activated');
    assert.equal((await service(customer, 'STORAGE')).activation, 'not_activated');
  });
});
