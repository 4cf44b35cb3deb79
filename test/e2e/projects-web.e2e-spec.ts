/**
 * What the web app reads about projects: the list's alertLevel and stageDays columns and its new filters
 * (maxInvestment, alertLevel), the .xlsx export of the ledger (项目台账) and a project's audit trail (留痕).
 * Alerts are inserted directly with known levels and statuses (no worker runs here).
 */
import ExcelJS from 'exceljs';
import { ProjectEntity, type UnitEntity, type UserEntity } from '#persistence';
import { insertAlert, insertAlertRule } from '../factories/alert.factory.js';
import { buildProjectBody, insertProject } from '../factories/project.factory.js';
import { insertInvestor } from '../factories/reference.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { cleanUp, deleteRedisKeys, newQueuePrefix } from '../utils/deadline-fixtures.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, shanghaiToday } from './support.js';

const api = (path: string) => `/api/v1${path}`;
const prefix = newQueuePrefix();
const today = shanghaiToday();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  '项目编号', '项目名称', '英文名称', '所属单位', '投资方', '项目类别', '项目类型', '当前阶段', '阶段日期', '在本阶段天数',
  '协议投资额（万元）', '建设地点', '预警等级', '更新时间',
];

let t: TestApp;
let city: UnitEntity;
let districtA: UnitEntity;
let townA: UnitEntity;
let districtB: UnitEntity;
const users: Record<string, UserEntity> = {};
const tok: Record<string, string> = {};
/** Projects by short name: A1..A4 in district A (A2 in its town), B1 in district B. */
const P: Record<string, ProjectEntity> = {};

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  city = await insertUnit(t.dataSource, { nameZh: '台账市' });
  districtA = await insertUnit(t.dataSource, { parent: city, nameZh: '甲区' });
  townA = await insertUnit(t.dataSource, { parent: districtA, nameZh: '甲镇', kind: 'TOWN' });
  districtB = await insertUnit(t.dataSource, { parent: city, nameZh: '乙区' });
  const spec: [string, UnitEntity, 'staff' | 'manager' | 'admin'][] = [
    ['admin', city, 'admin'],
    ['staffA', districtA, 'staff'],
    ['managerA', districtA, 'manager'],
    ['staffB', districtB, 'staff'],
  ];
  for (const [name, unit, role] of spec) {
    users[name] = await insertUser(t.dataSource, unit, role, { username: `pw-${name.toLowerCase()}`, displayName: `${name} 显示名` });
    tok[name] = await t.login(`pw-${name.toLowerCase()}`);
  }
  const investor = await insertInvestor(t.dataSource, { nameZh: '台账投资有限公司' });
  P.A1 = await insertProject(t.dataSource, districtA, { code: 'PW-A1', nameZh: '台账项目一', stage: 'SIGNED', stageDate: addDays(today, -10), totalInvestment: '50000.00', investorId: investor.id });
  P.A2 = await insertProject(t.dataSource, townA, { code: 'PW-A2', nameZh: '台账项目二', stage: 'UNDER_CONSTRUCTION', stageDate: addDays(today, -100), totalInvestment: '120000.50', family: 'GOVERNMENT' });
  P.A3 = await insertProject(t.dataSource, districtA, { code: 'PW-A3', nameZh: '台账项目三', stage: 'LANDED', stageDate: today, totalInvestment: null });
  P.A4 = await insertProject(t.dataSource, districtA, { code: 'PW-A4', nameZh: '台账项目四', stage: 'SIGNED', stageDate: '2024-02-29', totalInvestment: '800.00' });
  P.B1 = await insertProject(t.dataSource, districtB, { code: 'PW-B1', nameZh: '台账项目五', stage: 'SIGNED', stageDate: addDays(today, -1), totalInvestment: '30000.00' });
  await t.dataSource.query(`UPDATE project SET name_en = 'Ledger one', location = '金桥开发区', project_type = '工业' WHERE id = $1`, [P.A1.id]);

  const rule = await insertAlertRule(t.dataSource);
  // A1: WARNING + OVERDUE open → OVERDUE. A2: ESCALATED resolved, WARNING acknowledged → WARNING.
  // A3: none. A4: ESCALATED open, OVERDUE resolved → ESCALATED. B1: OVERDUE open.
  await insertAlert(t.dataSource, P.A1, rule, { level: 'WARNING' });
  await insertAlert(t.dataSource, P.A1, rule, { level: 'OVERDUE' });
  await insertAlert(t.dataSource, P.A2, rule, { level: 'ESCALATED', status: 'RESOLVED' });
  await insertAlert(t.dataSource, P.A2, rule, { level: 'WARNING', status: 'ACKNOWLEDGED' });
  await insertAlert(t.dataSource, P.A4, rule, { level: 'ESCALATED' });
  await insertAlert(t.dataSource, P.A4, rule, { level: 'OVERDUE', status: 'RESOLVED' });
  await insertAlert(t.dataSource, P.B1, rule, { level: 'OVERDUE' });
});
afterAll(async () => cleanUp(() => t?.close(), () => deleteRedisKeys(process.env.REDIS_URL!, prefix)));

