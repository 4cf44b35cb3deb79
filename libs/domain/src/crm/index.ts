export * from './credit-code.js';
export * from './investor-name.js';
export * from './phone.js';
export * from './code-lists.js';
