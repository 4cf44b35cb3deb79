export * from './service-desk.js';
export * from './desk-clocks.js';
