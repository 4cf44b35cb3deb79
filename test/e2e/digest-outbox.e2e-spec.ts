/**
 * Without SMTP_URL mail goes to the outbox table (admins read it at GET /api/v1/outbox); the preview
 * renders any week without sending; preferences and bad input.
 */
import { MailSenders } from '#notifications';
import type { ProjectEntity, UnitEntity, UserEntity } from '#persistence';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { insertAlert } from './digest-fixtures.js';

let t: TestApp;
let city: UnitEntity;
let xincheng: UnitEntity;
let saihan: UnitEntity;
let admin: UserEntity;
let manager: UserEntity;
let staff: UserEntity;
let director: UserEntity;
let pXin: ProjectEntity;
let pSai: ProjectEntity;
const api = (p: string) => `/api/v1${p}`;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: `test-digest-outbox-${process.pid}`, SMTP_URL: '' });
  const ds = t.dataSource;
  city = await insertUnit(ds, { nameZh: '呼和浩特市' });
  xincheng = await insertUnit(ds, { parent: city, nameZh: '新城区' });
  saihan = await insertUnit(ds, { parent: city, nameZh: '赛罕区' });
  admin = await insertUser(ds, city, 'admin', { email: 'admin@city.test' });
  manager = await insertUser(ds, xincheng, 'manager', { email: 'manager@xincheng.test', displayName: '王科长' });
  staff = await insertUser(ds, saihan, 'staff', { email: 'staff@saihan.test' });
  director = await insertUser(ds, city, 'director', { email: 'director@city.test' });
  pXin = await insertProject(ds, xincheng, { nameZh: '新城区数据中心项目' });
  pSai = await insertProject(ds, saihan, { nameZh: '赛罕区物流园项目' });
  await insertAlert(ds, pXin, { level: 'OVERDUE', openedAt: '2025-10-08T02:00:00Z', dueDate: '2025-10-01' });
  await insertAlert(ds, pSai, { level: 'WARNING', openedAt: '2025-10-08T02:00:00Z', dueDate: '2025-10-20' });
  for (const u of [admin, manager, staff, director]) tokens[u.id] = await t.login(u.username);
}, 60_000);
afterAll(async () => t?.close());

describe('outbox mode (no SMTP_URL)', () => {
  it('writes the digest to the outbox once, readable by admins only', async () => {
    expect(t.config.mail.smtpUrl).toBeNull();
    const senders = t.app.get(MailSenders);
    expect(await senders.sendDigest(manager.id, '2025-W41')).toMatchObject({ status: 'SENT', transport: 'OUTBOX' });
    expect(await senders.sendDigest(manager.id, '2025-W41')).toEqual({ status: 'SKIPPED', reason: 'already sent' });
    const res = await t.http().get(api('/outbox')).set('authorization', tokens[admin.id]);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    const [m] = res.body.items;
    expect(m).toMatchObject({ kind: 'DIGEST', to_address: 'manager@xincheng.test', user_id: manager.id, delivery_key: `digest:${manager.id}:2025-W41` });
    expect(m.subject).toBe('【落地】新城区项目周报 2025-W41（2025-10-06至2025-10-12）');
    expect(m.text_body).toContain('新城区数据中心项目');
    expect(m.text_body).not.toContain('赛罕区物流园项目');
    expect(m.html_body).toContain('<table');
    const filtered = await t.http().get(api(`/outbox?userId=${staff.id}&kind=DIGEST`)).set('authorization', tokens[admin.id]);
    expect(filtered.body.total).toBe(0);
    for (const u of [manager, director, staff]) {
      expect((await t.http().get(api('/outbox')).set('authorization', tokens[u.id])).status).toBe(403);
    }
  });
});

