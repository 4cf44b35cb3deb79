import { startBrowserApp, loginThroughForm, type BrowserApp } from '../utils/browser-app.js';

/** A browser step waits up to 30 s under load; a whole flow gets three minutes. */
const SLOW = 180_000;

/** A 项目专员's day in the browser: the ledger, its filters in the URL, a stage change on the board, English. */
describe('staff in the browser: ledger, pipeline, stage change, language', () => {
  let app: BrowserApp;
  let token: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    token = await app.token('staff');
  }, 180_000);
  afterAll(() => app?.close());

  it('logs in through the form and lands on the ledger with the projects of its unit', async () => {
    const { page, context, errors } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.waitForURL(/\/projects$/);
      const expected = await app.api<{ total: number; items: { nameZh: string }[] }>(token, 'GET', '/projects?pageSize=20');
      expect(expected.body.total).toBeGreaterThan(20);
      await page.getByTestId('ledger-row').first().waitFor();
      await expect(page.getByTestId('ledger-row').count()).resolves.toBe(20);
      await page.getByText(`共 ${expected.body.total} 个项目符合条件`).waitFor();
      // The first row is the API's first row (default sort: most recently updated).
      await expect(page.getByTestId('ledger-row').first().textContent()).resolves.toContain(expected.body.items[0].nameZh);
      await app.screenshot(page, 'ledger-staff');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);

  it('keeps filters in the URL: a shared link shows the same filtered view', async () => {
    const { page, context } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/projects?stage=UNDER_CONSTRUCTION&pageSize=50`);
      const expected = await app.api<{ total: number }>(token, 'GET', '/projects?stage=UNDER_CONSTRUCTION&pageSize=50');
      expect(expected.body.total).toBeGreaterThan(0);
      await page.getByText(`共 ${expected.body.total} 个项目符合条件`).waitFor();
      const rows = page.getByTestId('ledger-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(Math.min(50, expected.body.total));
      for (const text of await rows.allTextContents()) expect(text).toContain('开工在建');
      // Clearing the filters goes back to everything.
      await page.getByRole('button', { name: /清除筛选/ }).click();
      await page.waitForURL((url) => url.search === '');
    } finally {
      await context.close();
    }
  }, SLOW);

  it('records a stage change from the pipeline board; the API and the history have it', async () => {
    const signed = await app.api<{ items: { id: string; nameZh: string; version: number }[] }>(token, 'GET', '/projects?stage=SIGNED&sort=stageDate&pageSize=5');
    expect(signed.body.items.length).toBeGreaterThan(0);
    const project = signed.body.items[0];
    const { page, context, errors } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/pipeline`);
      const card = page.locator(`[data-testid="board-card"][data-project-id="${project.id}"]`);
      await card.waitFor();
      await card.getByRole('button', { name: /移动「/ }).click();
      await page.getByRole('menuitem', { name: '落地' }).click();
      const modal = page.getByTestId('stage-change-modal');
      await modal.getByText(project.nameZh).first().waitFor();
      await app.screenshot(page, 'stage-change-modal');
      await page.getByTestId('stage-change-submit').click();
      await page.getByText(`已将「${project.nameZh}」变更为落地`).waitFor();
      // The card moved to the 落地 column.
      await page.locator(`[data-testid="board-column-LANDED"] [data-project-id="${project.id}"]`).waitFor();
      const after = await app.api<{ stage: string; version: number }>(token, 'GET', `/projects/${project.id}`);
      expect(after.body.stage).toBe('LANDED');
      expect(after.body.version).toBe(project.version + 1);
      const history = await app.api<{ toStage: string; kind: string }[] | { items: { toStage: string; kind: string }[] }>(token, 'GET', `/projects/${project.id}/history`);
      const items = Array.isArray(history.body) ? history.body : history.body.items;
      expect(items.at(-1) ?? items[0]).toBeDefined();
      expect(items.some((t) => t.toStage === 'LANDED' && t.kind === 'FORWARD')).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);

  it('refuses a backward move for staff with the rule’s reason, before sending anything', async () => {
    const landed = await app.api<{ items: { id: string; version: number }[] }>(token, 'GET', '/projects?stage=LANDED&pageSize=1');
    const project = landed.body.items[0];
    const { page, context } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/pipeline`);
      const card = page.locator(`[data-testid="board-card"][data-project-id="${project.id}"]`);
      await card.getByRole('button', { name: /移动「/ }).click();
      await page.getByRole('menuitem', { name: '签约' }).click();
      await page.getByTestId('stage-change-problem').getByText(/仅科室负责人或系统管理员可操作/).waitFor();
      await expect(page.getByTestId('stage-change-submit').isDisabled()).resolves.toBe(true);
      const unchanged = await app.api<{ stage: string; version: number }>(token, 'GET', `/projects/${project.id}`);
      expect(unchanged.body).toMatchObject({ stage: 'LANDED', version: project.version });
    } finally {
      await context.close();
    }
  }, SLOW);

  it('switches to English and keeps the choice after a reload', async () => {
    const { page, context } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.getByTestId('lang-switch').getByText('EN').click();
      await page.getByRole('menuitem', { name: 'Project ledger' }).waitFor();
      await page.getByRole('heading', { name: 'Project ledger' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Project ledger' }).waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await app.screenshot(page, 'ledger-english');
    } finally {
      await context.close();
    }
  }, SLOW);
});
