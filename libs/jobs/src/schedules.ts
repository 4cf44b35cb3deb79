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
  // Alert emails: notices raised within the minute go out as one email per person.
  { key: 'alert-email.collect.every-minute', pattern: '* * * * *', tz: 'Asia/Shanghai', job: { name: JobName.AlertEmailCollect, data: { trigger: 'schedule' } } },
  // Follow-up reminders once a day before office hours; idempotent, so a missed or repeated run is harmless.
  { key: 'tasks.remind.daily', pattern: '30 7 * * *', tz: 'Asia/Shanghai', job: { name: JobName.TaskReminders, data: { today: null, trigger: 'schedule' } } },
];

/** The weekly digest; its pattern and zone come from configuration (DIGEST_CRON, DIGEST_TIME_ZONE). */
export function digestSchedule(pattern: string, tz: string): Schedule {
  return { key: 'digest.weekly', pattern, tz, job: { name: JobName.DigestFanOut, data: { week: null, trigger: 'schedule' } } };
}
