import { loadAppConfig } from './app-config.js';
import { ConfigValidationError, validateEnv } from './env.schema.js';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('config validation', () => {
  it('applies defaults and parses numbers and booleans', () => {
    const env = validateEnv({ PORT: '8080', TRUST_PROXY: 'true' });
    expect(env).toMatchObject({ PORT: 8080, TRUST_PROXY: true, HOST: 'localhost', LOGIN_RATE_LIMIT: 10, QUEUE_PREFIX: 'luodi' });
  });

  it('lists every bad setting in one message', () => {
    const msg = messageOf(() =>
      loadAppConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'http://x', NODE_ENV: 'production', TRUST_PROXY: 'maybe' }),
    );
    for (const key of ['PORT', 'LOG_LEVEL', 'REDIS_URL', 'JWT_SECRET is required in production', 'TRUST_PROXY', 'DATABASE_URL is required']) {
      expect(msg).toContain(key);
    }
  });

  it('never echoes a secret or a connection string', () => {
    const msg = messageOf(() => validateEnv({ JWT_SECRET: 'short-secret-value', DATABASE_URL: 'mysql://user:hunter2@db/x' }));
    expect(msg).toContain('JWT_SECRET must be at least 32 characters');
    expect(msg).toContain('DATABASE_URL must start with postgres://');
    expect(msg).not.toContain('short-secret-value');
    expect(msg).not.toContain('hunter2');
  });

  it('throws a ConfigValidationError carrying the problems', () => {
    try {
      validateEnv({ PORT: '0', DATABASE_POOL_SIZE: '1000' });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigValidationError);
      expect((e as ConfigValidationError).problems).toHaveLength(2);
    }
  });

  it('builds the grouped AppConfig', () => {
    const c = loadAppConfig({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'x'.repeat(32), PORT: '3001' });
    expect(c.db.url).toBe('postgres://u@h/db');
    expect(c.http.port).toBe(3001);
    expect(c.auth.jwtSecret).toBe('x'.repeat(32));
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
  });
});
