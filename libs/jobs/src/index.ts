export * from './queue-names.js';
export * from './job-names.js';
export * from './job-payloads.js';
export * from './job-options.js';
export * from './schedules.js';
export * from './job-queue.service.js';
