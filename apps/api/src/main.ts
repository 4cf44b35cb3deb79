import { loadAppConfig } from '#config';
import { createApiApp } from './app.factory.js';

/** Production entry point: the API alone, against DATABASE_URL and REDIS_URL (run migrations first: `npm run cli -- migrate`). */
async function main() {
  const config = loadAppConfig();
  const app = await createApiApp(config);
  await app.listen({ port: config.http.port, host: config.http.host });
  console.log(`Luodi API listening on http://${config.http.host}:${config.http.port} (docs at /api/docs)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
