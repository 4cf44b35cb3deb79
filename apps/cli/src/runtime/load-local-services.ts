import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as LocalServices from './local-services.mjs';

export type LocalServicesModule = typeof LocalServices;

const FILE = 'local-services.mjs';
const FROM_REPO_ROOT = join('apps', 'cli', 'src', 'runtime', FILE);

/**
 * Where local-services.mjs is. It is plain JS shared with the test harness, and `tsc` does not copy
 * it to dist, so from dist/apps/cli/src/runtime look for it in the source tree of the same checkout
 * (walking up to the folder that holds apps/cli/src/runtime/local-services.mjs).
 */
export function locateLocalServices(startDir: string = dirname(fileURLToPath(import.meta.url))): string {
  const beside = join(startDir, FILE);
  if (existsSync(beside)) return beside;
  for (let dir = startDir; ; ) {
    const candidate = join(dir, FROM_REPO_ROOT);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`Cannot find ${FROM_REPO_ROOT} above ${startDir} (it must ship next to dist/).`);
}

let loading: Promise<LocalServicesModule> | undefined;

/** Loads local-services.mjs once, lazily (nothing is loaded when DATABASE_URL / REDIS_URL are set). */
export function loadLocalServices(): Promise<LocalServicesModule> {
  loading ??= import(pathToFileURL(locateLocalServices()).href) as Promise<LocalServicesModule>;
  return loading;
}
