// Saved account-list filter presets: private to each Admin Portal user.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstance, api, login, PASSWORD, uniqueEmail } from './harness.mjs';

describe('filter presets', () => {
  let env, reseller, other;

  before(async () => {
    env = await startInstance({ resellers: 2 });
    reseller = api(env.base, await login(env.base, env.resellers[0].email));
    other = api(env.base, await login(env.base, env.resellers[1].email));
  });
  after(async () => env?.close());

  it('saves, lists by name and deletes a preset', async () => {
    const created = await reseller.post('/iam/presets', { name: 'Trials in DE', filters: { cdn: 'trial', country_code: 'DE' } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.filters, { cdn: 'trial', country_code: 'DE' });
    await reseller.post('/iam/presets', { name: 'all test', filters: { is_test: 'true' } });
    const list = await reseller.get('/iam/presets');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((p) => p.name), ['all test', 'Trials in DE']);
    const gone = await reseller.delete(`/iam/presets/${created.body.id}`);
    assert.equal(gone.status, 204);
    assert.deepEqual((await reseller.get('/iam/presets')).body.map((p) => p.name), ['all test']);
  });

  it('refuses a duplicate name, a blank name and non-string filters', async () => {
    await reseller.post('/iam/presets', { name: 'Mine', filters: {} });
    const dup = await reseller.post('/iam/presets', { name: 'Mine', filters: { email: 'x' } });
    assert.equal(dup.status, 400);
    assert.ok(dup.body.errors.name);
    const blank = await reseller.post('/iam/presets', { name: '  ', filters: {} });
    assert.equal(blank.status, 400);
    assert.ok(blank.body.errors.name);
    const bad = await reseller.post('/iam/presets', { name: 'Numbers', filters: { limit: 5 } });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.filters);
  });

  it("is private: another organisation neither sees nor deletes someone's preset", async () => {
    const mine = await reseller.post('/iam/presets', { name: 'Private', filters: { email: 'a' } });
    assert.ok(!(await other.get('/iam/presets')).body.some((p) => p.name === 'Private'));
    assert.equal((await other.delete(`/iam/presets/${mine.body.id}`)).status, 404);
    assert.ok((await reseller.get('/iam/presets')).body.some((p) => p.name === 'Private'));
  });

  it('customers may not use presets', async () => {
    const email = uniqueEmail('cust');
    await reseller.post('/iam/users', { email, password: PASSWORD, company: 'Customer Co' });
    const customer = api(env.base, await login(env.base, email));
    assert.equal((await customer.get('/iam/presets')).status, 403);
  });
});
