/**
 * The project ledger: create, get, list with every filter, optimistic PATCH, and stage transitions
 * (forward, skips, corrections, holds, cancellations, dates) with their append-only history.
 */
import type { ClusterEntity, ProjectListEntity, UnitEntity } from '#persistence';
import { insertProject } from '../factories/project.factory.js';
import { insertCluster, insertInvestor, insertProjectList, insertTaxonomy } from '../factories/reference.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, countRows, shanghaiToday, sqlError } from './support.js';

let t: TestApp;
let city: UnitEntity;
let district: UnitEntity;
let admin: string;
let staff: string;
let manager: string;

const api = (path: string) => `/api/v1${path}`;

beforeAll(async () => {
  t = await createTestApp();
  city = await insertUnit(t.dataSource, { nameZh: '呼和浩特市(测试)' });
  district = await insertUnit(t.dataSource, { parent: city, nameZh: '赛罕区(测试)' });
  await insertUser(t.dataSource, city, 'admin', { username: 'p-admin' });
  await insertUser(t.dataSource, district, 'staff', { username: 'p-staff' });
  await insertUser(t.dataSource, district, 'manager', { username: 'p-manager' });
  [admin, staff, manager] = await Promise.all([t.login('p-admin'), t.login('p-staff'), t.login('p-manager')]);
}, 60_000);
afterAll(async () => t?.close());

