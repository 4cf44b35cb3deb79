import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#config';
import { DigestQueryRepository, ServiceDeskClockRepository, type DigestAlertRow, type DigestDeskRow, type MailRecipientRow } from '#persistence';
import { STAGES, SIDE_STATES } from '#domain';
import type { AlertItem, AlertLevel, DeskItem, DigestData, Locale } from './digest.model.js';
import { addDaysTo, daysBetween, formatIsoWeek, weekWindow, type IsoWeek } from './iso-week.js';

/** Rows listed per section (the rest is counted, with a link to the full list in the web app). */
export const DIGEST_LIMITS = { perLevel: 20, awaiting: 20, progress: 30, dueSoon: 30, missingReports: 30, overdueRequests: 30, overdueCommitments: 30 };

type ScopeData = Omit<DigestData, 'recipient' | 'scope'>;

/** Which units a recipient's digest covers: staff, managers and viewers their unit's subtree; directors and admins everything. */
export function digestScopePath(r: Pick<MailRecipientRow, 'role' | 'unit_path'>): string | null {
  return r.role === 'director' || r.role === 'admin' ? null : r.unit_path;
}

/**
 * Builds a person's digest for an ISO week from PostgreSQL. The week's facts depend only on the scope,
 * so they are computed once per (scope, week) and shared by everyone with that scope (a short-lived
 * cache of promises: concurrent jobs for one scope wait for the same reads).
 */
@Injectable()
export class DigestBuilder {
  private readonly cache = new Map<string, { at: number; data: Promise<ScopeData> }>();
  private readonly ttlMs = 10 * 60_000;

