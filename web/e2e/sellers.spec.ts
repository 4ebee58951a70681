// The reseller's Sellers page: add (an invitation goes out), see "Not activated", edit, block,
// activate, delete; an account's seller select shows the seller by name.
import { expect, signInAdmin, test, unique } from './fixtures';

test('add a seller, edit, block and activate, choose it for an account, delete it', async ({ page }) => {
  // The longest walk of the suite (a dozen round trips through two pages): on a busy machine it
  // needs more than the default minute.
  test.slow();
  await signInAdmin(page);
  await page.getByRole('link', { name: 'Sellers' }).click();
  await expect(page.getByRole('heading', { name: 'Sellers' })).toBeVisible();

  const email = `${unique('sally')}@sellers.example`;
  const name = unique('Sally Seller');
  await page.getByRole('button', { name: 'Add seller' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add seller' });
  await dialog.getByLabel('E-mail').fill(email);
  await dialog.getByLabel('Full name').fill(name);
  await dialog.getByLabel('Phone').fill('+49 30 1234567');
  await dialog.getByRole('button', { name: 'Add and invite' }).click();
  await expect(page.getByText(`${name} is invited.`)).toBeVisible();

  await page.getByLabel('Filter by e-mail').fill(email);
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(name);
  await expect(rows.first()).toContainText('Not activated');

  // The same e-mail again is refused next to the field.
  await page.getByRole('button', { name: 'Add seller' }).click();
  const again = page.getByRole('dialog', { name: 'Add seller' });
  await again.getByLabel('E-mail').fill(email);
  await again.getByLabel('Full name').fill('Someone Else');
  await again.getByRole('button', { name: 'Add and invite' }).click();
  await expect(again.locator('.ant-form-item-explain-error').first()).toBeVisible();
  await again.getByRole('button', { name: 'Cancel' }).click();

  // Resend the invitation.
  await rows.first().getByRole('button', { name: `More actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Resend invitation' }).click();
  await expect(page.getByText(`A new invitation was sent to ${email}.`)).toBeVisible();

  // Edit the name.
  const renamed = `${name} Jr`;
  await rows.first().getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: `Edit seller ${email}` });
  await edit.getByLabel('Full name').fill(renamed);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(rows.first()).toContainText(renamed);

  // Block (confirmed), then activate.
  await rows.first().getByRole('button', { name: `More actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Block' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Block' }).click();
  await expect(rows.first()).toContainText('Blocked');
  await rows.first().getByRole('button', { name: `More actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Activate' }).click();
  await expect(rows.first()).not.toContainText('Blocked');

  // New accounts offer the seller by name.
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('link', { name: 'Add new account' }).click();
  await page.getByRole('combobox', { name: /^Seller\b/ }).click();
  await page.keyboard.type(renamed);
  await expect(page.locator('.ant-select-dropdown:visible').getByText(renamed)).toBeVisible();
  await page.keyboard.press('Escape');

  // Delete, after confirming.
  await page.goto('/admin/sellers');
  await page.getByLabel('Filter by e-mail').fill(email);
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('button', { name: `More actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No sellers match these filters.')).toBeVisible();
});
