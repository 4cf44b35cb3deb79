import { mkdirSync } from 'node:fs';
import { loadAppConfig } from '#config';
import { runMigrations } from '#persistence';
import { DEMO_PASSWORD, DEMO_USERS, seedReferenceData } from '#persistence/seeding';
import { digestWeekAt, formatIsoWeek } from '#notifications';
import { createApiApp } from '../../../api/src/app.factory.js';
import { DigestFanOut } from '../../../worker/src/digest/digest-fan-out.service.js';
import { DeadlineEvaluator } from '../../../worker/src/deadlines/deadline-evaluator.service.js';
import { createWorker } from '../../../worker/src/main.js';
import { ensureDatabase } from '../runtime/embedded-postgres.js';
import { ensureRedis } from '../runtime/redis-runtime.js';
import { withDataSource } from './db.js';

/**
 * `npm start`: the whole product on one machine with nothing installed but Node.js. Finds or starts
 * PostgreSQL and Redis, migrates, seeds (idempotently, with demo users), then runs the API and the
 * worker in this process and prints the URL and logins.
 */
export async function startCommand(): Promise<void> {
  const log = (msg: string) => console.log(`[luodi] ${msg}`);
  const dataDir = process.env.DATA_DIR || '.data';
  mkdirSync(dataDir, { recursive: true });

  const db = await ensureDatabase({ dataDir, log });
  const redis = await ensureRedis({ dataDir, log });
  process.env.DATABASE_URL = db.url;
  process.env.REDIS_URL = redis.url;
  const stopServices = async () => {
    await redis.stop().catch(() => undefined);
    await db.stop().catch(() => undefined);
  };

  try {
    // Links in the demo's emails point at this server unless APP_BASE_URL says otherwise.
    if (!process.env.APP_BASE_URL) process.env.APP_BASE_URL = `http://localhost:${loadAppConfig().http.port}`;
    const config = loadAppConfig();
    const ran = await runMigrations(config.db.url);
    log(ran.length ? `migrated: ${ran.join(', ')}` : 'schema up to date');
    const summary = await withDataSource(config.db.url, (ds) => seedReferenceData(ds, { demoUsers: true }));
    log(
      `seeded: ${summary.units} units, ${summary.clusters} clusters/chains, ${summary.lists} lists, ` +
        `${summary.projectsCreated} report projects added (${summary.projectsKept} already there), ${summary.demoUsersCreated} demo users added`,
    );

    const url = `http://localhost:${config.http.port}`;
    const worker = await createWorker(config);
    // Bring every clock and alert up to date before anything reads them (newly seeded projects are marked for
    // re-evaluation; the worker would get there within seconds, but the digests below must see the alerts).
    const caughtUp = await worker.get(DeadlineEvaluator).sweep();
    log(`deadlines: ${caughtUp.projects} projects evaluated, ${caughtUp.alertsRaised} alerts opened or raised, ${caughtUp.alertsResolved} resolved`);
    // The demo outbox shows real digests: queue last week's fan-out now rather than waiting for Monday.
    // Idempotent: send jobs are keyed digest:<userId>:<week> and digest_delivery is unique per user and
    // week, so a second `npm start` adds nothing to the outbox.
    const digestWeek = formatIsoWeek(digestWeekAt(new Date(), config.timeZone));
    let digestLine = `  Digests:    ${digestWeek} could not be queued (see the log); the weekly job will send them`;
    try {
      const r = await worker.get(DigestFanOut).run(digestWeek);
      digestLine = `  Digests:    ${r.week} queued for ${r.recipients} recipients; ${config.mail.smtpUrl ? 'sent over SMTP_URL' : `read them as admin at GET ${url}/api/v1/outbox`}`;
    } catch (e) {
      log(`could not queue the ${digestWeek} digest: ${e instanceof Error ? e.message : String(e)}`);
    }
    const api = await createApiApp(config);
    await api.listen({ port: config.http.port, host: config.http.host });
    const shutdown = async (signal: string) => {
      log(`${signal}: stopping`);
      await api.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await stopServices();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));

    console.log(
      [
        '',
        `  Luodi (落地) is running at ${url}`,
        `  API docs:   ${url}/api/docs`,
        `  Database:   ${db.source === 'embedded' ? `embedded PostgreSQL under ${dataDir}/pg` : 'DATABASE_URL'}`,
        `  Redis:      ${redis.url} (${redis.source})`,
        digestLine,
        '',
        `  Demo logins (password ${DEMO_PASSWORD}):`,
        ...DEMO_USERS.map((u) => `    ${u.username.padEnd(9)} ${u.role.padEnd(9)} ${u.displayName}`),
        '',
        '  Ctrl+C stops everything.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    await stopServices();
    throw error;
  }
}
