/**
 * BullMQ queues. The values are stored in Redis as key names: changing one orphans the jobs waiting
 * in the old queue. Add new values; never rename.
 */
export enum QueueName {
  /** Re-evaluation of deadlines after project, rule or calendar changes. */
  Deadlines = 'deadlines',
  /** The periodic sweep and other scheduled maintenance. */
  Maintenance = 'maintenance',
  /** Email: the weekly digest fan-out and sends, alert-email batches (DESIGN §5). */
  Notifications = 'notifications',
}
