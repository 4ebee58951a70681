// Compression: the portals' files go out as their precompressed twin (.br, .gz) by the client's
// Accept-Encoding, with Vary and an ETag per variant; API answers are gzipped when large.
// Node's http module is used directly: it sends no Accept-Encoding of its own and decodes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import {
  makeTempDir, removeDir, migrate, createReseller, startServer, api, login, createAccount,
} from './harness.mjs';

/** A request whose headers are exactly `headers`; resolves to {status, headers, body: Buffer}. */
function raw(base, p, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + p, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = {
  br: (b) => brotliDecompressSync(b),
  gzip: (b) => gunzipSync(b),
  identity: (b) => b,
};

function varies(r) {
  return (r.headers.vary ?? '').split(',').map((s) => s.trim().toLowerCase()).includes('accept-encoding');
}

describe('compression', () => {
  let dir, server, token;
  const script = Buffer.from(
    Array.from({ length: 400 }, (_, i) => `export const value${i} = { id: ${i}, label: "item ${i}" };`).join('\n'),
  );
  const page = Buffer.from(`<!doctype html><title>Clientele</title><div id="root"></div>${'<!-- padding -->'.repeat(40)}`);
  const gzipOnly = Buffer.from('console.log("only gzip");\n'.repeat(100));
  const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array(2000).fill(7)]);

  before(async () => {
    dir = makeTempDir();
    const db = path.join(dir, 'clientele.db');
    const web = path.join(dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    const withTwins = (file, data, twins = ['br', 'gz']) => {
      writeFileSync(file, data);
      if (twins.includes('br')) writeFileSync(`${file}.br`, brotliCompressSync(data));
      if (twins.includes('gz')) writeFileSync(`${file}.gz`, gzipSync(data));
    };
    withTwins(path.join(web, 'index.html'), page);
    withTwins(path.join(web, 'assets', 'app-abc123.js'), script);
    withTwins(path.join(web, 'assets', 'old-def456.js'), gzipOnly, ['gz']);
    withTwins(path.join(web, 'assets', 'logo-aaa111.png'), image, []);
    migrate(db);
    const reseller = createReseller(db);
    server = await startServer(db, ['--web-root', web]);
    token = await login(server.base, reseller.email);
    const client = api(server.base, token);
    for (let i = 0; i < 12; i++) await createAccount(client, { name: `Compression Person ${i}` });
  });

  after(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it('sends the brotli twin when accepted, else the gzip one, else the file, with Vary and a tag per variant', async () => {
    const cases = [
      [undefined, 'identity'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['gzip;q=0.5, br;q=0.8', 'br'],
      ['br;q=0, gzip;q=0', 'identity'],
      ['identity', 'identity'],
      ['*', 'br'],
      ['deflate', 'identity'],
    ];
    const tags = new Map();
    for (const [accept, want] of cases) {
      const r = await raw(server.base, '/assets/app-abc123.js', { headers: accept ? { 'accept-encoding': accept } : {} });
      const what = `Accept-Encoding: ${accept ?? '(none)'}`;
      assert.equal(r.status, 200, what);
      assert.equal(r.headers['content-encoding'] ?? 'identity', want, what);
      assert.equal(Number(r.headers['content-length']), r.body.length, what);
      assert.deepEqual(decode[want](r.body), script, what);
      assert.match(r.headers['content-type'], /javascript/, what);
      assert.match(r.headers['cache-control'], /immutable/, what);
      assert.ok(varies(r), `${what}: Vary: Accept-Encoding`);
      assert.match(r.headers.etag, /^"[^"]+"$/, what);
      if (tags.has(want)) assert.equal(tags.get(want), r.headers.etag, `${what}: one tag per variant`);
      tags.set(want, r.headers.etag);
    }
    assert.equal(new Set(tags.values()).size, 3, 'br, gzip and identity have different tags');
    assert.ok(tags.get('br') && tags.get('gzip') && tags.get('identity'));

    const onlyGzip = await raw(server.base, '/assets/old-def456.js', { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(onlyGzip.headers['content-encoding'], 'gzip', 'no .br twin: gzip');
    assert.deepEqual(gunzipSync(onlyGzip.body), gzipOnly);
  });

  it('HEAD says what GET would send, without the body', async () => {
    const get = await raw(server.base, '/assets/app-abc123.js', { headers: { 'accept-encoding': 'br' } });
    const head = await raw(server.base, '/assets/app-abc123.js', { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const h of ['content-encoding', 'content-length', 'etag', 'vary', 'content-type', 'cache-control'])
      assert.equal(head.headers[h], get.headers[h], h);
  });

  it('answers If-None-Match with 304 for the same variant only', async () => {
    const br = await raw(server.base, '/assets/app-abc123.js', { headers: { 'accept-encoding': 'br' } });
    const etag = br.headers.etag;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const r = await raw(server.base, '/assets/app-abc123.js', { headers: { 'accept-encoding': 'br', 'if-none-match': inm } });
      assert.equal(r.status, 304, `If-None-Match: ${inm}`);
      assert.equal(r.body.length, 0);
      assert.equal(r.headers.etag, etag);
      assert.ok(varies(r));
      assert.match(r.headers['cache-control'], /immutable/);
    }
    // The browser that cached the brotli variant and now asks for gzip gets gzip, whole.
    const gzip = await raw(server.base, '/assets/app-abc123.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    assert.equal(gzip.status, 200);
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gzip.body), script);
    const stale = await raw(server.base, '/assets/app-abc123.js', { headers: { 'accept-encoding': 'br', 'if-none-match': '"stale"' } });
    assert.equal(stale.status, 200);
  });

  it('pages of the app come compressed and are always revalidated', async () => {
    const r = await raw(server.base, '/admin/accounts?page=2', { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(r.body), page);
    assert.match(r.headers['content-type'], /text\/html/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.ok(varies(r));
    const again = await raw(server.base, '/portal', { headers: { 'accept-encoding': 'gzip, br', 'if-none-match': r.headers.etag } });
    assert.equal(again.status, 304);
  });

  it('a file without twins goes out as it is, with no Vary', async () => {
    const r = await raw(server.base, '/assets/logo-aaa111.png', { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.headers.vary, undefined);
    assert.deepEqual(r.body, image);
    assert.ok(r.headers.etag);
  });

  it('gzips API answers of 1 KiB or more when accepted, and only then', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const plain = await raw(server.base, '/iam/clients?limit=100', { headers: auth });
    assert.equal(plain.status, 200);
    assert.ok(plain.body.length > 1024, `a page of 13 accounts is over 1 KiB (${plain.body.length} bytes)`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(varies(plain), 'Vary: Accept-Encoding even when not compressed');

    const packed = await raw(server.base, '/iam/clients?limit=100', { headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(packed.status, 200);
    assert.equal(packed.headers['content-encoding'], 'gzip');
    assert.ok(varies(packed));
    assert.equal(Number(packed.headers['content-length']), packed.body.length);
    assert.ok(packed.body.length < plain.body.length / 2, `${packed.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(JSON.parse(gunzipSync(packed.body)), JSON.parse(plain.body));

    for (const accept of ['br', 'gzip;q=0', 'identity']) {
      const r = await raw(server.base, '/iam/clients?limit=100', { headers: { ...auth, 'accept-encoding': accept } });
      assert.equal(r.headers['content-encoding'], undefined, `Accept-Encoding: ${accept}`);
      assert.deepEqual(JSON.parse(r.body), JSON.parse(plain.body));
    }

    const small = await raw(server.base, '/healthz', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(small.status, 200);
    assert.equal(small.headers['content-encoding'], undefined, 'short answers are sent as they are');

    const docs = await raw(server.base, '/openapi.yaml', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(docs.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(docs.body).toString(), /^openapi: /m);
  });

  it('gzips the streamed account list as it is written', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const plain = await raw(server.base, '/iam/clients?ordering=id', { headers: auth });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['transfer-encoding'], 'chunked');
    const list = JSON.parse(plain.body);
    assert.equal(list.length, 13);

    const packed = await raw(server.base, '/iam/clients?ordering=id', { headers: { ...auth, 'accept-encoding': 'gzip' } });
    assert.equal(packed.status, 200);
    assert.equal(packed.headers['transfer-encoding'], 'chunked');
    assert.equal(packed.headers['content-encoding'], 'gzip');
    assert.ok(varies(packed));
    assert.deepEqual(JSON.parse(gunzipSync(packed.body)), list);

    const head = await raw(server.base, '/iam/clients?ordering=id', { method: 'HEAD', headers: { ...auth, 'accept-encoding': 'gzip' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'gzip');
    assert.equal(head.body.length, 0);
  });
});
