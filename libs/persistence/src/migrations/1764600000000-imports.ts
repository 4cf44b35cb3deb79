import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 台账 imports through the API (issue 8): one `import_run` per uploaded file. The file itself is kept in the row
 * (bytea) so the worker, not the request, reads, validates and commits it; problems are capped at 1,000.
 */
export class Imports1764600000000 implements MigrationInterface {
  name = 'Imports1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name varchar(255) NOT NULL,
        content bytea,
        dry_run boolean NOT NULL DEFAULT false,
        status varchar(16) NOT NULL DEFAULT 'QUEUED'
          CHECK (status IN ('QUEUED','VALIDATING','FAILED','VALIDATED','COMMITTING','COMMITTED')),
        requested_by uuid NOT NULL REFERENCES app_user(id),
        unit_path text NOT NULL,
        rows_total int NOT NULL DEFAULT 0,
        rows_done int NOT NULL DEFAULT 0,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        problem_count int NOT NULL DEFAULT 0,
        problems jsonb NOT NULL DEFAULT '[]'::jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX import_run_unit_idx ON import_run (unit_path text_pattern_ops, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_run`);
  }
}
