/**
 * Unit scoping per role (DESIGN §1): a city with two districts A and B (A has a town under it).
 * Staff and managers see and change only their unit's subtree; a project outside it answers 404 on
 * every route. Viewers read their subtree and may not write; directors read everything and may not
 * write; admins do everything. Audit is for admin and director only.
 */
import type { ProjectEntity, UnitEntity } from '#persistence';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { countRows } from './support.js';

let t: TestApp;
let city: UnitEntity;
let unitA: UnitEntity;
let townA: UnitEntity;
let unitB: UnitEntity;
let pA: ProjectEntity;
let pTown: ProjectEntity;
let pB: ProjectEntity;
let issueB: string;
let milestoneA: string;
const tokens: Record<string, string> = {};

const api = (path: string) => `/api/v1${path}`;
const RECORD_KINDS = ['milestones', 'money-records', 'progress-reports', 'issues'] as const;
const RECORD_BODIES: Record<(typeof RECORD_KINDS)[number], Record<string, unknown>> = {
  milestones: { code: 'TOPPED_OUT', nameZh: '主体封顶', effectiveDate: '2024-05-01' },
  'money-records': { kind: 'ARRIVED', period: '2024-05', amount: '100.00' },
  'progress-reports': { period: '2024-05', summary: '主体施工中' },
  issues: { category: 'LAND', title: '用地指标未落实' },
};
const TABLES = ['project', 'stage_transition', 'audit_log', 'milestone_event', 'money_record', 'progress_report', 'project_issue'];

beforeAll(async () => {
  t = await createTestApp();
  city = await insertUnit(t.dataSource, { nameZh: '测试市' });
  unitA = await insertUnit(t.dataSource, { parent: city, nameZh: '甲区' });
  townA = await insertUnit(t.dataSource, { parent: unitA, nameZh: '甲区一镇', kind: 'TOWN' });
  unitB = await insertUnit(t.dataSource, { parent: city, nameZh: '乙区' });
  const users: [string, UnitEntity, 'staff' | 'manager' | 'viewer' | 'director' | 'admin'][] = [
    ['staffA', unitA, 'staff'],
    ['managerA', unitA, 'manager'],
    ['viewerA', unitA, 'viewer'],
    ['viewerCity', city, 'viewer'],
    ['staffB', unitB, 'staff'],
    ['director', unitA, 'director'],
    ['admin', unitB, 'admin'],
  ];
  for (const [name, unit, role] of users) await insertUser(t.dataSource, unit, role, { username: `s-${name.toLowerCase()}` });
  for (const [name] of users) tokens[name] = await t.login(`s-${name.toLowerCase()}`);

  pA = await insertProject(t.dataSource, unitA, { code: 'A-1', nameZh: '甲区光伏项目', stage: 'UNDER_CONSTRUCTION', stageDate: '2024-03-01' });
  pTown = await insertProject(t.dataSource, townA, { code: 'A-2', nameZh: '甲区镇里乳业项目', stage: 'SIGNED' });
  pB = await insertProject(t.dataSource, unitB, { code: 'B-1', nameZh: '乙区光伏项目', stage: 'UNDER_CONSTRUCTION', stageDate: '2024-03-01' });
  const issue = await t.http().post(api(`/projects/${pB.id}/issues`)).set('authorization', tokens.admin).send(RECORD_BODIES.issues);
  if (issue.status !== 201) throw new Error(`fixture issue: ${issue.status} ${JSON.stringify(issue.body)}`);
  issueB = issue.body.id;
  const milestone = await t.http().post(api(`/projects/${pA.id}/milestones`)).set('authorization', tokens.admin).send(RECORD_BODIES.milestones);
  if (milestone.status !== 201) throw new Error(`fixture milestone: ${milestone.status} ${JSON.stringify(milestone.body)}`);
  milestoneA = milestone.body.id;
}, 60_000);
afterAll(async () => t?.close());

const listCodes = async (who: string, query: Record<string, string> = {}) => {
  const res = await t.http().get(api('/projects')).query(query).set('authorization', tokens[who]);
  expect(res.status).toBe(200);
  return { codes: res.body.items.map((i: { code: string }) => i.code).sort(), total: res.body.total };
};

