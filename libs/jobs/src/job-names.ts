import { QueueName } from './queue-names.js';

/** Stable dotted job names (stored in Redis with each job: never rename). */
export enum JobName {
  /** Recompute every clock of one project and sync its alerts. */
  ProjectReevaluate = 'project.reevaluate',
  /** Recompute up to 1,000 projects marked for re-evaluation (after a rule or calendar change). */
  ReevaluateBatch = 'deadlines.reevaluate-batch',
  /** Raise the level of every deadline whose next_check_at has passed. */
  DeadlineSweep = 'deadlines.sweep',
}

/** Every job chooses its queue here; the compiler makes a new JobName choose one. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ProjectReevaluate]: QueueName.Deadlines,
  [JobName.ReevaluateBatch]: QueueName.Deadlines,
  [JobName.DeadlineSweep]: QueueName.Maintenance,
};
