// Issue 17, finding 10: the Customer Portal has real navigation (a menu whose entries are
// routes), an account header with the company, and pages whose cards fit them — on a desktop
// and on a phone.
import { createAccountViaApi, expect, test, unique } from './fixtures';
import { SCREENS, portalMenu, signInCustomer } from './portal-helpers';

for (const screen of SCREENS) {
  test.describe(`on a ${screen.name} (${screen.width}×${screen.height})`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } });

    test('a menu of routes and an account header with the company', async ({ page, request }) => {
      test.setTimeout(120_000);
      const company = unique('Kessler Industrial Supplies International');
      const email = `${unique('kathryn.longname')}@kessler-industrial.example`;
      const accountId = await createAccountViaApi(request, { email, company, name: 'Kathryn Kessler' });
      await signInCustomer(page, email);

      // The account header names the company and the account, once, on every page.
      const header = page.getByRole('banner');
      await expect(header.getByTestId('account-company')).toHaveText(company);
      await expect(header.getByTestId('account-company')).toHaveAttribute('title', company);
      if (screen.width >= 1000) await expect(header).toContainText(`Account #${accountId}`);

      // The welcome is the overview's heading only.
      await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Kathryn Kessler' })).toBeVisible();
      for (const [label, path, heading] of [
        ['Users', '/portal/users', 'Users'],
        ['API tokens', '/portal/api-tokens', 'API tokens'],
        ['Profile', '/portal/profile', 'Profile'],
        ['Help', '/portal/help', 'Help'],
        ['CDN', '/portal/products/cdn', 'CDN'],
      ] as const) {
        const nav = await portalMenu(page);
        await nav.getByRole('link', { name: label, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`${path}$`));
        await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
        await expect(page.getByText(/^Welcome/)).toHaveCount(0);
        await expect(page.getByRole('tablist')).toHaveCount(0);
        await expect(page.getByRole('banner').getByTestId('account-company')).toHaveText(company);
        // Nothing is wider than the screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${label}: page wider than the screen`).toBeLessThanOrEqual(0);
      }

      // A route survives a reload, and the menu marks where one is.
      await page.goto('/portal/profile');
      await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
      const nav = await portalMenu(page);
      await expect(nav.locator('.ant-menu-item-selected')).toHaveText('Profile');

      // Every card of a page is as wide as the page's column.
      const main = page.locator('#main .portal-page');
      const column = await main.boundingBox();
      for (const card of await page.locator('#main .ant-card').all()) {
        const box = await card.boundingBox();
        expect(Math.abs((box?.width ?? 0) - (column?.width ?? 0)), 'card narrower than the page').toBeLessThanOrEqual(1);
      }

      // The e-mail never breaks inside a word: one line, shortened with an ellipsis when long.
      await page.goto('/portal');
      const shown = page.getByTestId('account-email');
      await expect(shown).toHaveText(email);
      // One line box: the text's fragments all share one top.
      const tops = await shown.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return [...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))];
      });
      expect(tops).toHaveLength(1);
    });
  });
}

test('old tab links lead to their page', async ({ page, request }) => {
  const email = `${unique('tabs')}@customer.example`;
  await createAccountViaApi(request, { email, company: unique('Tabs Ltd') });
  await signInCustomer(page, email);
  await page.goto('/portal?tab=users');
  await expect(page).toHaveURL(/\/portal\/users$/);
  await page.goto('/portal?tab=product-cdn');
  await expect(page).toHaveURL(/\/portal\/products\/cdn$/);
});
