import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { PhaseTimes, createRealEvaluator, timeMethod, type RealEvaluator } from './evaluator.js';

/**
 * The re-evaluation loop of the reevaluate suite: `reevaluateMarked(batch, now)` until no project is left
 * marked, exactly as the worker's deadlines.reevaluate-batch jobs call it, with every phase timed on the
 * instances. Runs in the suite's process (several loops share one event loop, like one worker process with
 * job concurrency N) or in a worker thread (one per loop, like separate worker processes).
 */

export interface LoopSettings {
  url: string;
  now: string;
  batch: number;
  poolSize: number;
  /** Stop claiming once this many projects were evaluated by all loops together (approximate, 0 = no limit). */
  limit: number;
}

export interface BatchRecord {
  at: number;
  projects: number;
  ms: number;
  claimMs: number;
}

/** Times every phase of a batch on these instances. */
export function instrument(real: RealEvaluator, phases: PhaseTimes): void {
  timeMethod(real.deadlines, 'claimMarkedProjects', 'claim', phases);
  timeMethod(real.deadlines, 'loadFacts', 'loadFacts', phases);
  timeMethod(real.deadlines, 'saveClocks', 'saveClocks', phases);
  timeMethod(real.deadlines, 'syncAlerts', 'syncAlerts', phases);
  timeMethod(real.deadlines, 'clearReevaluationMarks', 'clearMarks', phases);
  timeMethod(real.rules, 'list', 'rules', phases);
  timeMethod(real.rules, 'versions', 'ruleVersions', phases);
  timeMethod(real.calendar, 'all', 'calendar', phases);
  // The evaluator's private compute(): loads + the pure engine (computeClocks) over the batch.
  timeMethod(real.evaluator, 'compute', 'compute', phases);
  timeMethod(real.evaluator, 'reevaluateMarked', 'batch', phases);
}

/** One loop; `shouldStop` lets several loops share a limit. */
export async function runLoop(
  real: RealEvaluator,
  phases: PhaseTimes,
  s: LoopSettings,
  shouldStop: () => boolean,
  onBatch: (r: BatchRecord) => void,
): Promise<number> {
  const now = new Date(s.now);
  let total = 0;
  for (;;) {
    if (shouldStop()) break;
    const claimBefore = phases.get('claim');
    const t = performance.now();
    const r = await real.evaluator.reevaluateMarked(s.batch, now);
    const ms = performance.now() - t;
    if (r.projects === 0) break;
    total += r.projects;
    onBatch({ at: performance.now(), projects: r.projects, ms, claimMs: phases.get('claim') - claimBefore });
  }
  return total;
}

if (!isMainThread && parentPort && (workerData as { kind?: string })?.kind === 'reevaluate-loop') {
  const s = (workerData as { settings: LoopSettings }).settings;
  const port = parentPort;
  const shared = new Int32Array((workerData as { counter: SharedArrayBuffer }).counter);
  (async () => {
    const real = await createRealEvaluator(s.url, s.poolSize);
    const phases = new PhaseTimes();
    instrument(real, phases);
    await real.dataSource.query('SELECT 1');
    port.postMessage({ type: 'ready' });
    await new Promise<void>((resolve) => port.once('message', () => resolve()));
    const total = await runLoop(
      real,
      phases,
      s,
      () => s.limit > 0 && Atomics.load(shared, 0) >= s.limit,
      (b) => {
        Atomics.add(shared, 0, b.projects);
        port.postMessage({ type: 'batch', batch: b, origin: performance.timeOrigin });
      },
    );
    port.postMessage({ type: 'done', total, phases: phases.toJSON() });
    await real.close();
  })().catch((e: unknown) => {
    port.postMessage({ type: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  });
}
