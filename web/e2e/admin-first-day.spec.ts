// Issue 17, the Admin Portal on a first day: what a reseller tripped over, each at a desktop
// (1440×900) and, where the layout matters, a phone (390×844).
import { type Locator, type Page } from '@playwright/test';
import { PASSWORD, createAccountViaApi, expect, signInAdmin, test, unique } from './fixtures';
import {
  DESKTOP,
  PHONE,
  accountWithProducts,
  adminApi,
  cutOf,
  deleteAccountViaApi,
  overflowOf,
  pageOverflows,
  requestDeletionViaApi,
} from './admin-helpers';

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

/** Opens an Ant Design select by its label (its box, which takes the click, not the input),
 *  within `scope` (the page unless said). */
const openSelect = (page: Page, name: string, scope: Page | Locator = page) =>
  scope.locator('.ant-select').filter({ has: page.getByRole('combobox', { name, exact: true }) }).click();

/** The first answer of a freshly started server on a busy machine may take a while. */
const FIRST_LOAD = { timeout: 30_000 };

/** Picks an option of the open select (Ant Design draws them apart from the select). */
const choose = (page: Page, label: string) =>
  page.locator('.ant-select-dropdown:visible').getByTitle(label, { exact: true }).click();

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
      await expect(rows(page)).toHaveCount(1, FIRST_LOAD);

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
      await expect(rows(page)).toHaveCount(1, FIRST_LOAD);
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
      await expect(rows(page).first()).toBeVisible(FIRST_LOAD);
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
      await expect(page.getByRole('heading', { name: company })).toBeVisible(FIRST_LOAD);
      await expect(page.locator('.page-header').getByText('Deleted', { exact: true })).toHaveCount(1);
      await expect(page.getByText(/This account was deleted/)).toBeVisible();
      await expect(page.getByLabel('Company name')).toBeDisabled();
      await expect(page.getByLabel('Company e-mail')).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
    });
  });
}

