/**
 * Liveness, readiness (PostgreSQL and Redis), Prometheus metrics and the OpenAPI document. A second app
 * on the same database (no second clone) points at a closed Redis port to prove readiness fails alone.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadAppConfig } from '#config';
import { createApiApp } from '../../apps/api/src/app.factory.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

let t: TestApp;
let noRedis: NestFastifyApplication;

beforeAll(async () => {
  t = await createTestApp();
  // Same database, Redis on a port where nothing listens.
  noRedis = await createApiApp(loadAppConfig({ ...process.env, DATABASE_URL: t.db.url, REDIS_URL: 'redis://127.0.0.1:1' }));
  await noRedis.init();
  await noRedis.getHttpAdapter().getInstance().ready();
}, 60_000);
afterAll(async () => {
  await noRedis?.close();
  await t?.close();
});

describe('health', () => {
  it('GET /health answers 200 without a token', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with PostgreSQL and Redis up', async () => {
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('GET /health/ready answers 503 when Redis is down, still reporting PostgreSQL up', async () => {
    const res = await request(noRedis.getHttpServer()).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'NOT_READY',
      details: { status: 'unavailable', checks: { postgres: { status: 'up' }, redis: { status: 'down', error: expect.any(String) } } },
    });
    // Liveness does not depend on Redis.
    expect((await request(noRedis.getHttpServer()).get('/health')).status).toBe(200);
  });

  it('the health routes live outside /api/v1', async () => {
    expect((await t.http().get('/api/v1/health')).status).toBe(404);
  });
});

describe('metrics', () => {
  it('GET /metrics exposes luodi_http_request_duration_seconds labelled by route pattern, not raw URL', async () => {
    // One request with an id in the path, so its route label can be checked.
    await t.http().get('/api/v1/projects/5b0c4f52-6a43-4a1f-9d8e-3c2f1d0e9b7a');
    await t.http().get('/no-such-route-7f3a9c');
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE luodi_http_request_duration_seconds histogram');
    expect(res.text).toMatch(/luodi_http_request_duration_seconds_count\{[^}]*route="\/health"[^}]*\} \d+/);
    expect(res.text).toMatch(/route="\/api\/v1\/projects\/:id"/);
    expect(res.text).not.toContain('5b0c4f52-6a43-4a1f-9d8e-3c2f1d0e9b7a');
    expect(res.text).not.toContain('no-such-route-7f3a9c');
    expect(res.text).toMatch(/^luodi_process_cpu_user_seconds_total /m);
  });
});

describe('OpenAPI', () => {
  it('GET /api/docs/openapi.json lists the project routes', async () => {
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/projects',
        '/api/v1/projects/{id}',
        '/api/v1/projects/{id}/stage-transitions',
        '/api/v1/projects/{id}/history',
        '/api/v1/auth/login',
      ]),
    );
    expect(Object.keys(res.body.paths['/api/v1/projects'])).toEqual(expect.arrayContaining(['get', 'post']));
  });

  it('GET /api/docs serves the Swagger UI', async () => {
    const res = await t.http().get('/api/docs').redirects(2);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger/i);
  });
});
