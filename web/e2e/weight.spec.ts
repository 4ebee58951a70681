// How much script the portals make a browser download (issue 17, "Weight"): from a cold cache,
// the sign-in page of either portal at most 150 KB of compressed script, the Accounts page at
// most 300 KB. Checked twice: from the built bundle (the manifest says which chunks a page
// loads, their .br twins what each weighs), and in the browser against the real server (what it
// actually sent, and that it sent it compressed). docs/performance.md, "Portal weight".
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, reseller, test } from './fixtures';

const KB = 1024;
const BUDGET = { signIn: 150 * KB, accounts: 300 * KB };

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/** What a page loads before it can show: the entry and its route modules, with everything they
 *  import statically (dynamic imports load later, on demand). */
const PAGES: Record<string, { budget: number; modules: string[] }> = {
  'sign-in (either portal)': { budget: BUDGET.signIn, modules: ['index.html', 'src/auth/SignInPage.tsx'] },
  Accounts: {
    budget: BUDGET.accounts,
    modules: [
      'index.html',
      'src/components/AntApp.tsx',
      'src/admin/AdminLayout.tsx',
      'src/resources/clients/ClientList.tsx',
    ],
  },
};

function scriptsOf(manifest: Record<string, ManifestChunk>, modules: string[]): string[] {
  const seen = new Set<string>();
  const files = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest: did a route move? Update PAGES.`);
    files.add(chunk.file);
    for (const i of chunk.imports ?? []) visit(i);
  };
  modules.forEach(visit);
  return [...files].filter((f) => f.endsWith('.js'));
}

/** Bytes on the wire for `file` with `coding`: its twin's size, or the file's if it has none. */
function wireSize(file: string, coding: 'br' | 'gz'): number {
  const p = path.join(dist, file);
  return statSync(existsSync(`${p}.${coding}`) ? `${p}.${coding}` : p).size;
}

const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;

test.describe('the built bundle', () => {
  test('every compressible file has .br and .gz twins that decode to it', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => !e.name.startsWith('.'))
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = walk(dist).filter((f) => /\.(js|css|html|svg)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const data = readFileSync(f);
      // A tiny file may have no twin (compressed it would not be smaller); anything larger must.
      if (data.length < 1024) continue;
      const name = path.relative(dist, f);
      expect(existsSync(`${f}.br`), `${name}.br`).toBe(true);
      expect(existsSync(`${f}.gz`), `${name}.gz`).toBe(true);
      expect(brotliDecompressSync(readFileSync(`${f}.br`)).equals(data), `${name}.br is ${name}`).toBe(true);
      expect(gunzipSync(readFileSync(`${f}.gz`)).equals(data), `${name}.gz is ${name}`).toBe(true);
    }
  });

  test('the sign-in page needs at most 150 KB of compressed script, the Accounts page 300 KB', () => {
    const manifestFile = path.join(dist, '.vite', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
    for (const [page, { budget, modules }] of Object.entries(PAGES)) {
      const scripts = scriptsOf(manifest, modules);
      const raw = scripts.reduce((s, f) => s + statSync(path.join(dist, f)).size, 0);
      const br = scripts.reduce((s, f) => s + wireSize(f, 'br'), 0);
      const gz = scripts.reduce((s, f) => s + wireSize(f, 'gz'), 0);
      const line = `${page}: ${scripts.length} scripts, ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli (budget ${kb(budget)})`;
      console.log(line);
      test.info().annotations.push({ type: 'weight', description: line });
      expect(br, line).toBeLessThanOrEqual(budget);
    }
  });
});

/** Sums what the page's scripts put on the wire (encoded) until `ready` is done. */
async function scriptBytes(page: Page, ready: () => Promise<void>) {
  const pending: Promise<{ url: string; bytes: number; coding: string }>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'script') return;
    pending.push(
      (async () => ({
        url: new URL(r.url()).pathname,
        bytes: (await r.request().sizes()).responseBodySize,
        coding: (await r.allHeaders())['content-encoding'] ?? 'identity',
      }))(),
    );
  });
  await ready();
  // A module runs only once every script it imports has arrived, so the page showing means
  // all of them were requested; their sizes are known once each body is complete.
  const scripts = await Promise.all(pending);
  return { scripts, total: scripts.reduce((s, x) => s + x.bytes, 0) };
}

/** Chromium asks for br (also on plain http to the loopback); only a file too small to gain
 *  from it may come as it is. */
function expectCompressed(scripts: { url: string; bytes: number; coding: string }[]) {
  for (const s of scripts) if (s.bytes >= 1024) expect(s.coding, `${s.url} is sent compressed`).toBe('br');
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`in the browser at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    for (const [portal, url, heading] of [
      ['Admin Portal', '/admin/login', 'Sign in to the Admin Portal'],
      ['Customer Portal', '/portal/login', 'Sign in'],
    ] as const) {
      test(`the ${portal}'s sign-in page transfers at most 150 KB of compressed script`, async ({ page }) => {
        const { scripts, total } = await scriptBytes(page, async () => {
          await page.goto(url);
          await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
          await expect(page.getByLabel('E-mail')).toBeVisible();
        });
        console.log(`${portal} sign-in at ${viewport.width}px: ${scripts.length} scripts, ${kb(total)}`);
        expect(scripts.length).toBeGreaterThan(0);
        expectCompressed(scripts);
        expect(total).toBeLessThanOrEqual(BUDGET.signIn);
      });
    }

    test('the Accounts page transfers at most 300 KB of compressed script', async ({ page }) => {
      const session = await page.request.post('/iam/auth/session', {
        data: { username: reseller.email, password: reseller.password, portal: 'admin' },
      });
      expect(session.status()).toBe(200);
      const { scripts, total } = await scriptBytes(page, async () => {
        await page.goto('/admin/accounts');
        await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
        await expect(page.getByRole('row').nth(1)).toBeVisible();
      });
      console.log(`Accounts at ${viewport.width}px: ${scripts.length} scripts, ${kb(total)}`);
      expectCompressed(scripts);
      expect(total).toBeLessThanOrEqual(BUDGET.accounts);
    });
  });
}
