/**
 * The service desk around a project (issue 7): activities (走访/洽谈/…) with follow-up tasks, "my tasks", the daily
 * reminder job (idempotent: one reminder per task and kind), the merged project and investor timelines, the
 * service team (专班, ending a membership keeps it as history) and the service plan (一项目一方案, versioned PUT).
 * Scoping: another district's staff get 404 for the project's activities, team and plan.
 */
import type { Job } from 'bullmq';
import { JobName } from '#jobs';
import type { ProjectEntity, UnitEntity, UserEntity } from '#persistence';
import { MaintenanceProcessor } from '../../apps/worker/src/processors/maintenance.processor.js';
import { insertAlert, insertAlertRule } from '../factories/alert.factory.js';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { uniq } from '../factories/uniq.js';
import { cleanUp, deleteRedisKeys, newQueuePrefix, startWorker, type TestWorker } from '../utils/deadline-fixtures.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';
import { addDays, countRows, shanghaiToday } from './support.js';

let t: TestApp;
let city: UnitEntity;
let districtA: UnitEntity;
let districtB: UnitEntity;
let staffAUser: UserEntity;
let managerCity: UserEntity;
let staffBUser: UserEntity;
const tok: Record<string, string> = {};
let project: ProjectEntity;
let worker: TestWorker | undefined;

const api = (path: string) => `/api/v1${path}`;
const today = shanghaiToday();
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = newQueuePrefix();
const TABLES = ['activity', 'follow_up_task', 'project_team_member', 'service_plan', 'audit_log'];

beforeAll(async () => {
  t = await createTestApp({ QUEUE_PREFIX: prefix });
  city = await insertUnit(t.dataSource, { nameZh: '呼和浩特市(活)', kind: 'CITY' });
  districtA = await insertUnit(t.dataSource, { parent: city, nameZh: '玉泉区(活)' });
  districtB = await insertUnit(t.dataSource, { parent: city, nameZh: '回民区(活)' });
  staffAUser = await insertUser(t.dataSource, districtA, 'staff', { username: 'act-staff-a', displayName: '王专员' });
  managerCity = await insertUser(t.dataSource, city, 'manager', { username: 'act-manager-city' });
  staffBUser = await insertUser(t.dataSource, districtB, 'staff', { username: 'act-staff-b' });
  await insertUser(t.dataSource, city, 'director', { username: 'act-director' });
  for (const u of ['act-staff-a', 'act-staff-b', 'act-manager-city', 'act-director']) tok[u] = await t.login(u);
  const [inv] = await t.dataSource.query(`INSERT INTO investor (name_zh) VALUES ($1) RETURNING id`, [`活动测试有限公司${uniq('')}`]);
  project = await insertProject(t.dataSource, districtA, { investorId: inv.id, stage: 'SIGNED', stageDate: '2025-03-01' });
}, 60_000);
afterAll(async () => cleanUp(() => worker?.close(), () => t?.close(), () => deleteRedisKeys(REDIS_URL, prefix)));

const as = (user: string) => ({
  get: (path: string) => t.http().get(api(path)).set('authorization', tok[user]),
  post: (path: string, body: object) => t.http().post(api(path)).set('authorization', tok[user]).send(body),
  patch: (path: string, body: object) => t.http().patch(api(path)).set('authorization', tok[user]).send(body),
  put: (path: string, body: object) => t.http().put(api(path)).set('authorization', tok[user]).send(body),
  delete: (path: string) => t.http().delete(api(path)).set('authorization', tok[user]),
});
const staffA = as('act-staff-a');
const staffB = as('act-staff-b');
const runReminders = async (day: string) => {
  worker ??= await startWorker(t.config);
  return worker.app.get(MaintenanceProcessor).process({ name: JobName.TaskReminders, data: { today: day, trigger: 'manual' } } as Job);
};

