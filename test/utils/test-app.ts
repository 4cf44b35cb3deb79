import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadAppConfig, type AppConfig } from '#config';
import { dataSourceOptions } from '#persistence';
import { createApiApp } from '../../apps/api/src/app.factory.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** A direct connection to the same database, for factories and assertions. */
  dataSource: DataSource;
  db: TestDatabase;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Logs in and returns an `Authorization` header value. */
  login: (username: string, password?: string) => Promise<string>;
  close: () => Promise<void>;
}

export const TEST_PASSWORD = 'test-password-123';

/**
 * Boots the real API (Fastify, validation, filters, guards) on a fresh database cloned from the migrated
 * template, with real Redis from REDIS_URL. Call `close()` in afterAll.
 */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadAppConfig({ ...process.env, DATABASE_URL: db.url, LOGIN_RATE_LIMIT: '1000', ...overrides });
  const app = await createApiApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = new DataSource(dataSourceOptions(db.url, 2));
  await dataSource.initialize();
  const http = () => request(app.getHttpServer());
  return {
    app,
    dataSource,
    db,
    config,
    http,
    login: async (username, password = TEST_PASSWORD) => {
      const res = await http().post('/api/v1/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return `Bearer ${res.body.accessToken}`;
    },
    close: async () => {
      await app.close();
      await dataSource.destroy();
      await db.drop();
    },
  };
}
