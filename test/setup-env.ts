// Runs before each test file (ESM imports run before a spec's body, so env must be set here).
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'warn';
process.env.JWT_SECRET ??= 'test-secret-test-secret-test-secret-0123';
