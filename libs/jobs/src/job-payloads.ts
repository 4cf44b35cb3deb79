import { JobName } from './job-names.js';

/**
 * Every job with its payload. Payloads carry ids and scalars only: handlers reload the state from
 * PostgreSQL, which is the source of truth.
 */
export type JobItem =
  | { name: JobName.ProjectReevaluate; data: { projectId: string; reason: string } }
  | { name: JobName.ReevaluateBatch; data: { runId: string; batch: number } }
  | { name: JobName.DeadlineSweep; data: { trigger: 'schedule' | 'manual' } }
  /** `week` null: the last complete ISO week when the job was created (`YYYY-Www` otherwise). */
  | { name: JobName.DigestFanOut; data: { week: string | null; trigger: 'schedule' | 'manual' } }
  | { name: JobName.DigestSend; data: { userId: string; week: string } }
  | { name: JobName.AlertEmailCollect; data: { trigger: 'schedule' | 'manual' } }
  | { name: JobName.AlertEmailSend; data: { batchId: string } }
  /** `today` null: the business date (Asia/Shanghai) when the job runs. */
  | { name: JobName.TaskReminders; data: { today: string | null; trigger: 'schedule' | 'manual' } }
  | { name: JobName.LedgerImport; data: { runId: string } };

export type JobData<N extends JobName> = Extract<JobItem, { name: N }>['data'];
