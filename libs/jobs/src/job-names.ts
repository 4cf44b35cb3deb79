import { QueueName } from './queue-names.js';

/** Stable dotted job names (stored in Redis with each job: never rename). */
export enum JobName {
  /** Recompute every clock of one project and sync its alerts. */
  ProjectReevaluate = 'project.reevaluate',
  /** Recompute up to 1,000 projects marked for re-evaluation (after a rule or calendar change). */
  ReevaluateBatch = 'deadlines.reevaluate-batch',
  /** Raise the level of every deadline whose next_check_at has passed. */
  DeadlineSweep = 'deadlines.sweep',
  /** Queue one digest.send per recipient for the last complete ISO week (job scheduler, Monday morning). */
  DigestFanOut = 'digest.fan-out',
  /** Send one person's weekly digest (claims its digest_delivery row first). */
  DigestSend = 'digest.send',
  /** Gather new in-app notices into one alert-email batch per recipient (every minute). */
  AlertEmailCollect = 'alert-email.collect',
  /** Send one alert-email batch. */
  AlertEmailSend = 'alert-email.send',
  /** Raise in-app reminders of follow-up tasks due tomorrow or overdue, once per (task, kind) (daily). */
  TaskReminders = 'tasks.remind',
  /** Validate (and unless a dry run, commit) one uploaded 台账 file: the import_run row holds the file and the state. */
  LedgerImport = 'imports.run',
}

/** Every job chooses its queue here; the compiler makes a new JobName choose one. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ProjectReevaluate]: QueueName.Deadlines,
  [JobName.ReevaluateBatch]: QueueName.Deadlines,
  [JobName.DeadlineSweep]: QueueName.Maintenance,
  [JobName.DigestFanOut]: QueueName.Notifications,
  [JobName.DigestSend]: QueueName.Notifications,
  [JobName.AlertEmailCollect]: QueueName.Notifications,
  [JobName.AlertEmailSend]: QueueName.Notifications,
  [JobName.TaskReminders]: QueueName.Maintenance,
  [JobName.LedgerImport]: QueueName.Maintenance,
};