describe('lists', () => {
  it.each([
    ['staffA', ['A-1', 'A-2']],
    ['managerA', ['A-1', 'A-2']],
    ['viewerA', ['A-1', 'A-2']],
    ['staffB', ['B-1']],
    ['viewerCity', ['A-1', 'A-2', 'B-1']],
    ['director', ['A-1', 'A-2', 'B-1']],
    ['admin', ['A-1', 'A-2', 'B-1']],
  ])('%s lists %j', async (who, expected) => {
    expect(await listCodes(who)).toEqual({ codes: expected, total: expected.length });
  });

  it('filters cannot widen the scope: unitId of B, or q naming a B project, give staff of A nothing', async () => {
    expect(await listCodes('staffA', { unitId: unitB.id })).toEqual({ codes: [], total: 0 });
    expect(await listCodes('staffA', { unitId: city.id })).toEqual({ codes: ['A-1', 'A-2'], total: 2 });
    expect(await listCodes('staffA', { q: '乙区' })).toEqual({ codes: [], total: 0 });
    expect(await listCodes('staffA', { q: '光伏' })).toEqual({ codes: ['A-1'], total: 1 });
  });
});

describe.each(['staffA', 'managerA', 'viewerA'])('%s and a project of district B', (who) => {
  const expect404 = (res: { status: number; body: { code: string } }) => expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });

  it('reads a project of its own subtree (a town under A)', async () => {
    const res = await t.http().get(api(`/projects/${pTown.id}`)).set('authorization', tokens[who]);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('A-2');
  });

  it('gets 404 on GET, history and every record list', async () => {
    const auth = tokens[who];
    expect404(await t.http().get(api(`/projects/${pB.id}`)).set('authorization', auth));
    expect404(await t.http().get(api(`/projects/${pB.id}/history`)).set('authorization', auth));
    for (const kind of RECORD_KINDS) expect404(await t.http().get(api(`/projects/${pB.id}/${kind}`)).set('authorization', auth));
  });

  if (who !== 'viewerA') {
    it('gets 404 on PATCH, stage transitions and every record write, and nothing changes', async () => {
      const auth = tokens[who];
      const before = await countRows(t.dataSource, TABLES);
      expect404(await t.http().patch(api(`/projects/${pB.id}`)).set('authorization', auth).send({ version: 1, nameZh: '改名' }));
      expect404(await t.http().post(api(`/projects/${pB.id}/stage-transitions`)).set('authorization', auth)
        .send({ toStage: 'CONSTRUCTION_COMPLETE', effectiveDate: '2024-06-01', version: 1 }));
      for (const kind of RECORD_KINDS) {
        expect404(await t.http().post(api(`/projects/${pB.id}/${kind}`)).set('authorization', auth).send(RECORD_BODIES[kind]));
      }
      expect404(await t.http().patch(api(`/projects/${pB.id}/issues/${issueB}`)).set('authorization', auth).send({ version: 1, status: 'ESCALATED' }));
      // B's issue through a project A may see: still 404.
      expect404(await t.http().patch(api(`/projects/${pA.id}/issues/${issueB}`)).set('authorization', auth).send({ version: 1, status: 'ESCALATED' }));
      expect(await countRows(t.dataSource, TABLES)).toEqual(before);
      const row = await t.dataSource.query('SELECT name_zh, stage, version FROM project WHERE id = $1', [pB.id]);
      expect(row).toEqual([{ name_zh: '乙区光伏项目', stage: 'UNDER_CONSTRUCTION', version: 1 }]);
      const issue = await t.dataSource.query('SELECT status, version FROM project_issue WHERE id = $1', [issueB]);
      expect(issue).toEqual([{ status: 'OPEN', version: 1 }]);
    });
  }
});

