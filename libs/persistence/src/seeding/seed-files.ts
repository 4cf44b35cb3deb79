import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `seeds` folder, found by walking up from this file (works from src and dist). */
export function seedsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'seeds');
    if (existsSync(join(candidate, 'data', 'units.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`seeds/data/units.json not found above ${start}`);
  }
}

/** `seeds/data`: units, taxonomy, lists and the report projects. */
export function seedDataDir(): string {
  return join(seedsDir(), 'data');
}

/** Reads a JSON file given relative to `seeds/`, e.g. `data/units.json`. */
export function readSeedJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(seedsDir(), relativePath), 'utf8')) as T;
}

/** Every `seeds/calendar/<year>.json`, in year order. */
export function readSeedCalendars<T>(): T[] {
  const dir = join(seedsDir(), 'calendar');
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T);
}
