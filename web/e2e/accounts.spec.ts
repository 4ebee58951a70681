import { type Page } from '@playwright/test';
import { PASSWORD, createAccountViaApi, expect, signInAdmin, test, unique } from './fixtures';

function formItem(page: Page, label: string) {
  return page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
}

test.describe.serial('accounts', () => {
  const company = unique('Globex');
  const email = `${unique('billing')}@globex.example`;
  let accountId = 0;

  test.beforeEach(async ({ page }) => {
    await signInAdmin(page);
  });

  test('create an account with a product override and see it on its page', async ({ page }) => {
    await page.getByRole('link', { name: 'Add new account' }).click();
    await expect(page.getByRole('heading', { name: 'Add new account' })).toBeVisible();

    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Company name').fill(company);
    await page.getByLabel('Name', { exact: true }).fill('Hank Scorpio');
    await page.getByLabel('Custom ID').fill('crm-4711');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Country').fill('de');
    await page.getByRole('group', { name: 'CDN' }).getByText('On', { exact: true }).click();
    await page.getByRole('group', { name: 'DNS' }).getByText('Off', { exact: true }).click();
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page.getByRole('heading', { name: company })).toBeVisible();
    await expect(page).toHaveURL(/\/admin\/accounts\/\d+$/);
    accountId = Number(page.url().split('/').pop());
    await expect(page.getByText(`Account #${accountId}`)).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Edit account' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel('Company e-mail')).toHaveValue(email);
    await expect(page.getByLabel('Custom ID')).toHaveValue('crm-4711');
    await expect(page.getByLabel('Country')).toHaveValue('DE');
    const products = page.getByRole('listitem');
    await expect(products.filter({ hasText: 'CDN' })).toContainText('Visible (personal)');
    await expect(products.filter({ hasText: 'DNS' })).toContainText('Hidden (personal)');
    await expect(products.filter({ hasText: 'Storage' })).toContainText(/(Visible|Hidden) \(default\)/);
    await expect(page.getByText('Preparation').first()).toBeVisible();
  });

  test('find it with a quick filter; the filter is in the URL', async ({ page }) => {
    await page.getByLabel('Filter by e-mail').fill(email);
    await expect(page).toHaveURL(new RegExp(`email=${encodeURIComponent(email).replace(/\./g, '\\.')}`));
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(company);
    await expect(rows.first()).toContainText('Hank Scorpio');

    // The same view from a shared link.
    const url = page.url();
    await page.goto('/admin/accounts');
    await page.goto(url);
    await expect(page.getByLabel('Filter by e-mail')).toHaveValue(email);
    await expect(rows).toHaveCount(1);

    // A filter that matches nothing says so.
    await page.getByLabel('Filter by e-mail').fill(`${email}.nobody`);
    await expect(page.getByText('No accounts match these filters')).toBeVisible();
  });

  test('save the filters as a preset, clear them, apply the preset again', async ({ page }) => {
    const presetName = unique('Globex preset');
    await page.getByLabel('Filter by company').fill(company);
    await expect(page).toHaveURL(/companyName=/);
    await expect(page.locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(1);

    await page.getByRole('button', { name: 'My presets' }).click();
    await page.getByRole('menuitem', { name: 'Save current filters as a preset…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save filters as a preset' });
    await dialog.getByLabel('Name').fill(presetName);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText(`Preset “${presetName}” saved.`)).toBeVisible();
    await expect(page.getByRole('button', { name: `Preset: ${presetName}` })).toBeVisible();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByLabel('Filter by company')).toHaveValue('');
    await page.getByLabel('Filter by e-mail').fill('nobody-at-all@nowhere.example');
    await expect(page.getByText('No accounts match these filters')).toBeVisible();

    await page.getByRole('button', { name: 'My presets' }).click();
    await page.getByRole('menuitem', { name: presetName }).click();
    await expect(page.getByLabel('Filter by company')).toHaveValue(company);
    await expect(page.getByLabel('Filter by e-mail')).toHaveValue('');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(email);

    // A second preset with the same name is refused, next to the name.
    await page.getByRole('button', { name: `Preset: ${presetName}` }).click();
    await page.getByRole('menuitem', { name: 'Save current filters as a preset…' }).click();
    await dialog.getByLabel('Name').fill(presetName);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.locator('.ant-form-item-explain-error')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Delete it.
    await page.getByRole('button', { name: `Preset: ${presetName}` }).click();
    await page.getByRole('button', { name: `Delete preset ${presetName}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText(`Preset “${presetName}” deleted.`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'My presets' })).toBeVisible();
  });

  test('edit the company name and see the change in the list and the activity', async ({ page }) => {
    const renamed = `${company} Holding`;
    await page.goto(`/admin/accounts/${accountId}`);
    await expect(page.getByRole('heading', { name: company })).toBeVisible();
    await page.getByLabel('Company name').fill(renamed);
    await page.getByLabel('Phone').fill('+49 30 1234567');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await expect(page.getByRole('heading', { name: renamed })).toBeVisible();

    await page.getByRole('tab', { name: 'Activity' }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/accounts/${accountId}/activity`));
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'PATCH' }).first();
    await expect(row).toContainText(`/iam/clients/${accountId}`);
    await row.getByRole('button', { name: /expand/i }).click();
    await expect(page.getByLabel('Recorded body')).toContainText(renamed);

    await page.getByRole('navigation', { name: 'Admin Portal' }).getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Filter by ID').fill(String(accountId));
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(renamed);
  });

  test('leaving with unsaved changes asks first', async ({ page }) => {
    await page.goto(`/admin/accounts/${accountId}`);
    await page.getByLabel('Name', { exact: true }).fill('Someone Else');
    await page.getByRole('link', { name: 'Accounts' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Someone Else');
    await expect(page).toHaveURL(new RegExp(`/admin/accounts/${accountId}$`));

    await page.getByRole('link', { name: 'Accounts' }).first().click();
    await dialog.getByRole('button', { name: 'Discard changes' }).click();
    await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  });

  test('a duplicate e-mail is shown next to the e-mail field', async ({ page, request }) => {
    const taken = `${unique('taken')}@globex.example`;
    await createAccountViaApi(request, { email: taken, company: unique('Taken Co') });

    await page.goto('/admin/accounts/new');
    await page.getByLabel('E-mail', { exact: true }).fill(taken);
    await page.getByLabel('Company name').fill(unique('Another Co'));
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(formItem(page, 'E-mail')).toContainText('An account with this e-mail already exists');
    await expect(page).toHaveURL(/\/admin\/accounts\/new$/);
  });
});
