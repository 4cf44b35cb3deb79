import './pg-types.js';
export * from './entities/index.js';
export * from './data-source.js';
export * from './repositories/index.js';
export * from './persistence.module.js';
export * from './password.js';
export * from './ledger-import/ledger-file.js';
export * from './ledger-import/ledger-import.js';
export * from './ledger-import/import-run.js';
