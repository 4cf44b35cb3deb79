import { JobName } from './job-names.js';
import type { JobItem } from './job-payloads.js';

export interface Schedule {
  /** Job scheduler key (idempotent across worker replicas). */
  key: string;
  pattern: string;
  tz: string;
  job: JobItem;
}

/** Recurring jobs, upserted as BullMQ job schedulers by every worker at boot. */
export const SCHEDULES: Schedule[] = [
  { key: 'deadlines.sweep.every-5-minutes', pattern: '*/5 * * * *', tz: 'Asia/Shanghai', job: { name: JobName.DeadlineSweep, data: { trigger: 'schedule' } } },
];
