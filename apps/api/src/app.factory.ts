import 'reflect-metadata';
import { LogLevel, Module, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IMPORT_BODY_LIMIT } from './imports/imports.dto.js';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import rateLimit from '@fastify/rate-limit';
import { ConfigModule, type AppConfig } from '#config';
import { ApiModule } from './api.module.js';
import { DomainExceptionFilter } from './common/filters/domain-exception.filter.js';
import { createValidationPipe } from './common/validation.js';
import { instrumentFastify } from './health/metrics.js';
import { serveWebApp } from './web/web-app.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the configured API application (not yet listening). Used by main.ts, `npm start` and the e2e tests. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  @Module({ imports: [ConfigModule.forRoot(config), ApiModule] })
  class RootModule {}

  const adapter = new FastifyAdapter({ bodyLimit: config.http.bodyLimit, trustProxy: config.http.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule, adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    abortOnError: false,
  });
  // POST /api/v1/imports carries a whole 台账 file as base64 JSON: a larger body limit for that route alone.
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    if (route.url === '/api/v1/imports' && route.method === 'POST') route.bodyLimit = IMPORT_BODY_LIMIT;
  });
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  // Opt-in rate limits: only routes with `@RouteConfig({ rateLimit: {} })` (login) are limited.
  await app.register(rateLimit, {
    global: false,
    max: config.auth.loginRateLimit,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: `Too many login attempts: try again in ${Math.ceil(ctx.ttl / 1000)} s`,
    }),
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  instrumentFastify(app.getHttpAdapter().getInstance());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Luodi (落地) API')
      .setDescription('Investment-promotion project tracker: projects, stages, service targets and alerts')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await serveWebApp(app, config.http.webDir);
  return app;
}
