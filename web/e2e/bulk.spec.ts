// Issue 16: work on many accounts at once — a bulk action on rows ticked in the Accounts table,
// the CSV export of a filtered list, and the CSV import's dry run. At a desktop (1440×900) and a
// phone (390×844): the bulk bar and the import page must work on both.
import { readFile } from 'node:fs/promises';
import { type Locator, type Page } from '@playwright/test';
import { createAccountViaApi, expect, signInAdmin, test, unique } from './fixtures';
import { DESKTOP, PHONE, adminApi, pageOverflows } from './admin-helpers';

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');
const FIRST_LOAD = { timeout: 30_000 };

/** Opens an Ant Design select by its label, then picks an option by its title. */
async function pick(page: Page, name: string, option: string, scope: Page | Locator = page) {
  await scope.locator('.ant-select').filter({ has: page.getByRole('combobox', { name, exact: true }) }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
}

/** A seller of the organisation, through the API. */
async function sellerViaApi(request: Parameters<typeof adminApi>[0], name: string): Promise<{ id: number; email: string }> {
  const headers = await adminApi(request);
  const email = `${unique('seller')}@bulk.example`;
  const r = await request.post('/iam/admin/sellers', { headers, data: { email, full_name: name } });
  expect(r.status(), await r.text()).toBe(201);
  return { id: ((await r.json()) as { id: number }).id, email };
}

/** The accounts whose e-mail contains `tag`, by the API (id → seller). */
async function sellersOf(request: Parameters<typeof adminApi>[0], tag: string): Promise<Map<number, number | null>> {
  const headers = await adminApi(request);
  const r = await request.get(`/iam/clients?email=${encodeURIComponent(tag)}`, { headers });
  expect(r.status()).toBe(200);
  const list = (await r.json()) as { id: number; seller: number | null }[];
  return new Map(list.map((c) => [c.id, c.seller]));
}

function parseCsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`many accounts at once (${label})`, () => {
    test.use({ viewport });

    test('selecting 3 accounts and assigning a seller changes exactly those 3', async ({ page, request }) => {
      const tag = unique('bulksel');
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(await createAccountViaApi(request, { email: `${tag}-${i}@bulk.example`, company: `Bulk ${tag} ${i}` }));
      }
      const seller = await sellerViaApi(request, `Bulk Seller ${tag}`);
      await signInAdmin(page);
      await page.goto(`/admin/accounts?email=${encodeURIComponent(tag)}&ordering=email`);
      await expect(rows(page)).toHaveCount(5, FIRST_LOAD);

      const chosen = [ids[0], ids[2], ids[3]];
      for (const id of chosen) await page.getByRole('checkbox', { name: `Select account ${id}` }).check();
      const bar = page.getByRole('region', { name: 'Bulk actions' });
      await expect(bar.getByTestId('bulk-count')).toHaveText('3 selected');
      expect(await pageOverflows(page)).toBe(false);

      await pick(page, 'Bulk action', 'Assign a seller', bar);
      await pick(page, 'Seller to assign', `Bulk Seller ${tag} (${seller.email})`, bar);
      await bar.getByRole('button', { name: 'Apply to 3 accounts' }).click();
      const dialog = page.getByRole('dialog', { name: 'Bulk action' });
      await expect(dialog.getByTestId('bulk-summary')).toHaveText(
        '3 of 3 done: 3 changed, 0 already so, 0 refused, 0 not found.',
      );
      await expect(dialog.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
      await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
      await expect(dialog).toBeHidden();

      const after = await sellersOf(request, tag);
      expect(after.size).toBe(5);
      for (const id of ids) expect(after.get(id), `account ${id}`).toBe(chosen.includes(id) ? seller.id : null);
    });

    test('a CSV export of a filtered list matches the list', async ({ page, request }) => {
      const tag = unique('bulkexp');
      for (let i = 0; i < 3; i++) {
        await createAccountViaApi(request, { email: `${tag}-${i}@export.example`, company: `Export ${tag} ${i}` });
      }
      // Not in the filtered list: a test account (hidden by default) and another e-mail.
      await createAccountViaApi(request, { email: `${tag}-t@export.example`, company: `Export ${tag} test`, is_test: true });
      await createAccountViaApi(request, { email: `${unique('other')}@export.example`, company: `Export other` });
      await signInAdmin(page);
      await page.goto(`/admin/accounts?email=${encodeURIComponent(tag)}&ordering=-email`);
      await expect(rows(page)).toHaveCount(3, FIRST_LOAD);
      const shown = await rows(page).locator('td').filter({ hasText: '@export.example' }).allInnerTexts();

      const download = page.waitForEvent('download');
      // The icon names itself too ("download Export").
      await page.getByRole('link', { name: /^(download )?Export$/ }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('accounts.csv');
      const csv = parseCsv(await readFile(await file.path(), 'utf8'));
      const header = csv[0];
      // The visible columns, in the table's order (the selection and Actions columns aside).
      expect(header.slice(0, 5)).toEqual(['id', 'companyName', 'email', 'name', 'status']);
      const email = header.indexOf('email');
      expect(csv.slice(1).map((r) => r[email])).toEqual(shown.map((t) => t.trim()));
      expect(csv).toHaveLength(4);
    });

    test('a CSV import dry run reports a bad row by line number and imports nothing', async ({ page, request }) => {
      const tag = unique('bulkimp');
      const text = [
        'email,company,name',
        `${tag}-1@import.example,Import One,Ann`,
        `${tag}-2@import.example,Import Two,Bob`,
        'this is not an e-mail,Import Bad,Cy',
        `${tag}-4@import.example,Import Four,Di`,
      ].join('\n');
      await signInAdmin(page);
      await page.getByRole('link', { name: 'Import' }).click();
      await expect(page.getByRole('heading', { name: 'Import accounts' })).toBeVisible();
      expect(await pageOverflows(page)).toBe(false);
      await page.getByLabel('CSV file').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
      await expect(page.getByText('accounts.csv: 4 rows')).toBeVisible();
      await page.getByRole('button', { name: 'Check the file (dry run)' }).click();

      await expect(page.getByText('Dry run: nothing was written')).toBeVisible();
      const summary = page.getByTestId('import-summary');
      await expect(summary.locator('tr').filter({ hasText: 'Would be created' })).toContainText('3');
      await expect(summary.locator('tr').filter({ hasText: 'Refused' })).toContainText('1');
      const refused = page.getByRole('table', { name: 'Refused rows' });
      await expect(refused.locator('tbody tr.ant-table-row')).toHaveCount(1);
      const row = refused.locator('tbody tr.ant-table-row').first();
      await expect(row.locator('td').nth(0)).toHaveText('4');
      await expect(row.locator('td').nth(1)).toHaveText('email');

      // Nothing was written.
      const headers = await adminApi(request);
      const r = await request.get(`/iam/clients?email=${encodeURIComponent(tag)}`, { headers });
      expect(await r.json()).toEqual([]);
      await expect(page.getByRole('button', { name: 'Import 3 accounts' })).toBeEnabled();
    });
  });
}