describe('a staff member records a visit with a follow-up', () => {
  it('visit → follow-up for a city manager → my tasks → reminder job twice → one reminder → complete', async () => {
    const contact = await staffA.post(`/projects/${project.id}/contacts`, { side: 'INVESTOR', role: 'PROJECT_LEAD', name: '赵经理', phone: '13900001111' });
    expect(contact.status).toBe(201);
    const visit = await staffA.post(`/projects/${project.id}/activities`, {
      kind: 'VISIT',
      occurredOn: today,
      participants: ['王专员', '区发改委 刘科长'],
      contactIds: [contact.body.id],
      summary: '走访企业，了解用电接入进展',
      outcome: '企业反映110kV接入方案未批复',
      followUps: [{ title: '协调供电公司确认接入方案', dueDate: addDays(today, 1), assigneeId: managerCity.id }],
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ projectId: project.id, kind: 'VISIT', occurredOn: today, contactIds: [contact.body.id], createdBy: staffAUser.id, version: 1 });
    expect(visit.body.followUps).toEqual([expect.objectContaining({ title: '协调供电公司确认接入方案', status: 'OPEN', assigneeId: managerCity.id, projectId: project.id })]);
    const taskId = visit.body.followUps[0].id;

    const list = await staffA.get(`/projects/${project.id}/activities`);
    expect(list.body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: visit.body.id, createdByName: '王专员', followUps: [expect.objectContaining({ id: taskId })] })] });

    const mine = await as('act-manager-city').get('/me/tasks');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: taskId, reminded: false, overdue: false, projectCode: project.code, activityKind: 'VISIT' })]);

    // Due tomorrow: the daily job raises one DUE_SOON reminder, and a second run none.
    expect(await runReminders(today)).toEqual({ dueSoon: 1, overdue: 0 });
    expect(await runReminders(today)).toEqual({ dueSoon: 0, overdue: 0 });
    expect(await t.dataSource.query(`SELECT kind, user_id FROM task_reminder WHERE task_id = $1`, [taskId])).toEqual([{ kind: 'DUE_SOON', user_id: managerCity.id }]);
    const reminded = await as('act-manager-city').get('/me/tasks');
    expect(reminded.body.items[0]).toMatchObject({ id: taskId, reminded: true, reminders: [expect.objectContaining({ kind: 'DUE_SOON' })] });
    // Two days later it is overdue: one OVERDUE reminder, once.
    expect(await runReminders(addDays(today, 2))).toEqual({ dueSoon: 0, overdue: 1 });
    expect(await runReminders(addDays(today, 2))).toEqual({ dueSoon: 0, overdue: 0 });
    // The bell's /notifications contract is untouched.
    expect((await as('act-manager-city').get('/notifications')).status).toBe(200);

    const done = await as('act-manager-city').patch(`/follow-ups/${taskId}`, { version: 1, action: 'COMPLETE', note: '供电公司已出具方案' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'DONE', doneAt: expect.any(String), version: 2 });
    expect((await as('act-manager-city').get('/me/tasks')).body.items).toEqual([]);
    expect((await as('act-manager-city').get('/me/tasks?status=DONE')).body.items).toHaveLength(1);
    const again = await as('act-manager-city').patch(`/follow-ups/${taskId}`, { version: 2, action: 'COMPLETE' });
    expect([again.status, again.body.code]).toEqual([422, 'INVALID_TASK_TRANSITION']);

    const audit = await t.dataSource.query(`SELECT entity, action FROM audit_log WHERE entity IN ('activity','follow_up_task') AND entity_id IN ($1, $2) ORDER BY id`, [visit.body.id, taskId]);
    expect(audit).toEqual([
      { entity: 'activity', action: 'create' },
      { entity: 'follow_up_task', action: 'create' },
      { entity: 'follow_up_task', action: 'complete' },
    ]);
  });

  it('lists overdue tasks first, reassigns within the unit tree, and refuses an assignee outside it (422)', async () => {
    const act = await staffA.post(`/projects/${project.id}/activities`, { kind: 'CALL', occurredOn: today, summary: '电话沟通' });
    const later = await staffA.post(`/activities/${act.body.id}/follow-ups`, { title: '稍后', dueDate: addDays(today, 10), assigneeId: staffAUser.id });
    const soon = await staffA.post(`/activities/${act.body.id}/follow-ups`, { title: '逾期', dueDate: today, assigneeId: staffAUser.id });
    expect([later.status, soon.status]).toEqual([201, 201]);
    await t.dataSource.query(`UPDATE follow_up_task SET due_date = $2 WHERE id = $1`, [soon.body.id, addDays(today, -3)]);
    const mine = await staffA.get('/me/tasks');
    expect(mine.body.items.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue])).toEqual([
      [soon.body.id, true],
      [later.body.id, false],
    ]);

    const before = await countRows(t.dataSource, TABLES);
    const outside = await staffA.post(`/activities/${act.body.id}/follow-ups`, { title: '越界', dueDate: addDays(today, 3), assigneeId: staffBUser.id });
    expect(outside.status).toBe(422);
    expect(outside.body).toMatchObject({ code: 'INVALID_REFERENCE', details: { field: 'assigneeId' } });
    expect(outside.body.message).toMatch(/staff member or manager of this unit or one of its parent units/);
    const inline = await staffA.post(`/projects/${project.id}/activities`, {
      kind: 'NOTE', occurredOn: today, summary: '备注', followUps: [{ title: 'x', dueDate: today, assigneeId: staffBUser.id }],
    });
    expect([inline.status, inline.body.details?.field]).toEqual([422, 'followUps.0.assigneeId']);
    const reassignOut = await staffA.patch(`/follow-ups/${later.body.id}`, { version: 1, assigneeId: staffBUser.id });
    expect(reassignOut.status).toBe(422);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);

    const reassigned = await staffA.patch(`/follow-ups/${later.body.id}`, { version: 1, assigneeId: managerCity.id });
    expect(reassigned.body).toMatchObject({ assigneeId: managerCity.id, version: 2 });
    const cancelled = await staffA.patch(`/follow-ups/${soon.body.id}`, { version: 1, action: 'CANCEL', note: '企业已自行解决' });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', doneAt: null });
  });

  it('refuses to reschedule a follow-up into the past or to remind after its due date, changing nothing', async () => {
    const act = await staffA.post(`/projects/${project.id}/activities`, { kind: 'CALL', occurredOn: today, summary: '改期测试' });
    const task = await staffA.post(`/activities/${act.body.id}/follow-ups`, { title: '改期', dueDate: addDays(today, 10), remindAt: addDays(today, 5), assigneeId: staffAUser.id });
    expect(task.status).toBe(201);
    const before = await countRows(t.dataSource, TABLES);
    const past = await staffA.patch(`/follow-ups/${task.body.id}`, { version: 1, dueDate: addDays(today, -1) });
    expect([past.status, past.body.details?.field]).toEqual([400, 'dueDate']);
    const earlier = await staffA.patch(`/follow-ups/${task.body.id}`, { version: 1, dueDate: addDays(today, 3) });
    expect([earlier.status, earlier.body.details?.field]).toEqual([400, 'remindAt']);
    const late = await staffA.patch(`/follow-ups/${task.body.id}`, { version: 1, remindAt: addDays(today, 11) });
    expect([late.status, late.body.details?.field]).toEqual([400, 'remindAt']);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
    const ok = await staffA.patch(`/follow-ups/${task.body.id}`, { version: 1, dueDate: addDays(today, 3), remindAt: addDays(today, 2) });
    expect(ok.body).toMatchObject({ dueDate: addDays(today, 3), remindAt: addDays(today, 2), version: 2 });
  });

  it('refuses an activity in the future, without a summary, or naming a stranger contact, writing nothing', async () => {
    const before = await countRows(t.dataSource, TABLES);
    const future = await staffA.post(`/projects/${project.id}/activities`, { kind: 'VISIT', occurredOn: addDays(today, 1), summary: '未来' });
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({ code: 'EFFECTIVE_DATE_IN_FUTURE', details: { field: 'occurredOn' } });
    const noSummary = await staffA.post(`/projects/${project.id}/activities`, { kind: 'VISIT', occurredOn: today, summary: '  ' });
    expect(noSummary.status).toBe(400);
    expect(noSummary.body.details.fields[0].field).toBe('summary');
    const badDate = await staffA.post(`/projects/${project.id}/activities`, { kind: 'VISIT', occurredOn: '2025-02-30', summary: 'x' });
    expect([badDate.status, badDate.body.details.fields[0].field]).toEqual([400, 'occurredOn']);
    const stranger = await staffA.post(`/projects/${project.id}/activities`, { kind: 'VISIT', occurredOn: today, summary: 'x', contactIds: ['00000000-0000-4000-8000-000000000001'] });
    expect([stranger.status, stranger.body.details?.field]).toEqual([422, 'contactIds']);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
  });

  it('edits an activity with its version', async () => {
    const act = await staffA.post(`/projects/${project.id}/activities`, { kind: 'MEETING', occurredOn: addDays(today, -5), summary: '专题会' });
    const edited = await staffA.patch(`/activities/${act.body.id}`, { version: 1, outcome: '明确了土地挂牌时间' });
    expect(edited.body).toMatchObject({ outcome: '明确了土地挂牌时间', version: 2 });
    const stale = await staffA.patch(`/activities/${act.body.id}`, { version: 1, outcome: 'x' });
    expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);
    const future = await staffA.patch(`/activities/${act.body.id}`, { version: 2, occurredOn: addDays(today, 2) });
    expect(future.status).toBe(422);
  });
});

