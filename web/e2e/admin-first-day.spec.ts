// Issue 17, the Admin Portal on a first day: what a reseller tripped over, each at a desktop
// (1440×900) and, where the layout matters, a phone (390×844).
import { type Locator, type Page } from '@playwright/test';
import { createAccountViaApi, expect, signInAdmin, test, unique } from './fixtures';
import {
  DESKTOP,
  PHONE,
  accountWithProducts,
  adminApi,
  cutOf,
  deleteAccountViaApi,
  overflowOf,
  pageOverflows,
} from './admin-helpers';

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`long values and many columns (${label})`, () => {
    test.use({ viewport });

    test('Accounts: a 250-character company and three product statuses fit; the long name is cut with a tooltip', async ({
      page,
      request,
    }) => {
      const prefix = unique('Longname');
      const company = `${prefix} ${'Very Long Company Name Incorporated '.repeat(7)}`.slice(0, 250);
      await accountWithProducts(
        request,
        { email: `${unique('long')}@long.example`, company, name: 'Lou Long' },
        { CDN: 'trial', STORAGE: 'active', DNS: ['trial', 'paused'] },
      );
      await signInAdmin(page);
      await page.goto(`/admin/accounts?companyName=${encodeURIComponent(prefix)}`);
      await expect(rows(page)).toHaveCount(1);

      const header = (name: string) => page.locator('.ant-table-thead th').filter({ hasText: new RegExp(`^${name}$`) });
      const actions = page.locator('.ant-table-thead th').last();
      expect(await pageOverflows(page)).toBe(false);
      if (label === 'desktop') {
        // Every default column is on screen, none slides under the pinned Actions column.
        expect(await overflowOf(page, '.ant-table-content')).toBeLessThanOrEqual(0);
        for (const name of ['Company', 'E-mail', 'Name', 'Status', 'Products', 'Created', 'Test']) {
          await expect(header(name)).toBeVisible();
          expect((await box(header(name))).x + (await box(header(name))).width).toBeLessThanOrEqual(
            (await box(actions)).x + 1,
          );
        }
      } else {
        // The first columns are not under the Actions column.
        const company = await box(header('Company'));
        expect(company.x + company.width).toBeLessThanOrEqual((await box(actions)).x + 1);
      }
      // The name is cut, and the whole of it is one hover away.
      const cell = rows(page).first().getByRole('link', { name: company });
      await expect(cell).toBeVisible();
      const shown = await cutOf(cell);
      expect(shown.cut).toBe(true);
      expect(shown.width).toBeLessThan(400);
      await cell.hover({ position: { x: 8, y: 4 } });
      await expect(page.getByRole('tooltip')).toContainText(company);

      // The account's own page: the heading is one line, cut; the page does not scroll sideways.
      await cell.click({ position: { x: 8, y: 4 } });
      const heading = page.getByRole('heading', { name: company });
      await expect(heading).toBeVisible();
      expect((await box(heading)).height).toBeLessThan(60);
      expect(await pageOverflows(page)).toBe(false);
    });

    test('Sellers: a long name and e-mail fit; every action is reachable', async ({ page, request }) => {
      const headers = await adminApi(request);
      const fullName = `${unique('Seller')} ${'Extraordinarily Long Surname '.repeat(4)}`.trim();
      const email = `${unique('a-very-long-seller-address-for-testing')}@sellers-with-long-domains.example`;
      const created = await request.post('/iam/admin/sellers', { headers, data: { email, full_name: fullName } });
      expect(created.status(), await created.text()).toBe(201);

      await signInAdmin(page);
      await page.goto('/admin/sellers');
      await page.getByLabel('Filter by e-mail').fill(email);
      await expect(rows(page)).toHaveCount(1);
      expect(await pageOverflows(page)).toBe(false);
      const name = rows(page).first().getByText(fullName);
      expect((await cutOf(name)).cut).toBe(true);
      await name.hover({ position: { x: 8, y: 4 } });
      await expect(page.getByRole('tooltip')).toContainText(fullName);
      const more = page.getByRole('button', { name: `More actions for ${email}` });
      await more.scrollIntoViewIfNeeded();
      await expect(more).toBeInViewport();
      await more.click();
      await expect(page.getByRole('menuitem', { name: 'Block' })).toBeVisible();
    });
  });
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`honest pages (${label})`, () => {
    test.use({ viewport });

    test('a page past the end of the list goes to the last page, not "no accounts yet"', async ({ page, request }) => {
      await createAccountViaApi(request, { email: `${unique('past-end')}@pages.example`, company: unique('Past End Co') });
      await signInAdmin(page);
      await page.goto('/admin/accounts?page=99&per_page=10');
      await expect(rows(page).first()).toBeVisible();
      await expect(page).not.toHaveURL(/page=99/);
      await expect(page.getByText('No customer accounts yet')).toHaveCount(0);
      // The pager and the rows say the same thing: the last page is the current one.
      const active = page.locator('.ant-pagination-item-active');
      const next = page.locator('.ant-pagination-next');
      await expect(active).toBeVisible();
      await expect(next).toHaveClass(/ant-pagination-disabled/);
      expect(Number(new URL(page.url()).searchParams.get('page') ?? '1')).toBe(Number(await active.innerText()));
    });

    test('a deleted account is shown read-only, and says "Deleted" once', async ({ page, request }) => {
      const company = unique('Deleted Co');
      const id = await createAccountViaApi(request, { email: `${unique('deleted')}@gone.example`, company });
      await deleteAccountViaApi(request, id);
      await signInAdmin(page);
      await page.goto(`/admin/accounts/${id}`);
      await expect(page.getByRole('heading', { name: company })).toBeVisible();
      await expect(page.locator('.page-header').getByText('Deleted', { exact: true })).toHaveCount(1);
      await expect(page.getByText(/This account was deleted/)).toBeVisible();
      await expect(page.getByLabel('Company name')).toBeDisabled();
      await expect(page.getByLabel('Company e-mail')).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
    });
  });
}
