import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { hashPassword } from '#persistence';

/**
 * Reference data of the deadline benchmarks, straight from `seeds/`: the unit tree, the default service
 * targets and the working-day calendar (the report projects are left out: the suites generate their own),
 * plus a realistic set of users to notify (per project unit a 专员 and a 科室负责人; at the city a manager,
 * the director and an admin).
 */

interface UnitSeed {
  code: string;
  adminCode: string | null;
  nameZh: string;
  nameEn: string | null;
  kind: string;
  parentCode: string | null;
  sortOrder?: number;
}

/** The repository's `seeds` folder, found from this file (src or dist). */
export function seedsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(join(dir, 'seeds', 'service-targets.json'));
      return join(dir, 'seeds');
    } catch {
      const up = dirname(dir);
      if (up === dir) throw new Error('seeds/service-targets.json not found');
      dir = up;
    }
  }
}

const readJson = <T>(rel: string): T => JSON.parse(readFileSync(join(seedsDir(), rel), 'utf8')) as T;

/** Units that receive generated projects, with their share (percent). Hohhot's districts, banners and zones. */
export const PROJECT_UNITS: [string, number][] = [
  ['150102', 7], ['150103', 5], ['150104', 5], ['150105', 9], ['150121', 8], ['150122', 8], ['150123', 7], ['150124', 4],
  ['150125', 4], ['hlgr-new-area', 12], ['hhht-etdz', 12], ['hhht-aerospace-edz', 8], ['tuoqing-industrial-park', 6],
  ['hhht-bonded-zone', 3], ['xc-science-city', 2],
];

export const BENCH_PASSWORD = 'luodi-bench';

export interface ReferenceIds {
  units: Map<string, { id: string; path: string }>;
}

/** Units, rules, calendar and users; idempotent (existing codes and usernames are kept). */
export async function seedReference(client: pg.ClientBase): Promise<ReferenceIds> {
  const units = readJson<UnitSeed[]>('data/units.json');
  const byCode = new Map(units.map((u) => [u.code, u]));
  const pathOf = (code: string): string => {
    const chain: string[] = [];
    for (let u = byCode.get(code); u; u = u.parentCode ? byCode.get(u.parentCode) : undefined) chain.unshift(u.code);
    return `/${chain.join('/')}/`;
  };
  const ordered = [...units].sort((a, b) => pathOf(a.code).split('/').length - pathOf(b.code).split('/').length);
  const ids = new Map<string, { id: string; path: string }>();
  for (const u of ordered) {
    const { rows } = await client.query<{ id: string; path: string }>(
      `INSERT INTO unit (code, admin_code, name_zh, name_en, kind, parent_id, path, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, path`,
      [u.code, u.adminCode, u.nameZh, u.nameEn, u.kind, u.parentCode ? ids.get(u.parentCode)!.id : null, pathOf(u.code), u.sortOrder ?? 0],
    );
    ids.set(u.code, rows[0]);
  }

  const rules = readJson<{ code: string; kind: string; active: boolean; isDefault?: boolean }[]>('service-targets.json');
  for (const def of rules) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO service_target_rule (code, version, kind, definition, active, is_default) VALUES ($1, 1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [def.code, def.kind, JSON.stringify(def), def.active, def.isDefault ?? false],
    );
    if (rows.length) {
      await client.query(`INSERT INTO service_target_rule_version (rule_id, version, definition) VALUES ($1, 1, $2::jsonb)`, [rows[0].id, JSON.stringify(def)]);
    }
  }

  const calDir = join(seedsDir(), 'calendar');
  for (const f of readdirSync(calDir).filter((n) => /^\d{4}\.json$/.test(n)).sort()) {
    const y = JSON.parse(readFileSync(join(calDir, f), 'utf8')) as { year: number; holidays: string[]; workdays: string[]; source?: string };
    await client.query(
      `INSERT INTO calendar_year (year, holidays, workdays, source) VALUES ($1, $2::jsonb, $3::jsonb, $4) ON CONFLICT (year) DO NOTHING`,
      [y.year, JSON.stringify(y.holidays), JSON.stringify(y.workdays), y.source ?? null],
    );
  }

  const hash = await hashPassword(BENCH_PASSWORD);
  const users: [string, string, string][] = [
    ['bench-dl-admin', 'admin', '150100'],
    ['bench-dl-director', 'director', '150100'],
    ['bench-dl-city-manager', 'manager', '150100'],
    ...PROJECT_UNITS.flatMap(([code]): [string, string, string][] => [
      [`bench-dl-staff-${code}`, 'staff', code],
      [`bench-dl-manager-${code}`, 'manager', code],
    ]),
  ];
  for (const [username, role, unitCode] of users) {
    await client.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, unit_id) VALUES ($1, $1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
      [username, hash, role, ids.get(unitCode)!.id],
    );
  }
  return { units: ids };
}
