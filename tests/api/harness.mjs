// Test harness for the Clientele HTTP API suite.
//
// Starts the real binary on a temporary database and talks HTTP to it.
// No npm packages: Node.js 20 built-ins only (global fetch, node:test, node:child_process).
//
// Binary: env CLIENTELE_BIN, default <repo>/build/server/clientele.
//
// Backend: SQLite by default. With CLIENTELE_TEST_BACKEND=postgres and CLIENTELE_TEST_PG_URL
// (a PostgreSQL URL of a maintenance database, e.g. postgresql://postgres@127.0.0.1:5432/postgres;
// its role may create databases), every test database is a fresh PostgreSQL database instead.
// Tests name a database by a path (`path.join(dir, 'clientele.db')`) and pass that handle to
// migrate/createReseller/startServer/dbUrl; dbUrl(db) is the URL to give `--database`: the
// SQLite file, or the PostgreSQL database created for that handle on first use (and dropped
// when the test process exits). On PostgreSQL the secret key file lives in a per-process
// CLIENTELE_DATA_DIR (SQLite keeps it beside the database file).

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..');
export const BIN = process.env.CLIENTELE_BIN
  ? path.resolve(process.env.CLIENTELE_BIN)
  : path.join(REPO_ROOT, 'build', 'server', 'clientele');

/** A password that passes the policy (>= 8 chars, not common, not the e-mail). */
export const PASSWORD = 'Sturdy-Password-42';

const CLI_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Unique values

let counter = 0;
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** A short unique tag (lower-case letters and digits) usable in names and e-mails. */
export function uniqueTag(prefix = 't') {
  counter += 1;
  const rand = Math.random().toString(36).slice(2, 7);
  return `${prefix}${runId}${counter}${rand}`.toLowerCase();
}

/** A unique e-mail address. */
export function uniqueEmail(prefix = 'user') {
  return `${prefix}.${uniqueTag('e')}@example.com`;
}

// ---------------------------------------------------------------------------------------------
// Temp dirs and the CLI

/** Creates a fresh temporary directory; returns its path. */
export function makeTempDir(prefix = 'clientele-api-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir) {
  if (!dir) return;
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort
  }
}

export function binaryExists() {
  return existsSync(BIN);
}

/**
 * Runs the CLI synchronously and never throws on a non-zero exit.
 * @returns {{status: number|null, signal: string|null, stdout: string, stderr: string}}
 */
