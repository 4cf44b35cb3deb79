import { startBrowserApp, loginThroughForm, type BrowserApp } from '../utils/browser-app.js';

/** A browser step waits up to 30 s under load; a whole flow gets three minutes. */
const SLOW = 180_000;

interface ProjectAnswer {
  id: string;
  nameZh: string;
  nameEn: string | null;
  location: string | null;
  version: number;
}

/** The project page, and what happens when two people edit the same project (optimistic locking). */
describe('project page in the browser: tabs and the 409 conflict dialog', () => {
  let app: BrowserApp;
  let staff: string;
  let manager: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    staff = await app.token('staff');
    manager = await app.token('manager');
  }, 180_000);
  afterAll(() => app?.close());

  async function someProject(offset: number): Promise<ProjectAnswer> {
    const list = await app.api<{ items: { id: string }[] }>(staff, 'GET', `/projects?sort=code&pageSize=5&page=1`);
    const id = list.body.items[offset].id;
    return (await app.api<ProjectAnswer>(staff, 'GET', `/projects/${id}`)).body;
  }

  it('shows the project with its header and every tab', async () => {
    const project = await someProject(0);
    const { page, context, errors } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/projects/${project.id}`);
      await page.getByTestId('project-header').getByText(project.nameZh).first().waitFor();
      const tabs = page.getByTestId('project-tabs');
      for (const name of ['概览', '进度时间轴', '服务时限', '资金', '月调度', '问题清单', '操作留痕']) {
        await tabs.getByRole('tab', { name: new RegExp(name) }).click();
        await tabs.locator('[role="tab"][aria-selected="true"]', { hasText: name }).waitFor();
      }
      await page.waitForURL(/tab=/);
      await app.screenshot(page, 'project-audit-tab');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);

  it('a stale edit opens the conflict dialog; 重新加载 discards it and shows the other person’s change', async () => {
    const project = await someProject(1);
    const { page, context } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/projects/${project.id}`);
      await page.getByTestId('edit-project-button').click();
      const form = page.getByTestId('edit-project-form');
      await form.getByLabel('英文名称').fill('Edited in the browser, then discarded');
      // Meanwhile the manager changes the same project.
      const other = await app.api<ProjectAnswer>(manager, 'PATCH', `/projects/${project.id}`, { version: project.version, location: '赛罕区（经理修改）' });
      expect(other.status).toBe(200);
      await page.getByTestId('edit-project-save').click();
      const dialog = page.getByTestId('conflict-dialog');
      await dialog.getByText('其他人已修改此项目').waitFor();
      await app.screenshot(page, 'project-conflict-dialog');
      await page.getByTestId('conflict-reload').click();
      await dialog.waitFor({ state: 'hidden' });
      const now = (await app.api<ProjectAnswer>(staff, 'GET', `/projects/${project.id}`)).body;
      expect(now).toMatchObject({ location: '赛罕区（经理修改）', nameEn: project.nameEn, version: project.version + 1 });
    } finally {
      await context.close();
    }
  }, SLOW);

  it('对比 then re-apply sends the edit on top of the newer version, keeping both changes', async () => {
    const project = await someProject(2);
    const { page, context } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/projects/${project.id}`);
      await page.getByTestId('edit-project-button').click();
      await page.getByTestId('edit-project-form').getByLabel('英文名称').fill('Re-applied after a conflict');
      const other = await app.api<ProjectAnswer>(manager, 'PATCH', `/projects/${project.id}`, { version: project.version, location: '新城区（经理修改）' });
      expect(other.status).toBe(200);
      await page.getByTestId('edit-project-save').click();
      await page.getByTestId('conflict-compare').click();
      await page.getByTestId('conflict-dialog').getByText('Re-applied after a conflict').first().waitFor();
      await page.getByTestId('conflict-reapply').click();
      await page.getByTestId('conflict-dialog').waitFor({ state: 'hidden' });
      const now = (await app.api<ProjectAnswer>(staff, 'GET', `/projects/${project.id}`)).body;
      expect(now).toMatchObject({ nameEn: 'Re-applied after a conflict', location: '新城区（经理修改）', version: project.version + 2 });
    } finally {
      await context.close();
    }
  }, SLOW);

  it('the project page works at phone width', async () => {
    const project = await someProject(0);
    const { page, context } = await app.newPage({ width: 390, height: 844 });
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/projects/${project.id}`);
      await page.getByTestId('project-header').getByText(project.nameZh).first().waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(1);
      await app.screenshot(page, 'project-phone');
    } finally {
      await context.close();
    }
  }, SLOW);
});
