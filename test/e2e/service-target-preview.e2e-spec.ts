/**
 * POST /service-targets/preview: how many live projects a proposed rule would apply to, by its stages and its
 * filter, without saving anything. The filter counts are checked against the domain's own `ruleApplies` over
 * the facts the deadline engine loads (DeadlineRepository.loadFacts), so the SQL cannot drift from the engine.
 */
import { ruleApplies, type ServiceTargetRule } from '#domain';
import { DeadlineRepository, type ProjectEntity, type UnitEntity } from '#persistence';
import { insertProject, type ProjectOverrides } from '../factories/project.factory.js';
import { insertProjectList } from '../factories/reference.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { insertRules, serviceTarget } from '../utils/deadline-fixtures.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { countRows } from './support.js';

const api = (path: string) => `/api/v1${path}`;

let t: TestApp;
const U: Record<string, UnitEntity> = {};
const P: Record<string, ProjectEntity> = {};
const tok: Record<string, string> = {};
let listId: string;
let storedId: string;

const base = {
  code: 'PREVIEW_RULE',
  name: '预览规则',
  kind: 'SERVICE_TARGET',
  fromStage: 'SIGNED',
  toStage: 'LANDED',
  duration: { value: 90, unit: 'calendar_days' },
  warn: { percent: 80 },
  escalateAfterDays: 30,
  filter: {},
  active: true,
};
/** A stale-update rule with no stages: relevant to every live project, so only its filter decides. */
const everyLive = { ...base, kind: 'STALE_UPDATE', fromStage: undefined, toStage: undefined, duration: { value: 5, unit: 'working_days' } };

async function project(name: string, unit: UnitEntity, o: ProjectOverrides, sql?: string) {
  P[name] = await insertProject(t.dataSource, unit, { code: `PV-${name}`, ...o });
  if (sql) await t.dataSource.query(`UPDATE project SET ${sql} WHERE id = $1`, [P[name].id]);
}

beforeAll(async () => {
  t = await createTestApp();
  U.city = await insertUnit(t.dataSource, { nameZh: '预览市' });
  U.D1 = await insertUnit(t.dataSource, { parent: U.city, nameZh: '预览一区' });
  U.T1 = await insertUnit(t.dataSource, { parent: U.D1, nameZh: '预览镇', kind: 'TOWN' });
  U.D2 = await insertUnit(t.dataSource, { parent: U.city, nameZh: '预览二区' });
  for (const [name, role] of [['admin', 'admin'], ['director', 'director'], ['manager', 'manager']] as const) {
    await insertUser(t.dataSource, U.city, role, { username: `pv-${name}` });
    tok[name] = await t.login(`pv-${name}`);
  }
  listId = (await insertProjectList(t.dataSource, { nameZh: '市重点项目' })).id;

  await project('q1', U.D1, { stage: 'SIGNED', totalInvestment: '200000.00' }, `project_type = '工业'`);
  await project('q2', U.T1, { stage: 'SIGNED', totalInvestment: '50000.00' });
  await project('q3', U.D2, { stage: 'LANDED', totalInvestment: '150000.00' });
  await project('q4', U.D2, { stage: 'SIGNED', totalInvestment: '300000.00', family: 'GOVERNMENT' });
  await project('q5', U.D1, { stage: 'UNDER_CONSTRUCTION', totalInvestment: null });
  await project('q6', U.D2, { stage: 'SIGNED', totalInvestment: '120000.00' }, `stage = 'ON_HOLD', held_from_stage = 'SIGNED'`);
  await project('q7', U.D1, { stage: 'SIGNED', totalInvestment: '500000.00' }, `stage = 'CANCELLED'`);
  await project('q8', U.D1, { stage: 'AT_CAPACITY', totalInvestment: '900000.00' });
  await project('q9', U.D2, { stage: 'RESERVE', totalInvestment: '10.00', family: 'GOVERNMENT' });
  await project('q10', U.D1, { stage: 'PRE_CONSTRUCTION', totalInvestment: '80000.00' });
  await t.dataSource.query(`INSERT INTO project_list_membership (project_id, list_id) VALUES ($1, $2)`, [P.q1.id, listId]);
  await t.dataSource.query(`INSERT INTO project_plan_date (project_id, stage, expected_date) VALUES ($1, 'OPERATING', '2027-06-30'), ($2, 'LANDED', '2024-01-01')`, [
    P.q10.id,
    P.q3.id, // LANDED reached already: no plan clock left
  ]);
  ({ STORED_BIG: storedId } = await insertRules(t.dataSource, [serviceTarget('STORED_BIG', 'SIGNED', 'LANDED', 120, { filter: { minInvestment: '100000' } })]));
});
afterAll(async () => t?.close());

const preview = async (body: unknown, token = tok.admin) => t.http().post(api('/service-targets/preview')).set('authorization', token).send(body as object);
const counts = async (body: unknown) => {
  const res = await preview(body);
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.any(Object) });
  return res.body as { affected: number; currentlyAffected: number | null; live: number };
};

