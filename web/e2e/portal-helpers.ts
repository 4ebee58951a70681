// Helpers for the Customer Portal's browser tests: the two screens of issue 17, signing in as a
// customer, and the reseller's API calls that set an account up.
import type { APIRequestContext, Page } from '@playwright/test';
import { PASSWORD, expect, reseller } from './fixtures';

export const SCREENS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

export async function signInCustomer(page: Page, email: string) {
  await page.goto('/portal/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in page has a heading of its own: wait until the portal has replaced it.
  await expect(page).not.toHaveURL(/\/portal\/login/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** The Customer Portal's menu; on a phone it is opened first. */
export async function portalMenu(page: Page) {
  const open = page.getByRole('button', { name: 'Open menu' });
  if (await open.isVisible()) await open.click();
  const nav = page.getByRole('navigation', { name: 'Customer Portal' });
  await expect(nav).toBeVisible();
  return nav;
}

/** The reseller's Admin Portal API, as a script would use it (a session and its CSRF token). */
export async function adminApi(request: APIRequestContext) {
  const session = await request.post('/iam/auth/session', {
    data: { username: reseller.email, password: reseller.password, portal: 'admin' },
  });
  expect(session.status()).toBe(200);
  const { csrf_token: csrf } = (await session.json()) as { csrf_token: string };
  const headers = { 'X-CSRF-Token': csrf, 'X-Portal': 'admin' };
  return {
    async services(clientId: number): Promise<{ id: number; name: string; enabled: boolean; status: string }[]> {
      const r = await request.get(`/iam/clients/${clientId}/services`, { headers });
      expect(r.status(), await r.text()).toBe(200);
      return r.json();
    },
    async show(clientId: number, product: string) {
      const r = await request.patch(`/iam/products/availability/clients/${clientId}`, {
        data: [{ product_name: product, available: true }],
        headers,
      });
      expect(r.status(), await r.text()).toBe(200);
    },
    async users(clientId: number): Promise<{ id: number; email: string }[]> {
      const r = await request.get(`/iam/clients/${clientId}/users`, { headers });
      expect(r.status(), await r.text()).toBe(200);
      return r.json();
    },
    async editUser(userId: number, body: { name?: string }) {
      const r = await request.patch(`/iam/users/${userId}`, { data: body, headers });
      expect(r.status(), await r.text()).toBe(200);
    },
    async block(userId: number, blocked: boolean) {
      const r = await request.post(`/iam/users/${userId}/${blocked ? 'block' : 'activate'}`, { headers });
      expect(r.status(), await r.text()).toBe(200);
    },
    async setService(clientId: number, product: string, body: { status?: string; enabled?: boolean }) {
      expect(await this.trySetService(clientId, product, body)).toBe(200);
    },
    /** The status code of a product change, which may be refused. */
    async trySetService(clientId: number, product: string, body: { status?: string; enabled?: boolean }) {
      const service = (await this.services(clientId)).find((s) => s.name === product);
      expect(service, `${product} of account ${clientId}`).toBeDefined();
      const r = await request.put(`/iam/clients/${clientId}/services/${service?.id}`, { data: body, headers });
      return r.status();
    },
    /** Invites a person into the account as a Users member; their user id. */
    async invite(clientId: number, email: string): Promise<number> {
      const r = await request.post('/iam/clients/invite_user', {
        data: { email, client_id: clientId, user_role: { id: 2, name: 'Users' } },
        headers,
      });
      expect(r.status(), await r.text()).toBe(200);
      return ((await r.json()) as { user_id: number }).user_id;
    },
    async setGroup(clientId: number, userId: number, group: { id: number; name: string }) {
      const r = await request.put(`/iam/clients/${clientId}/client-users/${userId}`, { data: { user_role: group }, headers });
      expect(r.status(), await r.text()).toBe(204);
    },
  };
}
