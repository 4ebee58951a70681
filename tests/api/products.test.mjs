// Products: default and personal visibility, services (status and activation), refusals.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstance, api, login, PASSWORD, uniqueEmail } from './harness.mjs';

const PRODUCTS = ['CDN', 'STORAGE', 'STREAMING', 'DNS', 'DDOS', 'CLOUD'];

describe('product visibility and services', () => {
  let env, reseller, other;

  async function newAccount(fields = {}) {
    const r = await reseller.post('/iam/users', {
      email: uniqueEmail('prod'), password: PASSWORD, company: 'Products Co', ...fields,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.client;
  }
  async function service(client, product) {
    const list = await reseller.get(`/iam/clients/${client}/services`);
    assert.equal(list.status, 200);
    return list.body.find((s) => s.name === product);
  }
  async function setStatus(client, product, status, extra = {}) {
    const s = await service(client, product);
    return reseller.put(`/iam/clients/${client}/services/${s.id}`, { status, ...extra });
  }
  const visibility = async (client) =>
    Object.fromEntries((await reseller.get(`/iam/products/availability/clients/${client}`)).body
      .map((v) => [v.product_name, v]));

  before(async () => {
    env = await startInstance({ resellers: 2 });
    reseller = api(env.base, await login(env.base, env.resellers[0].email));
    other = api(env.base, await login(env.base, env.resellers[1].email));
  });
  after(async () => env?.close());

  it('defaults list every catalog product, visible unless changed', async () => {
    const r = await reseller.get('/iam/products/availability/defaults');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.map((p) => p.product_name), PRODUCTS);
    assert.ok(r.body.every((p) => p.available === true));
  });

  it('customers inherit the default until a personal value is set; reset brings inheritance back', async () => {
    const a = await newAccount();
    const b = await newAccount({ services: [{ product_name: 'DNS', available: true }] });
    let r = await reseller.patch('/iam/products/availability/defaults', { product_name: 'DNS', available: false });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.find((p) => p.product_name === 'DNS').available, false);
    assert.equal((await visibility(a)).DNS.available, false, 'a inherits the new default');
    assert.equal((await visibility(a)).DNS.personal, false);
    assert.equal((await visibility(b)).DNS.available, true, 'b keeps its personal value');
    assert.equal((await visibility(b)).DNS.personal, true);

    r = await reseller.patch(`/iam/products/availability/clients/${a}`, [{ product_name: 'dns', available: true }]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await visibility(a)).DNS.available, true);
    const filtered = await reseller.get('/iam/clients?personal_product_availability=DNS');
    assert.deepEqual(filtered.body.map((c) => c.id).sort((x, y) => x - y), [a, b].sort((x, y) => x - y));

    r = await reseller.deleteJson(`/iam/products/availability/clients/${a}`, { product_names: ['DNS'] });
    assert.equal(r.status, 204);
    assert.equal((await visibility(a)).DNS.available, false);
    assert.equal((await visibility(a)).DNS.personal, false);

    r = await reseller.deleteJson('/iam/products/availability/clients', { product_names: ['DNS'] });
    assert.equal(r.status, 204);
    assert.equal((await visibility(b)).DNS.available, false, 'the reset for all reaches b too');
    r = await reseller.patch('/iam/products/availability/defaults', { product_name: 'DNS', available: true });
    assert.equal(r.status, 200);
    assert.equal((await visibility(b)).DNS.available, true);
  });

  it('a product moved to trial gets start, trial end, previous status; the account follows', async () => {
    const c = await newAccount();
    const r = await setStatus(c, 'CDN', 'trial', { enabled: true });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'trial');
    assert.equal(r.body.previous_status, 'new');
    assert.equal(r.body.enabled, true);
    const days = (Date.parse(r.body.trial_end) - Date.parse(r.body.start)) / 86400000;
    assert.equal(days, 14);
    assert.ok(r.body.status_changed_at);
    const account = await reseller.get(`/iam/clients/${c}`);
    assert.equal(account.body.status, 'trial');
    assert.deepEqual(account.body.serviceStatuses.CDN, { status: 'trial', enabled: true });
    assert.equal((await reseller.get(`/iam/clients?cdn=trial&id=${c}`)).body.length, 1);
    const changes = await reseller.get(`/iam/activity_log/account_status_changes?client=${c}`);
    assert.equal(changes.body.result[0].old_status, 'preparation');
    assert.equal(changes.body.result[0].new_status, 'trial');

    const active = await setStatus(c, 'STORAGE', 'active');
    assert.equal(active.status, 200);
    assert.equal((await reseller.get(`/iam/clients/${c}`)).body.status, 'active');
    const paused = await setStatus(c, 'STORAGE', 'paused');
    assert.equal(paused.body.previous_status, 'active');
    const deletedIn = (Date.parse(paused.body.deleted_date) - Date.parse(paused.body.status_changed_at)) / 86400000;
    assert.equal(deletedIn, 30);
    assert.equal((await reseller.get(`/iam/clients/${c}`)).body.status, 'trial');
    await setStatus(c, 'CDN', 'trialend');
    assert.equal((await reseller.get(`/iam/clients/${c}`)).body.status, 'trialend');
  });

  it('refused transitions answer 400 saying why, and change nothing', async () => {
    const c = await newAccount();
    for (const [status, why] of [['deleted', /by itself/], ['paused', /nothing to pause/], ['sleeping', /not a product status/]]) {
      const r = await setStatus(c, 'CDN', status);
      assert.equal(r.status, 400, status);
      assert.match(r.body.errors.status[0], why);
    }
    assert.equal((await service(c, 'CDN')).status, 'new');
    await setStatus(c, 'CDN', 'active');
    const back = await setStatus(c, 'CDN', 'trial');
    assert.equal(back.status, 400);
    // People read these: the statuses by their display names, never the API's "trialend".
    assert.equal(back.body.errors.status[0],
      "A product that is Active can't go back to Trial; set it to Trial end or Paused instead.");
    const toNew = await setStatus(c, 'CDN', 'new');
    assert.equal(toNew.status, 400);
    assert.match(toNew.body.errors.status[0], /back to New/);
    assert.equal((await service(c, 'CDN')).status, 'active');
  });

  it('hiding a product a customer has in trial or active is refused with the products per status', async () => {
    const c = await newAccount();
    await setStatus(c, 'CDN', 'trial');
    await setStatus(c, 'STORAGE', 'active');
    const personal = await reseller.patch(`/iam/products/availability/clients/${c}`, [
      { product_name: 'CDN', available: false }, { product_name: 'STORAGE', available: false },
      { product_name: 'DNS', available: false }]);
    assert.equal(personal.status, 403);
    assert.deepEqual(personal.body.trial, ['CDN']);
    assert.deepEqual(personal.body.active, ['STORAGE']);
    assert.match(personal.body.message, /in Trial or Active; move them to Trial end or Paused first/);
    assert.equal((await visibility(c)).DNS.available, true, 'nothing changed, DNS included');

    const byDefault = await reseller.patch('/iam/products/availability/defaults', [
      { product_name: 'CDN', available: false }, { product_name: 'CLOUD', available: false }]);
    assert.equal(byDefault.status, 403);
    assert.deepEqual(byDefault.body.trial, ['CDN']);
    // Another account of the organisation (an earlier test) has CDN active; CLOUD blocks nothing.
    assert.ok(!byDefault.body.active.includes('CLOUD'));
    assert.ok(!byDefault.body.trial.includes('CLOUD'));
    const defaults = (await reseller.get('/iam/products/availability/defaults')).body;
    assert.equal(defaults.find((p) => p.product_name === 'CLOUD').available, true);

    await setStatus(c, 'CDN', 'trialend');
    const now = await reseller.patch(`/iam/products/availability/clients/${c}`, { product_name: 'CDN', available: false });
    assert.equal(now.status, 200, JSON.stringify(now.body));
    const hidden = await setStatus(c, 'CDN', 'active');
    assert.equal(hidden.status, 400);
    assert.match(hidden.body.errors.status[0], /hidden/);
  });

  it('bad visibility input is refused', async () => {
    const c = await newAccount();
    let r = await reseller.patch(`/iam/products/availability/clients/${c}`, { product_name: 'FASTEDGE', available: false });
    assert.equal(r.status, 400);
    assert.ok(r.body.errors.product_name);
    r = await reseller.patch(`/iam/products/availability/clients/${c}`, { product_name: 'CDN' });
    assert.equal(r.status, 400);
    assert.ok(r.body.errors.available);
    r = await reseller.deleteJson(`/iam/products/availability/clients/${c}`, { product_names: [] });
    assert.equal(r.status, 400);
  });

  it("another organisation gets 404; the default visibility is the reseller's alone", async () => {
    const c = await newAccount();
    const s = await service(c, 'CDN');
    assert.equal((await other.get(`/iam/clients/${c}/services`)).status, 404);
    assert.equal((await other.put(`/iam/clients/${c}/services/${s.id}`, { status: 'trial' })).status, 404);
    assert.equal((await other.get(`/iam/products/availability/clients/${c}`)).status, 404);
    assert.equal((await other.patch(`/iam/products/availability/clients/${c}`, { product_name: 'CDN', available: false })).status, 404);
    assert.equal((await service(c, 'CDN')).status, 'new');
    const customer = api(env.base, await login(env.base, (await reseller.get(`/iam/clients/${c}`)).body.email));
    assert.equal((await customer.get('/iam/products/availability/defaults')).status, 403);
    assert.equal((await customer.put(`/iam/clients/${c}/services/${s.id}`, { status: 'active' })).status, 403);
    const own = await customer.get(`/iam/clients/${c}/services`);
    assert.equal(own.status, 200, 'a customer reads its own products');
  });
});