  constructor(
    private readonly queries: DigestQueryRepository,
    private readonly desk: ServiceDeskClockRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  recipient(userId: string): Promise<MailRecipientRow | null> {
    return this.queries.recipient(userId);
  }

  async build(r: MailRecipientRow, week: IsoWeek, locale?: Locale): Promise<DigestData> {
    const scopePath = digestScopePath(r);
    const data = await this.scopeData(scopePath, week);
    return {
      ...data,
      recipient: { id: r.id, displayName: r.display_name, email: r.email, role: r.role, locale: locale ?? r.locale },
      scope: { all: scopePath === null, unitNameZh: r.unit_name_zh, unitNameEn: r.unit_name_en },
    };
  }

  private scopeData(scopePath: string | null, week: IsoWeek): Promise<ScopeData> {
    const key = `${scopePath ?? '*'}|${formatIsoWeek(week)}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.data;
    if (this.cache.size > 2000) this.cache.clear();
    const data = this.load(scopePath, week);
    this.cache.set(key, { at: now, data });
    data.catch(() => this.cache.delete(key));
    return data;
  }

  private async load(scope: string | null, week: IsoWeek): Promise<ScopeData> {
    const w = weekWindow(week, this.config.timeZone);
    // The digest's reference day is the week's Sunday: days overdue, the 14-day horizon and the report month count from it.
    const refDay = w.lastDay;
    const dueFrom = addDaysTo(refDay, 1);
    const dueTo = addDaysTo(refDay, 14);
    const period = refDay.slice(0, 7);
    const [newAlerts, awaiting, progress, dueSoon, missing, funnelNow, funnelBefore, lateRequests, lateCommitments] = await Promise.all([
      this.queries.openAlerts(scope, w.end, { openedSince: w.start, perLevel: DIGEST_LIMITS.perLevel }),
      this.queries.openAlerts(scope, w.end, { onlyLevel: 'ESCALATED', unacknowledged: true, perLevel: DIGEST_LIMITS.awaiting }),
      this.queries.progress(scope, w.start, w.end, w.firstDay, w.lastDay, DIGEST_LIMITS.progress),
      this.queries.dueSoon(scope, dueFrom, addDaysTo(dueTo, 1), DIGEST_LIMITS.dueSoon),
      this.queries.missingReports(scope, period, DIGEST_LIMITS.missingReports),
      this.queries.funnel(scope, refDay),
      this.queries.funnel(scope, addDaysTo(refDay, -7)),
      this.desk.overdueRequestsForDigest(scope, refDay, DIGEST_LIMITS.overdueRequests),
      this.desk.overdueCommitmentsForDigest(scope, refDay, DIGEST_LIMITS.overdueCommitments),
    ]);
    const toDesk = (r: DigestDeskRow): DeskItem => ({
      id: r.id,
      projectId: r.project_id,
      projectCode: r.project_code,
      projectNameZh: r.project_name_zh,
      projectNameEn: r.project_name_en,
      unitNameZh: r.unit_name_zh,
      title: r.title,
      category: r.category,
      dueDate: r.due_date,
      daysOverdue: Math.max(0, daysBetween(r.due_date, refDay)),
      owner: r.owner,
      amount: r.amount,
      explanationZh: r.explanation_zh,
      explanationEn: r.explanation_en,
    });
    const counts: Record<AlertLevel, number> = { WARNING: 0, OVERDUE: 0, ESCALATED: 0 };
    for (const a of newAlerts) counts[a.level_at] = a.total_in_level;
    const toItem = (a: DigestAlertRow): AlertItem => ({
      alertId: a.alert_id,
      projectId: a.project_id,
      projectCode: a.project_code,
      projectNameZh: a.project_name_zh,
      projectNameEn: a.project_name_en,
      unitNameZh: a.unit_name_zh,
      level: a.level_at,
      dueDate: a.due_date,
      daysOverdue: Math.max(0, daysBetween(a.due_date, refDay)),
      explanationZh: a.explanation_zh,
      explanationEn: a.explanation_en,
      owner: a.owner,
    });
    const stages = [...STAGES, ...SIDE_STATES] as string[];
    return {
      week: w.week,
      firstDay: w.firstDay,
      lastDay: w.lastDay,
      newAlerts: newAlerts.map(toItem),
      newAlertCounts: counts,
      awaiting: awaiting.map(toItem),
      awaitingTotal: awaiting[0]?.total_in_level ?? 0,
      progress: progress.map((p) => ({
        kind: p.kind,
        projectId: p.project_id,
        projectCode: p.project_code,
        projectNameZh: p.project_name_zh,
        projectNameEn: p.project_name_en,
        transitionKind: p.transition_kind,
        fromStage: p.from_stage,
        toStage: p.to_stage,
        milestoneName: p.milestone_name,
        date: p.date,
      })),
      progressTotal: progress[0]?.total ?? 0,
      dueSoon: dueSoon.map((d) => ({
        projectId: d.project_id,
        projectCode: d.project_code,
        projectNameZh: d.project_name_zh,
        projectNameEn: d.project_name_en,
        level: d.level,
        dueDate: d.due_date,
        daysLeft: daysBetween(refDay, d.due_date),
        explanationZh: d.explanation_zh,
        explanationEn: d.explanation_en,
      })),
      dueSoonTotal: dueSoon[0]?.total ?? 0,
      dueFrom,
      dueTo,
      missingReports: missing.map((m) => ({ projectId: m.project_id, projectCode: m.project_code, projectNameZh: m.project_name_zh, projectNameEn: m.project_name_en, stage: m.stage })),
      missingReportsTotal: missing[0]?.total ?? 0,
      reportPeriod: period,
      funnel: stages
        .map((stage) => ({ stage, count: funnelNow.get(stage) ?? 0, previous: funnelBefore.get(stage) ?? 0 }))
        .filter((f) => f.count > 0 || f.previous > 0),
      overdueRequests: lateRequests.map(toDesk),
      overdueRequestsTotal: lateRequests[0]?.total ?? 0,
      overdueCommitments: lateCommitments.map(toDesk),
      overdueCommitmentsTotal: lateCommitments[0]?.total ?? 0,
    };
  }
}
