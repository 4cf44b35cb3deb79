import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { ConfigModule, loadAppConfig } from '#config';
import { JOB_QUEUE, JobName, jobOptionsFor, type JobItem } from '#jobs';
import { MailSenders, NotificationsModule, digestWeekAt, formatIsoWeek } from '#notifications';
import { PersistenceModule } from '#persistence';
import { benchDatabaseUrl, prepareBenchDatabase } from './lib/bench-db.js';
import { ensureProjectDataset } from './lib/project-dataset.js';

/**
 * DESIGN §7, weekly digest: 10,000 recipients over BENCH_PROJECTS projects (default 1,000,000), sent by a real
 * worker process (dist/apps/worker/src/main.js, forked) through the real `digest.fan-out` and `digest.send` jobs
 * into a local SMTP sink (smtp-server on 127.0.0.1: accepts and counts, stores nothing). Prints the total time
 * from enqueueing the fan-out to the last message accepted, messages per second, the worker's peak RSS (VmHWM,
 * plus 100 ms samples of VmRSS), and the ratio against rendering the same 10,000 digests alone (MailSenders
 * .previewDigest in this process, MAIL_CONCURRENCY at a time, no claim and no SMTP). Targets: ≤ 120 s, ≤ 400 MB.
 *
 * Database: `luodi_bench_digest` (BENCH_DATABASE_URL's server), generated with bench/lib/project-dataset.ts and
 * reused by later runs at the same size. Options: --recipients N (10,000), --concurrency N (MAIL_CONCURRENCY, 8).
 */
export const TARGET_SECONDS = 120;
export const TARGET_RSS_MB = 400;
const DATABASE = 'luodi_bench_digest';

const log = (line: string) => console.log(`[digest] ${line}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function argInt(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer`);
  return v;
}

function procStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** 10,000 digest recipients spread over every unit (round robin), mostly staff and managers, 1 in 50 a director. */
async function ensureRecipients(pool: pg.Pool, n: number): Promise<{ units: number; scopes: number }> {
  // Only the bench recipients get digests in this database.
  await pool.query(`UPDATE app_user SET digest_enabled = false WHERE username NOT LIKE 'digest-bench-%' AND digest_enabled`);
  const { rows: hash } = await pool.query<{ password_hash: string }>(`SELECT password_hash FROM app_user WHERE password_hash IS NOT NULL LIMIT 1`);
  await pool.query(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY path) - 1 AS i, count(*) OVER () AS n FROM unit)
     INSERT INTO app_user (username, display_name, email, password_hash, role, unit_id, locale)
     SELECT format('digest-bench-%s', lpad(g::text, 5, '0')), format('周报收件人%s', g), format('digest-bench-%s@bench.luodi.local', g), $2,
            CASE WHEN g % 50 = 0 THEN 'director' WHEN g % 3 = 0 THEN 'manager' ELSE 'staff' END,
            (SELECT id FROM u WHERE u.i = g % u.n), CASE WHEN g % 10 = 0 THEN 'en' ELSE 'zh-CN' END
       FROM generate_series(1, $1::int) g
     ON CONFLICT (username) DO NOTHING`,
    [n, hash[0]?.password_hash ?? 'x'],
  );
  await pool.query(`UPDATE app_user SET active = true, digest_enabled = (substring(username from 14)::int <= $1) WHERE username LIKE 'digest-bench-%'`, [n]);
  const { rows } = await pool.query<{ units: number; scopes: number }>(
    `SELECT count(DISTINCT u.unit_id)::int AS units,
            count(DISTINCT CASE WHEN u.role IN ('director','admin') THEN '*' ELSE un.path END)::int AS scopes
       FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.digest_enabled AND u.username LIKE 'digest-bench-%'`,
  );
  return rows[0];
}

async function startSink(): Promise<{ port: number; count: () => number; bytes: () => number; close: () => Promise<void> }> {
  let count = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, count: () => count, bytes: () => bytes, close: () => new Promise((r) => server.close(() => r())) };
}

/** Renders every recipient's digest in this process (no claim, no SMTP), `concurrency` at a time. */
async function renderAlone(env: NodeJS.ProcessEnv, userIds: string[], week: string, concurrency: number): Promise<{ ms: number; bytes: number }> {
  const config = loadAppConfig({ ...env, LOG_LEVEL: 'warn' });
  @Module({ imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(), NotificationsModule] })
  class RenderModule {}
  const app = await NestFactory.createApplicationContext(RenderModule, { logger: ['error', 'warn'] });
  try {
    const senders = app.get(MailSenders);
    let next = 0;
    let bytes = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < userIds.length) {
          const mail = await senders.previewDigest(userIds[next++], week);
          bytes += (mail?.html.length ?? 0) + (mail?.text.length ?? 0);
        }
      }),
    );
    return { ms: performance.now() - started, bytes };
  } finally {
    await app.close();
  }
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const entry = fileURLToPath(new URL('../apps/worker/src/main.js', import.meta.url));
  const child = fork(entry, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Luodi worker running')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => {
      const s = b.toString();
      if (/error|fail/i.test(s)) process.stderr.write(`[worker] ${s}`);
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${out.slice(-2000)}`)));
  });
}

