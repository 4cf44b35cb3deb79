import { QueueName } from './queue-names.js';

/** Stable dotted job names (stored in Redis with each job: never rename). */
export enum JobName {
  /** Recompute every clock of one project and sync its alerts. */
  ProjectReevaluate = 'project.reevaluate',
  /** Recompute a batch of projects (rule or calendar change, or `cli reevaluate --all`). */
  ReevaluateBatch = 'deadlines.reevaluate-batch',
  /** Split a re-evaluation run into batches. */
  ReevaluateFanOut = 'deadlines.reevaluate-fan-out',
  /** Raise the level of every deadline whose next_check_at has passed. */
  DeadlineSweep = 'deadlines.sweep',
}

/** Every job chooses its queue here; the compiler makes a new JobName choose one. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ProjectReevaluate]: QueueName.Deadlines,
  [JobName.ReevaluateBatch]: QueueName.Deadlines,
  [JobName.ReevaluateFanOut]: QueueName.Deadlines,
  [JobName.DeadlineSweep]: QueueName.Maintenance,
};
