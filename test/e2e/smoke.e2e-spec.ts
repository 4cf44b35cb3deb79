import { insertUnit } from '../factories/unit.factory.js';
import { insertUser } from '../factories/user.factory.js';
import { buildProjectBody } from '../factories/project.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(async () => t?.close());

it('boots, logs in and creates a project', async () => {
  const city = await insertUnit(t.dataSource);
  await insertUser(t.dataSource, city, 'admin', { username: 'smoke-admin' });
  const auth = await t.login('smoke-admin');
  const res = await t.http().post('/api/v1/projects').set('authorization', auth).send(buildProjectBody(city));
  expect(res.status).toBe(201);
  expect(res.body.version).toBe(1);
  const list = await t.http().get('/api/v1/projects').set('authorization', auth);
  expect(list.status).toBe(200);
  expect(list.body.total).toBe(1);
});
