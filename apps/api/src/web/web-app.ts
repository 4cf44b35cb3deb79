import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Paths the API owns; everything else under `/` belongs to the web app's client-side router. */
const API_PATHS = /^\/(api|health|metrics)(\/|$|\?)/;

/**
 * Serves the built web app (apps/web → WEB_DIR) at `/`: hashed assets with a year of caching, and
 * index.html for every other GET that is not an API path, so deep links such as /projects/… work.
 * Without a build (or while one is being written) the API still runs: app pages answer 503 saying how to
 * make one, and the routes pick the build up as soon as it exists, without a restart.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string): Promise<boolean> {
  const root = resolve(webDir);
  const index = join(root, 'index.html');
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const built = existsSync(index);
  if (!built) new Logger('WebApp').warn(`No web app at ${root} yet (run \`npm run build\`); app pages answer 503 until it exists`);
  // Hashed bundles: served from disk as they are now (a rebuild while running is picked up), cached for a year.
  await fastify.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    wildcard: true,
    index: false,
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
  });
  // Top-level public files (favicon …): fixed names, no long caching.
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    decorateReply: false,
    cacheControl: false,
    globIgnore: ['assets/**', 'index.html'],
    setHeaders: (reply) => reply.header('cache-control', 'no-cache'),
  });
  const sendIndex = async (reply: FastifyReply) => {
    let html: string;
    try {
      html = await readFile(index, 'utf8');
    } catch {
      return reply
        .code(503)
        .header('retry-after', '5')
        .type('text/plain; charset=utf-8')
        .send(`The Luodi web app is not built at ${root}: run \`npm run build\` (the API itself is up at /api/v1 and /api/docs).`);
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };
  fastify.get('/', (_request, reply) => sendIndex(reply));
  fastify.get('/*', (request, reply) => (API_PATHS.test(request.url) ? reply.callNotFound() : sendIndex(reply)));
  return built;
}
