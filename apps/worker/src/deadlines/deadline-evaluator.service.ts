import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { computeClocks, WorkingCalendar, type Clock, type JudgedClock } from '#domain';
import { CalendarRepository, DeadlineRepository, RuleRepository } from '#persistence';

export interface EvaluationResult {
  /** Projects the engine evaluated (a project whose evaluation failed keeps its mark and is not counted). */
  projects: number;
  deadlines: number;
  alertsResolved: number;
  alertsRaised: number;
  notices: number;
}

export interface SweepResult extends EvaluationResult {
  levelChanges: number;
  batches: number;
}

const empty = (): EvaluationResult => ({ projects: 0, deadlines: 0, alertsResolved: 0, alertsRaised: 0, notices: 0 });
const add = (a: EvaluationResult, b: EvaluationResult): EvaluationResult => ({
  projects: a.projects + b.projects,
  deadlines: a.deadlines + b.deadlines,
  alertsResolved: a.alertsResolved + b.alertsResolved,
  alertsRaised: a.alertsRaised + b.alertsRaised,
  notices: a.notices + b.notices,
});

/**
 * Runs the pure clock engine over projects loaded from PostgreSQL and writes the results back:
 * deadlines, alerts, notices. Every method is safe to run twice and in two workers at once:
 * projects are locked while evaluated, rows are upserted on unique keys.
 */
@Injectable()
export class DeadlineEvaluator {
  private readonly logger = new Logger(DeadlineEvaluator.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    private readonly rules: RuleRepository,
    private readonly calendar: CalendarRepository,
  ) {}

  /** Re-evaluates these projects now (waits for a project another transaction is changing). */
  async reevaluateProjects(projectIds: string[], now = new Date()): Promise<EvaluationResult> {
    if (!projectIds.length) return empty();
    return this.dataSource.transaction(async (m) => {
      const locked: { id: string }[] = await m.query(`SELECT id FROM project WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [projectIds]);
      return this.evaluateLocked(m, locked.map((r) => r.id), now);
    });
  }

  /** Re-evaluates up to `limit` projects marked for re-evaluation; returns what it did (projects 0 when none were left). */
  async reevaluateMarked(limit: number, now = new Date()): Promise<EvaluationResult> {
    return this.dataSource.transaction(async (m) => {
      const ids = await this.deadlines.claimMarkedProjects(m, limit);
      return this.evaluateLocked(m, ids, now);
    });
  }

  /** The clocks of one project as the engine computes them now, without writing anything (CLI explain). */
  async preview(projectId: string, now = new Date()): Promise<Clock[]> {
    const [clocks] = [...(await this.compute(this.dataSource.manager, [projectId], now)).byProject.values()];
    return clocks ?? [];
  }

  /**
   * The sweep: first every project whose re-evaluation is still pending (a lost queue job, a rule or
   * calendar change), then every deadline whose next_check_at has passed, in batches.
   */
  async sweep(now = new Date(), batchSize = 20_000): Promise<SweepResult> {
    let total = empty();
    for (;;) {
      const r = await this.reevaluateMarked(500, now);
      total = add(total, r);
      if (r.projects === 0) break;
    }
    let levelChanges = 0;
    let batches = 0;
    for (;;) {
      const r = await this.dataSource.transaction(async (m) => {
        const ids = await this.deadlines.advanceDue(m, now, batchSize);
        const alerts = await this.deadlines.syncAlerts(m, ids);
        return { ids: ids.length, alerts };
      });
      batches++;
      levelChanges += r.ids;
      total = add(total, { projects: 0, deadlines: 0, alertsRaised: r.alerts.raised, alertsResolved: r.alerts.resolved, notices: r.alerts.notices });
      if (r.ids < batchSize) break;
    }
    return { ...total, levelChanges, batches };
  }

  private async evaluateLocked(m: EntityManager, projectIds: string[], now: Date): Promise<EvaluationResult> {
    if (!projectIds.length) return empty();
    const clocks = await this.compute(m, projectIds, now);
    const changed = await this.deadlines.saveClocks(m, clocks.byProject);
    const alerts = await this.deadlines.syncAlerts(m, changed);
    await this.deadlines.clearReevaluationMarks(m, clocks.marks);
    // Only projects the engine could evaluate count: a failing one keeps its mark, and loops that run "until
    // nothing is left" stop when a batch makes no progress instead of claiming it forever.
    return { projects: clocks.marks.size, deadlines: changed.length, alertsResolved: alerts.resolved, alertsRaised: alerts.raised, notices: alerts.notices };
  }

  private async compute(m: EntityManager, projectIds: string[], now: Date) {
    const rules = await this.rules.list(m);
    const calendar = new WorkingCalendar(await this.calendar.all(m));
    const facts = await this.deadlines.loadFacts(projectIds, m);
    const judgedKeys = [...facts.values()].flatMap((f) => f.judged.map((j) => ({ ruleId: j.ruleId, version: j.ruleVersion })));
    const versions = await this.rules.versions(judgedKeys, m);
    const byProject = new Map<string, Clock[]>();
    const marks = new Map<string, string | null>();
    for (const [id, f] of facts) {
      const judgedClocks: JudgedClock[] = f.judged.flatMap((j) => {
        const rule = versions.get(`${j.ruleId}:${j.ruleVersion}`);
        return rule ? [{ key: j.key, status: j.status, level: j.level, rule }] : [];
      });
      try {
        byProject.set(
          id,
          computeClocks(
            {
              project: f.facts,
              transitions: f.transitions,
              planDates: f.planDates,
              progressReports: f.progressReports,
              waivedKeys: f.waivedKeys,
              judgedClocks,
              rules,
              calendar,
              serviceDesk: f.serviceDesk ?? null,
            },
            now,
          ),
        );
        marks.set(id, f.requestedAt);
      } catch (e) {
        // One bad project must not stop the others: it keeps its mark and is retried by the next sweep.
        this.logger.error(`Project ${id}: clock engine failed: ${(e as Error).stack}`);
      }
    }
    return { byProject, marks };
  }
}
