export * from './common/domain-error.js';
export * from './common/business-date.js';
export * from './projects/project-stage.js';
export * from './projects/project-enums.js';
export * from './projects/plan-date.js';
export * from './auth/roles.js';
export * from './calendar/index.js';
export * from './service-targets/index.js';
