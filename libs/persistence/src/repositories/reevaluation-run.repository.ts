import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A background re-evaluation after a rule or calendar change, with visible progress. */
@Injectable()
export class ReevaluationRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(manager: EntityManager, reason: string, total: number, actorId: string | null): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO reevaluation_run (reason, total, requested_by, status, finished_at)
       VALUES ($1, $2, $3, CASE WHEN $2 = 0 THEN 'DONE' ELSE 'RUNNING' END, CASE WHEN $2 = 0 THEN now() END) RETURNING id`,
      [reason, total, actorId],
    );
    return row.id;
  }

  async get(id: string) {
    const rows = await this.dataSource.query(
      `SELECT r.id, r.reason, r.total, r.done, r.status, r.requested_by AS "requestedBy", r.created_at AS "createdAt",
              r.finished_at AS "finishedAt", (SELECT count(*)::int FROM project WHERE reevaluate_requested_at IS NOT NULL) AS pending
         FROM reevaluation_run r WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async recordProgress(id: string, processed: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE reevaluation_run SET done = least(total, done + $2),
         status = CASE WHEN NOT EXISTS (SELECT 1 FROM project WHERE reevaluate_requested_at IS NOT NULL) THEN 'DONE' ELSE status END,
         finished_at = CASE WHEN finished_at IS NULL AND NOT EXISTS (SELECT 1 FROM project WHERE reevaluate_requested_at IS NOT NULL) THEN now() ELSE finished_at END
       WHERE id = $1`,
      [id, processed],
    );
  }
}
