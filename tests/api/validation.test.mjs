// Bad input gets its 4xx and changes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startInstance, api, login, PASSWORD, uniqueEmail, uniqueTag, expectStatus, expectFieldErrors,
  expectJsonParseError, show, createAccount, listClients, qs,
} from './harness.mjs';

describe('validation', () => {
  let env;
  let base;
  let org1;
  let org2;
  let client;
  let client2;
  let acct; // an account of org1 used for PATCH tests
  let acctEmail;
  const tag = uniqueTag('val');

  // Snapshot of the organisation's accounts (test and non-test alike), to prove nothing changed.
  const snapshot = async (c = client) => {
    const normal = await listClients(c);
    const tests = await listClients(c, { is_test: 'true' });
    return JSON.stringify([...normal, ...tests].sort((a, b) => a.id - b.id));
  };
  const countAccounts = async (c = client) =>
    (await listClients(c)).length + (await listClients(c, { is_test: 'true' })).length;

  // Runs a bad request and checks that the set of accounts did not change.
  const refused = async (fn, what) => {
    const beforeSnap = await snapshot();
    const r = await fn();
    assert.ok(r.status >= 400 && r.status < 500, `${what}: expected a 4xx, got ${show(r)}`);
    const afterSnap = await snapshot();
    assert.equal(afterSnap, beforeSnap, `${what}: a refused request must change nothing`);
    return r;
  };

  const good = (over = {}) => ({
    email: uniqueEmail('valid'),
    password: PASSWORD,
    company: `Valid Co ${tag}`,
    ...over,
  });

  before(async () => {
    env = await startInstance({ resellers: 2 });
    base = env.base;
    [org1, org2] = env.resellers;
    client = api(base, await login(base, org1.email, org1.password));
    client2 = api(base, await login(base, org2.email, org2.password));
    acctEmail = uniqueEmail('patchme');
    acct = (await createAccount(client, { email: acctEmail, company: `Patch Me ${tag}`, name: 'Patch Me' })).client;
  });

  after(async () => {
    if (env) await env.close();
  });

  describe('POST /iam/users', () => {
    it('missing email, password and company are all listed at once', async () => {
      const r = await refused(() => client.post('/iam/users', { name: 'Nobody' }), 'missing required');
      expectFieldErrors(r, ['email', 'password', 'company'], 'missing required');
    });

    it('an empty object lists all three too', async () => {
      const r = await refused(() => client.post('/iam/users', {}), 'empty object');
      expectFieldErrors(r, ['email', 'password', 'company'], 'empty object');
    });

    it('several bad fields are listed together', async () => {
      const r = await refused(
        () => client.post('/iam/users', good({ email: 'nope', lang: 'xx', is_test: 'yes' })),
        'several bad fields',
      );
      expectFieldErrors(r, ['email', 'lang', 'is_test'], 'several bad fields');
    });

    const cases = [
      ['invalid email', { email: 'not-an-email' }, 'email'],
      ['email without domain', { email: 'someone@' }, 'email'],
      ['bad lang', { lang: 'fr' }, 'lang'],
      ['bad country_code (3 letters)', { country_code: 'USA' }, 'country_code'],
      ['bad country_code (not a country)', { country_code: '12' }, 'country_code'],
      ['is_test not boolean', { is_test: 'true' }, 'is_test'],
      ['is_test a number', { is_test: 1 }, 'is_test'],
      ['short password', { password: 'Ab1-xyz' }, 'password'],
      ['common password', { password: 'password123' }, 'password'],
      ['password over 128 characters', { password: 'Xy7-'.repeat(33) }, 'password'],
      ['unknown product in services', { services: [{ product_name: 'TELEPORT', available: true }] }, 'services'],
      ['services not a list', { services: 'CDN' }, 'services'],
      ['user_type reseller', { user_type: 'reseller' }, 'user_type'],
      ['user_type seller', { user_type: 'seller' }, 'user_type'],
      ['company of the wrong type', { company: 42 }, 'company'],
      ['non-existent seller', { seller: 987654 }, 'seller'],
    ];
    for (const [label, over, field] of cases) {
      it(`${label} → 400 errors.${field}`, async () => {
        const r = await refused(() => client.post('/iam/users', good(over)), label);
        expectFieldErrors(r, [field], label);
      });
    }

    it('password equal to the e-mail → 400 errors.password', async () => {
      const email = uniqueEmail('samepw');
      const r = await refused(() => client.post('/iam/users', good({ email, password: email })), 'password = email');
      expectFieldErrors(r, ['password'], 'password = email');
    });

    it('a valid request still works (the cases above are not refused for another reason)', async () => {
      const n = await countAccounts();
      const u = await createAccount(client, good({
        lang: 'zh', country_code: 'US', is_test: false, user_type: 'common',
        services: [{ product_name: 'DNS', available: true }, { product_name: 'CLOUD', available: null }],
      }));
      assert.equal(await countAccounts(), n + 1);
      const g = await client.get(`/iam/clients/${u.client}`);
      expectStatus(g, 200);
    });

    it('duplicate e-mail within the organisation → 400 errors.email', async () => {
      const r = await refused(() => client.post('/iam/users', good({ email: acctEmail })), 'duplicate email');
      expectFieldErrors(r, ['email'], 'duplicate email');
      assert.deepEqual(r.body.errors.email, ['An account with this e-mail already exists in your organisation.']);
    });

    it('the reseller\'s own e-mail is taken within its organisation', async () => {
      const r = await refused(() => client.post('/iam/users', good({ email: org1.email })), 'reseller email');
      expectFieldErrors(r, ['email'], 'reseller email');
    });

    it('the same e-mail IS allowed in another organisation', async () => {
      const n2 = await countAccounts(client2);
      const n1 = await countAccounts(client);
      const u = await createAccount(client2, good({ email: acctEmail }));
      assert.equal(u.email, acctEmail);
      assert.equal(await countAccounts(client2), n2 + 1);
      assert.equal(await countAccounts(client), n1, 'org1 unchanged');
    });
  });

  describe('PATCH /iam/clients/{id}', () => {
    const patchRefused = async (body, field, what) => {
      const beforeAcct = (await client.get(`/iam/clients/${acct}`)).body;
      const r = await refused(() => client.patch(`/iam/clients/${acct}`, body), what);
      expectFieldErrors(r, [field], what);
      const afterAcct = (await client.get(`/iam/clients/${acct}`)).body;
      assert.deepEqual(afterAcct, beforeAcct, `${what}: the account must be unchanged`);
    };

    it('invalid email → 400 errors.email', () => patchRefused({ email: 'broken@', name: 'Changed' }, 'email', 'PATCH bad email'));
    it('empty companyName → 400 errors.companyName', () => patchRefused({ companyName: '', name: 'Changed' }, 'companyName', 'PATCH empty companyName'));
    it('non-existent seller → 400 errors.seller', () => patchRefused({ seller: 987654 }, 'seller', 'PATCH bad seller'));
    it('bad lang → 400 errors.lang', () => patchRefused({ lang: 'klingon' }, 'lang', 'PATCH bad lang'));
    it('is_test not boolean → 400 errors.is_test', () => patchRefused({ is_test: 'no' }, 'is_test', 'PATCH bad is_test'));
    it('email of another account of the organisation → 400 errors.email', async () => {
      const other = await createAccount(client, good());
      await patchRefused({ email: other.email }, 'email', 'PATCH duplicate email');
    });

    it('a JSON array body → 400 JSON parse error', async () => {
      const r = await refused(() => client.patch(`/iam/clients/${acct}`, [{ name: 'x' }]), 'array body');
      expectJsonParseError(r, 'PATCH array');
    });

    it('a JSON string body → 400 JSON parse error', async () => {
      const r = await refused(() => client.patch(`/iam/clients/${acct}`, '"just a string"'), 'string body');
      expectJsonParseError(r, 'PATCH string');
    });

    it('malformed JSON → 400 JSON parse error', async () => {
      const r = await refused(() => client.patch(`/iam/clients/${acct}`, '{"name": "x",'), 'malformed');
      expectJsonParseError(r, 'PATCH malformed');
    });
  });

  describe('bodies', () => {
    it('POST /iam/users with a JSON array → 400 JSON parse error', async () => {
      const r = await refused(() => client.post('/iam/users', [good()]), 'POST array');
      expectJsonParseError(r, 'POST array');
    });

    it('POST /iam/users with a JSON string → 400 JSON parse error', async () => {
      const r = await refused(() => client.post('/iam/users', JSON.stringify(JSON.stringify(good()))), 'POST string');
      expectJsonParseError(r, 'POST string');
    });

    it('POST /iam/users with malformed JSON → 400 JSON parse error', async () => {
      const r = await refused(() => client.post('/iam/users', '{"email": "a@b.com", "password": }'), 'POST malformed');
      expectJsonParseError(r, 'POST malformed');
    });

    it('POST /iam/users with an empty body → 400', async () => {
      const r = await refused(() => client.post('/iam/users', ''), 'POST empty');
      expectStatus(r, 400, 'POST empty body');
    });

    it('a 2 MiB body → 413', async () => {
      const big = JSON.stringify({ ...good(), name: 'x'.repeat(2 * 1024 * 1024) });
      const r = await refused(() => client.post('/iam/users', big), 'oversize');
      expectStatus(r, 413, 'oversize body');
      assert.equal(typeof r.body?.message, 'string', show(r));
      // the server is still fine afterwards
      const h = await api(base).get('/healthz');
      expectStatus(h, 200, 'healthz after oversize');
    });

    it('headers over 16 KiB → 431', async () => {
      const r = await client.get('/iam/clients', { headers: { 'x-padding': 'p'.repeat(20 * 1024) } });
      expectStatus(r, 431, 'oversize headers');
    });
  });

  describe('response headers', () => {
    it('JSON answers carry a JSON content type and nosniff', async () => {
      for (const r of [await client.get('/iam/clients'), await client.get('/iam/clients/99999999'), await api(base).get('/iam/clients')]) {
        assert.match(r.headers.get('content-type') ?? '', /^application\/json/, `content-type of ${show(r)}`);
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `x-content-type-options of ${show(r)}`);
      }
    });
  });

  describe('paths and methods', () => {
    it('unknown id → 404 {"message": "Not found."}', async () => {
      const r = await client.get('/iam/clients/99999999');
      expectStatus(r, 404);
      assert.deepEqual(r.body, { message: 'Not found.' });
      const p = await refused(() => client.patch('/iam/clients/99999999', { name: 'x' }), 'PATCH unknown');
      expectStatus(p, 404);
    });

    it('non-numeric id → 404', async () => {
      expectStatus(await client.get('/iam/clients/abc'), 404, 'GET /iam/clients/abc');
      expectStatus(await client.get('/iam/clients/12abc'), 404, 'GET /iam/clients/12abc');
      expectStatus(await client.get('/iam/clients/-1'), 404, 'GET /iam/clients/-1');
      expectStatus(await client.get('/iam/activity_log/requests/xyz'), 404, 'GET activity xyz');
    });

    it('an unknown path → 404', async () => {
      expectStatus(await client.get('/iam/no-such-thing'), 404);
    });

    it('wrong method on a known path → 405 with Allow', async () => {
      const r = await refused(() => client.put('/iam/clients', { name: 'x' }), 'PUT /iam/clients');
      expectStatus(r, 405, 'PUT /iam/clients');
      const allow = r.headers.get('allow');
      assert.ok(allow && /GET/.test(allow), `Allow should list GET: ${allow}`);
      assert.equal(typeof r.body?.message, 'string', show(r));

      const d = await client.delete('/iam/activity_log/requests');
      expectStatus(d, 405, 'DELETE /iam/activity_log/requests');
      const login = await api(base).get('/iam/auth/jwt/login');
      expectStatus(login, 405, 'GET /iam/auth/jwt/login');
    });
  });

  describe('query parameters of GET /iam/clients', () => {
    const bad = [
      ['limit', '-1'],
      ['limit', 'abc'],
      ['limit', '0'],
      ['limit', '1001'],
      ['offset', '-5'],
      ['is_test', 'maybe'],
      ['ordering', 'password'],
      ['ordering', 'companyName,-password_hash'],
      ['cdn', 'sleeping'],
      ['dns', 'asleep'],
      ['status', 'bored'],
      ['created_at_gte', 'yesterday'],
      ['created_at_lte', '2026-13-45'],
      ['id__in', '1,two'],
    ];
    for (const [param, value] of bad) {
      it(`${param}=${value} → 400 errors.${param}`, async () => {
        const r = await client.get(`/iam/clients${qs({ [param]: value })}`);
        expectFieldErrors(r, [param], `${param}=${value}`);
      });
    }

    it('unknown parameters are ignored', async () => {
      const plain = await listClients(client);
      const withUnknown = await listClients(client, { frobnicate: 'yes' });
      assert.deepEqual(withUnknown, plain);
    });

    it('offset has an upper bound on every list that takes it', async () => {
      const lists = [
        '/iam/clients?limit=10',
        '/iam/users?limit=10',
        '/iam/admin/sellers?limit=10',
        '/iam/activity_log/requests?limit=10',
        '/iam/activity_log/account_status_changes?limit=10',
        `/iam/reselling/resellers/${org1.reseller_id}/notification_settings?limit=10`,
      ];
      for (const list of lists) {
        for (const offset of ['9223372036854775807', '1000000001']) {
          const r = await client.get(`${list}&offset=${offset}`);
          expectFieldErrors(r, ['offset'], `${list}&offset=${offset}`);
        }
        const edge = await client.get(`${list}&offset=1000000000`);
        expectStatus(edge, 200, `${list}&offset=1000000000`);
        assert.equal(edge.body.next, null, `${list}: no next page beyond the cap: ${show(edge)}`);
      }
    });

    it('a NUL or other control character in a filter → 400 naming the parameter, not "no filter"', async () => {
      for (const [list, param] of [
        ['/iam/clients', 'email'], ['/iam/clients', 'companyName'], ['/iam/clients', 'users_email'],
        ['/iam/admin/sellers', 'email'], ['/iam/activity_log/requests', 'path'],
      ]) {
        for (const value of ['%00', 'a%00b', '%1F', '%7F']) {
          const r = await client.get(`${list}?${param}=${value}`);
          expectFieldErrors(r, [param], `${list}?${param}=${value}`);
        }
      }
    });

    it('a 400 that echoes bytes which are not UTF-8 is still valid UTF-8 JSON', async () => {
      const authorization = `Bearer ${await login(base, org1.email, org1.password)}`;
      for (const q of ['status=%FF', 'cdn=%C3', 'ordering=%ED%A0%80', 'personal_product_availability=%F4%90%80%80']) {
        const res = await fetch(`${base}/iam/clients?${q}`, { headers: { authorization } });
        assert.equal(res.status, 400, q);
        const bytes = new Uint8Array(await res.arrayBuffer());
        let text;
        assert.doesNotThrow(() => { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); }, `${q}: the body is not UTF-8`);
        const body = JSON.parse(text);
        assert.ok(body.errors && Object.keys(body.errors).length === 1, `${q}: ${text}`);
        assert.ok(JSON.stringify(body).includes('\uFFFD'), `${q}: the bad bytes are shown as U+FFFD: ${text}`);
      }
    });

    it('bad activity-log parameters → 400 naming them', async () => {
      for (const [param, value] of [['limit', '-1'], ['status_code', 'abc'], ['requested_at_gte', 'soon']]) {
        const r = await client.get(`/iam/activity_log/requests${qs({ [param]: value })}`);
        expectFieldErrors(r, [param], `activity ${param}=${value}`);
      }
    });
  });
});