describe('POST /service-targets/preview', () => {
  it('counts live projects (not cancelled, not at the final stage) the rule covers by stage: a service target while between its stages', async () => {
    // SIGNED→LANDED: q1, q2, q4 and q6 (on hold from SIGNED); q3 has landed, q7 is cancelled, q9 not signed yet.
    expect(await counts(base)).toEqual({ affected: 4, currentlyAffected: null, live: 8 });
    expect((await counts({ ...base, fromStage: 'LANDED', toStage: 'OPERATING' })).affected).toBe(3); // q3, q5, q10
  });

  it('applies the filter: two variants of the same rule', async () => {
    expect((await counts({ ...base, filter: { minInvestment: '100000', family: 'INVESTMENT' } })).affected).toBe(2); // q1, q6
    expect((await counts({ ...base, filter: { unitIds: [U.D1.id] } })).affected).toBe(2); // q1, q2 (its town)
    expect((await counts({ ...base, filter: { listIds: [listId] } })).affected).toBe(1);
    expect((await counts({ ...base, filter: { projectTypes: ['工业', '服务业'] } })).affected).toBe(1);
    expect((await counts({ ...base, filter: { projectTypes: [], unitIds: [], listIds: [] } })).affected).toBe(4); // empty lists mean any
    expect((await counts({ ...base, active: false })).affected).toBe(0);
  });

  it('reads the other kinds’ stages: hold review while on hold, stale update between its stages, plan date while the plan is ahead', async () => {
    const { fromStage: _f, toStage: _t, ...noStages } = base;
    expect((await counts({ ...noStages, kind: 'HOLD_REVIEW', duration: { value: 180, unit: 'calendar_days' } })).affected).toBe(1); // q6
    const stale = { ...base, kind: 'STALE_UPDATE', duration: { value: 5, unit: 'working_days' } };
    expect((await counts({ ...stale, fromStage: 'SIGNED', toStage: 'OPERATING' })).affected).toBe(7); // all live but q9 (RESERVE)
    expect((await counts({ ...noStages, kind: 'PLAN_DATE', toStage: 'OPERATING', duration: { value: 0, unit: 'calendar_days' } })).affected).toBe(1); // q10
    expect((await counts({ ...noStages, kind: 'PLAN_DATE', duration: { value: 0, unit: 'calendar_days' } })).affected).toBe(1); // q3's plan is behind it
  });

  it('counts the filter exactly as the engine’s ruleApplies does', async () => {
    const ids = Object.values(P).map((p) => p.id);
    const facts = await new DeadlineRepository(t.dataSource).loadFacts(ids);
    const liveIds = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q9', 'q10'].map((n) => P[n].id); // not q7 (cancelled) nor q8 (at capacity)
    for (const filter of [
      {},
      { minInvestment: '100000' },
      { minInvestment: '120000.00', family: 'INVESTMENT' },
      { family: 'GOVERNMENT' },
      { unitIds: [U.D1.id] },
      { unitIds: [U.T1.id, U.D2.id] },
      { unitIds: [U.city.id], minInvestment: '0' },
      { unitIds: ['not-a-uuid'] },
      { listIds: [listId], projectTypes: ['工业'] },
      { projectTypes: ['工业'], family: 'GOVERNMENT' },
    ]) {
      const rule = { ...everyLive, filter, id: 'x', version: 1 } as unknown as ServiceTargetRule;
      const expected = liveIds.filter((id) => ruleApplies(rule, facts.get(id)!.facts)).length;
      expect({ filter, affected: (await counts({ ...everyLive, filter })).affected }).toEqual({ filter, affected: expected });
    }
  });

  it('with id: merges the fields onto the stored rule and counts the stored rule as it is', async () => {
    // Stored: SIGNED→LANDED for ≥ 10 亿元 → q1, q4, q6.
    expect(await counts({ id: storedId })).toEqual({ affected: 3, currentlyAffected: 3, live: 8 });
    expect(await counts({ id: storedId, filter: {} })).toEqual({ affected: 4, currentlyAffected: 3, live: 8 });
    expect(await counts({ id: storedId, version: 1, toStage: 'UNDER_CONSTRUCTION' })).toEqual({ affected: 4, currentlyAffected: 3, live: 8 }); // + q3
    expect(await counts({ id: storedId, active: false })).toEqual({ affected: 0, currentlyAffected: 3, live: 8 });
  });

  it('saves nothing', async () => {
    const tables = ['service_target_rule', 'service_target_rule_version', 'audit_log', 'reevaluation_run', 'deadline'];
    const before = await countRows(t.dataSource, tables);
    await counts(base);
    await counts({ id: storedId, filter: {} });
    expect(await countRows(t.dataSource, tables)).toEqual(before);
  });

  it('refuses an invalid rule with 400 like create, an unknown id with 404, and everyone but admins with 403', async () => {
    const bad: [unknown, string][] = [
      [{ ...base, toStage: undefined }, 'toStage'],
      [{ ...base, toStage: 'RESERVE' }, 'toStage'],
      [{ ...base, filter: { minInvestment: '10亿' } }, 'filter.minInvestment'],
      [{ ...base, filter: { colour: 'red' } }, 'filter.colour'],
      [{ ...base, extra: 1 }, 'extra'],
      [{ id: storedId, code: 'OTHER' }, 'code'],
      [{ id: 'nope' }, 'id'],
      [{ id: 42 }, 'id'],
    ];
    for (const [body, field] of bad) {
      const res = await preview(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const arr = await t.http().post(api('/service-targets/preview')).set('authorization', tok.admin).send([base]);
    expect(arr.status).toBe(400);
    const unknown = await preview({ id: '3f1b2c4d-0000-4000-8000-00000000abcd' });
    expect(unknown.status).toBe(404);
    for (const who of ['director', 'manager']) expect((await preview(base, tok[who])).status).toBe(403);
    expect((await t.http().post(api('/service-targets/preview')).send(base)).status).toBe(401);
  });
});
