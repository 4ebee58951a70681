// The Customer Portal for an Administrators user: products, users, API tokens, profile, and the
// pages reached without a session.
import { PASSWORD, createAccountViaApi, expect, test, unique } from './fixtures';

test('a customer administrator invites a user, manages tokens and edits the profile', async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = `${unique('admin')}@customer.example`;
  await createAccountViaApi(request, { email, company: unique('Vandelay'), name: 'Art Vandelay' });
  await page.goto('/portal/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Art Vandelay' })).toBeVisible();

  const menu = page.getByRole('navigation', { name: 'Customer Portal' });
  // A visible product that is not activated offers an activation request.
  await menu.getByRole('link', { name: 'CDN' }).click();
  await expect(page.getByRole('button', { name: 'Request activation' })).toBeVisible();

  // Users: invite, change the group, revoke.
  await menu.getByRole('link', { name: 'Users' }).click();
  const invited = `${unique('kramer')}@customer.example`;
  await page.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite user' });
  await dialog.getByLabel('E-mail').fill(invited);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`An invitation was sent to ${invited}.`)).toBeVisible();
  const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: invited });
  await expect(row).toContainText('Invited');
  await row.locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('Engineers', { exact: true }).click();
  await expect(page.getByText('Group changed.')).toBeVisible();
  await row.getByRole('button', { name: 'Revoke access' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);

  // API tokens: the secret is shown once.
  await menu.getByRole('link', { name: 'API tokens' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();
  const create = page.getByRole('dialog', { name: 'Create API token' });
  await create.getByLabel('Name').fill('deploy bot');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Copy the token now: it is shown only this once.')).toBeVisible();
  await expect(page.locator('code').filter({ hasText: '$' })).toBeVisible();
  const tokenRow = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'deploy bot' });
  await tokenRow.getByRole('button', { name: 'Delete' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: 'Delete' }).click();
  await expect(tokenRow).toHaveCount(0);

  // Profile: the name.
  await menu.getByRole('link', { name: 'Profile' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Art V.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Profile saved.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Signed in as Art V.' })).toBeVisible();
  await menu.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Art V.' })).toBeVisible();
});

test('forgot password and a link that no longer works', async ({ page }) => {
  await page.goto('/portal/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Forgot password' })).toBeVisible();
  await page.getByLabel('E-mail').fill('nobody@customer.example');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('Check your e-mail')).toBeVisible();

  await page.goto('/portal/reset-password?token=not-a-real-token');
  await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
  await page.getByLabel('New password').fill('Another-Sturdy-42');
  await page.getByLabel('Repeat the password').fill('Another-Sturdy-42');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await page.goto('/admin/accept-invitation');
  await expect(page.getByText('This link is incomplete')).toBeVisible();
});
