// Browser sessions of the portals (HttpOnly cookie + CSRF token) and serving the built bundle.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  PASSWORD, makeTempDir, removeDir, migrate, createReseller, startServer, api, login, uniqueEmail,
} from './harness.mjs';

function cookiesOf(response) {
  return response.headers.getSetCookie();
}

function cookieJar(setCookies) {
  return setCookies.map((c) => c.split(';')[0]).join('; ');
}

async function signIn(base, username, password, portal) {
  const r = await fetch(`${base}/iam/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, portal }),
  });
  return { status: r.status, body: await r.json(), setCookies: cookiesOf(r) };
}

describe('portal sessions', () => {
  let dir, server, reseller, customerEmail;

  before(async () => {
    dir = makeTempDir();
    const db = path.join(dir, 'clientele.db');
    const web = path.join(dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Clientele</title><div id="root"></div>');
    writeFileSync(path.join(web, 'assets', 'app-abc123.js'), 'console.log("app");');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside the web root');
    migrate(db);
    reseller = createReseller(db);
    server = await startServer(db, ['--web-root', web]);
    const token = await login(server.base, reseller.email);
    customerEmail = uniqueEmail('portal');
    const created = await api(server.base, token).post('/iam/users', {
      email: customerEmail, password: PASSWORD, company: 'Portal Customer',
    });
    assert.equal(created.status, 201);
  });

  after(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it('signs in to the Admin Portal with an HttpOnly SameSite cookie and a readable CSRF cookie', async () => {
    const r = await signIn(server.base, reseller.email, PASSWORD, 'admin');
    assert.equal(r.status, 200);
    assert.equal(r.body.user.email, reseller.email);
    assert.equal(r.body.user.user_type, 'reseller');
    assert.equal(r.body.portal, 'admin');
    const session = r.setCookies.find((c) => c.startsWith('clientele_admin='));
    const csrf = r.setCookies.find((c) => c.startsWith('clientele_admin_csrf='));
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Strict/);
    assert.doesNotMatch(session, /Secure/, 'plain localhost may not use Secure');
    assert.doesNotMatch(csrf, /HttpOnly/);
    assert.equal(csrf.split(';')[0].split('=')[1], r.body.csrf_token);
  });

  it('a cookie authenticates reads; changes need the CSRF token', async () => {
    const r = await signIn(server.base, reseller.email, PASSWORD, 'admin');
    const cookie = cookieJar(r.setCookies);
    const me = await fetch(`${server.base}/iam/auth/session`, { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).user.email, reseller.email);
    const list = await fetch(`${server.base}/iam/clients?limit=5`, { headers: { cookie } });
    assert.equal(list.status, 200);

    const body = JSON.stringify({ email: uniqueEmail('csrf'), password: PASSWORD, company: 'CSRF Co' });
    const forged = await fetch(`${server.base}/iam/users`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body,
    });
    assert.equal(forged.status, 403);
    const wrong = await fetch(`${server.base}/iam/users`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': 'nope' }, body,
    });
    assert.equal(wrong.status, 403);
    const ok = await fetch(`${server.base}/iam/users`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': r.body.csrf_token },
      body,
    });
    assert.equal(ok.status, 201);
  });

  it('customers sign in to the Customer Portal only, with their own cookie', async () => {
    const wrongPortal = await signIn(server.base, customerEmail, PASSWORD, 'admin');
    assert.equal(wrongPortal.status, 401);
    const r = await signIn(server.base, customerEmail, PASSWORD, 'customer');
    assert.equal(r.status, 200);
    // The portal's account header names the company.
    assert.equal(r.body.user.company, 'Portal Customer');
    assert.ok(r.setCookies.some((c) => c.startsWith('clientele_portal=')));
    const cookie = cookieJar(r.setCookies);
    // The customer cookie is read only when the request says it comes from the Customer Portal.
    const asCustomer = await fetch(`${server.base}/iam/auth/session`, { headers: { cookie, 'x-portal': 'customer' } });
    assert.equal(asCustomer.status, 200);
    assert.equal((await asCustomer.json()).user.company, 'Portal Customer');
    const asAdmin = await fetch(`${server.base}/iam/auth/session`, { headers: { cookie } });
    assert.equal(asAdmin.status, 401);
    const resellerOnly = await fetch(`${server.base}/iam/clients`, { headers: { cookie, 'x-portal': 'customer' } });
    assert.equal(resellerOnly.status, 403);
  });

  it('signing out ends the session at once', async () => {
    const r = await signIn(server.base, reseller.email, PASSWORD, 'admin');
    const cookie = cookieJar(r.setCookies);
    const out = await fetch(`${server.base}/iam/auth/session`, { method: 'DELETE', headers: { cookie } });
    assert.equal(out.status, 204);
    assert.ok(cookiesOf(out).some((c) => /^clientele_admin=;/.test(c) && /Max-Age=0/.test(c)));
    const after = await fetch(`${server.base}/iam/auth/session`, { headers: { cookie } });
    assert.equal(after.status, 401);
  });

  it('wrong passwords answer 401 like the token sign-in', async () => {
    const r = await signIn(server.base, reseller.email, 'Not-The-Password-1', 'admin');
    assert.equal(r.status, 401);
    assert.equal(r.setCookies.length, 0);
  });

  it('sign-in bodies must be JSON: a form or text/plain post (what another site can send) → 415', async () => {
    const body = JSON.stringify({ username: reseller.email, password: PASSWORD, portal: 'admin' });
    for (const path of ['/iam/auth/session', '/iam/auth/jwt/login']) {
      for (const type of [null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const headers = type ? { 'content-type': type } : {};
        const r = await fetch(`${server.base}${path}`, { method: 'POST', headers, body: type ? body : new Blob([body]) });
        assert.equal(r.status, 415, `${path} with ${type}`);
        assert.equal(r.headers.getSetCookie().length, 0, `${path} with ${type} set a cookie`);
      }
      const ok = await fetch(`${server.base}${path}`, {
        method: 'POST', headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body,
      });
      assert.equal(ok.status, 200, path);
    }
  });

  it('behind a TLS proxy the cookies are __Host- cookies, and only those are read', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const r = await fetch(`${server.base}/iam/auth/session`, {
      method: 'POST',
      headers: { ...https, 'content-type': 'application/json' },
      body: JSON.stringify({ username: reseller.email, password: PASSWORD, portal: 'admin' }),
    });
    assert.equal(r.status, 200);
    const set = cookiesOf(r);
    const session = set.find((c) => c.startsWith('__Host-clientele_admin='));
    const csrf = set.find((c) => c.startsWith('__Host-clientele_admin_csrf='));
    for (const c of [session, csrf]) {
      assert.ok(c, `a __Host- cookie: ${set}`);
      assert.match(c, /; Secure/);
      assert.match(c, /; Path=\/(;|$)/);
      assert.doesNotMatch(c, /Domain=/i);
    }
    const cookie = cookieJar(set);
    const me = await fetch(`${server.base}/iam/auth/session`, { headers: { ...https, cookie } });
    assert.equal(me.status, 200);
    // The same value under the prefix-less name (which a sibling site could plant) is not read.
    const planted = cookie.replaceAll('__Host-', '');
    assert.equal((await fetch(`${server.base}/iam/auth/session`, { headers: { ...https, cookie: planted } })).status, 401);
    const csrfToken = csrf.split(';')[0].split('=')[1];
    const change = await fetch(`${server.base}/iam/presets`, {
      method: 'POST',
      headers: { ...https, cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: `host-${Date.now()}`, filters: {} }),
    });
    assert.equal(change.status, 201, await change.text());
    const out = await fetch(`${server.base}/iam/auth/session`, { method: 'DELETE', headers: { ...https, cookie } });
    assert.ok(cookiesOf(out).some((c) => /^__Host-clientele_admin=;/.test(c) && /Max-Age=0/.test(c) && /Secure/.test(c)));
  });

  it('serves the bundle: pages fall back to index.html, assets are immutable, nothing outside the root', async () => {
    const page = await fetch(`${server.base}/admin/accounts/42`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /text\/html/);
    assert.match(await page.text(), /<div id="root">/);
    assert.match(page.headers.get('content-security-policy'), /default-src 'self'/);
    assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    const asset = await fetch(`${server.base}/assets/app-abc123.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type'), /javascript/);
    assert.match(asset.headers.get('cache-control'), /immutable/);
    assert.equal((await fetch(`${server.base}/assets/missing.js`)).status, 404);
    const climb = await fetch(`${server.base}/%2e%2e/secret.txt`);
    assert.doesNotMatch(await climb.text(), /outside the web root/);
    const apiMiss = await fetch(`${server.base}/iam/nothing-here`);
    assert.equal(apiMiss.status, 404);
    assert.match(apiMiss.headers.get('content-type'), /json/);
  });
});
