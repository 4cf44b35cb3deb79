import { Injectable } from '@nestjs/common';
import type { Stage } from '#domain';
import { DataSource } from 'typeorm';
import { likePrefix } from './sql.js';

/**
 * The path of the group a unit path `col` falls in, below the scope root `$1`: the root's child on the
 * path (`/root/child/`), or the root itself for a path equal to it.
 */
const GROUP_PATH = (col: string) =>
  `CASE WHEN ${col} = $1 THEN $1 ELSE $1 || split_part(substr(${col}, char_length($1) + 1), '/', 1) || '/' END`;

export interface StageTotalsRow {
  stage: Stage;
  count: number;
  /** Sum of total_investment, 万元, 2 decimals. */
  investment: string;
}

export interface GroupProjectsRow {
  group_path: string;
  /** Every project of the group, cancelled ones included. */
  all: number;
  /** Projects not CANCELLED. */
  projects: number;
  /** Sum of total_investment of the projects not CANCELLED, 万元, 2 decimals. */
  investment: string;
}

export interface GroupAlertsRow {
  group_path: string;
  WARNING: number;
  OVERDUE: number;
  ESCALATED: number;
}

export interface StageAgeRow {
  stage: Stage;
  bucket: string;
  count: number;
}

/** Alerts counted by the window they were opened in and the window they were resolved in (see alertWindows). */
export interface AlertWindowsRow {
  /** 0 = opened before the first window, i = in window i (1-based). */
  opened_in: number;
  /** i = resolved in window i; windows + 1 = not resolved by the end of the last window. */
  resolved_in: number;
  count: number;
}

/** Age buckets of the dashboard, in days since the stage date: [key, lowest day, highest day (null = open)]. */
export const STAGE_AGE_BUCKETS = [
  ['0-30', 0, 30],
  ['31-90', 31, 90],
  ['91-180', 91, 180],
  ['181-365', 181, 365],
  ['365+', 366, null],
] as const;
export type StageAgeBucket = (typeof STAGE_AGE_BUCKETS)[number][0];

const BUCKET_SQL = `CASE ${STAGE_AGE_BUCKETS.map(([key, , hi]) => (hi === null ? `ELSE '${key}'` : `WHEN $2::date - p.stage_date <= ${hi} THEN '${key}'`)).join(' ')} END`;

/**
 * Aggregates for the dashboard (驾驶舱) over one unit subtree, each a single GROUP BY statement: projects by
 * stage, projects and open alerts by the root's child units, stage age buckets and a weekly alert trend.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Projects and their agreed investment per stage (stages without projects are absent). */
  stageTotals(rootPath: string): Promise<StageTotalsRow[]> {
    return this.dataSource.query(
      `SELECT p.stage, count(*)::int AS count, coalesce(sum(p.total_investment), 0)::numeric(18,2)::text AS investment
         FROM project p WHERE p.unit_path LIKE $1 GROUP BY p.stage`,
      [likePrefix(rootPath)],
    );
  }

  /** Projects per group below `rootPath` (see GROUP_PATH). */
  projectsByGroup(rootPath: string): Promise<GroupProjectsRow[]> {
    return this.dataSource.query(
      `SELECT ${GROUP_PATH('p.unit_path')} AS group_path, count(*)::int AS all,
              count(*) FILTER (WHERE p.stage <> 'CANCELLED')::int AS projects,
              coalesce(sum(p.total_investment) FILTER (WHERE p.stage <> 'CANCELLED'), 0)::numeric(18,2)::text AS investment
         FROM project p WHERE p.unit_path LIKE $2 GROUP BY 1`,
      [rootPath, likePrefix(rootPath)],
    );
  }

  /** Open (not RESOLVED) alerts per group and level below `rootPath`. */
  openAlertsByGroup(rootPath: string): Promise<GroupAlertsRow[]> {
    return this.dataSource.query(
      `SELECT ${GROUP_PATH('a.unit_path')} AS group_path,
              count(*) FILTER (WHERE a.level = 'WARNING')::int AS "WARNING",
              count(*) FILTER (WHERE a.level = 'OVERDUE')::int AS "OVERDUE",
              count(*) FILTER (WHERE a.level = 'ESCALATED')::int AS "ESCALATED"
         FROM alert a WHERE a.unit_path LIKE $2 AND a.status <> 'RESOLVED' GROUP BY 1`,
      [rootPath, likePrefix(rootPath)],
    );
  }

  /** Projects of the given stages per age bucket (days from stage_date to `today`). */
  stageAge(rootPath: string, today: string, stages: readonly Stage[]): Promise<StageAgeRow[]> {
    return this.dataSource.query(
      `SELECT p.stage, ${BUCKET_SQL} AS bucket, count(*)::int AS count
         FROM project p WHERE p.unit_path LIKE $1 AND p.stage = ANY($3::varchar[]) GROUP BY 1, 2`,
      [likePrefix(rootPath), today, stages],
    );
  }

  /**
   * The alerts below `rootPath` that overlap consecutive windows [bounds[0], bounds[1]), …, [bounds[n-1], bounds[n]),
   * counted by (window opened in, window resolved in): one pass and one GROUP BY, whatever the number of windows.
   * Open at the end of window i = opened_in <= i < resolved_in; opened in i = opened_in = i; resolved in i = resolved_in = i.
   */
  alertWindows(rootPath: string, bounds: Date[]): Promise<AlertWindowsRow[]> {
    const n = bounds.length - 1;
    return this.dataSource.query(
      `SELECT width_bucket(a.opened_at, $2::timestamptz[]) AS opened_in,
              CASE WHEN a.resolved_at IS NULL THEN ${n + 1} ELSE width_bucket(a.resolved_at, $2::timestamptz[]) END AS resolved_in,
              count(*)::int AS count
         FROM alert a
        WHERE a.unit_path LIKE $1 AND a.opened_at < $3 AND (a.resolved_at IS NULL OR a.resolved_at >= $4)
        GROUP BY 1, 2`,
      [likePrefix(rootPath), bounds.map((d) => d.toISOString()), bounds[n].toISOString(), bounds[0].toISOString()],
    );
  }
}