export async function runDigestBench(args: string[]): Promise<number> {
  const projects = Number(process.env.BENCH_PROJECTS ?? 1_000_000);
  const recipients = argInt(args, '--recipients', 10_000);
  const concurrency = argInt(args, '--concurrency', Number(process.env.MAIL_CONCURRENCY ?? 8));
  const timeoutSeconds = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 900);
  const url = new URL(benchDatabaseUrl());
  url.pathname = `/${DATABASE}`;
  const dbUrl = url.toString();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!/^redis:\/\/(127\.0\.0\.1|localhost)[:/]/.test(redisUrl + '/')) throw new Error(`REDIS_URL must point at this machine, not ${redisUrl}`);
  const prefix = `bench-digest-${process.pid}`;

  log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`);
  const prep = await prepareBenchDatabase(dbUrl);
  log(`database ${DATABASE}: ${prep.created ? 'created' : 'exists'}${prep.migrations.length ? `, migrated ${prep.migrations.join(', ')}` : ''}`);
  const dataset = await ensureProjectDataset(dbUrl, projects, log);
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2, application_name: 'luodi-bench-digest' });
  const sink = await startSink();
  let worker: ChildProcess | null = null;
  let queue: Queue | null = null;
  try {
    const { units, scopes } = await ensureRecipients(pool, recipients);
    const week = formatIsoWeek(digestWeekAt(new Date(), 'Asia/Shanghai'));
    const { rows: ids } = await pool.query<{ id: string }>(`SELECT id FROM app_user WHERE username LIKE 'digest-bench-%' AND digest_enabled ORDER BY id`);
    log(`${ids.length.toLocaleString('en-US')} recipients over ${units} units (${scopes} distinct scopes), ${projects.toLocaleString('en-US')} projects, week ${week}`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: dbUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      SMTP_FROM: '落地 <luodi@bench.luodi.local>',
      MAIL_CONCURRENCY: String(concurrency),
      LOG_LEVEL: 'warn',
    };

    // 1. Rendering alone: the same digests, built and rendered, nothing claimed or sent.
    const render = await renderAlone(env, ids.map((r) => r.id), week, concurrency);
    log(`render alone: ${(render.ms / 1000).toFixed(1)} s (${(ids.length / (render.ms / 1000)).toFixed(0)} digests/s, ${mb(render.bytes)} of HTML + text)`);

    // 2. The real path: a worker process, the fan-out job, one digest.send per recipient, SMTP into the sink.
    await pool.query(`DELETE FROM digest_delivery WHERE iso_week = $1`, [week]);
    worker = await startWorker(env);
    const pid = worker.pid!;
    let peakSample = 0;
    const sampler = setInterval(() => (peakSample = Math.max(peakSample, procStatus(pid)?.rss ?? 0)), 100);
    const idle = procStatus(pid);
    queue = new Queue(JOB_QUEUE[JobName.DigestFanOut], { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix });
    const item: JobItem = { name: JobName.DigestFanOut, data: { week, trigger: 'manual' } };
    const started = performance.now();
    await queue.add(item.name, item.data, jobOptionsFor(item));
    const deadline = started + timeoutSeconds * 1000;
    let firstAt = 0;
    while (sink.count() < ids.length && performance.now() < deadline) {
      if (!firstAt && sink.count() > 0) firstAt = performance.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    const totalMs = performance.now() - started;
    clearInterval(sampler);
    const final = procStatus(pid);
    const { rows: ledger } = await pool.query<{ status: string; n: number }>(
      `SELECT d.status, count(*)::int AS n FROM digest_delivery d JOIN app_user u ON u.id = d.user_id
        WHERE d.iso_week = $1 AND u.username LIKE 'digest-bench-%' GROUP BY 1 ORDER BY 1`,
      [week],
    );
    const peak = Math.max(peakSample, final?.hwm ?? 0);
    const sent = sink.count();
    const seconds = totalMs / 1000;
    const ok = sent === ids.length;

    console.log('');
    console.log(`Digest benchmark — ${ids.length.toLocaleString('en-US')} recipients, ${projects.toLocaleString('en-US')} projects${dataset.reused ? ' (data set reused)' : ''}`);
    console.log(`  machine:              ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; 1 worker process, MAIL_CONCURRENCY=${concurrency}`);
    console.log(`  messages accepted:    ${sent.toLocaleString('en-US')} / ${ids.length.toLocaleString('en-US')} (${mb(sink.bytes())} of MIME)${ok ? '' : ` — TIMED OUT after ${timeoutSeconds} s`}`);
    console.log(`  ledger:               ${ledger.map((l) => `${l.status} ${l.n}`).join(', ') || '(empty)'}`);
    console.log(`  total time:           ${seconds.toFixed(1)} s (fan-out enqueued → last message accepted; first after ${firstAt ? ((firstAt - started) / 1000).toFixed(1) : '-'} s)   target ≤ ${TARGET_SECONDS} s: ${seconds <= TARGET_SECONDS && ok ? 'met' : 'MISSED'}`);
    console.log(`  throughput:           ${(sent / seconds).toFixed(0)} messages/s`);
    console.log(`  worker RSS:           peak ${mb(peak)} (idle ${mb(idle?.rss ?? 0)}, at end ${mb(final?.rss ?? 0)})   target ≤ ${TARGET_RSS_MB} MB: ${peak <= TARGET_RSS_MB * 1024 * 1024 ? 'met' : 'MISSED'}`);
    console.log(`  render alone:         ${(render.ms / 1000).toFixed(1)} s (${(ids.length / (render.ms / 1000)).toFixed(0)} digests/s, same concurrency, in the bench process)`);
    console.log(`  send / render ratio:  ${(totalMs / render.ms).toFixed(2)}×`);
    console.log('');
    return ok && seconds <= TARGET_SECONDS && peak <= TARGET_RSS_MB * 1024 * 1024 ? 0 : 1;
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    if (queue) {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close().catch(() => undefined);
    }
    // Every key the worker's queues and schedulers left under this run's prefix.
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    await sink.close();
    await pool.end();
  }
}
