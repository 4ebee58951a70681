// Shared helpers for the browser tests: the server's address, the reseller's sign-in, and a
// signed-in page. Test data is made unique per run so tests never depend on each other.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

export const reseller = {
  get email() {
    return required('CLIENTELE_E2E_EMAIL');
  },
  get password() {
    return required('CLIENTELE_E2E_PASSWORD');
  },
  get name() {
    return required('CLIENTELE_E2E_NAME');
  },
};

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: the global setup did not run`);
  return v;
}

let counter = 0;
/** A value no other test (or run) has used. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}${counter}`;
}

export const PASSWORD = 'Sturdy-Password-42';

export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(required('CLIENTELE_E2E_BASE_URL'));
  },
});
export { expect };

export async function signInAdmin(page: Page) {
  await page.goto('/admin/login');
  await page.getByLabel('E-mail').fill(reseller.email);
  await page.getByLabel('Password').fill(reseller.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The start page is the overview (issue 16); the tests that sign in start from the Accounts list.
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await page.goto('/admin/accounts');
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
}

/** Makes a customer account through the API, as a script would (a browser session + CSRF). */
export async function createAccountViaApi(
  request: APIRequestContext,
  body: { email: string; company: string; password?: string; name?: string; is_test?: boolean },
): Promise<number> {
  const session = await request.post('/iam/auth/session', {
    data: { username: reseller.email, password: reseller.password, portal: 'admin' },
  });
  expect(session.status()).toBe(200);
  const { csrf_token: csrf } = (await session.json()) as { csrf_token: string };
  const created = await request.post('/iam/users', {
    data: { password: PASSWORD, ...body },
    headers: { 'X-CSRF-Token': csrf, 'X-Portal': 'admin' },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { client: number }).client;
}
