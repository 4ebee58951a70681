// Vendor settings: default visibility, alert addresses, the mail server (password never shown,
// a test e-mail runs in the background and reports how it went) and branding.
import { expect, signInAdmin, test, unique } from './fixtures';

test('vendor settings: visibility defaults, alert addresses, mail server and branding', async ({ page }) => {
  await signInAdmin(page);
  await page.getByRole('link', { name: 'Vendor settings' }).click();
  await expect(page.getByRole('heading', { name: 'Vendor settings' })).toBeVisible();

  // Default visibility: turn Streaming off and on again.
  const streaming = page.getByRole('switch', { name: 'Streaming visible by default' });
  await expect(streaming).toBeVisible();
  const before = await streaming.getAttribute('aria-checked');
  await streaming.click();
  await expect(streaming).not.toHaveAttribute('aria-checked', before ?? '');
  await streaming.click();
  await expect(streaming).toHaveAttribute('aria-checked', before ?? '');

  // Alert addresses.
  await page.getByRole('tab', { name: 'Notifications' }).click();
  const address = `${unique('alerts')}@reseller.example`;
  await page.getByLabel('E-mail', { exact: true }).fill(address);
  await page.getByRole('button', { name: 'Add address' }).click();
  const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: address });
  await expect(row).toContainText('Deletion requests');
  await row.getByRole('switch').click();
  await expect(row.getByRole('switch')).not.toBeChecked();
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);

  // Mail server: the password is write-only.
  await page.getByRole('tab', { name: 'Mail server' }).click();
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill('1');
  await page.getByLabel('Login', { exact: true }).fill('mailer');
  await page.getByLabel('Password', { exact: true }).fill('smtp-secret-1');
  await page.getByRole('button', { name: 'Save mail server' }).click();
  await expect(page.getByText('Mail server saved.')).toBeVisible();
  await expect(page.getByText('A password is set. Leave empty to keep it.')).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  // Nothing listens on port 1: the result, once known, says the e-mail was not sent and why.
  await page.getByLabel('Test e-mail address').fill('someone@example.com');
  await page.getByRole('button', { name: 'Send test email' }).click();
  await expect(page.getByRole('alert')).toContainText('The test e-mail was not sent');
  await expect(page.getByRole('alert')).toContainText('Could not connect to the mail server.');

  // Branding.
  await page.getByRole('tab', { name: 'Branding' }).click();
  const brand = unique('Acme Cloud');
  await page.getByLabel('Brand name').fill(brand);
  await page.getByRole('group', { name: 'Header colour' }).locator('.ant-color-picker-trigger').click();
  await page.getByRole('tooltip').getByRole('textbox').fill('123456');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByText('Branding saved.')).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Branding' }).click();
  await expect(page.getByLabel('Brand name')).toHaveValue(brand);
  await expect(page.getByRole('group', { name: 'Header colour' })).toContainText('#123456');
});