describe('create and get', () => {
  it('creates a project with every field: 201 with id and version 1, then GET returns what was sent', async () => {
    const tax = await insertTaxonomy(t.dataSource);
    const cluster = await insertCluster(t.dataSource, tax, { nameZh: '新能源' });
    const list = await insertProjectList(t.dataSource, { nameZh: '市重点项目' });
    const body = {
      code: 'HH-2024-0001',
      nameZh: '中环领先二期',
      nameEn: 'TCL Zhonghuan phase II',
      unitId: district.id,
      family: 'INVESTMENT',
      stage: 'UNDER_CONSTRUCTION',
      stageDate: '2024-03-18',
      totalInvestment: '1234567.89',
      location: '金桥开发区',
      projectType: '工业',
      capacity: '年产25GW',
      sponsorLeader: '张市长',
      responsibleLeader: '李副区长',
      serviceTeam: '新能源专班',
      jobsPlanned: 1200,
      investor: { nameZh: '中环领先半导体材料有限公司', ownershipType: 'LOCAL_SOE' },
      clusterIds: [cluster.id],
      listIds: [list.id],
      planDates: [{ stage: 'COMMISSIONING', expectedDate: '2025-10-31', sourceText: '预计10月投产' }],
      note: '由月调度录入',
    };
    const res = await t.http().post(api('/projects')).set('authorization', staff).send(body);
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.version).toBe(1);

    const got = await t.http().get(api(`/projects/${res.body.id}`)).set('authorization', staff);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: res.body.id,
      code: 'HH-2024-0001',
      nameZh: '中环领先二期',
      nameEn: 'TCL Zhonghuan phase II',
      unitId: district.id,
      unit: { id: district.id, nameZh: '赛罕区(测试)' },
      family: 'INVESTMENT',
      stage: 'UNDER_CONSTRUCTION',
      stageDate: '2024-03-18',
      heldFromStage: null,
      totalInvestment: '1234567.89',
      location: '金桥开发区',
      projectType: '工业',
      capacity: '年产25GW',
      sponsorLeader: '张市长',
      responsibleLeader: '李副区长',
      serviceTeam: '新能源专班',
      jobsPlanned: 1200,
      investor: { nameZh: '中环领先半导体材料有限公司', ownershipType: 'LOCAL_SOE' },
      clusters: [{ id: cluster.id, nameZh: '新能源' }],
      lists: [{ id: list.id, nameZh: '市重点项目' }],
      planDates: [{ stage: 'COMMISSIONING', expectedDate: '2025-10-31', sourceText: '预计10月投产' }],
      version: 1,
    });

    const history = await t.http().get(api(`/projects/${res.body.id}/history`)).set('authorization', staff);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ seq: 1, kind: 'INITIAL', fromStage: null, toStage: 'UNDER_CONSTRUCTION', effectiveDate: '2024-03-18', note: '由月调度录入' });

    const audit = await t.dataSource.query(`SELECT action, after FROM audit_log WHERE entity = 'project' AND entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([expect.objectContaining({ action: 'create', after: expect.objectContaining({ code: 'HH-2024-0001' }) })]);
  });

  it('refuses a duplicate code with 409 and writes nothing', async () => {
    const first = await t.http().post(api('/projects')).set('authorization', admin).send({
      code: 'DUP-1', nameZh: '项目甲', unitId: district.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-01-01',
    });
    expect(first.status).toBe(201);
    const before = await countRows(t.dataSource);
    const dup = await t.http().post(api('/projects')).set('authorization', admin).send({
      code: 'DUP-1', nameZh: '项目乙', unitId: district.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-01-01',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE');
    expect(await countRows(t.dataSource)).toEqual(before);
  });

  it('accepts a starting date of today in Asia/Shanghai and refuses tomorrow', async () => {
    const today = shanghaiToday();
    const ok = await t.http().post(api('/projects')).set('authorization', staff).send({
      code: 'TODAY-1', nameZh: '今日签约', unitId: district.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: today,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.stageDate).toBe(today);
    const before = await countRows(t.dataSource);
    const future = await t.http().post(api('/projects')).set('authorization', staff).send({
      code: 'TOMORROW-1', nameZh: '明日签约', unitId: district.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: addDays(today, 1),
    });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('EFFECTIVE_DATE_IN_FUTURE');
    expect(await countRows(t.dataSource)).toEqual(before);
  });

  it('answers 404 for an unknown project and its history', async () => {
    const id = '3f1b2c4d-0000-4000-8000-000000000001';
    expect((await t.http().get(api(`/projects/${id}`)).set('authorization', admin)).status).toBe(404);
    expect((await t.http().get(api(`/projects/${id}/history`)).set('authorization', admin)).status).toBe(404);
  });
});

describe('list filters', () => {
  let zone: UnitEntity;
  let town: UnitEntity;
  let other: UnitEntity;
  let c1: ClusterEntity;
  let c1a: ClusterEntity;
  let c1b: ClusterEntity;
  let c2: ClusterEntity;
  let l1: ProjectListEntity;
  let l2: ProjectListEntity;

  const list = async (query: Record<string, string | number | string[]>) => {
    const res = await t.http().get(api('/projects')).query(query).set('authorization', admin);
    expect(res.status).toBe(200);
    return res.body as { items: { code: string }[]; total: number; page: number; pageSize: number };
  };
  const codes = async (query: Record<string, string | number | string[]>) => (await list(query)).items.map((i) => i.code).sort();

  beforeAll(async () => {
    zone = await insertUnit(t.dataSource, { parent: city, nameZh: '和林格尔新区(测试)', kind: 'NEW_AREA' });
    town = await insertUnit(t.dataSource, { parent: zone, nameZh: '盛乐镇(测试)', kind: 'TOWN' });
    other = await insertUnit(t.dataSource, { parent: city, nameZh: '土默特左旗(测试)', kind: 'BANNER' });
    const tax = await insertTaxonomy(t.dataSource, { active: false });
    c1 = await insertCluster(t.dataSource, tax, { nameZh: '新能源集群' });
    c1a = await insertCluster(t.dataSource, tax, { parent: c1, nameZh: '光伏产业链' });
    c1b = await insertCluster(t.dataSource, tax, { parent: c1, nameZh: '风电装备产业链' });
    c2 = await insertCluster(t.dataSource, tax, { nameZh: '乳业集群' });
    l1 = await insertProjectList(t.dataSource, { nameZh: '自治区重大项目清单' });
    l2 = await insertProjectList(t.dataSource, { nameZh: '储备库' });
    const known = await insertInvestor(t.dataSource, { nameZh: '蒙牛乳业集团' });
    const bodies = [
      { code: 'F-001', nameZh: '光伏制氢一体化项目', unitId: zone.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-03-01',
        totalInvestment: '150000.00', clusterIds: [c1a.id], listIds: [l1.id], investor: { nameZh: '内蒙古绿能新材料有限公司' } },
      { code: 'F-002', nameZh: '数据中心二期', unitId: town.id, family: 'GOVERNMENT', stage: 'UNDER_CONSTRUCTION', stageDate: '2024-05-01',
        totalInvestment: '80000.50', clusterIds: [c1.id], listIds: [l1.id, l2.id] },
      { code: 'F-003', nameZh: '乳业加工园', unitId: zone.id, family: 'INVESTMENT', stage: 'LANDED', stageDate: '2024-04-01',
        totalInvestment: '5000.00', clusterIds: [c2.id] },
      { code: 'F-004', nameZh: '新能源装备制造', unitId: town.id, family: 'INVESTMENT', stage: 'RESERVE', stageDate: '2024-01-15',
        clusterIds: [c1b.id], investorId: known.id },
      { code: 'G-001', nameZh: '光伏组件项目', unitId: other.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-02-01', totalInvestment: '900000.00' },
    ];
    for (const body of bodies) {
      const res = await t.http().post(api('/projects')).set('authorization', admin).send(body);
      if (res.status !== 201) throw new Error(`fixture ${body.code}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });

  it('filters by one stage and by a comma list or repeated stage parameters', async () => {
    expect(await codes({ unitId: zone.id, stage: 'SIGNED' })).toEqual(['F-001']);
    expect(await codes({ unitId: zone.id, stage: 'SIGNED,LANDED' })).toEqual(['F-001', 'F-003']);
    expect(await codes({ unitId: zone.id, stage: ['SIGNED', 'UNDER_CONSTRUCTION'] })).toEqual(['F-001', 'F-002']);
    expect(await codes({ unitId: zone.id, stage: 'OPERATING' })).toEqual([]);
  });

  it('filters by unit, including the whole subtree', async () => {
    expect(await codes({ unitId: zone.id })).toEqual(['F-001', 'F-002', 'F-003', 'F-004']);
    expect(await codes({ unitId: town.id })).toEqual(['F-002', 'F-004']);
    expect(await codes({ unitId: other.id })).toEqual(['G-001']);
  });

  it('filters by cluster (its chains included) and by chain', async () => {
    expect(await codes({ clusterId: c1.id })).toEqual(['F-001', 'F-002', 'F-004']);
    expect(await codes({ clusterId: c1a.id })).toEqual(['F-001']);
    expect(await codes({ clusterId: c2.id })).toEqual(['F-003']);
  });

  it('filters by list', async () => {
    expect(await codes({ listId: l1.id })).toEqual(['F-001', 'F-002']);
    expect(await codes({ listId: l2.id })).toEqual(['F-002']);
  });

  it('filters by family', async () => {
    expect(await codes({ unitId: zone.id, family: 'GOVERNMENT' })).toEqual(['F-002']);
    expect(await codes({ unitId: zone.id, family: 'INVESTMENT' })).toEqual(['F-001', 'F-003', 'F-004']);
  });

  it('q matches the Chinese name, the investor name and the code', async () => {
    expect(await codes({ q: '光伏' })).toEqual(['F-001', 'G-001']);
    expect(await codes({ q: '绿能新材料' })).toEqual(['F-001']);
    expect(await codes({ q: '蒙牛' })).toEqual(['F-004']);
    expect(await codes({ q: 'f-003' })).toEqual(['F-003']);
    expect(await codes({ q: '不存在的名字' })).toEqual([]);
  });

  it('minInvestment is inclusive and leaves out projects without an amount', async () => {
    expect(await codes({ unitId: zone.id, minInvestment: '80000.50' })).toEqual(['F-001', 'F-002']);
    expect(await codes({ unitId: zone.id, minInvestment: '80000.51' })).toEqual(['F-001']);
    expect(await codes({ unitId: zone.id, minInvestment: '0' })).toEqual(['F-001', 'F-002', 'F-003']);
  });

  it('combines filters', async () => {
    expect(await codes({ clusterId: c1.id, listId: l1.id, stage: 'SIGNED,UNDER_CONSTRUCTION', minInvestment: '100000' })).toEqual(['F-001']);
  });

  it('pages and sorts', async () => {
    const p1 = await list({ unitId: zone.id, sort: 'code', page: 1, pageSize: 3 });
    expect(p1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(p1.items.map((i) => i.code)).toEqual(['F-001', 'F-002', 'F-003']);
    const p2 = await list({ unitId: zone.id, sort: 'code', page: 2, pageSize: 3 });
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(p2.items.map((i) => i.code)).toEqual(['F-004']);
    const p3 = await list({ unitId: zone.id, sort: 'code', page: 3, pageSize: 3 });
    expect(p3.items).toEqual([]);
    expect(p3.total).toBe(4);

    expect((await list({ unitId: zone.id, sort: '-code' })).items.map((i) => i.code)).toEqual(['F-004', 'F-003', 'F-002', 'F-001']);
    expect((await list({ unitId: zone.id, sort: 'stageDate' })).items.map((i) => i.code)).toEqual(['F-004', 'F-001', 'F-003', 'F-002']);
    // Projects without an amount come last both ways.
    expect((await list({ unitId: zone.id, sort: 'totalInvestment' })).items.map((i) => i.code)).toEqual(['F-003', 'F-002', 'F-001', 'F-004']);
    expect((await list({ unitId: zone.id, sort: '-totalInvestment' })).items.map((i) => i.code)).toEqual(['F-001', 'F-002', 'F-003', 'F-004']);
  });

  it('defaults to page 1 of 20, newest change first', async () => {
    const res = await list({ unitId: zone.id });
    expect(res).toMatchObject({ page: 1, pageSize: 20, total: 4 });
    // F-004 was created last among the zone's projects.
    expect(res.items[0].code).toBe('F-004');
  });

  it('list items carry unit, investor, stage label and money as a string', async () => {
    const [item] = (await list({ q: '光伏制氢' })).items as unknown as Record<string, unknown>[];
    expect(item).toMatchObject({
      code: 'F-001',
      nameZh: '光伏制氢一体化项目',
      unit: { id: zone.id, nameZh: '和林格尔新区(测试)' },
      investor: { nameZh: '内蒙古绿能新材料有限公司' },
      family: 'INVESTMENT',
      stage: 'SIGNED',
      stageLabel: { zh: '签约' },
      stageDate: '2024-03-01',
      totalInvestment: '150000.00',
      version: 1,
    });
  });

  it('answers 422 for a unitId that does not exist and 400 for bad filter values', async () => {
    const missing = await t.http().get(api('/projects')).query({ unitId: '00000000-0000-4000-8000-000000000000' }).set('authorization', admin);
    expect(missing.status).toBe(422);
    for (const query of [{ stage: 'SIGNED,FOO' }, { family: 'PRIVATE' }, { page: '0' }, { pageSize: '1000' }, { sort: 'password' }, { minInvestment: '-5' }, { clusterId: 'x' }]) {
      const res = await t.http().get(api('/projects')).query(query).set('authorization', admin);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('PATCH with version', () => {
  it('updates fields, increments the version and refuses a stale version with 409', async () => {
    const created = await t.http().post(api('/projects')).set('authorization', staff).send({
      code: 'PATCH-1', nameZh: '原名', unitId: district.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-02-01', totalInvestment: '100.00',
    });
    const id = created.body.id;
    const ok = await t.http().patch(api(`/projects/${id}`)).set('authorization', staff).send({ version: 1, nameZh: '新名', totalInvestment: '200.50', jobsPlanned: 30 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, nameZh: '新名', totalInvestment: '200.50', jobsPlanned: 30, version: 2, code: 'PATCH-1', stage: 'SIGNED' });

    const before = await countRows(t.dataSource);
    const stale = await t.http().patch(api(`/projects/${id}`)).set('authorization', staff).send({ version: 1, nameZh: '覆盖' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(stale.body.details).toMatchObject({ currentVersion: 2 });
    expect(await countRows(t.dataSource)).toEqual(before);

    const got = await t.http().get(api(`/projects/${id}`)).set('authorization', staff);
    expect(got.body).toMatchObject({ nameZh: '新名', version: 2 });

    const again = await t.http().patch(api(`/projects/${id}`)).set('authorization', manager).send({ version: 2, location: '白塔' });
    expect(again.body).toMatchObject({ version: 3, location: '白塔', nameZh: '新名' });

    const audit = await t.dataSource.query(`SELECT before, after FROM audit_log WHERE entity = 'project' AND entity_id = $1 AND action = 'update' ORDER BY id`, [id]);
    expect(audit).toHaveLength(2);
    expect(audit[0].before).toMatchObject({ nameZh: '原名', version: 1 });
    expect(audit[0].after).toMatchObject({ nameZh: '新名', version: 2 });
  });

  it('two concurrent PATCHes on the same version: one 200, one 409', async () => {
    const p = await insertProject(t.dataSource, district, { nameZh: '并发' });
    const results = await Promise.all(
      ['甲方案', '乙方案'].map((nameZh) => t.http().patch(api(`/projects/${p.id}`)).set('authorization', staff).send({ version: 1, nameZh })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const got = await t.http().get(api(`/projects/${p.id}`)).set('authorization', staff);
    expect(got.body).toMatchObject({ nameZh: winner.body.nameZh, version: 2 });
  });

  it('replaces clusters and lists and clears them with empty arrays', async () => {
    const tax = await insertTaxonomy(t.dataSource, { active: false });
    const a = await insertCluster(t.dataSource, tax, { nameZh: '集群甲' });
    const b = await insertCluster(t.dataSource, tax, { nameZh: '集群乙' });
    const l = await insertProjectList(t.dataSource);
    const created = await t.http().post(api('/projects')).set('authorization', staff).send({
      code: 'PATCH-2', nameZh: '标签项目', unitId: district.id, family: 'GOVERNMENT', stage: 'RESERVE', stageDate: '2024-02-01', clusterIds: [a.id], listIds: [l.id],
    });
    const id = created.body.id;
    const swapped = await t.http().patch(api(`/projects/${id}`)).set('authorization', staff).send({ version: 1, clusterIds: [b.id] });
    expect(swapped.body.clusters.map((c: { id: string }) => c.id)).toEqual([b.id]);
    expect(swapped.body.lists.map((c: { id: string }) => c.id)).toEqual([l.id]);
    const cleared = await t.http().patch(api(`/projects/${id}`)).set('authorization', staff).send({ version: 2, clusterIds: [], listIds: [] });
    expect(cleared.body).toMatchObject({ clusters: [], lists: [], version: 3 });
  });

  it('PATCH cannot change the stage or the code (unknown fields are refused)', async () => {
    const p = await insertProject(t.dataSource, district);
    for (const body of [{ version: 1, stage: 'OPERATING' }, { version: 1, code: 'HIJACK' }, { version: 1, stageDate: '2024-01-01' }]) {
      const res = await t.http().patch(api(`/projects/${p.id}`)).set('authorization', admin).send(body);
      expect(res.status).toBe(400);
    }
    const got = await t.http().get(api(`/projects/${p.id}`)).set('authorization', admin);
    expect(got.body).toMatchObject({ stage: 'SIGNED', code: p.code, version: 1 });
  });
});

describe('stage transitions', () => {
  const move = (auth: string, id: string, body: Record<string, unknown>) =>
    t.http().post(api(`/projects/${id}/stage-transitions`)).set('authorization', auth).send(body);
  const history = async (id: string) => (await t.http().get(api(`/projects/${id}/history`)).set('authorization', admin)).body.items as Record<string, unknown>[];
  const stageOf = async (id: string) => (await t.http().get(api(`/projects/${id}`)).set('authorization', admin)).body;

  /** Expects a refusal that changed nothing: same project row, same history, same audit log. */
  async function expectRefused(res: { status: number; body: { code: string } }, status: number, code: string, id: string, before: unknown) {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect({ counts: await countRows(t.dataSource), project: await stageOf(id) }).toEqual(before);
  }
  const snapshot = async (id: string) => ({ counts: await countRows(t.dataSource), project: await stageOf(id) });

  it('moves forward one stage', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    const res = await move(staff, p.id, { toStage: 'LANDED', effectiveDate: '2024-04-02', note: '注册落地', version: 1 });
    expect(res.status).toBe(201);
    expect(res.body.project).toMatchObject({ stage: 'LANDED', stageDate: '2024-04-02', version: 2 });
    expect(res.body.transition).toMatchObject({ seq: 2, kind: 'FORWARD', fromStage: 'SIGNED', toStage: 'LANDED', effectiveDate: '2024-04-02', skippedStageDates: {}, note: '注册落地' });
    expect(await stageOf(p.id)).toMatchObject({ stage: 'LANDED', stageDate: '2024-04-02', version: 2 });
    const audit = await t.dataSource.query(`SELECT action, entity, before, after FROM audit_log WHERE entity_id = $1 OR entity_id = $2 ORDER BY id`, [p.id, res.body.transition.id]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'forward', entity: 'project', before: expect.objectContaining({ stage: 'SIGNED' }), after: expect.objectContaining({ stage: 'LANDED' }) }),
      expect.objectContaining({ action: 'create', entity: 'stage_transition', after: expect.objectContaining({ toStage: 'LANDED' }) }),
    ]);
  });

  it('skips stages: skipped stages take the effective date unless given', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    const res = await move(staff, p.id, { toStage: 'UNDER_CONSTRUCTION', effectiveDate: '2024-06-01', version: 1 });
    expect(res.status).toBe(201);
    const q = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    const given = await move(staff, q.id, { toStage: 'UNDER_CONSTRUCTION', effectiveDate: '2024-06-01', version: 1, skippedStageDates: { LANDED: '2024-04-10' } });
    expect(given.status).toBe(201);

    expect(await history(p.id)).toEqual([
      expect.objectContaining({ seq: 1, kind: 'INITIAL', toStage: 'SIGNED', effectiveDate: '2024-03-01' }),
      expect.objectContaining({
        seq: 2, kind: 'FORWARD', fromStage: 'SIGNED', toStage: 'UNDER_CONSTRUCTION', effectiveDate: '2024-06-01',
        skippedStageDates: { LANDED: '2024-06-01', PRE_CONSTRUCTION: '2024-06-01' },
      }),
    ]);
    expect((await history(q.id))[1]).toMatchObject({ skippedStageDates: { LANDED: '2024-04-10', PRE_CONSTRUCTION: '2024-06-01' } });
  });

  it('refuses bad skipped-stage dates and writes nothing', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    const before = await snapshot(p.id);
    const base = { toStage: 'UNDER_CONSTRUCTION', effectiveDate: '2024-06-01', version: 1 };
    await expectRefused(await move(staff, p.id, { ...base, skippedStageDates: { COMMISSIONING: '2024-05-01' } }), 422, 'INVALID_STAGE_TRANSITION', p.id, before);
    await expectRefused(await move(staff, p.id, { ...base, skippedStageDates: { LANDED: '2024-02-01' } }), 400, 'INVALID_DATE', p.id, before);
    await expectRefused(await move(staff, p.id, { ...base, skippedStageDates: { LANDED: '2024-07-01' } }), 400, 'INVALID_DATE', p.id, before);
    await expectRefused(await move(staff, p.id, { ...base, skippedStageDates: { LANDED: '2024-05-01', PRE_CONSTRUCTION: '2024-04-01' } }), 400, 'INVALID_DATE', p.id, before);
    await expectRefused(await move(staff, p.id, { ...base, skippedStageDates: { LANDED: 'soon' } }), 400, 'INVALID_DATE', p.id, before);
  });

  it('a backward move by staff is refused with 403 CORRECTION_NOT_ALLOWED', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'LANDED', stageDate: '2024-03-01' });
    const before = await snapshot(p.id);
    await expectRefused(await move(staff, p.id, { toStage: 'SIGNED', effectiveDate: '2024-03-05', note: '录错了', version: 1 }), 403, 'CORRECTION_NOT_ALLOWED', p.id, before);
  });

  it('a backward move by a manager needs a reason and is kept in history', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    expect((await move(staff, p.id, { toStage: 'PRE_CONSTRUCTION', effectiveDate: '2024-04-01', version: 1 })).status).toBe(201);
    const before = await snapshot(p.id);
    await expectRefused(await move(manager, p.id, { toStage: 'LANDED', effectiveDate: '2024-04-02', version: 2 }), 422, 'REASON_REQUIRED', p.id, before);
    await expectRefused(await move(manager, p.id, { toStage: 'LANDED', effectiveDate: '2024-04-02', version: 2, note: '   ' }), 422, 'REASON_REQUIRED', p.id, before);

    const ok = await move(manager, p.id, { toStage: 'LANDED', effectiveDate: '2024-04-02', version: 2, note: '前期手续尚未启动，更正' });
    expect(ok.status).toBe(201);
    expect(ok.body.transition).toMatchObject({ kind: 'CORRECTION', fromStage: 'PRE_CONSTRUCTION', toStage: 'LANDED', note: '前期手续尚未启动，更正' });
    expect((await history(p.id)).map((h) => [h.seq, h.kind, h.toStage])).toEqual([
      [1, 'INITIAL', 'SIGNED'],
      [2, 'FORWARD', 'PRE_CONSTRUCTION'],
      [3, 'CORRECTION', 'LANDED'],
    ]);
    expect(await stageOf(p.id)).toMatchObject({ stage: 'LANDED', version: 3 });
    // An admin may correct too.
    expect((await move(admin, p.id, { toStage: 'SIGNED', effectiveDate: '2024-04-03', version: 3, note: '协议未生效' })).status).toBe(201);
  });

  it('ON_HOLD only from SIGNED..COMMISSIONING and with a reason; resume into the held stage or later', async () => {
    const early = await insertProject(t.dataSource, district, { stage: 'NEGOTIATING', stageDate: '2024-03-01' });
    let before = await snapshot(early.id);
    await expectRefused(await move(manager, early.id, { toStage: 'ON_HOLD', effectiveDate: '2024-04-01', version: 1, note: '资金' }), 422, 'INVALID_STAGE_TRANSITION', early.id, before);
    const late = await insertProject(t.dataSource, district, { stage: 'OPERATING', stageDate: '2024-03-01' });
    before = await snapshot(late.id);
    await expectRefused(await move(manager, late.id, { toStage: 'ON_HOLD', effectiveDate: '2024-04-01', version: 1, note: '资金' }), 422, 'INVALID_STAGE_TRANSITION', late.id, before);

    const p = await insertProject(t.dataSource, district, { stage: 'LANDED', stageDate: '2024-03-01' });
    before = await snapshot(p.id);
    await expectRefused(await move(staff, p.id, { toStage: 'ON_HOLD', effectiveDate: '2024-04-01', version: 1 }), 422, 'REASON_REQUIRED', p.id, before);

    const hold = await move(staff, p.id, { toStage: 'ON_HOLD', effectiveDate: '2024-04-01', version: 1, note: '资金不到位，停缓建' });
    expect(hold.status).toBe(201);
    expect(hold.body.transition).toMatchObject({ kind: 'HOLD', fromStage: 'LANDED', toStage: 'ON_HOLD' });
    expect(await stageOf(p.id)).toMatchObject({ stage: 'ON_HOLD', heldFromStage: 'LANDED', stageDate: '2024-04-01' });

    // Resuming into a stage before the held one is a correction.
    before = await snapshot(p.id);
    await expectRefused(await move(staff, p.id, { toStage: 'SIGNED', effectiveDate: '2024-05-01', version: 2, note: '复工' }), 403, 'CORRECTION_NOT_ALLOWED', p.id, before);
    // Not before the hold began.
    await expectRefused(await move(staff, p.id, { toStage: 'LANDED', effectiveDate: '2024-03-20', version: 2 }), 422, 'EFFECTIVE_DATE_BEFORE_CURRENT_STAGE', p.id, before);

    const resume = await move(staff, p.id, { toStage: 'UNDER_CONSTRUCTION', effectiveDate: '2024-05-01', version: 2, note: '复工' });
    expect(resume.status).toBe(201);
    expect(resume.body.transition).toMatchObject({ kind: 'RESUME', fromStage: 'ON_HOLD', toStage: 'UNDER_CONSTRUCTION', skippedStageDates: { PRE_CONSTRUCTION: '2024-05-01' } });
    expect(await stageOf(p.id)).toMatchObject({ stage: 'UNDER_CONSTRUCTION', heldFromStage: null, version: 3 });
  });

  it('resumes into the held stage itself', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'COMMISSIONING', stageDate: '2024-03-01' });
    expect((await move(staff, p.id, { toStage: 'ON_HOLD', effectiveDate: '2024-03-02', version: 1, note: '限电' })).status).toBe(201);
    const res = await move(staff, p.id, { toStage: 'COMMISSIONING', effectiveDate: '2024-03-03', version: 2 });
    expect(res.status).toBe(201);
    expect(res.body.transition).toMatchObject({ kind: 'RESUME', skippedStageDates: {} });
  });

  it('CANCELLED needs a reason; only a manager or admin reopens, and a cancelled project cannot be held', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'NEGOTIATING', stageDate: '2024-03-01' });
    let before = await snapshot(p.id);
    await expectRefused(await move(staff, p.id, { toStage: 'CANCELLED', effectiveDate: '2024-04-01', version: 1 }), 422, 'REASON_REQUIRED', p.id, before);
    const cancel = await move(staff, p.id, { toStage: 'CANCELLED', effectiveDate: '2024-04-01', version: 1, note: '企业撤资' });
    expect(cancel.status).toBe(201);
    expect(cancel.body.transition).toMatchObject({ kind: 'CANCEL', fromStage: 'NEGOTIATING', toStage: 'CANCELLED', note: '企业撤资' });

    before = await snapshot(p.id);
    await expectRefused(await move(staff, p.id, { toStage: 'SIGNED', effectiveDate: '2024-05-01', version: 2, note: '重新洽谈成功' }), 403, 'CORRECTION_NOT_ALLOWED', p.id, before);
    await expectRefused(await move(manager, p.id, { toStage: 'ON_HOLD', effectiveDate: '2024-05-01', version: 2, note: '暂停' }), 422, 'INVALID_STAGE_TRANSITION', p.id, before);
    await expectRefused(await move(manager, p.id, { toStage: 'CANCELLED', effectiveDate: '2024-05-01', version: 2, note: '再次终止' }), 422, 'SAME_STAGE', p.id, before);

    const reopen = await move(manager, p.id, { toStage: 'NEGOTIATING', effectiveDate: '2024-05-01', version: 2, note: '企业恢复洽谈' });
    expect(reopen.status).toBe(201);
    expect(reopen.body.transition).toMatchObject({ kind: 'CORRECTION', fromStage: 'CANCELLED', toStage: 'NEGOTIATING' });
  });

  it('refuses the same stage, a future date and a date before the current stage began, with 422 codes', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    const before = await snapshot(p.id);
    await expectRefused(await move(staff, p.id, { toStage: 'SIGNED', effectiveDate: '2024-04-01', version: 1 }), 422, 'SAME_STAGE', p.id, before);
    const tomorrow = addDays(shanghaiToday(), 1);
    const future = await move(staff, p.id, { toStage: 'LANDED', effectiveDate: tomorrow, version: 1 });
    await expectRefused(future, 422, 'EFFECTIVE_DATE_IN_FUTURE', p.id, before);
    await expectRefused(await move(staff, p.id, { toStage: 'LANDED', effectiveDate: '2024-02-29', version: 1 }), 422, 'EFFECTIVE_DATE_BEFORE_CURRENT_STAGE', p.id, before);

    // The boundaries themselves are allowed: the day the stage began, and today in Asia/Shanghai.
    expect((await move(staff, p.id, { toStage: 'LANDED', effectiveDate: '2024-03-01', version: 1 })).status).toBe(201);
    const today = await move(staff, p.id, { toStage: 'PRE_CONSTRUCTION', effectiveDate: shanghaiToday(), version: 2 });
    expect(today.status).toBe(201);
  });

  it('refuses a stale version with 409 and writes nothing', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    expect((await t.http().patch(api(`/projects/${p.id}`)).set('authorization', staff).send({ version: 1, location: '园区' })).status).toBe(200);
    const before = await snapshot(p.id);
    await expectRefused(await move(staff, p.id, { toStage: 'LANDED', effectiveDate: '2024-04-01', version: 1 }), 409, 'STALE_VERSION', p.id, before);
  });

  it('two concurrent moves on the same version: exactly one wins, the other answers 409', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    const [a, b] = await Promise.all([
      move(staff, p.id, { toStage: 'LANDED', effectiveDate: '2024-04-01', version: 1 }),
      move(manager, p.id, { toStage: 'PRE_CONSTRUCTION', effectiveDate: '2024-04-02', version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const items = await history(p.id);
    expect(items.map((h) => h.seq)).toEqual([1, 2]);
    const winner = a.status === 201 ? a : b;
    expect(await stageOf(p.id)).toMatchObject({ stage: winner.body.project.stage, version: 2 });
  });

  it('stage history is append-only in the database', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    expect((await move(staff, p.id, { toStage: 'LANDED', effectiveDate: '2024-04-01', version: 1 })).status).toBe(201);
    const update = await sqlError(t.db.url, `UPDATE stage_transition SET to_stage = 'OPERATING' WHERE project_id = $1`, [p.id]);
    expect(update?.message).toMatch(/stage_transition is append-only/);
    const del = await sqlError(t.db.url, `DELETE FROM stage_transition WHERE project_id = $1`, [p.id]);
    expect(del?.message).toMatch(/stage_transition is append-only/);
    const audit = await sqlError(t.db.url, `UPDATE audit_log SET action = 'x' WHERE entity_id = $1`, [p.id]);
    expect(audit?.message).toMatch(/audit_log is append-only/);
    expect((await history(p.id)).map((h) => [h.seq, h.toStage])).toEqual([
      [1, 'SIGNED'],
      [2, 'LANDED'],
    ]);
  });
});
