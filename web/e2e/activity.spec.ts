import { createAccountViaApi, expect, signInAdmin, test, unique } from './fixtures';

test('the activity log lists account creation with the body, password masked', async ({ page, request }) => {
  const company = unique('Initech');
  await createAccountViaApi(request, { email: `${unique('it')}@initech.example`, company });

  await signInAdmin(page);
  await page.getByRole('navigation', { name: 'Admin Portal' }).getByRole('link', { name: 'Activity logs' }).click();
  await expect(page.getByRole('heading', { name: 'Activity logs' })).toBeVisible();

  await page.getByLabel('Path contains').fill('/iam/users');
  await expect(page).toHaveURL(/path=%2Fiam%2Fusers/);
  const row = page.locator('.ant-table-tbody tr.ant-table-row').first();
  await expect(row).toContainText(`Account created: ${company}`);
  await expect(row).toContainText('POST /iam/users');

  await row.getByRole('button', { name: /expand/i }).click();
  const body = page.getByLabel('Recorded body');
  await expect(body).toContainText(company);
  await expect(body).toContainText('********');

  await page.getByLabel('Status code').fill('404');
  await expect(page.getByText('No requests match these filters')).toBeVisible();
});

test('on a narrow screen the menu folds into a drawer', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signInAdmin(page);
  await expect(page.getByRole('navigation', { name: 'Admin Portal' })).toBeHidden();
  await page.getByRole('button', { name: 'Open menu' }).click();
  await page.getByRole('navigation', { name: 'Admin Portal' }).getByRole('link', { name: 'Activity logs' }).click();
  await expect(page.getByRole('heading', { name: 'Activity logs' })).toBeVisible();
});
