#!/usr/bin/env node
// Test harness: finds or starts PostgreSQL and Redis, then runs jest.
//
//   node test/run-tests.mjs [unit|integration|int|e2e|browser|all] [extra jest args...]
//
// The unit tier also runs the web app's Vitest tests (apps/web/src/**/*.test.ts). The browser tier
// builds the web app (vite build → dist/web) and drives Debian's Chromium (/usr/bin/chromium, or
// CHROMIUM_PATH) with playwright-core against the API serving it; without Chromium it fails and says
// how to install it (LUODI_BROWSER_TESTS=skip skips the tier on a machine that cannot have one).
//
// PostgreSQL: TEST_DATABASE_URL when set; else postgres://postgres@127.0.0.1:5432/postgres when it
// answers; else an embedded PostgreSQL under .data/test-pg. Redis: REDIS_URL when set; else
// 127.0.0.1:6379 when it answers; else redis-server from PATH on a free port. Jest gets
// TEST_DATABASE_URL (an admin URL to a maintenance database) and REDIS_URL; test/utils/test-db.ts
// clones a database per test file from it. The unit tier needs neither and starts nothing.
// Whatever this script started it stops again; it exits with jest's exit code.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import {
  LOCAL_POSTGRES_PROBE_URL,
  canConnectPostgres,
  findOrStartRedis,
  redactUrl,
  startEmbeddedPostgres,
} from '../apps/cli/src/runtime/local-services.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TIERS = ['unit', 'integration', 'e2e', 'browser'];
const TIER_ALIASES = { unit: ['unit'], integration: ['integration'], int: ['integration'], e2e: ['e2e'], browser: ['browser'], all: TIERS };
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Clones (luodi_test_<base36 ms>_<hex>) older than this were left by crashed runs: dropped at start. */
const STALE_CLONE_MS = 6 * 60 * 60 * 1000;

const log = (msg) => process.stderr.write(`[run-tests] ${msg}\n`);

/** Splits argv into the tiers to run and the arguments to hand to jest untouched. */
export function parseArgs(argv) {
  const [first, ...rest] = argv;
  if (first !== undefined && Object.hasOwn(TIER_ALIASES, first)) {
    return { tiers: TIER_ALIASES[first], jestArgs: rest };
  }
  return { tiers: TIERS, jestArgs: [...argv] };
}

/**
 * The jest command line (after `node --experimental-vm-modules <jest.js>`). Forwarded arguments come
 * first: `--selectProjects` takes several values and would swallow test path patterns after it.
 */
export function buildJestArgs({ tiers, jestArgs, cpus = availableParallelism() }) {
  const args = [...jestArgs];
  const choosesWorkers = jestArgs.some((a) => /^(-i|--runInBand|-w|--maxWorkers)(=.*)?$/.test(a) || /^-w\d+$/.test(a));
  if (!choosesWorkers) args.push(`--maxWorkers=${Math.max(2, cpus - 1)}`);
  args.push('--selectProjects', ...tiers);
  return args;
}

/** Only the integration and e2e tiers talk to PostgreSQL and Redis. */
export function needsServices(tiers) {
  return tiers.some((tier) => tier !== 'unit');
}

/** True for a clone name made by test/utils/test-db.ts more than maxAgeMs ago. */
export function isStaleClone(name, now = Date.now(), maxAgeMs = STALE_CLONE_MS) {
  const match = /^luodi_test_([0-9a-z]+)_[0-9a-f]{8}$/.exec(name);
  if (!match) return false;
  const created = Number.parseInt(match[1], 36);
  return Number.isFinite(created) && now - created > maxAgeMs;
}

