export * from './iso-week.js';
export * from './digest.model.js';
export * from './i18n.js';
export * from './render.js';
