export * from './rule.js';
export * from './clock.js';
export * from './stage-timeline.js';
export { computeClocks } from './engine.js';
export { MILESTONE_WORDS } from './explain.js';
