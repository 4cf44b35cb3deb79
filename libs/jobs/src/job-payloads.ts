import { JobName } from './job-names.js';

/**
 * Every job with its payload. Payloads carry ids and scalars only: handlers reload the state from
 * PostgreSQL, which is the source of truth.
 */
export type JobItem =
  | { name: JobName.ProjectReevaluate; data: { projectId: string; reason: string } }
  | { name: JobName.ReevaluateBatch; data: { runId: string; batch: number } }
  | { name: JobName.DeadlineSweep; data: { trigger: 'schedule' | 'manual' } };

export type JobData<N extends JobName> = Extract<JobItem, { name: N }>['data'];
