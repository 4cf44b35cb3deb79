import 'reflect-metadata';
import { runMigrations } from '#persistence';
import { seedReferenceData } from '#persistence/seeding';
import { CREATE_USER_USAGE, createUserCommand } from './commands/create-user.js';
import { requireDatabaseUrl, withDataSource } from './commands/db.js';
import { explainCommand, reevaluateCommand, sweepCommand } from './commands/deadlines.js';
import { DIGEST_USAGE, digestCommand } from './commands/digest.js';
import { IMPORT_USAGE, importCommand } from './commands/import.js';
import { startCommand } from './commands/start.js';

const USAGE = `Usage: npm run cli -- <command>

  start              the whole product on http://localhost:3000 (what \`npm start\` runs)
  migrate            apply pending database migrations (DATABASE_URL)
  seed [--demo]      load reference data and the report projects, idempotently; --demo adds the demo users
  ${CREATE_USER_USAGE}
  explain <projectId|code>            every clock of a project with its explanation
  sweep                               run one deadline sweep now
  reevaluate --all | <id|code> ...    recompute clocks now
  ${IMPORT_USAGE}
                                      import a 台账 (项目台账 / 阶段记录 / 资金 / 月调度); exit 1 with the problems
  ${DIGEST_USAGE}
                                      send (or with --dry-run print) a past week's digest, exactly once
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return startCommand();
    case 'migrate': {
      const ran = await runMigrations(requireDatabaseUrl());
      console.log(ran.length ? `Applied: ${ran.join(', ')}` : 'No pending migrations');
      return;
    }
    case 'seed': {
      const summary = await withDataSource(requireDatabaseUrl(), (ds) => seedReferenceData(ds, { demoUsers: rest.includes('--demo') }));
      console.log(JSON.stringify(summary, null, 2));
      return;
    }
    case 'create-user':
      return createUserCommand(rest);
    case 'explain':
      return explainCommand(rest);
    case 'sweep':
      return sweepCommand();
    case 'reevaluate':
      return reevaluateCommand(rest);
    case 'digest':
      return digestCommand(rest);
    case 'import':
      return importCommand(rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new Error(`Unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
