export * from './iso-week.js';
export * from './digest.model.js';
export * from './i18n.js';
export * from './render.js';
export * from './digest-builder.service.js';
export * from './mail-transport.js';
export * from './mail-senders.service.js';
export * from './notifications.module.js';
