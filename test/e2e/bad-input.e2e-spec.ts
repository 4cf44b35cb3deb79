/**
 * Every bad input from the Foundation issue answers clearly (never a 500) and leaves nothing
 * half-written: the rows of project, stage_transition and audit_log (and the rest) are counted before
 * and after each refused request.
 */
import type { ProjectEntity, UnitEntity } from '#persistence';
import { buildProjectBody, insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, countRows, shanghaiToday } from './support.js';

let t: TestApp;
let city: UnitEntity;
let district: UnitEntity;
let auth: string;
let adminAuth: string;

const api = (path: string) => `/api/v1${path}`;
const TABLES = ['project', 'stage_transition', 'audit_log', 'investor', 'project_cluster', 'project_list_membership', 'project_plan_date', 'money_record', 'milestone_event'];

type Res = { status: number; body: { statusCode?: number; code?: string; message?: string; details?: { fields?: { field: string }[] } } };

/** Runs `send` and checks the answer and that no table changed. */
async function refused(send: () => PromiseLike<Res>, status: number, code?: string): Promise<Res> {
  const before = await countRows(t.dataSource, TABLES);
  const res = await send();
  expect(res.status).toBeLessThan(500);
  expect({ status: res.status, code: code === undefined ? undefined : res.body.code }).toEqual({ status, code });
  // The error body has the one shape of the global filter.
  expect(res.body).toEqual(expect.objectContaining({ statusCode: status, code: expect.any(String), message: expect.any(String) }));
  expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  return res;
}
const fieldsOf = (res: Res) => (res.body.details?.fields ?? []).map((f) => f.field).sort();

const create = (body: unknown) => t.http().post(api('/projects')).set('authorization', auth).send(body as object);

beforeAll(async () => {
  t = await createTestApp();
  city = await insertUnit(t.dataSource, { nameZh: '测试市' });
  district = await insertUnit(t.dataSource, { parent: city, nameZh: '测试区' });
  await insertUser(t.dataSource, district, 'manager', { username: 'b-manager' });
  await insertUser(t.dataSource, city, 'admin', { username: 'b-admin' });
  auth = await t.login('b-manager');
  adminAuth = await t.login('b-admin');
}, 60_000);
afterAll(async () => t?.close());

