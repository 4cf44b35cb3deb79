/**
 * GET /users/assignable?unitId=: the people an alert of a project in that unit can be assigned to — active
 * staff and managers of the unit or an ancestor — checked against what POST /alerts/:id/assign accepts.
 * Managers, directors and admins may ask; staff and viewers get 403; a unit outside scope 404.
 */
import type { UnitEntity, UserEntity } from '#persistence';
import { insertAlert, insertAlertRule } from '../factories/alert.factory.js';
import { insertProject } from '../factories/project.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

const api = (path: string) => `/api/v1${path}`;

let t: TestApp;
const U: Record<string, UnitEntity> = {};
const users: Record<string, UserEntity> = {};
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  U.city = await insertUnit(t.dataSource, { nameZh: '指派市' });
  U.D1 = await insertUnit(t.dataSource, { parent: U.city, nameZh: '一区' });
  U.T1 = await insertUnit(t.dataSource, { parent: U.D1, nameZh: '一镇', kind: 'TOWN' });
  U.T2 = await insertUnit(t.dataSource, { parent: U.D1, nameZh: '二镇', kind: 'TOWN' });
  U.D2 = await insertUnit(t.dataSource, { parent: U.city, nameZh: '二区' });
  const spec: [string, UnitEntity, UserEntity['role'], Partial<UserEntity>?][] = [
    ['staffCity', U.city, 'staff'],
    ['managerD1', U.D1, 'manager'],
    ['staffD1', U.D1, 'staff'],
    ['staffT1', U.T1, 'staff'],
    ['goneT1', U.T1, 'staff', { active: false }],
    ['staffT2', U.T2, 'staff'],
    ['staffD2', U.D2, 'staff'],
    ['viewerD1', U.D1, 'viewer'],
    ['director', U.city, 'director'],
    ['admin', U.city, 'admin'],
  ];
  for (const [name, unit, role, extra] of spec) {
    users[name] = await insertUser(t.dataSource, unit, role, { username: `as-${name.toLowerCase()}`, displayName: `${name} 名`, email: `${name}@example.org`, ...extra });
    if (extra?.active !== false) tok[name] = await t.login(`as-${name.toLowerCase()}`);
  }
});
afterAll(async () => t?.close());

const entry = (name: string, unit: UnitEntity) => ({ id: users[name].id, displayName: `${name} 名`, role: users[name].role, unit: { id: unit.id, nameZh: unit.nameZh } });

describe('GET /users/assignable', () => {
  it('lists active staff and managers of the unit and its ancestors, nearest unit first, and nothing private', async () => {
    const res = await t.http().get(api('/users/assignable')).query({ unitId: U.T1.id }).set('authorization', tok.managerD1);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([entry('staffT1', U.T1), entry('managerD1', U.D1), entry('staffD1', U.D1), entry('staffCity', U.city)]);
    expect(JSON.stringify(res.body)).not.toMatch(/example\.org|passwordHash|password_hash|argon|username/);
  });

  it('is exactly whom POST /alerts/:id/assign accepts for an alert of a project in that unit', async () => {
    const project = await insertProject(t.dataSource, U.T1);
    const alert = await insertAlert(t.dataSource, project, await insertAlertRule(t.dataSource), { level: 'OVERDUE' });
    const listed = (await t.http().get(api('/users/assignable')).query({ unitId: U.T1.id }).set('authorization', tok.director)).body.map(
      (u: { id: string }) => u.id,
    );
    for (const [name, user] of Object.entries(users)) {
      const res = await t.http().post(api(`/alerts/${alert.id}/assign`)).set('authorization', tok.admin).send({ userId: user.id });
      expect({ name, accepted: res.status === 200 }).toEqual({ name, accepted: listed.includes(user.id) });
      if (res.status !== 200) expect(res.status).toBe(422);
    }
  });

  it('follows the unit asked for: another branch, the root', async () => {
    const d2 = await t.http().get(api('/users/assignable')).query({ unitId: U.D2.id }).set('authorization', tok.director);
    expect(d2.body).toEqual([entry('staffD2', U.D2), entry('staffCity', U.city)]);
    const root = await t.http().get(api('/users/assignable')).query({ unitId: U.city.id }).set('authorization', tok.admin);
    expect(root.body).toEqual([entry('staffCity', U.city)]);
  });

  it('refuses staff and viewers with 403, a unit outside the manager’s scope or unknown with 404, a missing or bad unitId with 400', async () => {
    for (const who of ['staffT1', 'viewerD1']) {
      const res = await t.http().get(api('/users/assignable')).query({ unitId: U.T1.id }).set('authorization', tok[who]);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    for (const unitId of [U.D2.id, U.city.id, '3f1b2c4d-0000-4000-8000-00000000abcd']) {
      const res = await t.http().get(api('/users/assignable')).query({ unitId }).set('authorization', tok.managerD1);
      expect(res.status).toBe(404);
    }
    for (const query of [{}, { unitId: 'x' }, { unitId: U.T1.id, role: 'staff' }]) {
      const res = await t.http().get(api('/users/assignable')).query(query).set('authorization', tok.managerD1);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('leaves the admin-only user list admin-only', async () => {
    expect((await t.http().get(api('/users')).set('authorization', tok.managerD1)).status).toBe(403);
    expect((await t.http().get(api('/users')).set('authorization', tok.admin)).status).toBe(200);
  });
});
