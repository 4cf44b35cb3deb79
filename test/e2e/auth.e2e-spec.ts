/**
 * Authentication and the users admin: every role signs in, bad credentials and bad tokens answer 401,
 * deactivated users are shut out at once, logins are rate-limited, and only admins manage users.
 *
 * The main app (createTestApp) allows many logins so the tests do not trip the limiter; the rate-limit
 * tests use a second app on the same database with LOGIN_RATE_LIMIT=3 (its own in-memory limiter, no
 * second database clone).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { loadAppConfig } from '#config';
import type { Role } from '#domain';
import { UserEntity, type UnitEntity } from '#persistence';
import { createApiApp } from '../../apps/api/src/app.factory.js';
import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../utils/test-app.js';

let t: TestApp;
let limited: NestFastifyApplication;
let city: UnitEntity;
let district: UnitEntity;

const ROLE_LIST: Role[] = ['staff', 'manager', 'director', 'admin', 'viewer'];

function loginRequest(username: string, password: string) {
  return t.http().post('/api/v1/auth/login').send({ username, password });
}

async function login(username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await loginRequest(username, password);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return `Bearer ${res.body.accessToken}`;
}

beforeAll(async () => {
  t = await createTestApp();
  limited = await createApiApp(loadAppConfig({ ...process.env, DATABASE_URL: t.db.url, LOGIN_RATE_LIMIT: '3' }));
  await limited.init();
  await limited.getHttpAdapter().getInstance().ready();
  city = await insertUnit(t.dataSource, { nameZh: '测试市' });
  district = await insertUnit(t.dataSource, { parent: city, nameZh: '测试区' });
  for (const role of ROLE_LIST) await insertUser(t.dataSource, district, role, { username: `auth-${role}`, displayName: `${role} 用户` });
  await insertUser(t.dataSource, city, 'admin', { username: 'auth-root-admin' });
}, 60_000);
afterAll(async () => {
  await limited?.close();
  await t?.close();
});

describe('login', () => {
  it.each(ROLE_LIST)('%s can log in and GET /auth/me answers with their user and unit', async (role) => {
    const res = await loginRequest(`auth-${role}`, TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(typeof res.body.accessToken).toBe('string');
    expect(res.body.user).toMatchObject({ username: `auth-${role}`, role, unitId: district.id, active: true });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);

    const me = await t.http().get('/api/v1/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: `auth-${role}`, role, unit: { id: district.id, nameZh: '测试区', path: district.path } });
  });

  it('answers a wrong password and an unknown user alike: 401 INVALID_CREDENTIALS', async () => {
    const wrong = await loginRequest('auth-staff', 'not-the-password');
    const unknown = await loginRequest('nobody-here', TEST_PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
      expect(res.body.accessToken).toBeUndefined();
    }
    // Same message, so the answer does not tell which usernames exist.
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('refuses a login body without a password: 400 naming the field', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'auth-staff' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['password']);
  });
});

describe('access tokens', () => {
  const get = (authorization?: string) => {
    const req = t.http().get('/api/v1/projects');
    return authorization === undefined ? req : req.set('authorization', authorization);
  };

  it('answers 401 without a token', async () => {
    const res = await get();
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['garbage', 'Bearer not.a.token'],
    ['another scheme', 'Basic YWRtaW46cGFzcw=='],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 to %s', async (_what, header) => {
    const res = await get(header);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 to a token signed with another secret, an expired token and a token of an unknown user', async () => {
    const user = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ username: 'auth-admin' });
    const forged = await new JwtService({ secret: 'another-secret-another-secret-0123456789' }).signAsync({ sub: user.id, role: 'admin' });
    const ours = new JwtService({ secret: t.config.auth.jwtSecret });
    const expired = await ours.signAsync({ sub: user.id, role: 'admin', exp: Math.floor(Date.now() / 1000) - 60 });
    const ghost = await ours.signAsync({ sub: '00000000-0000-4000-8000-000000000000', role: 'admin' });
    const notUuid = await ours.signAsync({ sub: "1' OR '1'='1", role: 'admin' });
    // The control: the same secret and user, not expired, is accepted.
    const valid = await ours.signAsync({ sub: user.id, role: 'admin' });
    expect((await get(`Bearer ${valid}`)).status).toBe(200);
    for (const token of [forged, expired, ghost, notUuid]) {
      const res = await get(`Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('deactivated users', () => {
  it('cannot log in, and a token issued before deactivation stops working at once', async () => {
    const user = await insertUser(t.dataSource, district, 'staff', { username: 'auth-leaver' });
    const token = await login('auth-leaver');
    expect((await t.http().get('/api/v1/auth/me').set('authorization', token)).status).toBe(200);

    const admin = await login('auth-admin');
    const patched = await t.http().patch(`/api/v1/users/${user.id}`).set('authorization', admin).send({ version: user.version, active: false });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);

    const me = await t.http().get('/api/v1/auth/me').set('authorization', token);
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    const again = await loginRequest('auth-leaver', TEST_PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('a user deactivated directly in the database cannot log in', async () => {
    await insertUser(t.dataSource, district, 'manager', { username: 'auth-inactive', active: false });
    const res = await loginRequest('auth-inactive', TEST_PASSWORD);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });
});

describe('login rate limit (LOGIN_RATE_LIMIT=3)', () => {
  const limitedLogin = (username: string, password: string, forwardedFor?: string) => {
    const req = request(limited.getHttpServer()).post('/api/v1/auth/login');
    return (forwardedFor ? req.set('x-forwarded-for', forwardedFor) : req).send({ username, password });
  };

  it('answers 429 to the 4th attempt from one client in a minute, even with the right password', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await limitedLogin('auth-staff', 'wrong-password')).status).toBe(401);
    }
    const limitedRes = await limitedLogin('auth-staff', TEST_PASSWORD);
    expect(limitedRes.status).toBe(429);
    expect(limitedRes.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(limitedRes.body.accessToken).toBeUndefined();
  });

  it('does not limit routes other than login', async () => {
    const token = await login('auth-viewer');
    for (let i = 0; i < 6; i++) {
      expect((await request(limited.getHttpServer()).get('/api/v1/auth/me').set('authorization', token)).status).toBe(200);
    }
  });

  // X-Forwarded-For is trusted only with TRUST_PROXY=true (behind a proxy you run): a client that invents a
  // new one per attempt is still limited by its real address.
  it('a client cannot escape the limit by changing X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) statuses.push((await limitedLogin('auth-manager', 'wrong-password', `198.51.100.${i}`)).status);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});

describe('users admin', () => {
  let admin: string;
  const roleTokens: Record<string, string> = {};
  beforeAll(async () => {
    admin = await login('auth-root-admin');
    for (const role of ['staff', 'manager', 'director', 'viewer']) roleTokens[role] = await login(`auth-${role}`);
  });

  it.each(['staff', 'manager', 'director', 'viewer'] as const)('%s gets 403 on every users route', async (role) => {
    const token = roleTokens[role];
    const target = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ username: 'auth-staff' });
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM app_user');
    const responses = [
      await t.http().get('/api/v1/users').set('authorization', token),
      await t.http().post('/api/v1/users').set('authorization', token)
        .send({ username: `sneaky-${role}`, displayName: 'x', password: 'long-enough-1', role: 'admin', unitId: city.id }),
      await t.http().patch(`/api/v1/users/${target.id}`).set('authorization', token).send({ version: target.version, role: 'admin' }),
    ];
    for (const res of responses) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM app_user')).toEqual(before);
    expect((await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id })).role).toBe('staff');
  });

  it('admin lists users', async () => {
    const res = await t.http().get('/api/v1/users').set('authorization', admin);
    expect(res.status).toBe(200);
    const names = res.body.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(ROLE_LIST.map((r) => `auth-${r}`)));
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);
  });

  it('admin creates a user who can then log in; the audit log records it without the password', async () => {
    const res = await t.http().post('/api/v1/users').set('authorization', admin).send({
      username: 'new.planner', displayName: '新专员', password: 'planner-pass-1', role: 'staff', unitId: district.id, email: 'planner@example.cn',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'new.planner', displayName: '新专员', role: 'staff', unitId: district.id, email: 'planner@example.cn', version: 1, active: true });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);

    const token = await login('new.planner', 'planner-pass-1');
    const me = await t.http().get('/api/v1/auth/me').set('authorization', token);
    expect(me.body).toMatchObject({ username: 'new.planner', role: 'staff', unit: { id: district.id } });

    const audit = await t.dataSource.query(`SELECT action, before, after FROM audit_log WHERE entity = 'user' AND entity_id = $1`, [res.body.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', before: null, after: { username: 'new.planner', role: 'staff' } });
    expect(JSON.stringify(audit[0])).not.toMatch(/planner-pass-1|argon2|passwordHash/);
  });

  it('admin updates a user: version increments, a stale version answers 409 and changes nothing', async () => {
    const user = await insertUser(t.dataSource, district, 'staff', { username: 'auth-promote' });
    expect(user.version).toBe(1);
    const ok = await t.http().patch(`/api/v1/users/${user.id}`).set('authorization', admin).send({ version: 1, role: 'manager', displayName: '升任科长' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: user.id, role: 'manager', displayName: '升任科长', version: 2 });

    const stale = await t.http().patch(`/api/v1/users/${user.id}`).set('authorization', admin).send({ version: 1, role: 'viewer' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const row = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: user.id });
    expect(row).toMatchObject({ role: 'manager', version: 2 });

    const audit = await t.dataSource.query(`SELECT before, after FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY id`, [user.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toMatchObject({ role: 'staff', version: 1 });
    expect(audit[0].after).toMatchObject({ role: 'manager', version: 2 });
  });

  it('admin changes a password: the old one stops working, the new one works', async () => {
    const user = await insertUser(t.dataSource, district, 'staff', { username: 'auth-repass' });
    const res = await t.http().patch(`/api/v1/users/${user.id}`).set('authorization', admin).send({ version: 1, password: 'brand-new-pass' });
    expect(res.status).toBe(200);
    expect((await loginRequest('auth-repass', TEST_PASSWORD)).status).toBe(401);
    expect((await loginRequest('auth-repass', 'brand-new-pass')).status).toBe(200);
  });

  it('refuses a duplicate username with 409 DUPLICATE', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM app_user');
    const res = await t.http().post('/api/v1/users').set('authorization', admin).send({
      username: 'auth-staff', displayName: '重名', password: 'long-enough-1', role: 'staff', unitId: district.id,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DUPLICATE');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM app_user')).toEqual(before);
  });

  it('refuses bad fields with 400 listing each of them', async () => {
    const res = await t.http().post('/api/v1/users').set('authorization', admin).send({
      username: 'Bad Name!', displayName: '', password: 'short', role: 'superuser', unitId: 'not-a-uuid', email: 'nope',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['displayName', 'email', 'password', 'role', 'unitId', 'username']);
  });

  it('refuses an update with a missing version, a wrong type or an unknown field', async () => {
    const user = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ username: 'auth-viewer' });
    for (const body of [{ role: 'admin' }, { version: '1', role: 'admin' }, { version: 1, active: 'no' }, { version: 1, isSuperuser: true }]) {
      const res = await t.http().patch(`/api/v1/users/${user.id}`).set('authorization', admin).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: user.id })).role).toBe('viewer');
  });

  it('answers 404 for an unknown user and 422 for a unit that does not exist', async () => {
    const missing = await t.http().patch('/api/v1/users/00000000-0000-4000-8000-000000000000').set('authorization', admin).send({ version: 1, displayName: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const badUnit = await t.http().post('/api/v1/users').set('authorization', admin).send({
      username: 'orphan', displayName: '无单位', password: 'long-enough-1', role: 'staff', unitId: '00000000-0000-4000-8000-000000000000',
    });
    expect(badUnit.status).toBe(422);
    expect(badUnit.body.code).toBe('INVALID_REFERENCE');
  });

  it('a role change takes effect on the next request without a new login', async () => {
    const user = await insertUser(t.dataSource, district, 'admin', { username: 'auth-demoted' });
    const token = await login('auth-demoted');
    expect((await t.http().get('/api/v1/users').set('authorization', token)).status).toBe(200);
    const res = await t.http().patch(`/api/v1/users/${user.id}`).set('authorization', admin).send({ version: 1, role: 'viewer' });
    expect(res.status).toBe(200);
    expect((await t.http().get('/api/v1/users').set('authorization', token)).status).toBe(403);
  });
});
