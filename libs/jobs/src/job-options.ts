import type { JobsOptions } from 'bullmq';
import { JobName } from './job-names.js';
import type { JobItem } from './job-payloads.js';

const DAY_SECONDS = 24 * 3600;

/** Retries with exponential backoff; completed jobs trimmed; failed jobs kept a week for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * DAY_SECONDS },
};

/** Email sends: retried with backoff (about 2 s, 4 s, 8 s, 16 s), then the ledger row is marked FAILED with the error. */
export const MAIL_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * DAY_SECONDS, count: 100_000 },
  removeOnFail: { age: 7 * DAY_SECONDS },
};

/**
 * Deterministic job ids for jobs that must not pile up or run twice for the same business key.
 * BullMQ ignores an add() whose id exists, so a burst of changes to one project queues one
 * re-evaluation (deduplicated while waiting), not one per change.
 */
export function jobOptionsFor(item: JobItem): JobsOptions {
  switch (item.name) {
    case JobName.ProjectReevaluate:
      // No deduplication: BullMQ would drop a change made while the project's job is running. Every change
      // queues its own job; evaluating a project twice is cheap and changes nothing the second time.
      return DEFAULT_JOB_OPTIONS;
    case JobName.ReevaluateBatch:
      return { ...DEFAULT_JOB_OPTIONS, jobId: `deadlines.reevaluate-batch:${item.data.runId}:${item.data.batch}` };
    case JobName.DeadlineSweep:
      return { ...DEFAULT_JOB_OPTIONS, attempts: 3, deduplication: { id: 'deadlines.sweep' } };
    case JobName.DigestFanOut:
      return { ...DEFAULT_JOB_OPTIONS, attempts: 3, deduplication: { id: `digest.fan-out:${item.data.week ?? 'last-week'}` } };
    case JobName.DigestSend:
      // One job per person and week; the digest_delivery row makes a second job for the same key a no-op.
      return { ...MAIL_JOB_OPTIONS, jobId: `digest:${item.data.userId}:${item.data.week}` };
    case JobName.AlertEmailCollect:
      return { ...DEFAULT_JOB_OPTIONS, attempts: 3, deduplication: { id: 'alert-email.collect' } };
    case JobName.AlertEmailSend:
      return { ...MAIL_JOB_OPTIONS, jobId: `alert-email:batch:${item.data.batchId}` };
    case JobName.TaskReminders:
      // The task_reminder unique key (task, kind) makes a repeated run a no-op; deduplication only spares the work.
      return { ...DEFAULT_JOB_OPTIONS, attempts: 3, deduplication: { id: `tasks.remind:${item.data.today ?? 'today'}` } };
    case JobName.LedgerImport:
      // Keyed by the run: one job per upload; the run's status makes a second run of it a no-op once COMMITTED.
      return { ...DEFAULT_JOB_OPTIONS, attempts: 3, jobId: `imports.run-${item.data.runId}` };
  }
}
