import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext } from '@nestjs/common';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '#config';
import { dataSourceOptions } from '#persistence';
import { DEMO_PASSWORD, seedReferenceData } from '#persistence/seeding';
import { createApiApp } from '../../apps/api/src/app.factory.js';
import { createWorker } from '../../apps/worker/src/main.js';
import { DeadlineEvaluator } from '../../apps/worker/src/deadlines/deadline-evaluator.service.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

/** Where the browser tests leave their screenshots (CI keeps the folder as an artifact). */
export const ARTIFACTS = resolve('test-artifacts', 'screenshots');

export interface BrowserApp {
  baseUrl: string;
  /** A direct connection to the app's database, for assertions. */
  dataSource: DataSource;
  browser: Browser;
  /** A fresh browser context (own storage) at the given viewport. */
  newPage: (viewport?: { width: number; height: number }) => Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  /** Logs in through the API and returns a bearer token (for setting up or checking state). */
  token: (username: string) => Promise<string>;
  api: <T = unknown>(token: string, method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
  screenshot: (page: Page, name: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * What `npm start` runs, for a browser: a fresh database with the seeded report projects and demo users,
 * every clock evaluated, the worker running (stage changes re-evaluate within a second) and the API
 * serving the built web app (dist/web) on a free loopback port; plus Debian's Chromium, driven by
 * playwright-core (which starts it with a new, empty profile every time).
 */
export async function startBrowserApp(): Promise<BrowserApp> {
  const db: TestDatabase = await createTestDatabase();
  const config = loadAppConfig({
    ...process.env,
    DATABASE_URL: db.url,
    LOGIN_RATE_LIMIT: '1000',
    QUEUE_PREFIX: `luodi-browser-${randomBytes(4).toString('hex')}`,
    WEB_DIR: resolve('dist', 'web'),
    HOST: '127.0.0.1',
  });
  const dataSource = new DataSource(dataSourceOptions(db.url, 2));
  await dataSource.initialize();
  await seedReferenceData(dataSource, { demoUsers: true });
  let worker: INestApplicationContext | null = null;
  let app: NestFastifyApplication | null = null;
  let browser: Browser | null = null;
  try {
    worker = await createWorker(config);
    await worker.get(DeadlineEvaluator).sweep();
    app = await createApiApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const baseUrl = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    const api: BrowserApp['api'] = async (token, method, path, body) => {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as never };
    };
    const b = browser;
    const w = worker;
    const a = app;
    return {
      baseUrl,
      dataSource,
      browser: b,
      newPage: async (viewport = { width: 1366, height: 768 }) => {
        const context = await b.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        // Generous: CI shares 2 cores between Chromium, the API, the worker and PostgreSQL.
        page.setDefaultTimeout(30_000);
        return { context, page, errors };
      },
      token: async (username) => {
        const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: DEMO_PASSWORD }),
        });
        if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
        return ((await res.json()) as { accessToken: string }).accessToken;
      },
      api,
      screenshot: async (page, name) => {
        const path = join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path, fullPage: false });
        return path;
      },
      close: async () => {
        await b.close().catch(() => undefined);
        await a.close().catch(() => undefined);
        await w.close().catch(() => undefined);
        await dataSource.destroy().catch(() => undefined);
        await db.drop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await db.drop();
    throw error;
  }
}

/** Logs in through the login form, as a person would. */
export async function loginThroughForm(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
