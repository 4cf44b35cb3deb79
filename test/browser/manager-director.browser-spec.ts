import { startBrowserApp, loginThroughForm, type BrowserApp } from '../utils/browser-app.js';

/** A browser step waits up to 30 s under load; a whole flow gets three minutes. */
const SLOW = 180_000;

interface AlertAnswer {
  id: string;
  status: string;
  project: { nameZh: string };
  acknowledgement: { plan: string; nextReviewDate: string } | null;
  resolution: { kind: string; reason: string } | null;
}

/** 预警督办 and the 驾驶舱 in the browser: a manager handles an alert end to end; a director reads the dashboard. */
describe('manager and director in the browser', () => {
  let app: BrowserApp;
  let managerToken: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    managerToken = await app.token('manager');
  }, 180_000);
  afterAll(() => app?.close());

  it('manager lands on the alert inbox, whose counts are the API’s', async () => {
    const { page, context, errors } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'manager');
      await page.waitForURL(/\/alerts/);
      await page.getByTestId('alert-row').first().waitFor();
      const escalated = await app.api<{ total: number }>(managerToken, 'GET', '/alerts?status=OPEN,ACKNOWLEDGED&level=ESCALATED&pageSize=1');
      expect(escalated.body.total).toBeGreaterThan(0);
      await expect(page.getByTestId('alert-count-ESCALATED').textContent()).resolves.toContain(String(escalated.body.total));
      await app.screenshot(page, 'alert-inbox-manager');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);

  it('manager acknowledges an alert with a plan, then resolves it with a reason; the API has both', async () => {
    const open = await app.api<{ items: AlertAnswer[] }>(managerToken, 'GET', '/alerts?status=OPEN&pageSize=1');
    const alert = open.body.items[0];
    expect(alert).toBeDefined();
    const plan = `浏览器测试：约企业负责人面谈，倒排工期 ${Date.now()}`;
    const { page, context, errors } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'manager');
      await page.goto(`${app.baseUrl}/alerts/${alert.id}`);
      await page.getByTestId('alert-detail').getByText(alert.project.nameZh).first().waitFor();

      await page.getByTestId('alert-acknowledge-button').click();
      const ack = page.getByTestId('acknowledge-modal');
      await ack.getByLabel('应对计划').fill(plan);
      // Type the review date (a week from today in Asia/Shanghai) and confirm it with Enter.
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const review = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      await ack.getByLabel('下次复核日期').click();
      await ack.getByLabel('下次复核日期').fill(review);
      // Enter confirms the date, and in this form also submits it (Enter submits every form here).
      await ack.getByLabel('下次复核日期').press('Enter');
      await page.waitForTimeout(500);
      if (await ack.isVisible()) await page.getByRole('button', { name: '确认认领' }).click();
      await ack.waitFor({ state: 'hidden' });
      await page.getByTestId('alert-acknowledgement').getByText(plan).waitFor();
      const acknowledged = await app.api<AlertAnswer>(managerToken, 'GET', `/alerts/${alert.id}`);
      expect(acknowledged.body.status).toBe('ACKNOWLEDGED');
      expect(acknowledged.body.acknowledgement?.plan).toBe(plan);

      await page.getByTestId('alert-resolve-button').click();
      await page.getByTestId('resolve-modal').getByLabel('办结/豁免理由').fill('浏览器测试：规划调整，经局务会研究同意豁免');
      await page.getByRole('button', { name: '办结并豁免' }).click();
      await page.getByRole('button', { name: '确认办结' }).click();
      await page.getByTestId('alert-resolution').waitFor();
      await app.screenshot(page, 'alert-detail-resolved');
      const resolved = await app.api<AlertAnswer>(managerToken, 'GET', `/alerts/${alert.id}`);
      expect(resolved.body.status).toBe('RESOLVED');
      expect(resolved.body.resolution).toMatchObject({ kind: 'WAIVED', reason: '浏览器测试：规划调整，经局务会研究同意豁免' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);

  it('the alert inbox works at phone width: cards, no sideways scrolling', async () => {
    const { page, context } = await app.newPage({ width: 390, height: 844 });
    try {
      await loginThroughForm(page, app.baseUrl, 'manager');
      await page.waitForURL(/\/alerts/);
      await page.getByTestId('alert-row').first().waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(1);
      await app.screenshot(page, 'alert-inbox-phone');
    } finally {
      await context.close();
    }
  }, SLOW);

  it('director sees the dashboard drawn from real data, and the funnel reads as a table with the API’s counts', async () => {
    const directorToken = await app.token('director');
    const { page, context, errors } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'director');
      await page.waitForURL(/\/dashboard/);
      const funnel = page.getByTestId('chart-funnel');
      await funnel.locator('canvas').first().waitFor();
      for (const id of ['chart-alerts-by-unit', 'chart-stage-age', 'chart-alert-trend']) await page.getByTestId(id).locator('canvas').first().waitFor();
      await app.screenshot(page, 'dashboard-director');
      const me = await app.api<{ unit: { id: string } }>(directorToken, 'GET', '/auth/me');
      const data = await app.api<{ funnel: { stage: string; label: { zh: string }; count: number }[] }>(directorToken, 'GET', `/dashboard?unitId=${me.body.unit.id}`);
      const signed = data.body.funnel.find((f) => f.stage === 'UNDER_CONSTRUCTION')!;
      expect(signed.count).toBeGreaterThan(0);
      await funnel.getByText('表', { exact: true }).click();
      const row = funnel.locator('tr', { hasText: signed.label.zh });
      await expect(row.first().textContent()).resolves.toContain(String(signed.count));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);
});