describe('creating and moving projects across units', () => {
  it('staff of A cannot create a project in B (403 OUT_OF_SCOPE) but can in its own subtree', async () => {
    const before = await countRows(t.dataSource, TABLES);
    const res = await t.http().post(api('/projects')).set('authorization', tokens.staffA).send({
      code: 'A-INTO-B', nameZh: '越界项目', unitId: unitB.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-03-01',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
    const city_ = await t.http().post(api('/projects')).set('authorization', tokens.staffA).send({
      code: 'A-INTO-CITY', nameZh: '越级项目', unitId: city.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-03-01',
    });
    expect(city_.status).toBe(403);
    expect(city_.body.code).toBe('OUT_OF_SCOPE');

    const ok = await t.http().post(api('/projects')).set('authorization', tokens.staffA).send({
      code: 'A-TOWN-NEW', nameZh: '镇里新项目', unitId: townA.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-03-01',
    });
    expect(ok.status).toBe(201);
  });

  it('a manager of A cannot move a project of A into B (403 OUT_OF_SCOPE)', async () => {
    const p = await insertProject(t.dataSource, unitA, { code: 'A-MOVE' });
    const res = await t.http().patch(api(`/projects/${p.id}`)).set('authorization', tokens.managerA).send({ version: 1, unitId: unitB.id });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
    expect(await t.dataSource.query('SELECT unit_id, unit_path, version FROM project WHERE id = $1', [p.id])).toEqual([
      { unit_id: unitA.id, unit_path: unitA.path, version: 1 },
    ]);
  });

  it('an admin moves a project to another unit and it leaves the old scope', async () => {
    const p = await insertProject(t.dataSource, unitA, { code: 'A-TO-B' });
    const res = await t.http().patch(api(`/projects/${p.id}`)).set('authorization', tokens.admin).send({ version: 1, unitId: unitB.id });
    expect(res.status).toBe(200);
    expect((await t.http().get(api(`/projects/${p.id}`)).set('authorization', tokens.staffA)).status).toBe(404);
    expect((await t.http().get(api(`/projects/${p.id}`)).set('authorization', tokens.staffB)).status).toBe(200);
  });
});

describe.each(['viewerA', 'director'])('%s is read-only', (who) => {
  it('reads projects, history and records', async () => {
    const auth = tokens[who];
    expect((await t.http().get(api(`/projects/${pA.id}`)).set('authorization', auth)).status).toBe(200);
    expect((await t.http().get(api(`/projects/${pA.id}/history`)).set('authorization', auth)).status).toBe(200);
    const ms = await t.http().get(api(`/projects/${pA.id}/milestones`)).set('authorization', auth);
    expect(ms.status).toBe(200);
    expect(ms.body.items.map((m: { id: string }) => m.id)).toEqual([milestoneA]);
  });

  it('every write answers 403 and changes nothing', async () => {
    const auth = tokens[who];
    const before = await countRows(t.dataSource, TABLES);
    const writes = [
      t.http().post(api('/projects')).set('authorization', auth).send({ code: `RO-${who}`, nameZh: '只读', unitId: unitA.id, family: 'INVESTMENT', stage: 'SIGNED', stageDate: '2024-03-01' }),
      t.http().patch(api(`/projects/${pA.id}`)).set('authorization', auth).send({ version: 1, nameZh: '改名' }),
      t.http().post(api(`/projects/${pA.id}/stage-transitions`)).set('authorization', auth).send({ toStage: 'CONSTRUCTION_COMPLETE', effectiveDate: '2024-06-01', version: 1 }),
      ...RECORD_KINDS.map((kind) => t.http().post(api(`/projects/${pA.id}/${kind}`)).set('authorization', auth).send(RECORD_BODIES[kind])),
      t.http().patch(api(`/projects/${pA.id}/milestones/${milestoneA}`)).set('authorization', auth).send({ version: 1, nameZh: '改名' }),
    ];
    for (const res of await Promise.all(writes)) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });
});

describe('director and admin', () => {
  it('director reads a project of B although its own unit is A', async () => {
    const res = await t.http().get(api(`/projects/${pB.id}`)).set('authorization', tokens.director);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('B-1');
  });

  it('admin writes anywhere: PATCH, transition and records on a project of B', async () => {
    const p = await insertProject(t.dataSource, unitB, { code: 'B-ADMIN', stage: 'SIGNED', stageDate: '2024-03-01' });
    const auth = tokens.admin;
    expect((await t.http().patch(api(`/projects/${p.id}`)).set('authorization', auth).send({ version: 1, location: '乙区园区' })).status).toBe(200);
    expect((await t.http().post(api(`/projects/${p.id}/stage-transitions`)).set('authorization', auth).send({ toStage: 'LANDED', effectiveDate: '2024-04-01', version: 2 })).status).toBe(201);
    for (const kind of RECORD_KINDS) {
      expect((await t.http().post(api(`/projects/${p.id}/${kind}`)).set('authorization', auth).send(RECORD_BODIES[kind])).status).toBe(201);
    }
  });

  it('staff of B changes its own project', async () => {
    const p = await insertProject(t.dataSource, unitB, { code: 'B-STAFF' });
    const res = await t.http().patch(api(`/projects/${p.id}`)).set('authorization', tokens.staffB).send({ version: 1, location: '乙区' });
    expect(res.status).toBe(200);
  });
});

describe('audit', () => {
  it.each([
    ['admin', 200],
    ['director', 200],
    ['staffA', 403],
    ['managerA', 403],
    ['viewerA', 403],
    ['viewerCity', 403],
  ])('%s → %i', async (who, status) => {
    const res = await t.http().get(api('/audit')).query({ entity: 'project_issue', entityId: issueB }).set('authorization', tokens[who]);
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(res.body.total).toBe(1);
      expect(res.body.items[0]).toMatchObject({ action: 'create', entity: 'project_issue', entityId: issueB });
    } else {
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.body.items).toBeUndefined();
    }
  });
});
