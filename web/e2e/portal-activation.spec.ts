// Issue 17, findings 5 and 7: both portals say the same about whether a product is activated
// (a status alone does not activate; a pending deletion stops products rather than leaving them
// "not activated"), and an activation request is kept and shown as pending after a reload.
import type { Page } from '@playwright/test';
import { createAccountViaApi, expect, signInAdmin, test, unique } from './fixtures';
import { SCREENS, adminApi, signInCustomer } from './portal-helpers';

/** The Admin Portal's card of one product on the account's Products tab. */
async function adminProduct(page: Page, accountId: number, product: string) {
  await signInAdmin(page);
  await page.goto(`/admin/accounts/${accountId}/products`);
  const card = page.getByRole('group', { name: product });
  await expect(card).toBeVisible();
  return card;
}

/** The Customer Portal's page of one product. */
async function customerProduct(page: Page, email: string, slug: string) {
  await signInCustomer(page, email);
  await page.goto(`/portal/products/${slug}`);
  const state = page.getByTestId('product-state');
  await expect(state).toBeVisible();
  return state;
}

for (const screen of SCREENS) {
  test.describe(`on a ${screen.name} (${screen.width}×${screen.height})`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } });

    test('finding 5: a product set to Active without "Activate product" reads the same in both portals', async ({ page, request }) => {
      test.setTimeout(120_000);
      const email = `${unique('active')}@customer.example`;
      const accountId = await createAccountViaApi(request, { email, company: unique('Both Portals') });
      const admin = await adminApi(request);
      await admin.show(accountId, 'CDN');
      await admin.setService(accountId, 'CDN', { status: 'active' });

      const card = await adminProduct(page, accountId, 'CDN');
      await expect(card.locator('.ant-card-head')).toContainText('Active');
      const adminSays = card.locator('.ant-card-head [data-activation]');
      await expect(adminSays).toHaveText('Not activated');
      await expect(card.getByRole('alert')).toContainText('The customer can’t use CDN yet');

      const state = await customerProduct(page, email, 'cdn');
      await expect(state).toContainText('Active');
      await expect(state.locator('[data-activation]')).toHaveText('Not activated');
      await expect(page.getByRole('button', { name: 'Request activation' })).toBeVisible();

      // Activated in the Admin Portal, it is activated in the Customer Portal.
      await admin.setService(accountId, 'CDN', { enabled: true });
      await page.reload();
      await expect(state.locator('[data-activation]')).toHaveText('Activated');
      await expect(page.getByRole('button', { name: 'Request activation' })).toHaveCount(0);
    });

    test('finding 5: after a deletion request products are stopped, not offered for activation', async ({ page, request }) => {
      test.setTimeout(120_000);
      const email = `${unique('leaving')}@customer.example`;
      const accountId = await createAccountViaApi(request, { email, company: unique('Leaving Ltd') });
      const admin = await adminApi(request);
      await admin.show(accountId, 'CDN');
      await admin.show(accountId, 'STORAGE');
      await admin.setService(accountId, 'CDN', { status: 'trial', enabled: true });

      await signInCustomer(page, email);
      await page.goto('/portal/profile');
      await page.locator('.ant-card').filter({ hasText: 'Account profile' }).getByRole('button', { name: 'Delete account' }).click();
      await page.getByRole('dialog', { name: 'Delete your account?' }).getByRole('button', { name: 'Delete account' }).click();
      await expect(page.getByText('Your account is scheduled for deletion').first()).toBeVisible();

      for (const slug of ['cdn', 'storage']) {
        await page.goto(`/portal/products/${slug}`);
        const state = page.getByTestId('product-state');
        await expect(state.locator('[data-activation]')).toHaveText('Stopped: deletion requested');
        await expect(state).toContainText('your account is scheduled for deletion');
        await expect(page.getByRole('button', { name: 'Request activation' })).toHaveCount(0);
      }

      const card = await adminProduct(page, accountId, 'CDN');
      await expect(card.locator('.ant-card-head [data-activation]')).toHaveText('Stopped: deletion requested');
      await expect(card).toContainText('stopped by the account’s deletion request');
    });

    test('finding 7: an activation request is remembered and shown as pending on both sides', async ({ page, request }) => {
      test.setTimeout(120_000);
      const email = `${unique('asking')}@customer.example`;
      const accountId = await createAccountViaApi(request, { email, company: unique('Asking Co') });
      const admin = await adminApi(request);
      await admin.show(accountId, 'STORAGE');

      const state = await customerProduct(page, email, 'storage');
      await page.getByLabel('Message to support (optional)').fill('We need 2 TB from next month.');
      await page.getByRole('button', { name: 'Request activation' }).click();
      await expect(state.locator('[data-activation]')).toHaveText('Activation requested');

      // After a reload (and on another visit) the request is still there, and not offered again.
      await page.reload();
      await expect(state.locator('[data-activation]')).toHaveText('Activation requested');
      await expect(state).toContainText(`${email} asked for Storage on`);
      await expect(state).toContainText('We need 2 TB from next month.');
      await expect(page.getByRole('button', { name: 'Request activation' })).toHaveCount(0);

      // The Admin Portal shows who asked, and activating the product settles it.
      const card = await adminProduct(page, accountId, 'STORAGE');
      await expect(card.locator('.ant-card-head [data-activation]')).toHaveText('Activation requested');
      await expect(card.getByRole('alert')).toContainText(`${email} asked to activate Storage`);
      await card.getByRole('checkbox', { name: 'Activate product' }).click();
      await expect(card.locator('.ant-card-head [data-activation]')).toHaveText('Activated');

      await page.goto('/portal/products/storage');
      await expect(page.getByTestId('product-state').locator('[data-activation]')).toHaveText('Activated');
    });
  });
}
