import os from 'node:os';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { runMigrations } from '#persistence';

/**
 * Shared plumbing of the deadline benchmarks (sweep, reevaluate, latency): settings from the environment,
 * the dedicated bench database, timing and summary helpers, and the machine description printed first.
 */

export const DEADLINES_DATABASE = 'luodi_bench_deadlines';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432';

/** The instant every sweep/reevaluate measurement runs "at": 00:05 in Asia/Shanghai, just after the day's thresholds flipped. */
export const DEFAULT_BENCH_NOW = '2026-11-20T00:05:00+08:00';

export function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** `--name=value` or `--name value` from the suite's arguments. */
export function argValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

export function intArg(args: string[], name: string, env: string, fallback: number, min: number, max: number): number {
  const raw = argValue(args, name);
  if (raw === undefined) return intEnv(env, fallback, min, max);
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

/** Only this machine: a stray variable must never point generated rows at a shared server. */
function assertLocal(url: URL): void {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at this machine (127.0.0.1 or localhost), not ${url.hostname}`);
  }
}

/**
 * URL of a bench database on the server of BENCH_DATABASE_URL (default 127.0.0.1:5432): the database name is
 * always `name` (these suites own their databases, whatever database BENCH_DATABASE_URL names).
 */
export function benchUrl(name: string = DEADLINES_DATABASE): string {
  const url = new URL(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL);
  assertLocal(url);
  url.pathname = `/${name}`;
  return url.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function adminQuery<T>(url: string, fn: (c: pg.Client, database: string) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  const database = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000, application_name: 'luodi-bench-admin' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client, database);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database when missing, then applies the migrations. */
export async function ensureDatabase(url: string): Promise<{ created: boolean; migrations: string[] }> {
  const created = await adminQuery(url, async (c, database) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return false;
    await c.query(`CREATE DATABASE ${ident(database)}`);
    return true;
  });
  return { created, migrations: await runMigrations(url) };
}

/** Drops (if present) and recreates the database, then migrates it. */
export async function recreateDatabase(url: string): Promise<string[]> {
  await adminQuery(url, async (c, database) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(database)}`);
  });
  return runMigrations(url);
}

export async function dropDatabase(url: string): Promise<void> {
  await adminQuery(url, async (c, database) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
  });
}

export function newPool(url: string, max = 4, applicationName = 'luodi-bench-deadlines'): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: applicationName });
  pool.on('error', () => undefined);
  return pool;
}

// ------------------------------------------------------------------------------------------------
// Timing and summaries

export const now = () => performance.now();

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Nearest-rank percentile (p in 0–100) of the values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const fmtMs = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
export const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** A plain-text table, first column left-aligned, the others right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c + ' '.repeat(widths[i] - width(c)) : ' '.repeat(widths[i] - width(c)) + c))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

// ------------------------------------------------------------------------------------------------
// Machine

async function cpuSample(): Promise<{ busy: number; total: number } | null> {
  try {
    const [, ...fields] = (await readFile('/proc/stat', 'utf8')).split('\n')[0].trim().split(/\s+/);
    const v = fields.map(Number);
    const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
    return { busy: total - v[3] - v[4], total };
  } catch {
    return null;
  }
}

/** CPUs' worth of work the whole machine did over `ms` (other sessions included); null without /proc. */
export async function busyCpus(ms = 1000): Promise<number | null> {
  const a = await cpuSample();
  await new Promise((r) => setTimeout(r, ms));
  const b = await cpuSample();
  if (!a || !b || b.total === a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length;
}

/** One paragraph about where this ran, printed at the top of every suite. */
export async function describeMachine(pool: pg.Pool): Promise<string[]> {
  const cpus = os.cpus();
  const { rows } = await pool.query<{ v: string; sb: string; wm: string; sc: string; mw: string }>(
    `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb, current_setting('work_mem') AS wm,
            current_setting('synchronous_commit') AS sc, current_setting('max_wal_size') AS mw`,
  );
  const r = rows[0];
  const busy = await busyCpus(1000);
  return [
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`,
    `         load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}; ${busy === null ? '?' : busy.toFixed(2)} of ${cpus.length} CPUs busy in the second before the run (shared machine)`,
    `postgres: ${r.v} on 127.0.0.1 (shared_buffers ${r.sb}, work_mem ${r.wm}, synchronous_commit ${r.sc}, max_wal_size ${r.mw})`,
  ];
}

/** Business date (Asia/Shanghai) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function log(line = ''): void {
  console.log(line);
}
