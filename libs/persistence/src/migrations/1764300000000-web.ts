import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the web app's read endpoints: the worst open alert of a project (the project list's alertLevel
 * column, the export, the list filter's NONE case) reads only the open alerts of that project, from the
 * index alone. Resolved alerts pile up over the years (one 月调度 alert a month per late project), so the
 * index holds open alerts only.
 */
export class Web1764300000000 implements MigrationInterface {
  name = 'Web1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX alert_open_project_idx ON alert (project_id, level) WHERE status <> 'RESOLVED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS alert_open_project_idx`);
  }
}
