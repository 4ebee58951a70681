// Issue 16: the overview (the Admin Portal's start page) and an account's effective lifecycle
// policy, at a desktop (1440×900) and a phone (390×844).
import { execFileSync } from 'node:child_process';
import { type Page } from '@playwright/test';
import { expect, signInAdmin, test, unique } from './fixtures';
import { DESKTOP, PHONE, accountWithProducts, pageOverflows, requestDeletionViaApi } from './admin-helpers';

/** The platform operator's `clientele org set` on the test server's organisation (the only one). */
function orgSet(...args: string[]) {
  const bin = process.env.CLIENTELE_E2E_BIN;
  const database = process.env.CLIENTELE_E2E_DATABASE;
  if (!bin || !database) throw new Error('the global setup did not run');
  const orgs = execFileSync(bin, ['org', 'list', '--json', '--database', database]).toString();
  const id = (JSON.parse(orgs.split('\n')[0] ?? '{}') as { id: number }).id;
  execFileSync(bin, ['org', 'set', '--id', String(id), ...args, '--database', database]);
}

/** A date as the portal writes it (lib/format.ts), `days` from now. */
const dateIn = (page: Page, days: number) =>
  page.evaluate(
    (d) =>
      new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: '2-digit' }).format(
        new Date(Date.now() + d * 864e5),
      ),
    days,
  );

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');
const FIRST_LOAD = { timeout: 30_000 };

for (const [label, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test.describe(`overview and lifecycle (${label})`, () => {
    test.use({ viewport });

    test('the overview shows a trial ending in 3 days and an open deletion request, each linking to its filtered list', async ({
      page,
      request,
    }) => {
      const soon = unique('Soon');
      const later = unique('Later');
      const asking = unique('Asking');
      orgSet('--trial-days', '3');
      try {
        await accountWithProducts(request, { email: `${soon}@overview.example`, company: soon }, { CDN: 'trial' });
      } finally {
        orgSet('--trial-days', '14');
      }
      await accountWithProducts(request, { email: `${later}@overview.example`, company: later }, { CDN: 'trial' });
      await accountWithProducts(request, { email: `${asking}@overview.example`, company: asking });
      await requestDeletionViaApi(request, `${asking}@overview.example`);

      await signInAdmin(page);
      await page.goto('/admin');
      await expect(page).toHaveURL(/\/admin\/overview$/);
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible(FIRST_LOAD);

      const trials = page.locator('[data-section="Trials ending within 7 days"]');
      const soonItem = trials.locator('.ant-list-item').filter({ hasText: soon });
      await expect(soonItem).toContainText(`CDN: trial ends ${await dateIn(page, 3)}`);
      await expect(trials).not.toContainText(later);
      const requests = page.locator('[data-section="Open deletion requests"]');
      // Deleted when the grace period (10 days) ends.
      await expect(requests.locator('.ant-list-item').filter({ hasText: asking })).toContainText(
        `Deleted on ${await dateIn(page, 10)}`,
      );
      expect(await pageOverflows(page)).toBe(false);

      // The trials' count opens the Accounts list filtered to them.
      await trials.getByRole('link', { name: /^Trials ending within 7 days: all \d+$/ }).click();
      await expect(page).toHaveURL(/\/admin\/accounts\?trial_end_lte=/);
      await expect(page.getByText(/^Trial ends by /)).toBeVisible();
      await expect(rows(page).filter({ hasText: soon })).toHaveCount(1, FIRST_LOAD);
      await expect(rows(page).filter({ hasText: later })).toHaveCount(0);

      await page.goBack();
      await requests.getByRole('link', { name: /^Open deletion requests: all \d+$/ }).click();
      await expect(page).toHaveURL(/\/admin\/accounts\?deletion_requested=true$/);
      await expect(rows(page).filter({ hasText: asking })).toHaveCount(1, FIRST_LOAD);
      await expect(rows(page).filter({ hasText: soon })).toHaveCount(0);

      // The organisation's preview lists the 3-day trial's end.
      await page.goBack();
      const preview = page.getByRole('region', { name: 'Lifecycle preview' });
      await expect(preview.locator('[data-event="trial_end"]').filter({ hasText: soon })).toHaveCount(1);
    });

    test("the account page explains its effective trial length after an extension", async ({ page, request }) => {
      const company = unique('Extended');
      const id = await accountWithProducts(request, { email: `${company}@overview.example`, company }, { CDN: 'trial' });
      await signInAdmin(page);
      await page.goto(`/admin/accounts/${id}/lifecycle`);
      const trial = page.getByTestId('policy-trial_days');
      await expect(trial).toHaveText('14 days — platform default', FIRST_LOAD);
      await expect(page.getByTestId('policy-deletion_grace_days')).toHaveText('10 days — platform default');

      const input = page.getByLabel('Trial length (days)');
      await input.fill('61');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByText('At most 60 days')).toBeVisible();
      await expect(trial).toHaveText('14 days — platform default');

      await input.fill('21');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(trial).toHaveText('21 days — set for this account (otherwise 14 days)');
      // The running trial now ends 21 days after it started, and the preview says so.
      await expect(
        page.getByRole('region', { name: 'Lifecycle preview' }).locator('[data-event="trial_end"]'),
      ).toContainText(await dateIn(page, 21));
      expect(await pageOverflows(page)).toBe(false);

      // Recorded in the activity log, in words.
      await page.goto(`/admin/accounts/${id}/activity`);
      await expect(page.getByText('Lifecycle policy changed: trial length 21 days')).toBeVisible(FIRST_LOAD);
    });
  });
}
