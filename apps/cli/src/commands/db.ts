import { DataSource } from 'typeorm';
import { dataSourceOptions } from '#persistence';

/** Opens a short-lived DataSource for a CLI command and always closes it. */
export async function withDataSource<T>(url: string, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

export function requireDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Set it (postgres://user:pass@host:5432/luodi), or use `npm start`, which runs an embedded PostgreSQL.');
  }
  return url;
}