const list = async (token: string, query: Record<string, string>) => {
  const res = await t.http().get(api('/projects')).query({ q: 'PW-', sort: 'code', pageSize: '200', ...query }).set('authorization', token);
  expect(res.status).toBe(200);
  return res.body as { items: Record<string, unknown>[]; total: number };
};
const codes = async (token: string, query: Record<string, string>) => (await list(token, query)).items.map((i) => i.code);

describe('project list: alertLevel, stageDays and the new filters', () => {
  it('gives each project its worst open alert level (resolved alerts do not count) and its whole days in stage', async () => {
    const { items } = await list(tok.admin, {});
    const byCode = Object.fromEntries(items.map((i) => [i.code, i]));
    expect(Object.keys(byCode)).toEqual(['PW-A1', 'PW-A2', 'PW-A3', 'PW-A4', 'PW-B1']);
    expect(Object.fromEntries(items.map((i) => [i.code, i.alertLevel]))).toEqual({
      'PW-A1': 'OVERDUE', 'PW-A2': 'WARNING', 'PW-A3': null, 'PW-A4': 'ESCALATED', 'PW-B1': 'OVERDUE',
    });
    const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse('2024-02-29T00:00:00Z')) / 86_400_000);
    expect(Object.fromEntries(items.map((i) => [i.code, i.stageDays]))).toEqual({ 'PW-A1': 10, 'PW-A2': 100, 'PW-A3': 0, 'PW-A4': days, 'PW-B1': 1 });
  });

  it('is still scoped: district A staff see A and its town only', async () => {
    expect(await codes(tok.staffA, {})).toEqual(['PW-A1', 'PW-A2', 'PW-A3', 'PW-A4']);
    expect(await codes(tok.staffB, {})).toEqual(['PW-B1']);
  });

  it('filters by worst open alert level, NONE meaning no open alert; the total follows', async () => {
    expect(await codes(tok.admin, { alertLevel: 'OVERDUE,ESCALATED' })).toEqual(['PW-A1', 'PW-A4', 'PW-B1']);
    expect(await codes(tok.admin, { alertLevel: 'ESCALATED' })).toEqual(['PW-A4']);
    expect(await codes(tok.admin, { alertLevel: 'NONE' })).toEqual(['PW-A3']);
    const mixed = await list(tok.admin, { alertLevel: 'WARNING,NONE' });
    expect(mixed.items.map((i) => i.code)).toEqual(['PW-A2', 'PW-A3']);
    expect(mixed.total).toBe(2);
    expect(await codes(tok.staffA, { alertLevel: 'OVERDUE' })).toEqual(['PW-A1']);
    // A project whose only open alert is resolved meanwhile drops out of WARNING and into NONE.
    expect(await codes(tok.admin, { alertLevel: 'WARNING', unitId: townA.id })).toEqual(['PW-A2']);
  });

  it('filters by maxInvestment (inclusive, leaves out projects without an amount), alone and with minInvestment', async () => {
    expect(await codes(tok.admin, { maxInvestment: '50000' })).toEqual(['PW-A1', 'PW-A4', 'PW-B1']);
    expect(await codes(tok.admin, { maxInvestment: '49999.99' })).toEqual(['PW-A4', 'PW-B1']);
    expect(await codes(tok.admin, { minInvestment: '800', maxInvestment: '800' })).toEqual(['PW-A4']);
    expect(await codes(tok.admin, { minInvestment: '30000', maxInvestment: '120000.50' })).toEqual(['PW-A1', 'PW-A2', 'PW-B1']);
  });

  it('refuses bad values with 400 VALIDATION_FAILED naming the field', async () => {
    for (const [query, field] of [
      [{ alertLevel: 'RED' }, 'alertLevel'],
      [{ alertLevel: 'WARNING,resolved' }, 'alertLevel'],
      [{ maxInvestment: '-1' }, 'maxInvestment'],
      [{ maxInvestment: '1.001' }, 'maxInvestment'],
      [{ minInvestment: '100', maxInvestment: '99.99' }, 'maxInvestment'],
    ] as [Record<string, string>, string][]) {
      const res = await t.http().get(api('/projects')).query(query).set('authorization', tok.admin);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
  });
});

