import {
  decideRootMode,
  parsePostmasterPid,
  redactUrl,
  redisUnavailableMessage,
  rootRefusalMessage,
  withDatabase,
} from './local-services.mjs';

describe('parsePostmasterPid', () => {
  it('reads pid, data directory and port', () => {
    const text = '4242\n/home/me/luodi/.data/pg\n1764000000\n54321\n\n127.0.0.1\n  1234567     98304\nready   \n';
    expect(parsePostmasterPid(text)).toEqual({ pid: 4242, dataDir: '/home/me/luodi/.data/pg', port: 54321 });
  });

  it('copes with a truncated or empty file (crash while writing)', () => {
    expect(parsePostmasterPid('')).toEqual({ pid: null, dataDir: null, port: null });
    expect(parsePostmasterPid('17')).toEqual({ pid: 17, dataDir: null, port: null });
    expect(parsePostmasterPid('garbage\n')).toEqual({ pid: null, dataDir: null, port: null });
  });
});

describe('decideRootMode', () => {
  const postgres = { name: 'postgres', uid: 101, gid: 104 };

  it('needs nothing special for an ordinary user', () => {
    expect(decideRootMode({ uid: 1000, postgresUser: null, allowCreateUser: false })).toEqual({ mode: 'user' });
    expect(decideRootMode({ uid: -1, postgresUser: null, allowCreateUser: false })).toEqual({ mode: 'user' });
  });

  it('runs as the postgres system user when root and it exists', () => {
    expect(decideRootMode({ uid: 0, postgresUser: postgres, allowCreateUser: false })).toEqual({
      mode: 'root-as-postgres',
      user: postgres,
    });
    // an existing user wins over creating one
    expect(decideRootMode({ uid: 0, postgresUser: postgres, allowCreateUser: true }).mode).toBe('root-as-postgres');
  });

  it('creates the user only when LUODI_CREATE_POSTGRES_USER allowed it', () => {
    expect(decideRootMode({ uid: 0, postgresUser: null, allowCreateUser: true })).toEqual({ mode: 'root-create-user' });
  });

  it('refuses as root without a postgres user, naming the ways out', () => {
    const decision = decideRootMode({ uid: 0, postgresUser: null, allowCreateUser: false });
    expect(decision.mode).toBe('refuse');
    const message = decision.mode === 'refuse' ? decision.message : '';
    expect(message).toBe(rootRefusalMessage());
    expect(message).toContain('DATABASE_URL');
    expect(message).toMatch(/non-root/);
    expect(message).toContain('LUODI_CREATE_POSTGRES_USER=1');
  });
});

describe('redisUnavailableMessage', () => {
  it('names the three ways out', () => {
    const message = redisUnavailableMessage('redis-server is not on PATH');
    expect(message).toContain('redis-server is not on PATH');
    expect(message).toContain('apt-get install redis-server');
    expect(message).toContain('brew install redis');
    expect(message).toContain('docker compose -f docker/compose.yml up -d redis');
    expect(message).toContain('REDIS_URL');
  });
});

describe('URL helpers', () => {
  it('hides passwords', () => {
    expect(redactUrl('redis://:s3cret@10.0.0.1:6379/2')).toBe('redis://:***@10.0.0.1:6379/2');
    expect(redactUrl('postgres://u:p@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url')).toBe('<unparseable URL>');
  });

  it('points a PostgreSQL URL at another database, keeping credentials and options', () => {
    expect(withDatabase('postgres://postgres:pw@127.0.0.1:5433/postgres?sslmode=disable', 'luodi')).toBe(
      'postgres://postgres:pw@127.0.0.1:5433/luodi?sslmode=disable',
    );
    expect(withDatabase('postgres://postgres@127.0.0.1:5432', 'luodi_test_x')).toBe(
      'postgres://postgres@127.0.0.1:5432/luodi_test_x',
    );
  });
});
