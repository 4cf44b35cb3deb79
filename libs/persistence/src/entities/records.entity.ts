import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { IssueCategory, IssueStatus, MoneyKind, Stage, TransitionKind } from '#domain';

/** One stage change; append-only (a trigger refuses UPDATE and DELETE). */
@Entity('stage_transition')
export class StageTransitionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ type: 'int' }) seq: number;
  @Column({ type: 'varchar' }) kind: TransitionKind;
  @Column({ name: 'from_stage', type: 'varchar', nullable: true }) fromStage: Stage | null;
  @Column({ name: 'to_stage', type: 'varchar' }) toStage: Stage;
  @Column({ name: 'effective_date', type: 'date' }) effectiveDate: string;
  /** Dates of canonical stages passed over by a forward skip (each defaults to effective_date). */
  @Column({ name: 'skipped_stage_dates', type: 'jsonb', default: {} }) skippedStageDates: Record<string, string>;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

/** A dated sub-milestone (主体封顶, 设备安装, 纳规报送, 核准, 能评批复, 入库 …): an event, not a stage. */
@Entity('milestone_event')
export class MilestoneEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ type: 'varchar' }) code: string;
  @Column({ name: 'name_zh', type: 'varchar' }) nameZh: string;
  @Column({ name: 'effective_date', type: 'date' }) effectiveDate: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Money in 万元 by period (YYYY or YYYY-MM): agreed, arrived, completed, annual plan. */
@Entity('money_record')
export class MoneyRecordEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ type: 'varchar' }) kind: MoneyKind;
  @Column({ type: 'varchar' }) period: string;
  @Column({ type: 'numeric', precision: 16, scale: 2 }) amount: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** The monthly progress report (月调度) of one project for one period. */
@Entity('progress_report')
export class ProgressReportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ type: 'varchar' }) period: string;
  @Column({ type: 'text' }) summary: string;
  @Column({ name: 'construction_percent', type: 'int', nullable: true }) constructionPercent: number | null;
  @Column({ name: 'next_steps', type: 'text', nullable: true }) nextSteps: string | null;
  @Column({ type: 'text', nullable: true }) problems: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ name: 'reported_at', type: 'timestamptz' }) reportedAt: Date;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** An entry in the 问题清单: open → 督办 → cleared. */
@Entity('project_issue')
export class ProjectIssueEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ type: 'varchar' }) category: IssueCategory;
  @Column({ type: 'varchar' }) title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'owner_unit_id', type: 'uuid', nullable: true }) ownerUnitId: string | null;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ type: 'varchar', default: 'OPEN' }) status: IssueStatus;
  @Column({ type: 'text', nullable: true }) result: string | null;
  @Column({ name: 'cleared_on', type: 'date', nullable: true }) clearedOn: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** 留痕: one row per mutation of any record; append-only. */
@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @CreateDateColumn({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'varchar' }) action: string;
  @Column({ type: 'varchar' }) entity: string;
  @Column({ name: 'entity_id', type: 'varchar' }) entityId: string;
  @Column({ type: 'jsonb', nullable: true }) before: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) after: Record<string, unknown> | null;
}
