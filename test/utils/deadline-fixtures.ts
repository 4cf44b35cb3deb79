/**
 * Helpers for the deadline / alert / worker tests (test/e2e/{alerts,deadlines,worker}-*.e2e-spec.ts and the
 * evaluator's integration spec): rule and calendar rows written with plain SQL, an in-process worker, Redis
 * clean-up by queue prefix, polling, and an independent working-day count (not libs/domain, so that a wrong
 * calendar in the app cannot hide behind the same helper).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '#config';
import { DeadlineEvaluator } from '../../apps/worker/src/deadlines/deadline-evaluator.service.js';
import { createWorker } from '../../apps/worker/src/main.js';

/** A queue prefix of its own for one test file, so files never share BullMQ queues. */
export const newQueuePrefix = () => `luodi-test-${randomUUID()}`;

export interface RuleDef {
  code: string;
  name: string;
  kind: 'SERVICE_TARGET' | 'PLAN_DATE' | 'STALE_UPDATE' | 'HOLD_REVIEW';
  fromStage?: string | null;
  toStage?: string | null;
  duration: { value: number; unit: 'calendar_days' | 'working_days' | 'months' };
  warn: { percent: number } | { daysBefore: number };
  escalateAfterDays: number;
  filter: Record<string, unknown>;
  active: boolean;
}

/** A service target with explicit numbers (80 % warning and 30 days to escalation unless told otherwise). */
export function serviceTarget(code: string, fromStage: string, toStage: string, value: number, o: Partial<RuleDef> = {}): RuleDef {
  return {
    code,
    name: `${code} (test)`,
    kind: 'SERVICE_TARGET',
    fromStage,
    toStage,
    duration: { value, unit: 'calendar_days' },
    warn: { percent: 80 },
    escalateAfterDays: 30,
    filter: {},
    active: true,
    ...o,
  };
}

/** Inserts rules (version 1, with their version row) directly; returns id by code. */
export async function insertRules(ds: DataSource, defs: RuleDef[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const def of defs) {
    const [row] = await ds.query(
      `INSERT INTO service_target_rule (code, version, kind, definition, active, is_default) VALUES ($1, 1, $2, $3::jsonb, $4, false) RETURNING id`,
      [def.code, def.kind, JSON.stringify(def), def.active],
    );
    await ds.query(`INSERT INTO service_target_rule_version (rule_id, version, definition) VALUES ($1, 1, $2::jsonb)`, [row.id, JSON.stringify(def)]);
    ids[def.code] = row.id;
  }
  return ids;
}

export interface SeedCalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  source?: string;
}

const seedCalendarDir = fileURLToPath(new URL('../../seeds/calendar/', import.meta.url));

/** The shipped calendar files (seeds/calendar/<year>.json). */
export function readSeedCalendars(): SeedCalendarYear[] {
  return readdirSync(seedCalendarDir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(`${seedCalendarDir}${f}`, 'utf8')) as SeedCalendarYear);
}

/** Loads the shipped calendar years into calendar_year (version 1). */
export async function insertSeedCalendars(ds: DataSource): Promise<SeedCalendarYear[]> {
  const years = readSeedCalendars();
  for (const y of years) {
    await ds.query(`INSERT INTO calendar_year (year, holidays, workdays, source) VALUES ($1, $2::jsonb, $3::jsonb, $4)`, [
      y.year,
      JSON.stringify(y.holidays),
      JSON.stringify(y.workdays),
      y.source ?? null,
    ]);
  }
  return years;
}

/**
 * Working days, written independently of libs/domain: Monday–Friday, minus listed holidays, plus listed
 * make-up workdays; a year without data counts weekends only.
 */
export class TestCalendar {
  private readonly off = new Set<string>();
  private readonly on = new Set<string>();
  constructor(years: { holidays: readonly string[]; workdays: readonly string[] }[]) {
    for (const y of years) {
      y.holidays.forEach((d) => this.off.add(d));
      y.workdays.forEach((d) => this.on.add(d));
    }
  }
  isWorkingDay(date: string): boolean {
    if (this.on.has(date)) return true;
    if (this.off.has(date)) return false;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }
  /** The n-th working day after `date` (date itself not counted); a negative n counts backwards. */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      d = shiftDate(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }
  /** Working days d with from <= d < to. */
  workingDaysIn(from: string, to: string): number {
    let n = 0;
    for (let d = from; d < to; d = shiftDate(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }
}

/** A YYYY-MM-DD date `days` later (earlier when negative). */
export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface TestWorker {
  app: INestApplicationContext;
  evaluator: DeadlineEvaluator;
  close: () => Promise<void>;
}

/** Boots the real worker (BullMQ workers, the sweep scheduler, one sweep at boot) in this process. */
export async function startWorker(config: AppConfig): Promise<TestWorker> {
  const app = await createWorker(config);
  let closed = false;
  return {
    app,
    evaluator: app.get(DeadlineEvaluator),
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** Keys of one queue prefix (`<prefix>:*`). */
export async function redisKeys(url: string, prefix: string): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key of one queue prefix (never FLUSHALL: other test files share the server). Returns how many. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  if (!/^luodi-test-/.test(prefix)) throw new Error(`refusing to delete keys of non-test prefix ${prefix}`);
  const keys = await redisKeys(url, prefix);
  if (!keys.length) return 0;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

/**
 * Polls `read` every `interval` ms until `done(value)` holds, or throws after `timeout` ms with the last value
 * (so a failure shows what was there instead).
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeout = 10_000, interval = 100, what = 'condition' }: { timeout?: number; interval?: number; what?: string } = {},
): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - start > timeout) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Runs every clean-up step even when one fails (so Redis keys and databases are not left behind), then throws the first error. */
export async function cleanUp(...steps: (() => Promise<unknown> | undefined)[]): Promise<void> {
  let first: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}

/** The instant `days` days after `now` (for DeadlineEvaluator calls with an explicit clock). */
export const daysAfter = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000);