describe('validation: 400 listing each bad field', () => {
  it('lists several bad fields at once', async () => {
    const res = await refused(
      () => create({ code: 'bad code!', nameZh: '', unitId: 'x', family: 'PRIVATE', stage: 'BUILDING', stageDate: '2024-02-30', totalInvestment: '-1', jobsPlanned: -2 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(res)).toEqual(['code', 'family', 'jobsPlanned', 'nameZh', 'stage', 'stageDate', 'totalInvestment', 'unitId']);
    for (const field of ['code', 'stageDate', 'totalInvestment']) expect(res.body.message).toContain(field);
  });

  // nameZh, unitId and family are required on create: an empty body lists every missing field.
  it('lists every missing required field of an empty body', async () => {
    const res = await refused(() => create({}), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(['code', 'family', 'nameZh', 'stage', 'stageDate', 'unitId']);
  });

  // A body valid but for one missing or null required field answers 400 naming it, and writes nothing.
  it.each([
    ['nameZh missing', { nameZh: undefined }, 'nameZh'],
    ['unitId missing', { unitId: undefined }, 'unitId'],
    ['family missing', { family: undefined }, 'family'],
    ['nameZh null', { nameZh: null }, 'nameZh'],
    ['unitId null', { unitId: null }, 'unitId'],
    ['family null', { family: null }, 'family'],
  ])('POST /projects with %s → 400 naming it, not 500', async (_what, override, field) => {
    const body: Record<string, unknown> = { ...buildProjectBody(district), ...override };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const res = await refused(() => create(body), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual([field]);
  });

  it('names fields inside nested objects and arrays', async () => {
    const res = await refused(
      () => create(buildProjectBody(district, { planDates: [{ stage: 'SOMEDAY', expectedDate: '2025-13-01' }], investor: { ownershipType: 'STATE' }, clusterIds: ['not-a-uuid'] })),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(res)).toEqual(['clusterIds', 'investor.nameZh', 'investor.ownershipType', 'planDates.0.expectedDate', 'planDates.0.stage']);
  });

  it('refuses a stage transition body with every field wrong', async () => {
    const p = await insertProject(t.dataSource, district);
    const res = await refused(
      () => t.http().post(api(`/projects/${p.id}/stage-transitions`)).set('authorization', auth).send({ toStage: 'DONE', effectiveDate: '01/04/2024', version: 0, note: 7 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldsOf(res)).toEqual(['effectiveDate', 'note', 'toStage', 'version']);
  });
});

describe('unknown and malformed ids', () => {
  it.each([
    ['GET', ''],
    ['GET', '/history'],
    ['PATCH', ''],
    ['POST', '/stage-transitions'],
    ['GET', '/money-records'],
  ])('%s /projects/:id%s: 404 for an unknown uuid and for a non-uuid', async (method, suffix) => {
    const body = method === 'PATCH' ? { version: 1, nameZh: '改' } : { toStage: 'LANDED', effectiveDate: '2024-04-01', version: 1 };
    for (const id of ['7d0c6c2e-1f0b-4a6b-9d69-2f7e2b9c1a11', 'not-a-uuid', '1', "1' OR '1'='1"]) {
      const path = api(`/projects/${encodeURIComponent(id)}${suffix}`);
      const req = method === 'GET' ? t.http().get(path) : method === 'PATCH' ? t.http().patch(path).send(body) : t.http().post(path).send(body);
      await refused(() => req.set('authorization', auth), 404, 'NOT_FOUND');
    }
  });

  it('an unknown route answers 404', async () => {
    await refused(() => t.http().get(api('/nothing-here')).set('authorization', auth), 404);
  });
});

describe('illegal transitions, stale versions, dates', () => {
  let p: ProjectEntity;
  beforeEach(async () => {
    p = await insertProject(t.dataSource, district, { stage: 'LANDED', stageDate: '2024-03-01' });
  });
  const move = (body: Record<string, unknown>) => () => t.http().post(api(`/projects/${p.id}/stage-transitions`)).set('authorization', auth).send(body);

  it('illegal transition → 422 with a code', async () => {
    await refused(move({ toStage: 'LANDED', effectiveDate: '2024-04-01', version: 1 }), 422, 'SAME_STAGE');
    await refused(move({ toStage: 'ON_HOLD', effectiveDate: '2024-04-01', version: 1 }), 422, 'REASON_REQUIRED');
    await refused(move({ toStage: 'SIGNED', effectiveDate: '2024-04-01', version: 1 }), 422, 'REASON_REQUIRED');
  });

  it('stale version → 409', async () => {
    await refused(move({ toStage: 'PRE_CONSTRUCTION', effectiveDate: '2024-04-01', version: 2 }), 409, 'STALE_VERSION');
    await refused(() => t.http().patch(api(`/projects/${p.id}`)).set('authorization', auth).send({ version: 7, nameZh: '旧版本' }), 409, 'STALE_VERSION');
    // A version beyond the int range is still just stale, not a database error.
    await refused(() => t.http().patch(api(`/projects/${p.id}`)).set('authorization', auth).send({ version: 2 ** 40, nameZh: '大版本' }), 409, 'STALE_VERSION');
  });

  it('future effective date → 422; impossible and out-of-range dates → 400', async () => {
    await refused(move({ toStage: 'PRE_CONSTRUCTION', effectiveDate: addDays(shanghaiToday(), 1), version: 1 }), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    await refused(move({ toStage: 'PRE_CONSTRUCTION', effectiveDate: '2099-01-01', version: 1 }), 422, 'EFFECTIVE_DATE_IN_FUTURE');
    for (const effectiveDate of ['2024-02-30', '2023-02-29', '2024-4-1', '2024-04-01T00:00:00Z', '1900-01-01', '', 20240401]) {
      await refused(move({ toStage: 'PRE_CONSTRUCTION', effectiveDate, version: 1 }), 400, 'VALIDATION_FAILED');
    }
  });

  it('unknown stage → 400, in a body and in a filter', async () => {
    await refused(move({ toStage: 'FINISHED', effectiveDate: '2024-04-01', version: 1 }), 400, 'VALIDATION_FAILED');
    await refused(move({ toStage: 'landed', effectiveDate: '2024-04-01', version: 1 }), 400, 'VALIDATION_FAILED');
    await refused(() => create(buildProjectBody(district, { stage: 'ON_HOLD' })), 400, 'VALIDATION_FAILED');
    await refused(() => t.http().get(api('/projects')).query({ stage: 'SIGNED,NOPE' }).set('authorization', auth), 400, 'VALIDATION_FAILED');
  });
});

describe('money', () => {
  it.each([
    ['negative', '-100.00'],
    ['3 decimals', '100.123'],
    ['a number instead of a string', 100.5],
    ['an integer number', 100],
    ['exponent notation', '1e3'],
    ['a thousands separator', '1,000.00'],
    ['too large', '999999999999999.00'],
    ['empty', ''],
    ['spaces', ' 100 '],
  ])('totalInvestment %s → 400', async (_what, totalInvestment) => {
    const res = await refused(() => create(buildProjectBody(district, { totalInvestment })), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(['totalInvestment']);
  });

  it('money records: negative, 3 decimals and numbers → 400 naming amount', async () => {
    const p = await insertProject(t.dataSource, district);
    for (const amount of ['-1', '0.001', 12.5]) {
      const res = await refused(
        () => t.http().post(api(`/projects/${p.id}/money-records`)).set('authorization', auth).send({ kind: 'ARRIVED', period: '2024-05', amount }),
        400,
        'VALIDATION_FAILED',
      );
      expect(fieldsOf(res)).toEqual(['amount']);
    }
  });

  it('minInvestment filter with bad money → 400', async () => {
    for (const minInvestment of ['-1', '1.001', 'abc']) {
      await refused(() => t.http().get(api('/projects')).query({ minInvestment }).set('authorization', auth), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('wrong types and unknown fields', () => {
  it.each([
    ['string for version', { version: '1', nameZh: '新' }, ['version']],
    ['array for nameZh', { version: 1, nameZh: ['a', 'b'] }, ['nameZh']],
    ['object for nameZh', { version: 1, nameZh: { zh: 'a' } }, ['nameZh']],
    ['number for location', { version: 1, location: 12 }, ['location']],
    ['string for jobsPlanned', { version: 1, jobsPlanned: '30' }, ['jobsPlanned']],
    ['fraction for jobsPlanned', { version: 1, jobsPlanned: 1.5 }, ['jobsPlanned']],
    ['string for isProgram', { version: 1, isProgram: 'yes' }, ['isProgram']],
    ['string for clusterIds', { version: 1, clusterIds: 'abc' }, ['clusterIds']],
    ['null for version', { version: null, nameZh: '新' }, ['version']],
    ['boolean for version', { version: true }, ['version']],
  ])('PATCH with %s → 400', async (_what, body, fields) => {
    const p = await insertProject(t.dataSource, district);
    const res = await refused(() => t.http().patch(api(`/projects/${p.id}`)).set('authorization', auth).send(body), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(fields);
  });

  it('unknown fields → 400 naming them', async () => {
    const res = await refused(() => create(buildProjectBody(district, { isAdmin: true, createdBy: 'me' })), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(['createdBy', 'isAdmin']);
    const p = await insertProject(t.dataSource, district);
    const patch = await refused(() => t.http().patch(api(`/projects/${p.id}`)).set('authorization', auth).send({ version: 1, unitPath: '/' }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(patch)).toEqual(['unitPath']);
    await refused(() => t.http().get(api('/projects')).query({ pageSize: '5', limit: '5' }).set('authorization', auth), 400, 'VALIDATION_FAILED');
  });

  it('a body that is not an object → 400', async () => {
    for (const body of ['[]', '"text"', '42', 'null', '[{"code":"X"}]']) {
      await refused(() => t.http().post(api('/projects')).set('authorization', auth).set('content-type', 'application/json').send(body), 400);
    }
  });
});

describe('transport-level bad input', () => {
  it('malformed JSON → 400', async () => {
    for (const body of ['{"code": "A",', "{'code': 'A'}", '{"code": "A"} trailing', '\u0000']) {
      await refused(() => t.http().post(api('/projects')).set('authorization', auth).set('content-type', 'application/json').send(body), 400);
    }
  });

  it('a JSON body with __proto__ → 400', async () => {
    const body = `{"code":"PROTO-1","nameZh":"原型","unitId":"${district.id}","family":"INVESTMENT","stage":"SIGNED","stageDate":"2024-03-01","__proto__":{"isAdmin":true}}`;
    await refused(() => t.http().post(api('/projects')).set('authorization', auth).set('content-type', 'application/json').send(body), 400);
  });

  it('a 10 MB body → 413', async () => {
    const big = JSON.stringify(buildProjectBody(district, { description: 'x'.repeat(10 * 1024 * 1024) }));
    await refused(() => t.http().post(api('/projects')).set('authorization', auth).set('content-type', 'application/json').send(big), 413);
  });

  it('a 10 MB body before signing in → 413 or 401, never 500', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(10 * 1024 * 1024), password: 'y' });
    const res = await t.http().post(api('/auth/login')).set('content-type', 'application/json').send(big);
    expect([401, 413]).toContain(res.status);
  });

  it('a text/plain body is not taken for a project: 400 or 415', async () => {
    const before = await countRows(t.dataSource, TABLES);
    const res = await t.http().post(api('/projects')).set('authorization', auth).set('content-type', 'text/plain').send(JSON.stringify(buildProjectBody(district)));
    expect([400, 415]).toContain(res.status);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });
});

describe('SQL-looking strings', () => {
  const evil = "'; DROP TABLE project; --";

  it('are stored verbatim as names and found by q; every table is intact', async () => {
    const body = buildProjectBody(district, {
      nameZh: evil,
      nameEn: 'Robert"); DELETE FROM unit; --',
      location: '1 OR 1=1',
      investor: { nameZh: "O'Brien 投资 %_\\ 有限公司" },
    });
    const res = await create(body);
    expect(res.status).toBe(201);
    const got = await t.http().get(api(`/projects/${res.body.id}`)).set('authorization', auth);
    expect(got.body).toMatchObject({ nameZh: evil, nameEn: 'Robert"); DELETE FROM unit; --', location: '1 OR 1=1', investor: { nameZh: "O'Brien 投资 %_\\ 有限公司" } });

    const byName = await t.http().get(api('/projects')).query({ q: "'; DROP TABLE" }).set('authorization', auth);
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);
    const byInvestor = await t.http().get(api('/projects')).query({ q: "O'Brien" }).set('authorization', auth);
    expect(byInvestor.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);
    // Wildcards in q are literal: "%_\" matches the investor above only.
    const wild = await t.http().get(api('/projects')).query({ q: '%_\\' }).set('authorization', auth);
    expect(wild.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);

    const tables = await t.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('project','unit','app_user','stage_transition','audit_log')`);
    expect(tables).toEqual([{ n: 5 }]);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM unit')).toEqual([{ n: 2 }]);
  });

  it('in filters and ids they answer 400 or 404, never 500', async () => {
    await refused(() => t.http().get(api('/projects')).query({ unitId: evil }).set('authorization', auth), 400, 'VALIDATION_FAILED');
    await refused(() => t.http().get(api('/projects')).query({ sort: 'name; DROP TABLE project' }).set('authorization', auth), 400, 'VALIDATION_FAILED');
    await refused(() => t.http().get(api('/projects')).query({ stage: evil }).set('authorization', auth), 400, 'VALIDATION_FAILED');
    const q = await t.http().get(api('/projects')).query({ q: "' OR 1=1 --" }).set('authorization', auth);
    expect(q.status).toBe(200);
    expect(q.body.total).toBe(0);
  });
});

describe('text the database cannot store', () => {
  // PostgreSQL text cannot hold U+0000: such input must answer 400 (also on the public login route), never 500.
  const NUL = 'a\u0000b';
  let issueProject: { id: string };
  beforeAll(async () => {
    issueProject = await insertProject(t.dataSource, district);
  });
  it.each([
    ['POST /projects nameZh', () => create(buildProjectBody(district, { nameZh: NUL }))],
    ['GET /projects?q=', () => t.http().get(api('/projects')).query({ q: NUL }).set('authorization', auth)],
    ['POST /auth/login username (no token needed)', () => t.http().post(api('/auth/login')).send({ username: NUL, password: 'whatever' })],
    ['GET /investors?q=', () => t.http().get(api('/investors')).query({ q: NUL }).set('authorization', auth)],
    ['GET /audit?entityId=', () => t.http().get(api('/audit')).query({ entityId: NUL }).set('authorization', adminAuth)],
    ['POST /projects/:id/issues title', () =>
      t.http().post(api(`/projects/${issueProject.id}/issues`)).set('authorization', auth).send({ category: 'LAND', title: NUL })],
  ] as [string, () => PromiseLike<Res>][])('a NUL character in %s → 400, not 500', async (_where, send) => {
    await refused(send, 400);
  });
});

describe('null for a required column', () => {
  // Optional fields of NOT NULL columns may be left out but not sent as null: 400 naming the field, never 500.
  it.each([['nameZh'], ['family'], ['isProgram']])('PATCH /projects/:id {%s: null} → 400, not 500', async (field) => {
    const p = await insertProject(t.dataSource, district);
    const res = await refused(() => t.http().patch(api(`/projects/${p.id}`)).set('authorization', auth).send({ version: 1, [field]: null }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual([field]);
  });

  const MILESTONE = { code: 'TOPPED_OUT', nameZh: '主体封顶', effectiveDate: '2024-05-01' };
  const ISSUE = { category: 'LAND', title: '用地' };
  const RECORDS: [string, string, Record<string, unknown>][] = [
    ['milestones', 'nameZh', MILESTONE],
    ['milestones', 'effectiveDate', MILESTONE],
    ['money-records', 'amount', { kind: 'ARRIVED', period: '2024-05', amount: '1.00' }],
    ['progress-reports', 'summary', { period: '2024-05', summary: '施工中' }],
    ['issues', 'category', ISSUE],
    ['issues', 'title', ISSUE],
    ['issues', 'status', ISSUE],
  ];
  it.each(RECORDS)('PATCH /projects/:id/%s/:id {%s: null} → 400, not 500', async (kind, field, body) => {
    const p = await insertProject(t.dataSource, district);
    const created = await t.http().post(api(`/projects/${p.id}/${kind}`)).set('authorization', auth).send(body);
    expect(created.status).toBe(201);
    const res = await refused(() => t.http().patch(api(`/projects/${p.id}/${kind}/${created.body.id}`)).set('authorization', auth).send({ version: 1, [field]: null }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual([field]);
  });

  // The same for users: PATCH /users/:id and POST /users with null in a NOT NULL field answer 400.
  it.each([['displayName'], ['role'], ['active'], ['locale'], ['unitId']])('PATCH /users/:id {%s: null} → 400, not 500', async (field) => {
    const target = await insertUser(t.dataSource, district, 'staff');
    const res = await t.http().patch(api(`/users/${target.id}`)).set('authorization', adminAuth).send({ version: 1, [field]: null });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('POST /users with locale: null → 400, not 500', async () => {
    const res = await t.http().post(api('/users')).set('authorization', adminAuth)
      .send({ username: 'null-locale', displayName: '空', password: 'long-enough-1', role: 'staff', unitId: district.id, locale: null });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('null for a nullable field clears it', async () => {
    const p = await insertProject(t.dataSource, district, { totalInvestment: '10.00' });
    const res = await t.http().patch(api(`/projects/${p.id}`)).set('authorization', auth).send({ version: 1, totalInvestment: null, location: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalInvestment: null, location: null, version: 2 });
  });
});

describe('nothing half-written', () => {
  it('a create that fails on a missing cluster writes no project, transition, investor or audit row', async () => {
    const res = await refused(
      () => create(buildProjectBody(district, { clusterIds: ['7d0c6c2e-1f0b-4a6b-9d69-2f7e2b9c1a11'], investor: { nameZh: '新企业甲' } })),
      422,
      'INVALID_REFERENCE',
    );
    expect(res.body.message).toContain('clusterIds');
  });

  it('a create with the same plan stage twice writes nothing', async () => {
    await refused(
      () => create(buildProjectBody(district, { planDates: [{ stage: 'OPERATING', expectedDate: '2025-01-31' }, { stage: 'OPERATING', expectedDate: '2025-02-28' }] })),
      422,
      'INVALID_REFERENCE',
    );
  });

  it('a transition refused after the project row was locked leaves version, stage and history as they were', async () => {
    const p = await insertProject(t.dataSource, district, { stage: 'SIGNED', stageDate: '2024-03-01' });
    await refused(
      () => t.http().post(api(`/projects/${p.id}/stage-transitions`)).set('authorization', auth)
        .send({ toStage: 'UNDER_CONSTRUCTION', effectiveDate: '2024-06-01', version: 1, skippedStageDates: { LANDED: '2024-07-01' } }),
      400,
      'INVALID_DATE',
    );
    const [row] = await t.dataSource.query('SELECT stage, version FROM project WHERE id = $1', [p.id]);
    expect(row).toEqual({ stage: 'SIGNED', version: 1 });
  });
});
