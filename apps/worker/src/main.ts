import 'reflect-metadata';
import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig, type AppConfig } from '#config';
import { WorkerModule } from './worker.module.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Starts the worker (no HTTP listener). Used by `start:worker`, `npm start` and tests. */
export async function createWorker(config: AppConfig) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  createWorker(loadAppConfig())
    .then(() => console.log('Luodi worker running'))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