async function findPostgres() {
  if (process.env.TEST_DATABASE_URL) {
    const url = process.env.TEST_DATABASE_URL;
    if (!(await canConnectPostgres(url, 5000))) {
      throw new Error(`TEST_DATABASE_URL=${redactUrl(url)} does not answer. Start that server, fix the URL, or unset it.`);
    }
    log(`PostgreSQL: TEST_DATABASE_URL (${redactUrl(url)})`);
    return { url, stop: async () => undefined };
  }
  if (await canConnectPostgres(LOCAL_POSTGRES_PROBE_URL, 1500)) {
    log(`PostgreSQL: ${LOCAL_POSTGRES_PROBE_URL}`);
    return { url: LOCAL_POSTGRES_PROBE_URL, stop: async () => undefined };
  }
  const base = join(ROOT, '.data', 'test-pg');
  const options = { dir: join(base, 'pg'), stateFile: join(base, 'pg.json'), fast: true, log };
  log(`PostgreSQL: nothing at ${LOCAL_POSTGRES_PROBE_URL}; starting an embedded one under ${base}`);
  try {
    const server = await startEmbeddedPostgres(options);
    return { url: server.adminUrl, stop: server.stop };
  } catch (err) {
    // It holds nothing but test templates: when it does not come up (crash with fsync off, version
    // change), start over once. Refusals (root, another owner) fail the same way again and surface.
    if (/refuses to run as root|already running|cannot reach/.test(err?.message ?? '')) throw err;
    log(`The test PostgreSQL did not start (${err?.message?.split('\n')[0]}); recreating ${base}.`);
    await rm(base, { recursive: true, force: true });
    const server = await startEmbeddedPostgres(options);
    return { url: server.adminUrl, stop: server.stop };
  }
}

async function dropStaleClones(adminUrl) {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query(`select datname from pg_database where datname like 'luodi\\_test\\_%'`);
    for (const { datname } of rows) {
      if (!isStaleClone(datname)) continue;
      await client.query(`drop database if exists ${client.escapeIdentifier(datname)} with (force)`).catch(() => undefined);
      log(`dropped stale test database ${datname}`);
    }
  } catch (err) {
    log(`could not clean up stale test databases: ${err?.message ?? err}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function runJest(args, env) {
  return runNode([join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...args], env);
}

/** Runs a Node.js script of node_modules in the repository root with inherited output; resolves to its exit code. */
function runNode(args, env) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolveExit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}

async function main() {
  const { tiers, jestArgs } = parseArgs(process.argv.slice(2));
  const started = [];
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code = 1;
  try {
    const env = { ...process.env };
    env.NODE_OPTIONS = [env.NODE_OPTIONS, '--experimental-vm-modules', '--disable-warning=ExperimentalWarning']
      .filter(Boolean)
      .join(' ');
    if (needsServices(tiers)) {
      const postgres = await findPostgres();
      started.push(postgres);
      await dropStaleClones(postgres.url);
      const redis = await findOrStartRedis({ env: process.env, dataDir: join(ROOT, '.data', 'test-redis'), log });
      started.push(redis);
      if (redis.source === 'env') log(`Redis: REDIS_URL (${redactUrl(redis.url)})`);
      env.TEST_DATABASE_URL = postgres.url;
      env.REDIS_URL = redis.url;
    }
    let jestTiers = tiers;
    if (tiers.includes('browser')) {
      const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
      if (!existsSync(chromium)) {
        if (process.env.LUODI_BROWSER_TESTS !== 'skip') {
          throw new Error(
            `Browser tests need Chromium at ${chromium}. On Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk ` +
              '(or set CHROMIUM_PATH to a Chromium binary). To run everything else, set LUODI_BROWSER_TESTS=skip.',
          );
        }
        log(`Browser tier SKIPPED: no Chromium at ${chromium} and LUODI_BROWSER_TESTS=skip`);
        jestTiers = tiers.filter((t) => t !== 'browser');
      } else {
        env.CHROMIUM_PATH = chromium;
        log('Building the web app for the browser tests (vite build → dist/web)');
        const built = await runNode([join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], process.env);
        if (built !== 0) throw new Error('vite build failed: the browser tests need the built web app');
      }
    }
    if (tiers.includes('unit') && !interrupted) {
      log('Web app unit tests (Vitest)');
      code = await runNode([join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'apps/web/vite.config.ts'], process.env);
      if (code !== 0) throw new Error('Vitest failed');
    }
    if (interrupted) code = 130;
    else if (jestTiers.length) code = await runJest(buildJestArgs({ tiers: jestTiers, jestArgs }), env);
  } catch (err) {
    log(err?.message ?? String(err));
    code = 1;
  } finally {
    for (const service of started.reverse()) {
      await service.stop().catch((err) => log(`stopping: ${err?.message ?? err}`));
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
