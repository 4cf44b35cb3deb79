import { parseArgs } from 'node:util';
import { isRole, ROLES } from '#domain';
import { hashPassword } from '#persistence';
import { requireDatabaseUrl, withDataSource } from './db.js';

export const CREATE_USER_USAGE = 'create-user --username NAME --password PASS --role staff|manager|director|admin|viewer --unit UNIT_CODE [--name "显示名"] [--email E]';

/** Creates a user (e.g. the first admin of a production install). Refuses to overwrite an existing username. */
export async function createUserCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
    },
    strict: true,
  });
  const problems: string[] = [];
  if (!values.username || !/^[a-z0-9._-]{2,64}$/.test(values.username)) problems.push('--username: 2–64 of a-z, 0-9, ".", "_", "-"');
  if (!values.password || values.password.length < 8) problems.push('--password: at least 8 characters');
  if (!isRole(values.role)) problems.push(`--role: one of ${ROLES.join(', ')}`);
  if (!values.unit) problems.push('--unit: a unit code (see GET /api/v1/units), e.g. 150100 for 呼和浩特市');
  if (problems.length) throw new Error(`Usage: ${CREATE_USER_USAGE}\n  - ${problems.join('\n  - ')}`);

  const passwordHash = await hashPassword(values.password!);
  await withDataSource(requireDatabaseUrl(), async (ds) => {
    await ds.transaction(async (m) => {
      const units: { id: string }[] = await m.query('SELECT id FROM unit WHERE code = $1', [values.unit]);
      if (!units.length) throw new Error(`Unit ${values.unit} does not exist (run \`npm run cli -- seed\` first?)`);
      const rows: { id: string }[] = await m.query(
        `INSERT INTO app_user (username, display_name, email, password_hash, role, unit_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [values.username, values.name ?? values.username, values.email ?? null, passwordHash, values.role, units[0].id],
      );
      if (!rows.length) throw new Error(`User ${values.username} exists already`);
      await m.query(`INSERT INTO audit_log (actor_id, action, entity, entity_id, after) VALUES (NULL, 'create', 'user', $1, $2::jsonb)`, [
        rows[0].id,
        JSON.stringify({ username: values.username, role: values.role, unit: values.unit, via: 'cli' }),
      ]);
      console.log(`Created ${values.role} ${values.username} (${rows[0].id})`);
    });
  });
}
