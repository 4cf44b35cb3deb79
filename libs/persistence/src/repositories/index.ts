export * from './audit.repository.js';
export * from './unit.repository.js';
export * from './user.repository.js';
export * from './project-list.query.js';
export * from './project.repository.js';
export * from './project-record.repository.js';
export * from './reference.repository.js';