/** Downloads an export and reads it back with ExcelJS. */
async function download(token: string, query: Record<string, string>) {
  const res = await t
    .http()
    .get(api('/projects/export'))
    .query(query)
    .set('authorization', token)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return res;
}

async function readSheet(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['项目台账']);
  const ws = wb.getWorksheet('项目台账')!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { ws, rows };
}

/** A list item as the export writes it (all columns). */
function asRow(i: Record<string, any>): unknown[] {
  const levels: Record<string, string> = { WARNING: '黄灯', OVERDUE: '红灯', ESCALATED: '督办' };
  const families: Record<string, string> = { INVESTMENT: '招商引资', GOVERNMENT: '政府投资' };
  const updated = new Date(new Date(i.updatedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  return [
    i.code, i.nameZh, i.nameEn ?? undefined, i.unit.nameZh, i.investor?.nameZh ?? undefined, families[i.family], i.projectType ?? undefined,
    i.stageLabel.zh, i.stageDate, i.stageDays, i.totalInvestment === null ? undefined : Number(i.totalInvestment), i.location ?? undefined,
    i.alertLevel ? levels[i.alertLevel] : undefined, updated,
  ];
}

describe('GET /projects/export', () => {
  it('answers an .xlsx named for today, whose rows equal the list rows for the same filter and sort', async () => {
    const query = { q: 'PW-', sort: '-totalInvestment' };
    const res = await download(tok.admin, query);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const stamp = today.replaceAll('-', '');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="luodi-projects-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`项目台账-${stamp}.xlsx`)}`,
    );
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''%E9%A1%B9%E7%9B%AE%E5%8F%B0%E8%B4%A6-${stamp}.xlsx`);

    const { ws, rows } = await readSheet(res.body as Buffer);
    expect(rows[0]).toEqual(HEADERS);
    const listed = (await list(tok.admin, { ...query })).items;
    expect(listed.map((i) => i.code)).toEqual(['PW-A2', 'PW-A1', 'PW-B1', 'PW-A4', 'PW-A3']);
    expect(rows.slice(1)).toEqual(listed.map(asRow));

    // Presentation: bold frozen header, widths, money as numbers with a thousands format, dates as text.
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(30);
    const money = ws.getRow(2).getCell(11);
    expect(money.value).toBe(120000.5);
    expect(money.numFmt).toBe('#,##0.00');
    expect(ws.getRow(2).getCell(9).value).toBe(addDays(today, -100));
    expect(ws.getRow(2).getCell(10).value).toBe(100);
  });

  it('is scoped like the list: district B staff get only B; district A staff only A and its town', async () => {
    const b = await readSheet((await download(tok.staffB, { q: 'PW-' })).body as Buffer);
    expect(b.rows.slice(1).map((r) => r[0])).toEqual(['PW-B1']);
    const a = await readSheet((await download(tok.staffA, { q: 'PW-A', sort: 'code' })).body as Buffer);
    const listed = (await list(tok.staffA, { q: 'PW-A' })).items;
    expect(a.rows.slice(1)).toEqual(listed.map(asRow));
    expect(a.rows.slice(1).map((r) => r[0])).toEqual(['PW-A1', 'PW-A2', 'PW-A3', 'PW-A4']);
  });

  it('applies every list filter, the new ones included', async () => {
    const res = await download(tok.admin, { q: 'PW-', sort: 'code', alertLevel: 'OVERDUE,NONE', maxInvestment: '60000', unitId: districtA.id });
    const { rows } = await readSheet(res.body as Buffer);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['PW-A1']);
  });

  it('writes the columns asked for, in the order asked', async () => {
    const res = await download(tok.admin, { q: 'PW-A1', columns: 'code,alertLevel,totalInvestment,code' });
    const { rows } = await readSheet(res.body as Buffer);
    expect(rows).toEqual([['项目编号', '预警等级', '协议投资额（万元）'], ['PW-A1', '红灯', 50000]]);
  });

  it('answers a sheet with the header row only when nothing matches', async () => {
    const { rows } = await readSheet((await download(tok.staffB, { q: 'PW-A' })).body as Buffer);
    expect(rows).toEqual([HEADERS]);
  });

  it('refuses paging, unknown columns and bad filters with 400', async () => {
    for (const query of [{ page: '1' }, { pageSize: '10' }, { columns: 'code,password' }, { columns: '' }, { alertLevel: 'RED' }, { minInvestment: '5', maxInvestment: '4' }]) {
      const res = await t.http().get(api('/projects/export')).query(query).set('authorization', tok.admin);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await t.http().get(api('/projects/export'))).status).toBe(401);
  });

  it('refuses more than 50,000 rows with 400 EXPORT_TOO_LARGE, telling the count', async () => {
    const big = await insertUnit(t.dataSource, { parent: city, nameZh: '大区' });
    await t.dataSource.query(
      `INSERT INTO project (code, name_zh, unit_id, unit_path, family, stage, stage_date)
       SELECT 'BIG-' || g, '批量项目' || g, $1, $2, 'INVESTMENT', 'SIGNED', DATE '2024-01-01' FROM generate_series(1, 50001) g`,
      [big.id, big.path],
    );
    const res = await t.http().get(api('/projects/export')).query({ unitId: big.id }).set('authorization', tok.admin);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('EXPORT_TOO_LARGE');
    expect(res.body.message).toMatch(/50001 projects match/);
    expect(res.body.message).toMatch(/50000/);
    expect(res.body.message).toMatch(/[Nn]arrow the filter/);
    expect(res.body.details).toEqual({ total: 50001, max: 50000 });
    // Exactly 50,000 is allowed.
    await t.dataSource.query(`UPDATE project SET stage = 'LANDED' WHERE code = 'BIG-1'`);
    const ok = await t.http().get(api('/projects/export')).query({ unitId: big.id, stage: 'SIGNED', columns: 'code' }).set('authorization', tok.admin);
    expect(ok.status).toBe(200);
    await t.dataSource.query(`DELETE FROM stage_transition WHERE project_id IN (SELECT id FROM project WHERE unit_id = $1)`, [big.id]);
    await t.dataSource.query(`DELETE FROM project WHERE unit_id = $1`, [big.id]);
  }, 120_000);
});

describe('GET /projects/:id/audit', () => {
  it('lists the project’s own entries and those of its transitions, records and alerts, newest first, with the actor', async () => {
    const created = await t.http().post(api('/projects')).set('authorization', tok.staffA).send(buildProjectBody(districtA, { code: 'PW-AUDIT', nameZh: '留痕项目' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const other = await t.http().post(api('/projects')).set('authorization', tok.staffA).send(buildProjectBody(districtA, { code: 'PW-OTHER' }));
    expect(other.status).toBe(201);

    const patched = await t.http().patch(api(`/projects/${id}`)).set('authorization', tok.staffA).send({ version: 1, location: '如意开发区' });
    expect(patched.status).toBe(200);
    const report = await t.http().post(api(`/projects/${id}/progress-reports`)).set('authorization', tok.managerA).send({ period: today.slice(0, 7), summary: '完成土方' });
    expect(report.status).toBe(201);
    const project = await t.dataSource.getRepository(ProjectEntity).findOneByOrFail({ id });
    const alert = await insertAlert(t.dataSource, project, await insertAlertRule(t.dataSource), { level: 'OVERDUE' });
    const comment = await t.http().post(api(`/alerts/${alert.id}/comments`)).set('authorization', tok.managerA).send({ text: '已协调' });
    expect(comment.status).toBe(200);
    // Noise: the other project's change must not show.
    await t.http().patch(api(`/projects/${other.body.id}`)).set('authorization', tok.staffA).send({ version: 1, location: '别处' });

    const res = await t.http().get(api(`/projects/${id}/audit`)).set('authorization', tok.managerA);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, page: 1, pageSize: 50 });
    const items = res.body.items as Record<string, any>[];
    expect(items.map((i) => [i.entity, i.action, i.actor?.displayName])).toEqual([
      ['alert', 'comment', 'managerA 显示名'],
      ['progress_report', 'create', 'managerA 显示名'],
      ['project', 'update', 'staffA 显示名'],
      ['stage_transition', 'create', 'staffA 显示名'],
      ['project', 'create', 'staffA 显示名'],
    ]);
    expect(items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: expect.any(String),
      actor: { id: users.managerA.id, displayName: 'managerA 显示名' },
      action: 'comment',
      entity: 'alert',
      entityId: alert.id,
      before: expect.objectContaining({ id: alert.id }),
      after: expect.objectContaining({ id: alert.id }),
    });
    expect(items[1]).toMatchObject({ entityId: report.body.id, before: null, after: expect.objectContaining({ summary: '完成土方' }) });
    expect(items[2]).toMatchObject({ entityId: id, before: expect.objectContaining({ location: null }), after: expect.objectContaining({ location: '如意开发区' }) });
    expect(Number(items[0].id)).toBeGreaterThan(Number(items[1].id));
    expect(new Date(items[0].at).getTime()).toBeGreaterThanOrEqual(new Date(items[4].at).getTime());

    const page2 = await t.http().get(api(`/projects/${id}/audit`)).query({ page: 2, pageSize: 2 }).set('authorization', tok.staffA);
    expect(page2.status).toBe(200);
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.body.items.map((i: { entity: string; action: string }) => `${i.entity}:${i.action}`)).toEqual(['project:update', 'stage_transition:create']);

    const admin = await t.http().get(api(`/projects/${id}/audit`)).set('authorization', tok.admin);
    expect(admin.body.total).toBe(5);
  });

  it('answers 404 outside the actor’s scope, for unknown ids and malformed ids; 400 for bad paging', async () => {
    const res = await t.http().get(api(`/projects/${P.A1.id}/audit`)).set('authorization', tok.staffB);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await t.http().get(api('/projects/3f1b2c4d-0000-4000-8000-00000000abcd/audit')).set('authorization', tok.admin)).status).toBe(404);
    expect((await t.http().get(api('/projects/nope/audit')).set('authorization', tok.admin)).status).toBe(404);
    for (const query of [{ page: '0' }, { pageSize: '201' }, { pageSize: 'x' }]) {
      expect((await t.http().get(api(`/projects/${P.A1.id}/audit`)).query(query).set('authorization', tok.admin)).status).toBe(400);
    }
  });

  it('lists a project with no audit entries as empty (a project entered directly, e.g. by the seeder)', async () => {
    const res = await t.http().get(api(`/projects/${P.B1.id}/audit`)).set('authorization', tok.staffB);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
  });
});
