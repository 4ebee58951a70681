// Issue 17, finding 9: an account's Activity tab reads as events ("CDN: New → Trial"), covers
// every kind of change (the account's creation, its users' edits and blocks), shows who acted in
// full; and the acting banner says who acts for whom.
import { createAccountViaApi, expect, reseller, signInAdmin, test, unique } from './fixtures';
import { SCREENS, adminApi } from './portal-helpers';

for (const screen of SCREENS) {
  test.describe(`on a ${screen.name} (${screen.width}×${screen.height})`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } });

    test('the Activity tab lists readable events of every kind of change, with who acted', async ({ page, request }) => {
      test.setTimeout(120_000);
      const company = unique('Eventful');
      const email = `${unique('eve')}@eventful.example`;
      const accountId = await createAccountViaApi(request, { email, company });
      const admin = await adminApi(request);
      await admin.show(accountId, 'CDN');
      // Refused: a new product can't be paused. The answer names no product; the page does.
      expect(await admin.trySetService(accountId, 'CDN', { status: 'paused' })).toBe(400);
      await admin.setService(accountId, 'CDN', { status: 'trial' });
      const [user] = await admin.users(accountId);
      await admin.editUser(user!.id, { name: 'Eve Ventful' });
      const colleague = `${unique('carl')}@eventful.example`;
      await admin.setGroup(accountId, await admin.invite(accountId, colleague), { id: 5, name: 'Engineers' });
      await admin.block(user!.id, true);
      await admin.block(user!.id, false);

      await signInAdmin(page);
      await page.goto(`/admin/accounts/${accountId}/activity`);
      const table = page.locator('.activity-table');
      const events = table.locator('.ant-table-tbody tr.ant-table-row .activity-event');
      for (const text of [
        `Account created: ${company} (${email})`,
        'Visibility for this account: CDN shown',
        'CDN: New → Trial',
        'CDN: to Paused Refused (400)',
        `User ${email} edited: name “Eve Ventful”`,
        `User ${colleague} moved to “Engineers”`,
        `User ${email} blocked`,
        `User ${email} activated`,
      ]) {
        await expect(events.filter({ hasText: text }), text).toHaveCount(1);
      }
      // No event is a bare request line.
      for (const line of await events.allTextContents()) expect(line).not.toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);

      // Who acted, in full: never cut off.
      const who = table.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'CDN: New → Trial' }).locator('.activity-who');
      await expect(who).toHaveText(reseller.email);
      await who.scrollIntoViewIfNeeded();
      const cut = await who.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(cut).toBe(false);
    });

    test('acting as a customer: the banner names who acts for whom, and the log files it under the account', async ({ page, context, request }) => {
      test.setTimeout(120_000);
      const company = unique('Acted For');
      const email = `${unique('alice')}@acted-for.example`;
      const accountId = await createAccountViaApi(request, { email, company });
      await signInAdmin(page);
      await page.goto(`/admin/accounts/${accountId}`);
      const [portal] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Log in' }).click()]);
      await portal.setViewportSize({ width: screen.width, height: screen.height });
      const banner = portal.getByRole('status');
      await expect(banner).toContainText(`You (${reseller.email}) are acting on behalf of ${email} (${company}).`);
      await portal.goto('/portal/users');
      await expect(portal.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
      await portal.close();

      await page.goto(`/admin/accounts/${accountId}/activity`);
      const rows = page.locator('.activity-table .ant-table-tbody tr.ant-table-row');
      await expect(rows.filter({ hasText: 'Started acting as the customer' }).first().locator('.activity-who')).toHaveText(reseller.email);
      const acted = rows.filter({ hasText: 'Viewed /iam/clients' }).first().locator('.activity-who');
      await expect(acted).toContainText(reseller.email);
      await expect(acted).toContainText(`acting as ${email}`);
    });
  });
}
