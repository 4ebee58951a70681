// The seed's stories past creating and finding an account: a product in trial, acting as the
// customer, the customer asking for deletion, the reseller cancelling it with a note, and
// deleting a test account.
import { createAccountViaApi, expect, reseller, signInAdmin, test, unique } from './fixtures';

test.describe.serial('account lifecycle', () => {
  const company = unique('Initech');
  const email = `${unique('peter')}@initech.example`;
  let accountId = 0;

  test.beforeAll(async ({ request }) => {
    accountId = await createAccountViaApi(request, { email, company, name: 'Peter Gibbons' });
  });

  test.beforeEach(async ({ page }) => {
    await signInAdmin(page);
  });

  test('activate a product in trial and see the trial end date', async ({ page }) => {
    await page.goto(`/admin/accounts/${accountId}/products`);
    await expect(page.getByRole('tab', { name: 'Products' })).toHaveAttribute('aria-selected', 'true');
    const cdn = page.getByRole('group', { name: 'CDN' });
    await expect(cdn).toBeVisible();

    // Make sure the customer sees it, then move it to trial and activate it.
    const visible = cdn.getByRole('switch', { name: 'CDN visible to the customer' });
    if ((await visible.getAttribute('aria-checked')) !== 'true') {
      await visible.click();
      await expect(cdn).toContainText('Visible (personal)');
    }
    // The sticky header may cover the select after scrolling; open it from the keyboard.
    await cdn.getByRole('combobox', { name: 'CDN status' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-dropdown:visible').getByTitle('Trial', { exact: true }).click();
    await expect(cdn.locator('.ant-card-head')).toContainText('Trial');
    const activate = cdn.getByRole('checkbox', { name: 'Activate product' });
    if (!(await activate.isChecked())) await activate.click();
    await expect(activate).toBeChecked();
    await expect(cdn.locator('.ant-card-head')).toContainText('Activated');

    // The trial runs 14 days from now by default: its end date is shown.
    const trialEnd = cdn.locator('.ant-descriptions-item').filter({ hasText: 'Trial end' });
    await expect(trialEnd).not.toContainText('—');
    await expect(cdn.locator('.ant-descriptions-item').filter({ hasText: 'Trial start' })).not.toContainText('—');

    // Hiding a product in trial is refused and explained.
    await cdn.getByRole('switch', { name: 'CDN visible to the customer' }).click();
    await expect(cdn.getByRole('alert')).toContainText('In trial: CDN');
    await expect(cdn.getByRole('switch', { name: 'CDN visible to the customer' })).toBeChecked();
  });

  test('Users tab: edit a user and block and activate them', async ({ page }) => {
    await page.goto(`/admin/accounts/${accountId}/users`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: email });
    await expect(row).toContainText('Administrators');
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit user ${email}` });
    await dialog.getByLabel('Name').fill('Peter G.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(row).toContainText('Peter G.');
    await row.getByRole('button', { name: 'Block' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Block' }).click();
    await expect(row).toContainText('Blocked');
    await row.getByRole('button', { name: 'Activate' }).click();
    await expect(row).toContainText('Active');
    await expect(row).not.toContainText('Blocked');
  });

  test('log in as the customer: the new tab shows the acting banner and the product', async ({ page, context }) => {
    await page.goto(`/admin/accounts/${accountId}`);
    await expect(page.getByRole('heading', { name: company })).toBeVisible();
    const [portal] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Log in' }).click()]);
    await expect(portal).toHaveURL(/\/portal\/?/);
    await expect(portal.getByRole('status')).toContainText(`You (${reseller.email}) are acting on behalf of ${email}`);
    const menu = portal.getByRole('navigation', { name: 'Customer Portal' });
    await menu.getByRole('link', { name: 'CDN' }).click();
    await expect(portal.getByText('Trial ends')).toBeVisible();
    // Acting mints nothing lasting: no API tokens, no password change.
    await menu.getByRole('link', { name: 'API tokens' }).click();
    await expect(portal.getByText('Only the customer can create API tokens')).toBeVisible();
    await expect(portal.getByRole('button', { name: 'Create token' })).toHaveCount(0);
    await menu.getByRole('link', { name: 'Profile' }).click();
    await expect(portal.getByText('Only the customer can change their password.')).toBeVisible();
    await portal.close();
  });

  test('the customer asks for deletion; the reseller cancels it with a note', async ({ page, context }) => {
    await page.goto(`/admin/accounts/${accountId}`);
    const [portal] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Log in' }).click()]);
    await portal.getByRole('navigation', { name: 'Customer Portal' }).getByRole('link', { name: 'Profile' }).click();
    const profile = portal.locator('.ant-card').filter({ hasText: 'Account profile' });
    await profile.getByRole('button', { name: 'Delete account' }).click();
    const confirm = portal.getByRole('dialog', { name: 'Delete your account?' });
    await confirm.getByRole('button', { name: 'Delete account' }).click();
    await expect(profile).toContainText('Your account is scheduled for deletion');
    await portal.close();

    const note = 'Customer changed their mind on the phone.';
    await page.getByRole('tab', { name: 'Delete account' }).click();
    const current = page.locator('.ant-card').filter({ hasText: 'Current deletion request' });
    await expect(current).toContainText('Requested by');
    await current.getByLabel('Note (optional)').fill(note);
    await current.getByRole('button', { name: 'Cancel the deletion request' }).click();
    await expect(current).toContainText('No deletion request is pending.');
    const history = page.locator('.ant-card').filter({ hasText: 'History' });
    await expect(history).toContainText('Cancelled');
    await expect(history).toContainText(note);
  });

  test('delete a test account after confirming', async ({ page, request }) => {
    const testCompany = unique('Throwaway');
    const id = await createAccountViaApi(request, {
      email: `${unique('throwaway')}@example.test`,
      company: testCompany,
      is_test: true,
    });
    await page.goto(`/admin/accounts/${id}/delete`);
    await expect(page.getByRole('heading', { name: testCompany })).toBeVisible();
    await page.locator('.ant-card').filter({ hasText: 'It can’t be undone' }).getByRole('button', { name: 'Delete account' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${testCompany}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await expect(page.getByText('This account is deleted')).toBeVisible();
    await expect(page.locator('.page-header').getByText('Deleted', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
  });
});
