import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `seeds/data` folder, found by walking up from this file (works from src and dist). */
export function seedDataDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'seeds', 'data');
    if (existsSync(join(candidate, 'units.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`seeds/data/units.json not found above ${start}`);
  }
}

export function readSeedJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(seedDataDir(), name), 'utf8')) as T;
}