export function runCli(args, opts = {}) {
  const r = spawnSync(BIN, args, {
    encoding: 'utf8',
    timeout: opts.timeout ?? CLI_TIMEOUT_MS,
    env: { ...process.env, ...(opts.env ?? {}) },
    cwd: opts.cwd,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs the CLI and asserts exit code 0; returns stdout. */
export function cli(args, opts = {}) {
  const r = runCli(args, opts);
  assert.equal(
    r.status,
    0,
    `clientele ${args.join(' ')} exited with ${r.status} (signal ${r.signal})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`,
  );
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// Databases: SQLite files, or PostgreSQL databases

/** 'sqlite' or 'postgres' (CLIENTELE_TEST_BACKEND). */
export const BACKEND = process.env.CLIENTELE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
const PG_URL = process.env.CLIENTELE_TEST_PG_URL ?? '';
if (BACKEND === 'postgres' && !PG_URL) {
  throw new Error('CLIENTELE_TEST_BACKEND=postgres needs CLIENTELE_TEST_PG_URL (a maintenance database URL)');
}

const pgDatabases = new Map(); // handle -> database name
let pgDataDir = null;

if (BACKEND === 'postgres') {
  // The secret key file of every process this test file starts (serve, jobs run, ...).
  if (!process.env.CLIENTELE_DATA_DIR) {
    pgDataDir = mkdtempSync(path.join(tmpdir(), 'clientele-data-'));
    process.env.CLIENTELE_DATA_DIR = pgDataDir;
  }
  process.on('exit', () => {
    for (const name of pgDatabases.values()) {
      psql(PG_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, { check: false });
    }
    if (pgDataDir) removeDir(pgDataDir);
  });
}

/** The URL of another database on the same PostgreSQL server as `url`. */
export function pgUrlFor(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Runs SQL with psql on `url`; returns stdout (unaligned, tuples only). */
export function psql(url, sql, { check = true } = {}) {
  const r = spawnSync('psql', [url, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
  });
  if (check) {
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `psql failed on ${JSON.stringify(sql)}: ${r.stderr}`);
  }
  return r.stdout ?? '';
}

function pgDatabaseFor(handle) {
  let name = pgDatabases.get(handle);
  if (!name) {
    const hash = createHash('sha1').update(`${process.pid}:${handle}`).digest('hex').slice(0, 16);
    name = `clientele_test_${hash}`;
    psql(PG_URL, `CREATE DATABASE "${name}"`);
    pgDatabases.set(handle, name);
  }
  return name;
}

/** The `--database` URL of the database named by `db` (a path-like handle). */
export function dbUrl(db) {
  if (BACKEND === 'postgres') return pgUrlFor(PG_URL, pgDatabaseFor(db));
  return `sqlite:${db}`;
}

/**
 * Whether `text` is stored anywhere in the database `db`, as raw bytes: the SQLite files
 * (database, WAL, journal) or a data-only pg_dump of the PostgreSQL database (where bytea
 * values appear hex-encoded, so the hex form is looked for too).
 */
export function databaseContains(db, text) {
  if (BACKEND === 'postgres') {
    const r = spawnSync('pg_dump', ['--data-only', '--no-owner', dbUrl(db)], {
      maxBuffer: 256 * 1024 * 1024,
      timeout: CLI_TIMEOUT_MS,
    });
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `pg_dump failed: ${r.stderr}`);
    const hex = Buffer.from(text, 'utf8').toString('hex');
    return r.stdout.includes(text) || r.stdout.toString('latin1').toLowerCase().includes(hex);
  }
  const dir = path.dirname(db);
  const base = path.basename(db);
  return readdirSync(dir)
    .filter((n) => n.startsWith(base))
    .some((f) => readFileSync(path.join(dir, f)).includes(text));
}

export function migrate(dbPath) {
  return cli(['migrate', '--database', dbUrl(dbPath)]);
}

/** Parses the single JSON line printed by a `--json` command (ignores other lines). */
export function parseJsonLine(stdout) {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const jsonLines = lines.filter((l) => l.startsWith('{'));
  assert.equal(jsonLines.length, 1, `expected exactly one JSON line, got:\n${stdout}`);
  return JSON.parse(jsonLines[0]);
}

/**
 * Creates a reseller organisation with the CLI.
 * @returns {{email, password, company, name, reseller_id, user_id, client_id}}
 */
export function createReseller(dbPath, overrides = {}) {
  const email = overrides.email ?? uniqueEmail('reseller');
  const password = overrides.password ?? PASSWORD;
  const company = overrides.company ?? `Reseller ${uniqueTag('co')}`;
  const name = overrides.name ?? 'Reseller Person';
  const out = cli([
    'reseller', 'create',
    '--email', email,
    '--password', password,
    '--company', company,
    '--name', name,
    '--json',
    '--database', dbUrl(dbPath),
  ]);
  const ids = parseJsonLine(out);
  return { email, password, company, name, ...ids };
}

// ---------------------------------------------------------------------------------------------
// Server

/**
 * Starts `clientele serve` on 127.0.0.1:0 and waits for the "listening on" line.
 * The tests' mail servers (tests/support/smtp-sink.mjs) listen on loopback, which organisations
 * may only use with `--allow-private-mail-servers`: passed unless `allowPrivateMailServers` is
 * false (then the environment variable is cleared too, so the server is as strict as by default).
 * @returns {Promise<{base: string, port: number, proc, stop: () => Promise<{code, signal}>, output: () => string}>}
 */
export function startServer(dbPath, extraArgs = [], { allowPrivateMailServers = true } = {}) {
  const env = { ...process.env };
  delete env.CLIENTELE_ALLOW_PRIVATE_MAIL_SERVERS;
  const allow = allowPrivateMailServers ? ['--allow-private-mail-servers'] : [];
  const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--database', dbUrl(dbPath), ...allow, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let exitInfo = null;
  exited.then((e) => { exitInfo = e; });

  const output = () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not report "listening on" within ${START_TIMEOUT_MS} ms\n${output()}`));
      proc.kill('SIGKILL');
    }, START_TIMEOUT_MS);
    const check = () => {
      const m = stdout.match(/listening on (http:\/\/127\.0\.0\.1:(\d+))/);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], port: Number(m[2]) });
      }
    };
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (d) => { stdout += d; check(); });
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('error', (err) => { clearTimeout(timer); reject(err); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal})\n${output()}`));
    });
  });

  const stop = async (signal = 'SIGTERM') => {
    if (exitInfo) return exitInfo;
    proc.kill(signal);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS);
    });
    const r = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (r === null) {
      proc.kill('SIGKILL');
      const k = await exited;
      return { ...k, timedOut: true };
    }
    return r;
  };

  return ready.then(({ base, port }) => ({ base, port, proc, stop, exited, output }));
}

