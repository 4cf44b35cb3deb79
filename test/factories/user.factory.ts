import type { DataSource } from 'typeorm';
import type { Role } from '#domain';
import { hashPassword, UnitEntity, UserEntity } from '#persistence';
import { TEST_PASSWORD } from '../utils/test-app.js';
import { uniq } from './uniq.js';

let cachedHash: Promise<string> | undefined;

/** Inserts a user with TEST_PASSWORD (hashed once per file: argon2 is deliberately slow). */
export async function insertUser(ds: DataSource, unit: UnitEntity, role: Role, overrides: Partial<UserEntity> = {}): Promise<UserEntity> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const repo = ds.getRepository(UserEntity);
  const saved = await repo.save(
    repo.create({ username: uniq(role), displayName: `${role} user`, role, unitId: unit.id, passwordHash: await cachedHash, ...overrides }),
  );
  return repo.findOneByOrFail({ id: saved.id });
}
