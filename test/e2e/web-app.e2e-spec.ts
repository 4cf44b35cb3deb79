/**
 * The API serving the built web app (apps/api/src/web/web-app.ts): deep links get index.html, but API paths
 * (/api/…, /health, /metrics) that match no route still answer the API's own 404, and nothing outside WEB_DIR
 * is ever served.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../utils/test-app.js';

let t: TestApp;
let outer: string;

beforeAll(async () => {
  outer = mkdtempSync(join(tmpdir(), 'luodi-web-'));
  const web = join(outer, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root">SPA-INDEX</div>');
  writeFileSync(join(web, 'assets', 'app-abc123.js'), 'console.log("app")');
  writeFileSync(join(web, 'favicon.svg'), '<svg/>');
  writeFileSync(join(outer, 'secret.txt'), 'OUTSIDE-WEB-DIR');
  t = await createTestApp({ WEB_DIR: web });
}, 60_000);
afterAll(async () => {
  await t?.close();
  rmSync(outer, { recursive: true, force: true });
});

describe('web app', () => {
  it('serves index.html at / and for deep links, and the hashed assets', async () => {
    for (const path of ['/', '/projects/123', '/alerts?level=OVERDUE', '/apis', '/healthy']) {
      const res = await t.http().get(path);
      expect([path, res.status, res.text]).toEqual([path, 200, expect.stringContaining('SPA-INDEX')]);
    }
    const asset = await t.http().get('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await t.http().get('/favicon.svg')).status).toBe(200);
    // A missing bundle is a 404, not index.html served as JavaScript.
    const missing = await t.http().get('/assets/app-gone.js');
    expect([missing.status, missing.text]).toEqual([404, expect.not.stringContaining('SPA-INDEX')]);
  });

  it('keeps the API 404 for unknown API paths', async () => {
    for (const path of ['/api', '/api/', '/api/v1/nope', '/api/v1/projects/x/y/z', '/health/nope', '/metrics/x', '/api?x=1']) {
      const res = await t.http().get(path);
      expect([path, res.status, res.text]).toEqual([path, 404, expect.not.stringContaining('SPA-INDEX')]);
    }
    expect((await t.http().get('/health')).status).toBe(200);
  });

  it('serves nothing outside WEB_DIR', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await t.http().get(path);
      expect([path, res.text]).toEqual([path, expect.not.stringContaining('OUTSIDE-WEB-DIR')]);
    }
  });
});

describe('web app not built yet', () => {
  it('answers app pages with 503 and how to build, keeps the API, and serves the build once it appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luodi-web-missing-'));
    const web = join(dir, 'web');
    const app = await createTestApp({ WEB_DIR: web });
    try {
      const missing = await app.http().get('/projects/123');
      expect(missing.status).toBe(503);
      expect(missing.text).toContain('npm run build');
      expect((await app.http().get('/health')).status).toBe(200);
      expect((await app.http().get('/api/v1/nothing-here')).status).toBe(404);
      mkdirSync(web, { recursive: true });
      writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root">LATE-BUILD</div>');
      const later = await app.http().get('/projects/123');
      expect(later.status).toBe(200);
      expect(later.text).toContain('LATE-BUILD');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
