import { startBrowserApp, loginThroughForm, type BrowserApp } from '../utils/browser-app.js';

/** A browser step waits up to 30 s under load; a whole flow gets three minutes. */
const SLOW = 180_000;

interface Task {
  id: string;
  title: string;
  dueDate: string;
  status: string;
}

/** The service desk in the browser: a 项目专员 records a visit with a follow-up, which lands in 我的待办. */
describe('service desk in the browser', () => {
  let app: BrowserApp;
  let staff: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    staff = await app.token('staff');
  }, 180_000);
  afterAll(() => app?.close());

  it('staff records a visit with a follow-up on the project page; it shows on the timeline and in 我的待办', async () => {
    const list = await app.api<{ items: { id: string; nameZh: string }[] }>(staff, 'GET', '/projects?stage=SIGNED&pageSize=1');
    const project = list.body.items[0];
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    const summary = `浏览器测试：走访企业，了解用电接入进度 ${Date.now()}`;
    const task = '协调供电公司确认接入方案';
    const { page, context, errors } = await app.newPage();
    try {
      await loginThroughForm(page, app.baseUrl, 'staff');
      await page.goto(`${app.baseUrl}/projects/${project.id}?tab=service`);
      await page.getByTestId('activity-add').click();
      const form = page.getByTestId('activity-form');
      await form.getByLabel('内容摘要').fill(summary);
      await form.getByRole('button', { name: '添加待办' }).click();
      await form.getByLabel('待办 1').fill(task);
      await form.getByLabel('期限').click();
      await form.getByLabel('期限').fill(due);
      await form.getByLabel('期限').press('Enter');
      // Staff may assign follow-ups to themselves: pick the first (only) person offered, by keyboard.
      await form.getByLabel('负责人').click();
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
      await option.waitFor();
      const person = (await option.textContent())!.trim();
      await form.getByLabel('负责人').press('Enter');
      await form.getByText(person).filter({ visible: true }).first().waitFor();
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
      await app.screenshot(page, 'service-desk-visit-form');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('已记录，并创建 1 项待办。').waitFor();
      await page.getByText(summary).first().waitFor();

      const tasks = await app.api<Task[] | { items: Task[] }>(staff, 'GET', '/me/tasks');
      const items = Array.isArray(tasks.body) ? tasks.body : tasks.body.items;
      expect(items.find((t) => t.title === task)).toMatchObject({ dueDate: due, status: 'OPEN' });

      await page.goto(`${app.baseUrl}/tasks`);
      await page.getByTestId('my-tasks').getByText(task).first().waitFor();
      await app.screenshot(page, 'my-tasks');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);
});
