import { PASSWORD, createAccountViaApi, expect, reseller, test, unique } from './fixtures';

test('the Admin Portal says clearly when sign-in fails, then signs in and out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/admin\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in to the Admin Portal' })).toBeVisible();

  await page.getByLabel('E-mail').fill(reseller.email);
  await page.getByLabel('Password').fill('Not-The-Password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong e-mail or password');

  await page.getByLabel('Password').fill(reseller.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Signed in as ${reseller.name}` })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Admin Portal' });
  await expect(nav.getByRole('link', { name: 'Accounts' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Activity logs' })).toBeVisible();

  // The session survives a reload (it lives in an HttpOnly cookie, not in script storage).
  await page.reload();
  await expect(page.getByRole('button', { name: `Signed in as ${reseller.name}` })).toBeVisible();
  expect(await page.evaluate(() => document.cookie)).not.toContain('clientele_admin=');

  await page.getByRole('button', { name: `Signed in as ${reseller.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the Admin Portal' })).toBeVisible();

  await page.goto('/admin/accounts');
  await expect(page.getByRole('heading', { name: 'Sign in to the Admin Portal' })).toBeVisible();
});

test('a signed-out visit to a deep link returns there after signing in', async ({ page }) => {
  await page.goto('/admin/activity');
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Factivity/);
  await page.getByLabel('E-mail').fill(reseller.email);
  await page.getByLabel('Password').fill(reseller.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Activity logs' })).toBeVisible();
});

test('customers use the Customer Portal; a locked sign-in shows how long to wait', async ({ page, request }) => {
  const email = `${unique('portal')}@customer.example`;
  const company = unique('Portal Co');
  const accountId = await createAccountViaApi(request, { email, company, name: 'Cora Customer' });

  // A reseller is not a customer.
  await page.goto('/portal/login');
  await page.getByLabel('E-mail').fill(reseller.email);
  await page.getByLabel('Password').fill(reseller.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong e-mail or password');

  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Cora Customer' })).toBeVisible();
  const main = page.locator('#main');
  await expect(main.getByText(email)).toBeVisible();
  await expect(main.getByText(`#${accountId}`)).toBeVisible();
  await expect(main.getByText('Administrators')).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(company);

  await page.getByRole('button', { name: 'Signed in as Cora Customer' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // Repeated failures lock the person for a while; the page says so and for how long.
  await page.getByLabel('E-mail').fill(email);
  for (let i = 0; i < 8; i++) {
    await page.getByLabel('Password').fill(`Wrong-Password-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in' })).not.toHaveClass(/ant-btn-loading/);
    if ((await alert.textContent())?.includes('locked')) break;
  }
  await expect(page.getByRole('alert')).toContainText('Sign-in is locked for a while');
  await expect(page.getByRole('alert')).toContainText(/try again in \d+/i);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
});

test.describe('behind a TLS proxy', () => {
  // What a proxy in front of the server sends; Chromium keeps Secure cookies of http://127.0.0.1.
  test.use({ extraHTTPHeaders: { 'X-Forwarded-Proto': 'https' } });

  test('the session and CSRF cookies are __Host- cookies, and changes carry the token', async ({ page, context }) => {
    await page.goto('/admin/login');
    await page.getByLabel('E-mail').fill(reseller.email);
    await page.getByLabel('Password').fill(reseller.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-clientele_admin');
    const csrf = cookies.find((c) => c.name === '__Host-clientele_admin_csrf');
    expect(session).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Strict' });
    expect(csrf).toMatchObject({ secure: true, httpOnly: false, path: '/' });
    expect(cookies.map((c) => c.name)).not.toContain('clientele_admin');

    // A change made through the portal: it sends the __Host- CSRF cookie's value.
    const company = unique('Hostco');
    await page.goto('/admin/accounts');
    await page.getByRole('link', { name: 'Add new account' }).click();
    await expect(page.getByRole('heading', { name: 'Add new account' })).toBeVisible();
    await page.getByLabel('E-mail', { exact: true }).fill(`${unique('host')}@hostco.example`);
    await page.getByLabel('Company name').fill(company);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: company })).toBeVisible();
  });
});