describe('investor activities and timelines', () => {
  it('merges stage changes, milestones, alerts, activities and follow-ups, newest first, paged', async () => {
    const p = await insertProject(t.dataSource, districtA, { stage: 'SIGNED', stageDate: '2025-01-10' });
    await t.dataSource.query(`INSERT INTO milestone_event (project_id, code, name_zh, effective_date) VALUES ($1, 'LAND', '取得土地', '2025-02-01')`, [p.id]);
    const rule = await insertAlertRule(t.dataSource);
    const alert = await insertAlert(t.dataSource, p, rule, { status: 'RESOLVED', openedAt: new Date('2025-04-01T02:00:00Z'), resolvedAt: new Date('2025-04-20T02:00:00Z') });
    const act = await staffA.post(`/projects/${p.id}/activities`, {
      kind: 'NEGOTIATION', occurredOn: '2025-03-01', summary: '洽谈用地', followUps: [{ title: '报送用地预审', dueDate: addDays(today, 5), assigneeId: staffAUser.id }],
    });
    expect(act.status).toBe(201);
    const res = await staffA.get(`/projects/${p.id}/timeline?pageSize=50`);
    expect(res.status).toBe(200);
    const kinds = res.body.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(['FOLLOW_UP_CREATED', 'ALERT_RESOLVED', 'ALERT_OPENED', 'ACTIVITY_NEGOTIATION', 'MILESTONE', 'STAGE_INITIAL']);
    expect(res.body.total).toBe(6);
    expect(res.body.items[1]).toMatchObject({ ref: { type: 'alert', id: alert.id } });
    expect(res.body.items[3]).toMatchObject({ title: '洽谈用地', ref: { type: 'activity', id: act.body.id } });
    const ats = res.body.items.map((i: { at: string }) => Date.parse(i.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    const page2 = await staffA.get(`/projects/${p.id}/timeline?page=2&pageSize=4`);
    expect(page2.body.items.map((i: { kind: string }) => i.kind)).toEqual(['MILESTONE', 'STAGE_INITIAL']);
  });

  it('records investor-level activities and shows them with the investor’s projects in scope only', async () => {
    const [inv] = await t.dataSource.query(`INSERT INTO investor (name_zh) VALUES ($1) RETURNING id`, [`时间线公司${uniq('')}`]);
    const pA = await insertProject(t.dataSource, districtA, { investorId: inv.id });
    const pB = await insertProject(t.dataSource, districtB, { investorId: inv.id });
    const invAct = await staffA.post(`/investors/${inv.id}/activities`, { kind: 'MEETING', occurredOn: today, summary: '集团总部会谈' });
    expect(invAct.status).toBe(201);
    expect(invAct.body).toMatchObject({ investorId: inv.id, projectId: null });
    await staffB.post(`/projects/${pB.id}/activities`, { kind: 'CALL', occurredOn: today, summary: '回民区电话' });

    const list = await staffA.get(`/investors/${inv.id}/activities`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([invAct.body.id]);
    expect((await staffB.get(`/investors/${inv.id}/activities`)).body.items).toEqual([]);

    const tl = await staffA.get(`/investors/${inv.id}/timeline`);
    const refs = tl.body.items.map((i: { ref: { type: string }; projectId: string | null }) => [i.ref.type, i.projectId]);
    expect(refs).toEqual(expect.arrayContaining([['activity', null], ['stage_transition', pA.id]]));
    expect(refs.some(([, pid]: [string, string | null]) => pid === pB.id)).toBe(false);
  });
});

describe('service team and plan', () => {
  it('adds members, changes one, ends one (kept as history), refuses a second current role', async () => {
    const contact = await staffA.post(`/projects/${project.id}/contacts`, { side: 'GOVERNMENT', role: 'RESPONSIBLE_LEADER', name: '刘副区长' });
    const leader = await staffA.post(`/projects/${project.id}/team`, { contactId: contact.body.id, role: 'RESPONSIBLE_LEADER', fromDate: '2025-03-01' });
    const officer = await staffA.post(`/projects/${project.id}/team`, { userId: staffAUser.id, role: 'PROJECT_OFFICER', fromDate: '2025-03-01' });
    expect([leader.status, officer.status]).toEqual([201, 201]);
    const dup = await staffA.post(`/projects/${project.id}/team`, { userId: staffAUser.id, role: 'PROJECT_OFFICER', fromDate: '2025-04-01' });
    expect([dup.status, dup.body.code]).toEqual([409, 'DUPLICATE']);
    const both = await staffA.post(`/projects/${project.id}/team`, { userId: staffAUser.id, contactId: contact.body.id, role: 'AGENT', fromDate: '2025-04-01' });
    expect(both.status).toBe(400);

    const changed = await staffA.patch(`/projects/${project.id}/team/${officer.body.id}`, { version: 1, role: 'TEAM_LEADER' });
    expect(changed.body).toMatchObject({ role: 'TEAM_LEADER', version: 2 });
    const ended = await staffA.delete(`/projects/${project.id}/team/${leader.body.id}?toDate=2025-09-30`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ toDate: '2025-09-30' });
    const current = await staffA.get(`/projects/${project.id}/team`);
    expect(current.body.items.map((m: { id: string }) => m.id)).toEqual([officer.body.id]);
    const history = await staffA.get(`/projects/${project.id}/team?includeEnded=true`);
    expect(history.body.items.map((m: { id: string; contactName: string | null }) => m.id)).toEqual([officer.body.id, leader.body.id]);
    expect(history.body.items[1].contactName).toBe('刘副区长');
    const bad = await staffA.delete(`/projects/${project.id}/team/${officer.body.id}?toDate=2025-01-01`);
    expect([bad.status, bad.body.details?.field]).toEqual([400, 'toDate']);
    const actions = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity = 'project_team_member' AND entity_id = $1 ORDER BY id`, [leader.body.id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['create', 'end']);
  });

  it('creates and replaces the service plan with versions, auditing before and after', async () => {
    const empty = await staffA.get(`/projects/${project.id}/service-plan`);
    expect(empty.body).toMatchObject({ exists: false, version: 0, factors: [] });
    const created = await staffA.put(`/projects/${project.id}/service-plan`, {
      version: 0,
      goals: '2026年6月前开工',
      measures: '专班每周调度',
      factors: [
        { factor: 'LAND', need: '新增建设用地120亩', status: 'IN_PROGRESS' },
        { factor: 'POWER', need: '110kV变电站接入', status: 'NEEDED', note: '供电公司牵头' },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ projectId: project.id, version: 1, exists: true, factors: [expect.objectContaining({ factor: 'LAND', note: null }), expect.objectContaining({ factor: 'POWER' })] });
    const createdAgain = await staffA.put(`/projects/${project.id}/service-plan`, { version: 0, factors: [] });
    expect([createdAgain.status, createdAgain.body.code]).toEqual([409, 'STALE_VERSION']);
    const replaced = await staffA.put(`/projects/${project.id}/service-plan`, { version: 1, goals: '2026年5月前开工', factors: [{ factor: 'LAND', need: '新增建设用地120亩', status: 'SECURED' }] });
    expect(replaced.body).toMatchObject({ version: 2, goals: '2026年5月前开工', measures: null, factors: [expect.objectContaining({ status: 'SECURED' })] });
    const badFactor = await staffA.put(`/projects/${project.id}/service-plan`, { version: 2, factors: [{ factor: 'OIL', need: 'x', status: 'NEEDED' }] });
    expect([badFactor.status, badFactor.body.details.fields[0].field]).toEqual([400, 'factors.0.factor']);
    const audit = await t.dataSource.query(`SELECT action, before, after FROM audit_log WHERE entity = 'service_plan' AND entity_id = $1 ORDER BY id`, [project.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['create', 'update']);
    expect(audit[1].before).toMatchObject({ version: 1, goals: '2026年6月前开工' });
    expect(audit[1].after).toMatchObject({ version: 2, goals: '2026年5月前开工' });
  });

  it('shows the service desk’s changes in the project’s audit trail', async () => {
    const trail = await staffA.get(`/projects/${project.id}/audit?pageSize=200`);
    expect(trail.status).toBe(200);
    const entities = new Set(trail.body.items.map((i: { entity: string }) => i.entity));
    for (const entity of ['activity', 'follow_up_task', 'project_team_member', 'service_plan']) expect(entities).toContain(entity);
    const plan = trail.body.items.find((i: { entity: string; action: string }) => i.entity === 'service_plan' && i.action === 'update');
    expect(plan).toMatchObject({ entityId: project.id, actor: expect.objectContaining({ id: expect.any(String) }) });
  });
});

describe('scoping', () => {
  it('answers 404 to another district’s staff for the project’s activities, timeline, team and plan', async () => {
    const before = await countRows(t.dataSource, TABLES);
    for (const path of ['activities', 'timeline', 'team', 'service-plan', 'contacts']) {
      expect([path, (await staffB.get(`/projects/${project.id}/${path}`)).status]).toEqual([path, 404]);
    }
    expect((await staffB.post(`/projects/${project.id}/activities`, { kind: 'VISIT', occurredOn: today, summary: 'x' })).status).toBe(404);
    expect((await staffB.post(`/projects/${project.id}/team`, { userId: staffBUser.id, role: 'AGENT', fromDate: today })).status).toBe(404);
    expect((await staffB.put(`/projects/${project.id}/service-plan`, { version: 2, factors: [] })).status).toBe(404);
    const [act] = await t.dataSource.query(`SELECT id FROM activity WHERE project_id = $1 LIMIT 1`, [project.id]);
    expect((await staffB.patch(`/activities/${act.id}`, { version: 1, summary: 'x' })).status).toBe(404);
    expect((await staffB.post(`/activities/${act.id}/follow-ups`, { title: 'x', dueDate: today, assigneeId: staffBUser.id })).status).toBe(404);
    const [task] = await t.dataSource.query(`SELECT id, version FROM follow_up_task WHERE project_id = $1 LIMIT 1`, [project.id]);
    expect((await staffB.patch(`/follow-ups/${task.id}`, { version: task.version, action: 'CANCEL' })).status).toBe(404);
    expect(await countRows(t.dataSource, TABLES)).toEqual(before);
    // The director reads everything but writes nothing.
    expect((await as('act-director').get(`/projects/${project.id}/team`)).status).toBe(200);
    expect((await as('act-director').post(`/projects/${project.id}/activities`, { kind: 'VISIT', occurredOn: today, summary: 'x' })).status).toBe(403);
  });
});
