// Starts a real Clientele server for the browser tests: a fresh SQLite database in a temporary
// folder, one reseller organisation made with the CLI, `serve` on port 0 with the built bundle.
// Tests find it through environment variables (see fixtures.ts); the returned function stops it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
const repoDir = path.resolve(webDir, '..');

export const RESELLER = {
  email: 'erin@reseller-e2e.example',
  password: 'Sturdy-Password-42',
  name: 'Erin Reseller',
  company: 'E2E Reselling Ltd',
};

export default async function globalSetup(): Promise<() => Promise<void>> {
  const bin = path.resolve(repoDir, process.env.CLIENTELE_BIN ?? 'build/server/clientele');
  const dist = path.resolve(webDir, 'dist');
  if (!existsSync(bin)) throw new Error(`No server binary at ${bin}: build it, or set CLIENTELE_BIN.`);
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`No bundle in ${dist}: run "npm run build" first.`);

  const dir = mkdtempSync(path.join(tmpdir(), 'clientele-e2e-'));
  const database = `sqlite:${path.join(dir, 'e2e.db')}`;
  execFileSync(bin, [
    'reseller', 'create',
    '--email', RESELLER.email,
    '--password', RESELLER.password,
    '--company', RESELLER.company,
    '--name', RESELLER.name,
    '--database', database,
  ], { stdio: 'pipe' });

  // The mail server tests use loopback addresses, which organisations may use only with this option.
  const server = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--database', database, '--web-root', dist,
    '--allow-private-mail-servers'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CLIENTELE_LOG_LEVEL: process.env.CLIENTELE_LOG_LEVEL ?? 'warn' },
  });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      reject(new Error(`The server did not say "listening on" within 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before listening:\n${output}`));
    });
  });

  process.env.CLIENTELE_E2E_BASE_URL = base;
  process.env.CLIENTELE_E2E_EMAIL = RESELLER.email;
  process.env.CLIENTELE_E2E_PASSWORD = RESELLER.password;
  process.env.CLIENTELE_E2E_NAME = RESELLER.name;
  // For the platform operator's commands some tests run (e2e/overview.spec.ts: `org set`).
  process.env.CLIENTELE_E2E_BIN = bin;
  process.env.CLIENTELE_E2E_DATABASE = database;

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGTERM');
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000));
      await Promise.race([exited, timeout]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
