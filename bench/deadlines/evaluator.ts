import { DataSource } from 'typeorm';
import { CalendarRepository, DeadlineRepository, RuleRepository, dataSourceOptions } from '#persistence';
import { DeadlineEvaluator } from '../../apps/worker/src/deadlines/deadline-evaluator.service.js';

/**
 * The real evaluator and repositories, built by hand on their own TypeORM DataSource (what the worker's Nest
 * module does), plus timing wrappers put on the instances (the production code is not changed: the wrappers
 * only measure how long each call of the real method took).
 */
export interface RealEvaluator {
  dataSource: DataSource;
  evaluator: DeadlineEvaluator;
  deadlines: DeadlineRepository;
  rules: RuleRepository;
  calendar: CalendarRepository;
  close: () => Promise<void>;
}

export async function createRealEvaluator(url: string, poolSize: number): Promise<RealEvaluator> {
  const options = dataSourceOptions(url, poolSize);
  const dataSource = new DataSource({ ...options, extra: { ...(options.extra as object), application_name: 'luodi-bench-evaluator' } });
  await dataSource.initialize();
  const deadlines = new DeadlineRepository(dataSource);
  const rules = new RuleRepository(dataSource);
  const calendar = new CalendarRepository(dataSource);
  const evaluator = new DeadlineEvaluator(dataSource, deadlines, rules, calendar);
  return { dataSource, evaluator, deadlines, rules, calendar, close: () => dataSource.destroy() };
}

/** Milliseconds and calls per phase name. */
export class PhaseTimes {
  readonly ms = new Map<string, number>();
  readonly calls = new Map<string, number>();

  add(name: string, ms: number): void {
    this.ms.set(name, (this.ms.get(name) ?? 0) + ms);
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  get(name: string): number {
    return this.ms.get(name) ?? 0;
  }

  reset(): void {
    this.ms.clear();
    this.calls.clear();
  }

  merge(other: { ms: Record<string, number>; calls: Record<string, number> }): void {
    for (const [k, v] of Object.entries(other.ms)) this.ms.set(k, (this.ms.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(other.calls)) this.calls.set(k, (this.calls.get(k) ?? 0) + v);
  }

  toJSON(): { ms: Record<string, number>; calls: Record<string, number> } {
    return { ms: Object.fromEntries(this.ms), calls: Object.fromEntries(this.calls) };
  }
}

/**
 * Replaces `target[method]` on this instance with a wrapper that times every call of the original under
 * `name`. Nested timed calls are all recorded (callers subtract what they need).
 */
export function timeMethod(target: object, method: string, name: string, times: PhaseTimes): void {
  const obj = target as Record<string, unknown>;
  const original = obj[method];
  if (typeof original !== 'function') throw new Error(`${method} is not a method`);
  obj[method] = async function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } finally {
      times.add(name, performance.now() - t);
    }
  };
}

