import { businessToday, STAGE_LABELS } from '#domain';
import type { ProjectDetail, ProjectEntity, ProjectListRow, StageTransitionEntity } from '#persistence';

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A list row as the API answers it, with `stageDays` counted to today in Asia/Shanghai. */
export function toProjectListItem(r: ProjectListRow) {
  return projectListItem(r, businessToday(new Date()));
}

/** A list row as the API answers it; `today` (YYYY-MM-DD, Asia/Shanghai) is read once per request. */
export function projectListItem(r: ProjectListRow, today: string) {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    unit: { id: r.unit_id, nameZh: r.unit_name_zh },
    investor: r.investor_id ? { id: r.investor_id, nameZh: r.investor_name_zh } : null,
    family: r.family,
    projectType: r.project_type,
    stage: r.stage,
    stageLabel: STAGE_LABELS[r.stage],
    stageDate: r.stage_date,
    /** Whole days in the current stage: from stageDate to today (Asia/Shanghai). */
    stageDays: daysBetweenDates(r.stage_date, today),
    totalInvestment: r.total_investment,
    location: r.location,
    isProgram: r.is_program,
    /** Worst level among the project's open alerts (ESCALATED > OVERDUE > WARNING), null when none is open. */
    alertLevel: r.alert_level,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

export function toProjectSummary(p: ProjectEntity) {
  return {
    id: p.id,
    code: p.code,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    unitId: p.unitId,
    investorId: p.investorId,
    location: p.location,
    family: p.family,
    projectType: p.projectType,
    stage: p.stage,
    stageLabel: STAGE_LABELS[p.stage],
    stageDate: p.stageDate,
    heldFromStage: p.heldFromStage,
    totalInvestment: p.totalInvestment,
    capacity: p.capacity,
    description: p.description,
    sponsorLeader: p.sponsorLeader,
    responsibleLeader: p.responsibleLeader,
    serviceTeam: p.serviceTeam,
    jobsPlanned: p.jobsPlanned,
    isProgram: p.isProgram,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function toProjectResponse(d: ProjectDetail) {
  return {
    ...toProjectSummary(d.project),
    unit: { id: d.unit.id, code: d.unit.code, nameZh: d.unit.nameZh, nameEn: d.unit.nameEn },
    investor: d.investor && { id: d.investor.id, nameZh: d.investor.nameZh, nameEn: d.investor.nameEn, ownershipType: d.investor.ownershipType },
    clusters: d.clusters.map((c) => ({ id: c.id, code: c.code, kind: c.kind, nameZh: c.nameZh, nameEn: c.nameEn })),
    lists: d.lists.map((l) => ({ id: l.id, code: l.code, nameZh: l.nameZh })),
    planDates: d.planDates.map((p) => ({ stage: p.stage, expectedDate: p.expectedDate, sourceText: p.sourceText })),
    /** Provenance: the report lines this project's facts come from. */
    sources: d.sources.map((s) => ({
      sourceFile: s.sourceFile,
      sourceLine: s.sourceLine,
      quoteZh: s.quoteZh,
      statusZh: s.statusZh,
      asOf: s.asOf,
      stage: s.stage,
      subMilestone: s.subMilestone,
      note: s.note,
    })),
  };
}

export function toTransitionResponse(t: StageTransitionEntity) {
  return {
    id: t.id,
    seq: t.seq,
    kind: t.kind,
    fromStage: t.fromStage,
    toStage: t.toStage,
    effectiveDate: t.effectiveDate,
    skippedStageDates: t.skippedStageDates,
    note: t.note,
    actorId: t.actorId,
    recordedAt: t.recordedAt,
  };
}
