// API helpers for the Admin Portal's first-day tests: make the data a page is about (accounts
// with product statuses, deleted accounts, deletion requests, sellers) the way a script would.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { PASSWORD, createAccountViaApi, expect, reseller } from './fixtures';

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Signs the reseller in to the Admin Portal through the API; returns the headers a change needs. */
export async function adminApi(request: APIRequestContext): Promise<Record<string, string>> {
  const session = await request.post('/iam/auth/session', {
    data: { username: reseller.email, password: reseller.password, portal: 'admin' },
  });
  expect(session.status()).toBe(200);
  const { csrf_token: csrf } = (await session.json()) as { csrf_token: string };
  return { 'X-CSRF-Token': csrf, 'X-Portal': 'admin' };
}

type Status = 'trial' | 'active' | 'paused' | 'trialend';

/** A new account whose given products are visible and in the given statuses. */
export async function accountWithProducts(
  request: APIRequestContext,
  body: { email: string; company: string; name?: string; is_test?: boolean },
  /** Per product the statuses to set, one after the other (paused needs a trial first). */
  statuses: Record<string, Status | Status[]> = {},
): Promise<number> {
  const id = await createAccountViaApi(request, body);
  const headers = await adminApi(request);
  const products = Object.keys(statuses);
  if (products.length === 0) return id;
  const shown = await request.patch(`/iam/products/availability/clients/${id}`, {
    headers,
    data: products.map((product_name) => ({ product_name, available: true })),
  });
  expect(shown.ok(), await shown.text()).toBe(true);
  const services = (await (await request.get(`/iam/clients/${id}/services`, { headers })).json()) as {
    id: number;
    name: string;
  }[];
  for (const [product, steps] of Object.entries(statuses)) {
    const s = services.find((x) => x.name === product);
    expect(s, product).toBeTruthy();
    for (const status of Array.isArray(steps) ? steps : [steps]) {
      const put = await request.put(`/iam/clients/${id}/services/${s?.id}`, { headers, data: { status } });
      expect(put.ok(), await put.text()).toBe(true);
    }
  }
  return id;
}

export async function deleteAccountViaApi(request: APIRequestContext, id: number) {
  const headers = await adminApi(request);
  const r = await request.post(`/iam/clients/${id}/delete`, { headers, data: { confirm: true } });
  expect(r.ok(), await r.text()).toBe(true);
}

/** The account's first user asks, in the Customer Portal, for the account to be deleted. */
export async function requestDeletionViaApi(request: APIRequestContext, email: string) {
  const session = await request.post('/iam/auth/session', {
    data: { username: email, password: PASSWORD, portal: 'customer' },
  });
  expect(session.status(), await session.text()).toBe(200);
  const { csrf_token: csrf } = (await session.json()) as { csrf_token: string };
  const r = await request.post('/iam/clients/me/deletion_request', {
    headers: { 'X-CSRF-Token': csrf, 'X-Portal': 'customer' },
    data: { confirm: true },
  });
  expect(r.status(), await r.text()).toBe(201);
}

/** How far an element's content is wider than its box (0: it fits). */
export async function overflowOf(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => el.scrollWidth - el.clientWidth);
}

/** Whether the page itself scrolls sideways (it must not: only a table may). */
export async function pageOverflows(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Whether an element's text is cut short (its nearest box that is not inline is narrower than
 *  what it holds), and how wide that box is. */
export async function cutOf(l: Locator): Promise<{ cut: boolean; width: number }> {
  return l.evaluate((el) => {
    let e: Element | null = el;
    while (e && getComputedStyle(e).display === 'inline') e = e.parentElement;
    return e ? { cut: e.scrollWidth > e.clientWidth, width: e.getBoundingClientRect().width } : { cut: false, width: 0 };
  });
}
