import { Injectable } from '@nestjs/common';
import type { CalendarYearData } from '#domain';
import { DataSource, EntityManager } from 'typeorm';
import { returned } from './sql.js';

export interface CalendarYearRow extends CalendarYearData {
  version: number;
  updatedAt: Date;
}

/** The working-day calendar, one row per year (holidays and 调休 make-up workdays), editable by admins. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  async all(manager: EntityManager = this.dataSource.manager): Promise<CalendarYearRow[]> {
    const rows = await manager.query(`SELECT year, holidays, workdays, source, version, updated_at FROM calendar_year ORDER BY year`);
    return rows.map(toRow);
  }

  async get(year: number, manager: EntityManager = this.dataSource.manager): Promise<CalendarYearRow | null> {
    const rows = await manager.query(`SELECT year, holidays, workdays, source, version, updated_at FROM calendar_year WHERE year = $1`, [year]);
    return rows.length ? toRow(rows[0]) : null;
  }

  /** Creates the year (expectedVersion null) or replaces it when `expectedVersion` is current; null when stale. */
  async put(manager: EntityManager, data: CalendarYearData, expectedVersion: number | null, actorId: string | null): Promise<CalendarYearRow | null> {
    const rows = returned<Parameters<typeof toRow>[0]>(
      expectedVersion === null
        ? await manager.query(
            `INSERT INTO calendar_year (year, holidays, workdays, source, updated_by) VALUES ($1, $2::jsonb, $3::jsonb, $4, $5)
             ON CONFLICT (year) DO NOTHING RETURNING year, holidays, workdays, source, version, updated_at`,
            [data.year, JSON.stringify([...data.holidays].sort()), JSON.stringify([...data.workdays].sort()), data.source ?? null, actorId],
          )
        : await manager.query(
            `UPDATE calendar_year SET holidays = $2::jsonb, workdays = $3::jsonb, source = $4, updated_by = $5, version = version + 1, updated_at = now()
              WHERE year = $1 AND version = $6 RETURNING year, holidays, workdays, source, version, updated_at`,
            [data.year, JSON.stringify([...data.holidays].sort()), JSON.stringify([...data.workdays].sort()), data.source ?? null, actorId, expectedVersion],
          ),
    );
    return rows.length ? toRow(rows[0]) : null;
  }
}

function toRow(r: { year: number; holidays: string[]; workdays: string[]; source: string | null; version: number; updated_at: Date }): CalendarYearRow {
  return { year: r.year, holidays: r.holidays, workdays: r.workdays, source: r.source, version: r.version, updatedAt: r.updated_at };
}
