export * from './unit.entity.js';
export * from './user.entity.js';
export * from './investor.entity.js';
export * from './taxonomy.entity.js';
export * from './project.entity.js';
export * from './records.entity.js';
