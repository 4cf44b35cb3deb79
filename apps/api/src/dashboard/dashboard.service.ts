import { Injectable } from '@nestjs/common';
import { ALL_STAGES, BUSINESS_TIME_ZONE, businessToday, notFound, pathWithin, scopeOf, STAGE_LABELS, STAGES, type Actor, type Stage } from '#domain';
import { addWeeks, isoWeekOfDate, weekWindow } from '#notifications';
import { DashboardRepository, STAGE_AGE_BUCKETS, UnitRepository, type GroupAlertsRow, type UnitEntity } from '#persistence';

/** Weeks in the alert trend, the current one included. */
export const TREND_WEEKS = 12;

const LEVELS = ['ESCALATED', 'OVERDUE', 'WARNING'] as const;
type Level = (typeof LEVELS)[number];

/** Canonical stages a project can still leave: every one but the last (达产达效). */
const LIVE_STAGES: readonly Stage[] = STAGES.slice(0, -1);

const NO_ALERTS = { WARNING: 0, OVERDUE: 0, ESCALATED: 0 };

const worstOf = (a: Pick<GroupAlertsRow, Level>): Level | null => LEVELS.find((l) => a[l] > 0) ?? null;

@Injectable()
export class DashboardService {
  constructor(
    private readonly units: UnitRepository,
    private readonly figures: DashboardRepository,
  ) {}

  /**
   * The dashboard over the scope root: `unitId` when given (404 unless it lies in the actor's scope), else the
   * actor's own unit — for admins and directors too, whose scope is everything. Groups are the root's child
   * units; a project (and its alerts) sitting on the root itself counts for the root, which is listed then.
   */
  async get(actor: Actor, unitId: string | undefined, now = new Date()) {
    const today = businessToday(now);
    const root = await this.root(actor, unitId);
    const weeks = this.weeks(today);
    const [children, stageTotals, projects, alerts, ages, trend] = await Promise.all([
      this.units.children(root.id),
      this.figures.stageTotals(root.path),
      this.figures.projectsByGroup(root.path),
      this.figures.openAlertsByGroup(root.path),
      this.figures.stageAge(root.path, today, LIVE_STAGES),
      this.figures.alertWindows(root.path, [...weeks.map((w) => w.start), weeks[weeks.length - 1].end]),
    ]);

    const projectsByPath = new Map(projects.map((p) => [p.group_path, p]));
    const alertsByPath = new Map(alerts.map((a) => [a.group_path, a]));
    const onRoot = (projectsByPath.get(root.path)?.all ?? 0) > 0 || alertsByPath.has(root.path);
    const groups: UnitEntity[] = children.length === 0 || onRoot ? [root, ...children] : children;

    const totals = new Map(stageTotals.map((s) => [s.stage, s]));
    const funnel = ALL_STAGES.map((stage) => ({
      stage,
      label: STAGE_LABELS[stage],
      count: totals.get(stage)?.count ?? 0,
      investment: totals.get(stage)?.investment ?? '0.00',
    }));

    const alertsByUnit = groups
      .map((u) => {
        const a = alertsByPath.get(u.path) ?? NO_ALERTS;
        return {
          unit: { id: u.id, nameZh: u.nameZh, nameEn: u.nameEn, adminCode: u.adminCode },
          WARNING: a.WARNING,
          OVERDUE: a.OVERDUE,
          ESCALATED: a.ESCALATED,
          total: a.WARNING + a.OVERDUE + a.ESCALATED,
        };
      })
      .sort(
        (x, y) =>
          y.ESCALATED - x.ESCALATED || y.OVERDUE - x.OVERDUE || y.WARNING - x.WARNING || x.unit.nameZh.localeCompare(y.unit.nameZh, 'zh-CN'),
      );

    const units = groups.map((u) => {
      const p = projectsByPath.get(u.path);
      return {
        unit: { id: u.id, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, adminCode: u.adminCode, kind: u.kind },
        projects: p?.projects ?? 0,
        investment: p?.investment ?? '0.00',
        worstLevel: worstOf(alertsByPath.get(u.path) ?? NO_ALERTS),
      };
    });

    const ageCounts = new Map(ages.map((a) => [`${a.stage}:${a.bucket}`, a.count]));
    const stageAge = LIVE_STAGES.map((stage) => ({
      stage,
      label: STAGE_LABELS[stage],
      buckets: STAGE_AGE_BUCKETS.map(([key]) => ({ key, count: ageCounts.get(`${stage}:${key}`) ?? 0 })),
    }));

    const sum = (keep: (r: (typeof trend)[number]) => boolean) => trend.filter(keep).reduce((n, r) => n + r.count, 0);
    const alertTrend = weeks.map((w, index) => {
      const i = index + 1;
      return {
        week: w.week,
        weekStart: w.firstDay,
        open: sum((r) => r.opened_in <= i && r.resolved_in > i),
        opened: sum((r) => r.opened_in === i),
        resolved: sum((r) => r.resolved_in === i),
      };
    });

    return { asOf: today, funnel, alertsByUnit, units, stageAge, alertTrend };
  }

  private async root(actor: Actor, unitId: string | undefined): Promise<UnitEntity> {
    if (unitId) {
      const unit = await this.units.findById(unitId);
      if (!unit || !pathWithin(unit.path, scopeOf(actor))) throw notFound('Unit', unitId);
      return unit;
    }
    const own = await this.units.findById(actor.unitId);
    if (!own) throw notFound('Unit', actor.unitId);
    return own;
  }

  /** The last TREND_WEEKS ISO weeks up to the one holding `today`, oldest first, with their Asia/Shanghai windows. */
  private weeks(today: string) {
    const current = isoWeekOfDate(today);
    return Array.from({ length: TREND_WEEKS }, (_, i) => weekWindow(addWeeks(current, i - (TREND_WEEKS - 1)), BUSINESS_TIME_ZONE));
  }
}
