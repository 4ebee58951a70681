// Sign-in, refresh, Authorization schemes, lockout, API tokens, secrets kept out of the log.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startInstance, api, login, loginRaw, PASSWORD, uniqueEmail, expectStatus, expectFieldErrors,
  expectJsonParseError, show, createAccount, activity,
} from './harness.mjs';

const BAD_CREDENTIALS = 'No active account found with the given credentials.';
const NOT_AUTHENTICATED = 'Authentication credentials were not provided or are not valid.';

describe('authentication', () => {
  let env;
  let base;
  let r1; // main reseller
  let r2; // reseller used only for the lockout test
  const secrets = new Set(); // every password/token that must never appear in the activity log

  before(async () => {
    env = await startInstance({ resellers: 2 });
    base = env.base;
    [r1, r2] = env.resellers;
    secrets.add(PASSWORD);
  });

  after(async () => {
    if (env) await env.close();
  });

  describe('sign-in', () => {
    it('valid credentials give access and refresh tokens', async () => {
      const r = await loginRaw(base, r1.email, r1.password);
      expectStatus(r, 200, 'login');
      assert.equal(typeof r.body.access, 'string');
      assert.equal(typeof r.body.refresh, 'string');
      assert.notEqual(r.body.access, r.body.refresh);
      // A JWT has three dot-separated parts.
      assert.equal(r.body.access.split('.').length, 3, `access should be a JWT: ${r.body.access}`);
      secrets.add(r.body.access);
      secrets.add(r.body.refresh);
    });

    it('the access token works as Bearer on GET /iam/clients', async () => {
      const token = await login(base, r1.email);
      secrets.add(token);
      const r = await api(base, token).get('/iam/clients');
      expectStatus(r, 200, 'GET /iam/clients with Bearer');
      assert.ok(Array.isArray(r.body), show(r));
    });

    it('wrong password and unknown e-mail both answer 401 with the same body', async () => {
      const wrong = await loginRaw(base, r1.email, 'Wrong-Password-999');
      const unknown = await loginRaw(base, uniqueEmail('nobody'), 'Wrong-Password-999');
      expectStatus(wrong, 401, 'wrong password');
      expectStatus(unknown, 401, 'unknown e-mail');
      assert.deepEqual(wrong.body, { message: BAD_CREDENTIALS });
      assert.deepEqual(unknown.body, wrong.body);
      // the right password still works afterwards (and resets the failure counter)
      await login(base, r1.email);
    });

    it('the e-mail is the username, not e.g. the company', async () => {
      const r = await loginRaw(base, r1.company, r1.password);
      expectStatus(r, 401, 'login with company name as username');
    });

    it('missing username and password answer 400 naming both', async () => {
      const r = await api(base).post('/iam/auth/jwt/login', {});
      expectFieldErrors(r, ['username', 'password'], 'login {}');
      const onlyUser = await api(base).post('/iam/auth/jwt/login', { username: r1.email });
      expectFieldErrors(onlyUser, ['password'], 'login without password');
      assert.ok(!Object.hasOwn(onlyUser.body.errors, 'username'), show(onlyUser));
    });

    it('malformed JSON answers 400 "JSON parse error"', async () => {
      const r = await api(base).post('/iam/auth/jwt/login', '{"username": "a@b.c", "password": ');
      expectJsonParseError(r, 'login with malformed JSON');
    });
  });

  describe('refresh', () => {
    it('a refresh token works exactly once', async () => {
      const first = await loginRaw(base, r1.email, r1.password);
      expectStatus(first, 200);
      const refresh = first.body.refresh;
      secrets.add(first.body.access);
      secrets.add(refresh);

      const r = await api(base).post('/iam/auth/jwt/refresh', { refresh });
      expectStatus(r, 200, 'first refresh');
      assert.equal(typeof r.body.access, 'string');
      assert.equal(typeof r.body.refresh, 'string');
      assert.notEqual(r.body.refresh, refresh, 'refresh must rotate');
      secrets.add(r.body.access);
      secrets.add(r.body.refresh);

      const list = await api(base, r.body.access).get('/iam/clients');
      expectStatus(list, 200, 'refreshed access token works');

      const again = await api(base).post('/iam/auth/jwt/refresh', { refresh });
      expectStatus(again, 401, 'second use of the same refresh token');

      // the rotated one still works once
      const next = await api(base).post('/iam/auth/jwt/refresh', { refresh: r.body.refresh });
      expectStatus(next, 200, 'rotated refresh token');
      secrets.add(next.body.access);
      secrets.add(next.body.refresh);
    });

    it('a garbage refresh token answers 401, a missing one 400', async () => {
      const garbage = await api(base).post('/iam/auth/jwt/refresh', { refresh: 'not.a.token' });
      expectStatus(garbage, 401, 'garbage refresh');
      const missing = await api(base).post('/iam/auth/jwt/refresh', {});
      expectFieldErrors(missing, ['refresh'], 'refresh without token');
    });

    it('an access token is not accepted as a refresh token', async () => {
      const access = await login(base, r1.email);
      secrets.add(access);
      const r = await api(base).post('/iam/auth/jwt/refresh', { refresh: access });
      expectStatus(r, 401, 'access token used as refresh');
    });

    it('a refresh token is not accepted as an access token', async () => {
      const r = await loginRaw(base, r1.email, r1.password);
      secrets.add(r.body.access);
      secrets.add(r.body.refresh);
      const list = await api(base, r.body.refresh).get('/iam/clients');
      expectStatus(list, 401, 'refresh token used as Bearer');
    });
  });

  describe('Authorization header', () => {
    let token;
    before(async () => {
      token = await login(base, r1.email);
      secrets.add(token);
    });

    it('absent Authorization answers 401 with the documented message', async () => {
      const r = await api(base).get('/iam/clients');
      expectStatus(r, 401);
      assert.deepEqual(r.body, { message: NOT_AUTHENTICATED });
    });

    for (const [label, value] of [
      ['garbage Bearer token', 'Bearer garbage'],
      ['garbage JWT-shaped token', 'Bearer aaaa.bbbb.cccc'],
      ['unknown scheme', 'Basic dXNlcjpwYXNz'],
      ['scheme only', 'Bearer'],
      ['empty', ''],
      ['garbage APIKey', 'APIKey 12345_nonsense'],
    ]) {
      it(`${label} answers 401`, async () => {
        const r = await api(base, { authorization: value }).get('/iam/clients');
        expectStatus(r, 401, label);
        assert.deepEqual(r.body, { message: NOT_AUTHENTICATED });
      });
    }

    it('a tampered signature answers 401', async () => {
      const [h, p, s] = token.split('.');
      const flipped = s.slice(0, -2) + (s.slice(-2) === 'AA' ? 'BB' : 'AA');
      const r = await api(base, `${h}.${p}.${flipped}`).get('/iam/clients');
      expectStatus(r, 401, 'tampered JWT');
    });

    it('the scheme is case-insensitive (bearer, BEARER)', async () => {
      for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
        const r = await api(base, { authorization: `${scheme} ${token}` }).get('/iam/clients');
        expectStatus(r, 200, `scheme ${scheme}`);
      }
    });
  });

  describe('lockout', () => {
    it('5 wrong passwords lock the person: the 6th attempt, even right, gets 429 with Retry-After', async () => {
      for (let i = 1; i <= 5; i++) {
        const r = await loginRaw(base, r2.email, `Wrong-Password-${i}x`);
        expectStatus(r, 401, `wrong password #${i}`);
        assert.deepEqual(r.body, { message: BAD_CREDENTIALS });
      }
      const locked = await loginRaw(base, r2.email, r2.password);
      expectStatus(locked, 429, 'right password while locked');
      const retry = locked.headers.get('retry-after');
      assert.ok(retry !== null, 'Retry-After header is required');
      const secs = Number(retry);
      assert.ok(Number.isInteger(secs) && secs > 0 && secs <= 60, `Retry-After should be 1..60 seconds: ${retry}`);
      assert.equal(typeof locked.body?.message, 'string', show(locked));
      assert.match(locked.body.message, /Too many failed sign-in attempts/, show(locked));
      assert.ok(!('access' in (locked.body ?? {})), 'a locked sign-in must not hand out tokens');

      // the lock belongs to that person only
      await login(base, r1.email);
    });
  });

  describe('API tokens', () => {
    let token; // access token of r1
    let client;
    let apiToken; // the created token object (with the secret)
    let otherAccountId;

    before(async () => {
      token = await login(base, r1.email);
      secrets.add(token);
      client = api(base, token);
      const user = await createAccount(client, { email: uniqueEmail('tok-other') });
      otherAccountId = user.client;
    });

    it('create on the own account returns the secret once', async () => {
      const r = await client.post(`/iam/clients/${r1.client_id}/tokens`, {
        name: 'ci token',
        description: 'for the test suite',
        client_user: { role: { id: 1, name: 'Administrators' } },
      });
      expectStatus(r, 200, 'POST tokens');
      assert.equal(typeof r.body.token, 'string', show(r));
      assert.ok(r.body.token.length >= 16, `token too short: ${r.body.token}`);
      assert.ok(Number.isInteger(r.body.id), show(r));
      assert.equal(r.body.name, 'ci token');
      assert.match(r.body.token, /^\d+[_$].+/, `token should be <id>_<secret>: ${r.body.token}`);
      apiToken = r.body;
      secrets.add(r.body.token);
      secrets.add(r.body.token.replace(/^\d+[_$]/, ''));
    });

    it('APIKey and apikey schemes authenticate', async () => {
      assert.ok(apiToken, 'token creation failed earlier');
      for (const scheme of ['APIKey', 'apikey']) {
        const r = await api(base, { authorization: `${scheme} ${apiToken.token}` }).get('/iam/clients');
        expectStatus(r, 200, `${scheme} scheme`);
        assert.ok(Array.isArray(r.body));
      }
    });

    it('a wrong secret with a valid token id answers 401', async () => {
      assert.ok(apiToken);
      const forged = `${apiToken.id}_${'x'.repeat(40)}`;
      const r = await api(base, { authorization: `APIKey ${forged}` }).get('/iam/clients');
      expectStatus(r, 401, 'forged secret');
    });

    it('the list and the detail do not contain the secret', async () => {
      assert.ok(apiToken);
      const r = await client.get(`/iam/clients/${r1.client_id}/tokens`);
      expectStatus(r, 200, 'GET tokens');
      assert.ok(Array.isArray(r.body), show(r));
      assert.ok(r.body.some((t) => t.id === apiToken.id), `created token missing from list: ${show(r)}`);
      const secretPart = apiToken.token.replace(/^\d+[_$]/, '');
      assert.ok(!r.text.includes(secretPart), 'the list leaks the secret');
      for (const t of r.body) assert.ok(!('token' in t) || t.token === null, `list item has a token: ${JSON.stringify(t)}`);

      const one = await client.get(`/iam/clients/${r1.client_id}/tokens/${apiToken.id}`);
      expectStatus(one, 200, 'GET one token');
      assert.equal(one.body.id, apiToken.id);
      assert.ok(!one.text.includes(secretPart), 'the detail leaks the secret');
    });

    it('state-changing requests made with the token are logged with the token id', async () => {
      assert.ok(apiToken);
      const tclient = api(base, { authorization: `APIKey ${apiToken.token}` });
      const email = uniqueEmail('via-token');
      const created = await tclient.post('/iam/users', { email, password: PASSWORD, company: 'Via Token Co' });
      expectStatus(created, 201, 'POST /iam/users with API token');
      const log = await activity(client, { method: 'POST', limit: 50 });
      const entry = log.result.find((e) => e.path === '/iam/users' && JSON.stringify(e.data).includes(email));
      assert.ok(entry, `no activity entry for the POST made with the token: ${JSON.stringify(log.result)}`);
      assert.equal(entry.token, apiToken.id, `entry.token should be the API token id: ${JSON.stringify(entry)}`);
      assert.equal(entry.user, r1.user_id, 'a token acts as the person who issued it');
    });

    it('DELETE answers 204, then the token answers 401', async () => {
      assert.ok(apiToken);
      const d = await client.delete(`/iam/clients/${r1.client_id}/tokens/${apiToken.id}`);
      expectStatus(d, 204, 'DELETE token');
      const r = await api(base, { authorization: `APIKey ${apiToken.token}` }).get('/iam/clients');
      expectStatus(r, 401, 'deleted token');
    });

    it('creating a token on another account answers 404', async () => {
      const r = await client.post(`/iam/clients/${otherAccountId}/tokens`, {
        name: 'not mine',
        client_user: { role: { id: 1, name: 'Administrators' } },
      });
      expectStatus(r, 404, 'POST tokens on a customer account');
      const list = await client.get(`/iam/clients/${otherAccountId}/tokens`);
      expectStatus(list, 404, 'GET tokens of a customer account');
      const nonexistent = await client.post('/iam/clients/99999999/tokens', {
        name: 'nowhere',
        client_user: { role: { id: 1, name: 'Administrators' } },
      });
      expectStatus(nonexistent, 404, 'POST tokens on a non-existent account');
    });

    it('the v2 endpoint issues <id>_<secret>; it authenticates and can be deleted', async () => {
      const r = await client.post(`/iam/v2/clients/${r1.client_id}/tokens`, {
        name: 'v2 token',
        exp_date: null,
        client_user: { role: { id: 1, name: 'Administrators' } },
      });
      expectStatus(r, 200, 'POST v2 tokens');
      assert.match(r.body.token, /^\d+_.+/, `v2 token should be <id>_<secret>: ${r.body.token}`);
      secrets.add(r.body.token);
      secrets.add(r.body.token.replace(/^\d+_/, ''));
      const ok = await api(base, { authorization: `APIKey ${r.body.token}` }).get('/iam/clients');
      expectStatus(ok, 200, 'v2 token authenticates');
      const d = await client.delete(`/iam/v2/clients/${r1.client_id}/tokens/${r.body.id}`);
      expectStatus(d, 204, 'DELETE v2 token');
      const gone = await api(base, { authorization: `APIKey ${r.body.token}` }).get('/iam/clients');
      expectStatus(gone, 401, 'deleted v2 token');
    });

    it('an exp_date in the past is refused or the token does not work', async () => {
      const r = await client.post(`/iam/clients/${r1.client_id}/tokens`, {
        name: 'expired',
        exp_date: '2001-01-01T00:00:00Z',
        client_user: { role: { id: 1, name: 'Administrators' } },
      });
      if (r.status === 200) {
        secrets.add(r.body.token);
        const use = await api(base, { authorization: `APIKey ${r.body.token}` }).get('/iam/clients');
        expectStatus(use, 401, 'an expired token must not authenticate');
      } else {
        expectFieldErrors(r, ['exp_date'], 'exp_date in the past');
      }
    });

    it('a token without a name is refused with 400', async () => {
      const r = await client.post(`/iam/clients/${r1.client_id}/tokens`, {
        client_user: { role: { id: 1, name: 'Administrators' } },
      });
      expectFieldErrors(r, ['name'], 'token without name');
    });
  });

  describe('secrets stay out of the activity log', () => {
    it('no password, access/refresh token or API token appears in GET /iam/activity_log/requests', async () => {
      const token = await login(base, r1.email);
      secrets.add(token);
      // A request whose body carries a password, to make sure it is masked.
      await createAccount(api(base, token), { email: uniqueEmail('mask'), password: 'Another-Secret-Pass-77' });
      secrets.add('Another-Secret-Pass-77');

      const r = await api(base, token).get('/iam/activity_log/requests?limit=1000');
      expectStatus(r, 200, 'activity log');
      assert.ok(r.body.count > 0, 'the log should have entries by now');
      // The sign-ins and the refreshes above were recorded, so masking really was exercised.
      assert.ok(r.body.result.some((e) => e.path === '/iam/auth/jwt/login'), 'successful sign-ins are recorded');
      for (const s of secrets) {
        assert.ok(!r.text.includes(s), `the activity log contains a secret: ${s.slice(0, 12)}…`);
      }
      assert.ok(r.text.includes('********'), 'masked values should appear as ********');
    });
  });
});