/** The API's names for products and statuses, which people must never read. */
const INTERNAL = /\b(STORAGE|STREAMING|DDOS|CLOUD|trialend|preparation|paused)\b/;

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`one name per product and status (${label})`, () => {
    test.use({ viewport });

    test('pages, forms, filters, settings, toasts and server messages use display names', async ({ page, request }) => {
      const company = unique('Names Co');
      const id = await accountWithProducts(
        request,
        { email: `${unique('names')}@names.example`, company },
        { STORAGE: 'trial', DDOS: 'active' },
      );
      await signInAdmin(page);
      const main = page.locator('#main');

      await page.goto(`/admin/accounts?companyName=${encodeURIComponent(company)}`);
      await expect(rows(page)).toHaveCount(1, FIRST_LOAD);
      await expect(rows(page).first()).toContainText('Storage: Trial');
      await expect(rows(page).first()).toContainText('DDoS Protection: Active');
      await expect(main).not.toContainText(INTERNAL);

      // The filters: a product's status filter and its chip.
      await page.getByRole('button', { name: 'Add filter' }).click();
      await openSelect(page, 'Filter');
      await expect(page.getByText('Storage status', { exact: true })).toBeVisible();
      await expect(page.getByText('STORAGE status', { exact: true })).toHaveCount(0);
      await page.keyboard.press('Escape');
      await page.goto(`/admin/accounts?storage=trialend,paused`);
      await expect(page.getByLabel('Active filters')).toContainText('Storage: Trial end, Paused');
      await expect(main).not.toContainText(INTERNAL);

      // The account: its Edit tab and its Products tab, where a toast and a refusal speak too.
      await page.goto(`/admin/accounts/${id}`);
      await expect(page.getByRole('listitem', { name: 'DDoS Protection' })).toBeVisible();
      await expect(main).not.toContainText(INTERNAL);
      await page.goto(`/admin/accounts/${id}/products`);
      const storage = page.getByRole('group', { name: 'Storage' });
      await expect(storage).toBeVisible();
      await storage.getByRole('switch', { name: 'Storage visible to the customer' }).click();
      // (The product's other alert says the customer can't use it yet: it is not activated.)
      const refusal = storage.getByRole('alert').filter({ hasText: /can.t be hidden/ });
      await expect(refusal).toContainText('Storage');
      await expect(refusal).toContainText('Trial end or Paused');
      await expect(main).not.toContainText(INTERNAL);
      await openSelect(page, 'Storage status', storage);
      await choose(page, 'Trial end');
      await expect(page.locator('.ant-message')).toContainText('Storage is now Trial end.');
      await expect(page.locator('.ant-message')).not.toContainText(INTERNAL);

      // Adding an account, and the organisation's default visibility.
      await page.goto('/admin/accounts/new');
      await expect(page.getByRole('group', { name: 'DDoS Protection' })).toBeVisible();
      await expect(main).not.toContainText(INTERNAL);
      await page.goto('/admin/settings');
      await expect(page.getByRole('switch', { name: 'Streaming visible by default' })).toBeVisible();
      await expect(main).not.toContainText(INTERNAL);
    });
  });
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`deletion requests and deleted accounts (${label})`, () => {
    test.use({ viewport });

    test('a pending deletion request shows in the list and the header, counts down, and can be filtered for', async ({
      page,
      request,
    }) => {
      const company = unique('Leaving Co');
      const email = `${unique('leaving')}@leaving.example`;
      const staying = unique('Staying Co');
      const id = await createAccountViaApi(request, { email, company: `${company} A` });
      await createAccountViaApi(request, { email: `${unique('staying')}@leaving.example`, company: `${company} B ${staying}` });
      await requestDeletionViaApi(request, email);

      await signInAdmin(page);
      await page.goto(`/admin/accounts?companyName=${encodeURIComponent(company)}`);
      await expect(rows(page)).toHaveCount(2, FIRST_LOAD);
      const leaving = rows(page).filter({ hasText: `${company} A` });
      await expect(leaving.getByTestId('deletion-countdown')).toHaveText(/Deletion in (10|9) days/);
      await expect(rows(page).filter({ hasText: staying }).getByTestId('deletion-countdown')).toHaveCount(0);

      // Only those awaiting deletion, through "Add filter"; the chip says so.
      await page.getByRole('button', { name: 'Add filter' }).click();
      await openSelect(page, 'Filter');
      await choose(page, 'Deletion requested');
      await openSelect(page, 'Deletion requested');
      await choose(page, 'Awaiting deletion');
      await page.getByRole('button', { name: 'Apply filter' }).click();
      await expect(page).toHaveURL(/deletion_requested=true/);
      await expect(page.getByLabel('Active filters')).toContainText('Awaiting deletion');
      await expect(rows(page)).toHaveCount(1);
      await expect(rows(page).first()).toContainText(`${company} A`);

      // The account's header says it too, and leads to the Delete tab.
      await page.goto(`/admin/accounts/${id}`);
      const header = page.locator('.page-header');
      await expect(header.getByTestId('deletion-countdown')).toHaveText(/Deletion in (10|9) days/);
      await header.getByRole('link', { name: 'Pending deletion request' }).click();
      await expect(page).toHaveURL(new RegExp(`/admin/accounts/${id}/delete$`));
      await expect(page.getByRole('button', { name: 'Cancel the deletion request' })).toBeVisible();
    });

    test('"Only deleted accounts" shows a deleted test account too', async ({ page, request }) => {
      const email = `${unique('deleted-test')}@gone.example`;
      const company = unique('Deleted Test Co');
      const id = await createAccountViaApi(request, { email, company, is_test: true });
      await deleteAccountViaApi(request, id);

      await signInAdmin(page);
      await page.goto(`/admin/accounts?email=${encodeURIComponent(email)}`);
      await expect(page.getByText('No accounts match these filters')).toBeVisible(FIRST_LOAD);
      await page.getByRole('button', { name: 'Add filter' }).click();
      await openSelect(page, 'Filter');
      await choose(page, 'Deleted accounts');
      await openSelect(page, 'Deleted accounts');
      await choose(page, 'Only deleted accounts');
      await page.getByRole('button', { name: 'Apply filter' }).click();
      await expect(rows(page)).toHaveCount(1);
      await expect(rows(page).first()).toContainText(company);
      await expect(rows(page).first()).toContainText('Deleted');
    });
  });
}

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`finishing touches (${label})`, () => {
    test.use({ viewport });

    test('Sellers: a total, a page size and a "Blocked" filter; Activity logs: a total and a page size', async ({
      page,
      request,
    }) => {
      const headers = await adminApi(request);
      const marker = unique('blockme');
      const blocked = `${marker}-b@sellers.example`;
      const open = `${marker}-o@sellers.example`;
      for (const email of [blocked, open]) {
        const r = await request.post('/iam/admin/sellers', { headers, data: { email, full_name: `Seller ${email}` } });
        expect(r.status(), await r.text()).toBe(201);
        if (email === blocked) {
          const id = ((await r.json()) as { id: number }).id;
          expect((await request.post(`/iam/admin/sellers/${id}/block`, { headers })).status()).toBe(200);
        }
      }
      await signInAdmin(page);
      await page.goto('/admin/sellers');
      await page.getByLabel('Filter by e-mail').fill(marker);
      await expect(rows(page)).toHaveCount(2, FIRST_LOAD);
      await expect(page.locator('.ant-pagination-total-text')).toHaveText('1–2 of 2 sellers');
      // (A phone has no room for the page size: Ant Design leaves it out there.)
      if (label === 'desktop') await expect(page.locator('.ant-pagination-options-size-changer')).toBeVisible();
      await openSelect(page, 'Filter by blocking');
      await choose(page, 'Blocked');
      await expect(page).toHaveURL(/blocked=true/);
      await expect(rows(page)).toHaveCount(1);
      await expect(rows(page).first()).toContainText(blocked);

      await page.goto('/admin/activity');
      await expect(page.locator('.ant-pagination-total-text')).toHaveText(/^1–\d+ of \d+/);
      if (label === 'desktop') await expect(page.locator('.ant-pagination-options-size-changer')).toBeVisible();
    });

    test('Vendor settings: colours are picked with a colour picker', async ({ page }) => {
      await signInAdmin(page);
      await page.goto('/admin/settings');
      await page.getByRole('tab', { name: 'Branding' }).click();
      const header = page.getByRole('group', { name: 'Header colour' });
      await header.locator('.ant-color-picker-trigger').click();
      await page.getByRole('tooltip').getByRole('textbox').fill('2a4b6c');
      await expect(header).toContainText('#2a4b6c');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Save branding' }).click();
      await expect(page.getByText('Branding saved.')).toBeVisible();
      await page.reload();
      await page.getByRole('tab', { name: 'Branding' }).click();
      await expect(page.getByRole('group', { name: 'Header colour' })).toContainText('#2a4b6c');
    });

    test('Add new account: a generated password is shown and can be copied', async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await signInAdmin(page);
      await page.goto('/admin/accounts/new');
      const password = page.getByLabel('Password', { exact: true });
      await page.getByRole('button', { name: 'Generate a password' }).click();
      await expect(password).toHaveAttribute('type', 'text');
      const generated = await password.inputValue();
      expect(generated).toHaveLength(16);
      await page.getByRole('button', { name: 'Copy the password' }).click();
      await expect(page.getByText('Password copied.')).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(generated);
    });

    test('no errors in the browser console: the sign-in pages and the Customer Portal', async ({ page, request }) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('response', (r) => {
        if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
      });
      await page.goto('/admin/login');
      await expect(page.getByRole('heading', { name: 'Sign in to the Admin Portal' })).toBeVisible();
      await page.goto('/portal/login');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      expect(errors).toEqual([]);

      // A customer signs in; the portal loads (no deletion request is pending).
      const email = `${unique('console')}@customer.example`;
      await createAccountViaApi(request, { email, company: unique('Console Co') });
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).not.toHaveURL(/login/);
      await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
      await page.waitForLoadState('networkidle');
      await page.reload();
      await expect(page.getByText(email).first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
    });
  });
}