/**
 * One isolated instance: temp dir, migrated database, resellers created before the server
 * starts, then the server. Use in before()/after():
 *
 *   const env = await startInstance({ resellers: 2 });
 *   ... env.base, env.resellers[0] ...
 *   await env.close();
 */
export async function startInstance({ resellers = 1 } = {}) {
  const dir = makeTempDir();
  const db = path.join(dir, 'clientele.db');
  migrate(db);
  const created = [];
  for (let i = 0; i < resellers; i++) created.push(createReseller(db));
  const server = await startServer(db);
  return {
    dir,
    db,
    base: server.base,
    server,
    resellers: created,
    async close() {
      const r = await server.stop();
      removeDir(dir);
      return r;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP client

/**
 * api(base, auth): a tiny client.
 *   auth: undefined (no credentials), a string (the access token, sent as "Bearer <token>"),
 *         or {authorization: "<raw header value>"}.
 * Every method resolves to {status, headers, body, text}: body is the parsed JSON or null.
 * Bodies: a JS value is sent as JSON; a string is sent raw (Content-Type application/json unless
 * headers say otherwise); a Buffer is sent raw.
 */
export function api(base, auth) {
  const authHeader =
    auth === undefined || auth === null
      ? undefined
      : typeof auth === 'string'
        ? `Bearer ${auth}`
        : auth.authorization;

  async function request(method, p, body, opts = {}) {
    const url = /^https?:\/\//.test(p) ? p : base + p;
    const headers = { accept: 'application/json', ...(opts.headers ?? {}) };
    if (authHeader !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
      headers.authorization = authHeader;
    }
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        payload = body;
      } else {
        payload = JSON.stringify(body);
      }
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    const res = await fetch(url, { method, headers, body: payload, redirect: 'manual' });
    const text = await res.text();
    let parsed = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  return {
    request,
    get: (p, opts) => request('GET', p, undefined, opts),
    delete: (p, opts) => request('DELETE', p, undefined, opts),
    /** DELETE with a JSON body (the availability reset endpoints take one). */
    deleteJson: (p, body, opts) => request('DELETE', p, body, opts),
    post: (p, body, opts) => request('POST', p, body, opts),
    patch: (p, body, opts) => request('PATCH', p, body, opts),
    put: (p, body, opts) => request('PUT', p, body, opts),
  };
}

/** Builds a query string from an object (values already strings/numbers/booleans). */
export function qs(params) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** POST /iam/auth/jwt/login; returns the raw response. */
export function loginRaw(base, username, password, extra = {}) {
  return api(base).post('/iam/auth/jwt/login', { username, password, ...extra });
}

/** Signs in and returns the access token (asserts 200). */
export async function login(base, username, password = PASSWORD) {
  const r = await loginRaw(base, username, password);
  assert.equal(r.status, 200, `login of ${username} failed: ${r.status} ${r.text}`);
  assert.equal(typeof r.body?.access, 'string', `no access token in ${r.text}`);
  return r.body.access;
}

/** Formats a response for assertion messages. */
export function show(r) {
  return `HTTP ${r.status} ${r.text.length > 2000 ? r.text.slice(0, 2000) + '…' : r.text}`;
}

/** Asserts the status code, with the response in the message. */
export function expectStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what ? what + ': ' : ''}expected ${status}, got ${show(r)}`);
}

/** Asserts a 400 validation error listing each of the given fields. */
export function expectFieldErrors(r, fields, what = '') {
  expectStatus(r, 400, what);
  assert.ok(r.body && typeof r.body.errors === 'object' && r.body.errors !== null,
    `${what}: expected {"errors": {...}}, got ${show(r)}`);
  for (const f of fields) {
    assert.ok(Object.hasOwn(r.body.errors, f), `${what}: errors should name "${f}", got ${show(r)}`);
    const msgs = r.body.errors[f];
    assert.ok(Array.isArray(msgs) && msgs.length > 0 && msgs.every((m) => typeof m === 'string'),
      `${what}: errors.${f} should be a non-empty array of strings, got ${JSON.stringify(msgs)}`);
  }
}

/** Asserts a `{"message": "JSON parse error - ..."}` 400. */
export function expectJsonParseError(r, what = '') {
  expectStatus(r, 400, what);
  assert.equal(typeof r.body?.message, 'string', `${what}: expected {"message": ...}, got ${show(r)}`);
  assert.match(r.body.message, /^JSON parse error/, `${what}: ${show(r)}`);
}

/** Creates a customer account via POST /iam/users; asserts 201 and returns the user object. */
export async function createAccount(client, fields = {}) {
  const body = {
    email: fields.email ?? uniqueEmail('cust'),
    password: fields.password ?? PASSWORD,
    company: fields.company ?? `Company ${uniqueTag('c')}`,
    ...fields,
  };
  const r = await client.post('/iam/users', body);
  expectStatus(r, 201, `POST /iam/users ${JSON.stringify({ ...body, password: '…' })}`);
  assert.equal(typeof r.body?.client, 'number', `user.client should be the account id: ${show(r)}`);
  return r.body;
}

/** GET /iam/clients (no limit: a plain array); asserts 200; returns the array. */
export async function listClients(client, params = {}) {
  const r = await client.get('/iam/clients' + qs(params));
  expectStatus(r, 200, `GET /iam/clients${qs(params)}`);
  assert.ok(Array.isArray(r.body), `without limit the list must be a plain array: ${show(r)}`);
  return r.body;
}

export const ids = (list) => list.map((x) => x.id);
export const sortedIds = (list) => ids(list).sort((a, b) => a - b);

/** The activity-log entry's body as an object (the contract types `data` as a string). */
export function entryData(entry) {
  const d = entry.data;
  if (d === null || d === undefined) return d;
  if (typeof d === 'string') {
    if (d === '') return d;
    try {
      return JSON.parse(d);
    } catch {
      return d;
    }
  }
  return d;
}

/** GET /iam/activity_log/requests with params; asserts 200 and returns the body. */
export async function activity(client, params = {}) {
  const r = await client.get('/iam/activity_log/requests' + qs(params));
  expectStatus(r, 200, `GET /iam/activity_log/requests${qs(params)}`);
  assert.ok(Array.isArray(r.body?.result), `activity log must have "result": ${show(r)}`);
  return r.body;
}
