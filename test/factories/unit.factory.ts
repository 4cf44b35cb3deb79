import type { DataSource } from 'typeorm';
import type { UnitKind } from '#domain';
import { UnitEntity } from '#persistence';
import { uniq } from './uniq.js';

/** Inserts a unit under `parent` (or a root) and returns it with its materialised path. */
export async function insertUnit(
  ds: DataSource,
  overrides: Partial<Pick<UnitEntity, 'code' | 'nameZh' | 'kind' | 'adminCode'>> & { parent?: UnitEntity } = {},
): Promise<UnitEntity> {
  const code = overrides.code ?? uniq('u');
  const path = `${overrides.parent?.path ?? '/'}${code}/`;
  const repo = ds.getRepository(UnitEntity);
  return repo.save(
    repo.create({
      code,
      nameZh: overrides.nameZh ?? `测试单位${code}`,
      kind: (overrides.kind ?? (overrides.parent ? 'DISTRICT' : 'CITY')) as UnitKind,
      adminCode: overrides.adminCode ?? null,
      parentId: overrides.parent?.id ?? null,
      path,
    }),
  );
}
