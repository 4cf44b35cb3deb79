/**
 * `npm run bench -- <suite> [options]`: the benchmarks of DESIGN §7. Each suite is one entry of SUITES,
 * loaded only when asked for; it resolves to the process exit code (0 = ran with no errors).
 */
interface Suite {
  description: string;
  run: (args: string[]) => Promise<number>;
}

const SUITES: Record<string, Suite> = {
  api: {
    description: 'project list API at BENCH_PROJECTS (1,000,000) projects, 50 clients, vs bare Fastify + pg running the same SQL [--explain] [--trial-indexes]',
    run: async (args) => (await import('./api.bench.js')).runApiBench(args),
  },
  sweep: { description: 'deadline sweep with BENCH_PROJECTS/10 level changes due vs one hand-written UPDATE; sweep with nothing due [--rounds N] [--regenerate]', run: async (args) => (await import('./sweep.bench.js')).runSweepBench(args) },
  reevaluate: { description: 'policy change: mark all BENCH_PROJECTS projects and re-evaluate them with reevaluateMarked [--loops N] [--threads] [--batch N] [--limit N]', run: async (args) => (await import('./reevaluate.bench.js')).runReevaluateBench(args) },
  digest: { description: 'weekly digest: 10,000 recipients over BENCH_PROJECTS projects, real worker + fan-out into a local SMTP sink, vs rendering alone [--recipients N] [--concurrency N]', run: async (args) => (await import('./digest.bench.js')).runDigestBench(args) },
  import: { description: '台账 import: a clean commit of 100,000 project rows from .xlsx [--rows N] [--format xlsx|csv]', run: async (args) => (await import('./import.bench.js')).runImportBench(args) },
  latency: { description: 'stage change through the API → alert resolved via queue and worker, p50/p95/p99 [--n 200] [--concurrency N] [--poll=api]', run: async (args) => (await import('./latency.bench.js')).runLatencyBench(args) },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUITES).map((k) => k.length));
  return [
    'usage: npm run bench -- <suite> [options]',
    '',
    'suites:',
    ...Object.entries(SUITES).map(([name, s]) => `  ${name.padEnd(width)}  ${s.description}`),
    '',
    'environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/luodi_bench), BENCH_PROJECTS,',
    '             BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS, BENCH_POOL_SIZE, BENCH_TIMEOUT_SECONDS,',
    '             BENCH_QUIET_WAIT_SECONDS (wait for other work on a shared machine to calm down before measuring),',
    '             BENCH_ROUNDS (api: rounds in ABBA order, for a machine shared with other work),',
    '             BENCH_KINDS (api: only these request kinds, comma-separated)',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const suite = SUITES[name];
  if (!suite) {
    console.error(`unknown bench suite "${name}"\n\n${usage()}`);
    return 2;
  }
  return suite.run(args);
}

// Ctrl-C or kill ends the bench at once. (The API under test installs Nest's shutdown hooks, which
// would otherwise turn SIGTERM into a graceful close that waits for every slow request in flight.)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: bench stopped (a later run drops anything it left behind)`);
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