describe('preview', () => {
  it('renders your own digest for any week without sending', async () => {
    const before = await t.dataSource.query(`SELECT (SELECT count(*)::int FROM mail_outbox) AS o, (SELECT count(*)::int FROM digest_delivery) AS d`);
    const html = await t.http().get(api('/digests/preview?week=2025-W41')).set('authorization', tokens[staff.id]);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(decodeURIComponent(html.headers['x-digest-subject'])).toBe('【落地】赛罕区项目周报 2025-W41（2025-10-06至2025-10-12）');
    expect(html.text).toContain('赛罕区物流园项目');
    const text = await t.http().get(api('/digests/preview?week=2025-W41&format=text')).set('authorization', tokens[staff.id]);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toContain('黄灯');
    const after = await t.dataSource.query(`SELECT (SELECT count(*)::int FROM mail_outbox) AS o, (SELECT count(*)::int FROM digest_delivery) AS d`);
    expect(after).toEqual(before);
  });

  it("lets admins and directors preview anyone's digest, and nobody else", async () => {
    for (const u of [admin, director]) {
      const res = await t.http().get(api(`/digests/preview?userId=${manager.id}&week=2025-W41&format=json`)).set('authorization', tokens[u.id]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ week: '2025-W41', userId: manager.id, subject: expect.stringContaining('新城区') });
      expect(res.body.text).toContain('新城区数据中心项目');
    }
    const other = await t.http().get(api(`/digests/preview?userId=${manager.id}&week=2025-W41`)).set('authorization', tokens[staff.id]);
    expect(other.status).toBe(403);
    // Default week: the last complete one.
    expect((await t.http().get(api('/digests/preview?format=json')).set('authorization', tokens[staff.id])).body.week).toMatch(/^\d{4}-W\d{2}$/);
  });

  it('answers bad input with 4xx', async () => {
    const get = (q: string, who = admin) => t.http().get(api(`/digests/preview${q}`)).set('authorization', tokens[who.id]);
    expect((await get('?week=2025-W53')).status).toBe(400);
    expect((await get('?week=2025-41')).status).toBe(400);
    expect((await get('?week=2025-W00')).status).toBe(400);
    expect((await get('?format=pdf')).status).toBe(400);
    expect((await get('?userId=not-a-uuid')).status).toBe(400);
    expect((await get('?userId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('?extra=1')).status).toBe(400);
    expect((await t.http().get(api('/digests/preview'))).status).toBe(401);
    expect((await t.http().get(api('/outbox?page=0')).set('authorization', tokens[admin.id])).status).toBe(400);
    expect((await t.http().get(api('/outbox?kind=SMS')).set('authorization', tokens[admin.id])).status).toBe(400);
  });
});

describe('preferences', () => {
  it('reads and updates digest, language and email, with an audit row', async () => {
    const me = tokens[manager.id];
    expect((await t.http().get(api('/me/preferences')).set('authorization', me)).body).toEqual({ digest: 'on', language: 'zh-CN', email: 'manager@xincheng.test' });
    const res = await t.http().patch(api('/me/preferences')).set('authorization', me).send({ digest: 'off', language: 'en', email: 'wang@xincheng.test' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ digest: 'off', language: 'en', email: 'wang@xincheng.test' });
    const [audit] = await t.dataSource.query(`SELECT before, after FROM audit_log WHERE action = 'update-preferences' AND entity_id = $1`, [manager.id]);
    expect(audit).toEqual({ before: { digest: 'on', language: 'zh-CN', email: 'manager@xincheng.test' }, after: res.body });
    expect(await t.app.get(MailSenders).sendDigest(manager.id, '2025-W40')).toEqual({ status: 'SKIPPED', reason: 'digest turned off' });
    expect((await t.http().patch(api('/me/preferences')).set('authorization', me).send({ email: null })).body.email).toBeNull();
  });

  it('refuses bad preferences with 400 and changes nothing', async () => {
    const me = tokens[staff.id];
    for (const body of [{ digest: 'yes' }, { language: 'fr' }, { email: 'not-an-email' }, { email: 42 }, { digest: true }, { unknown: 1 }]) {
      const res = await t.http().patch(api('/me/preferences')).set('authorization', me).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await t.http().get(api('/me/preferences')).set('authorization', me)).body).toEqual({ digest: 'on', language: 'zh-CN', email: 'staff@saihan.test' });
  });
});
