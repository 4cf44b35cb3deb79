import type { DataSource } from 'typeorm';

export interface LedgerExtras {
  arrived: string | null;
  completed: string | null;
  reportPeriod: string | null;
  report: string | null;
}

/**
 * For the official 台账 export: 到位资金 and 完成投资 summed per project (monthly records, plus yearly ones for
 * years without monthly records, so a year is never counted twice) and the latest 月调度 进展情况.
 */
export async function ledgerExtras(ds: DataSource, projectIds: string[]): Promise<Map<string, LedgerExtras>> {
  const out = new Map<string, LedgerExtras>();
  for (let i = 0; i < projectIds.length; i += 10_000) {
    const ids = projectIds.slice(i, i + 10_000);
    const rows: ({ id: string } & LedgerExtras)[] = await ds.query(
      `WITH ids AS (SELECT unnest($1::uuid[]) AS id),
       m AS (
         SELECT r.project_id, r.kind, sum(r.amount) AS amount
           FROM money_record r JOIN ids ON ids.id = r.project_id
          WHERE r.kind IN ('ARRIVED','COMPLETED')
            AND (length(r.period) = 7 OR NOT EXISTS (SELECT 1 FROM money_record x WHERE x.project_id = r.project_id AND x.kind = r.kind AND x.period LIKE r.period || '-%'))
          GROUP BY r.project_id, r.kind),
       p AS (
         SELECT DISTINCT ON (r.project_id) r.project_id, r.period, r.summary FROM progress_report r JOIN ids ON ids.id = r.project_id
          ORDER BY r.project_id, r.period DESC)
       SELECT ids.id,
              (SELECT amount::text FROM m WHERE m.project_id = ids.id AND m.kind = 'ARRIVED') AS arrived,
              (SELECT amount::text FROM m WHERE m.project_id = ids.id AND m.kind = 'COMPLETED') AS completed,
              p.period AS "reportPeriod", p.summary AS report
         FROM ids LEFT JOIN p ON p.project_id = ids.id`,
      [ids],
    );
    for (const r of rows) out.set(r.id, { arrived: r.arrived, completed: r.completed, reportPeriod: r.reportPeriod, report: r.report });
  }
  return out;
}
