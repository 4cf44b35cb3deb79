import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { CanonicalStage, ProjectFamily, Stage } from '#domain';

@Entity('project')
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar' }) code: string;
  @Column({ name: 'name_zh', type: 'varchar' }) nameZh: string;
  @Column({ name: 'name_en', type: 'varchar', nullable: true }) nameEn: string | null;
  @Column({ name: 'investor_id', type: 'uuid', nullable: true }) investorId: string | null;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  /** Copy of the unit's path, so scoping is one indexed prefix match. */
  @Column({ name: 'unit_path', type: 'text' }) unitPath: string;
  @Column({ type: 'varchar', nullable: true }) location: string | null;
  @Column({ type: 'varchar' }) family: ProjectFamily;
  @Column({ name: 'project_type', type: 'varchar', nullable: true }) projectType: string | null;
  @Column({ type: 'varchar' }) stage: Stage;
  /** Effective date on which the project entered its current stage. */
  @Column({ name: 'stage_date', type: 'date' }) stageDate: string;
  @Column({ name: 'held_from_stage', type: 'varchar', nullable: true }) heldFromStage: CanonicalStage | null;
  /** Total / agreed investment in 万元, exact decimal. */
  @Column({ name: 'total_investment', type: 'numeric', precision: 16, scale: 2, nullable: true }) totalInvestment: string | null;
  @Column({ type: 'text', nullable: true }) capacity: string | null;
  @Column({ type: 'text', nullable: true }) description: string | null;
  /** 市县长项目: the leader who sponsors the project. */
  @Column({ name: 'sponsor_leader', type: 'varchar', nullable: true }) sponsorLeader: string | null;
  /** 包联领导 */
  @Column({ name: 'responsible_leader', type: 'varchar', nullable: true }) responsibleLeader: string | null;
  /** 专班 */
  @Column({ name: 'service_team', type: 'varchar', nullable: true }) serviceTeam: string | null;
  @Column({ name: 'jobs_planned', type: 'int', nullable: true }) jobsPlanned: number | null;
  /** True for a programme of several sub-projects (e.g. 「“三北”工程……等项目」). */
  @Column({ name: 'is_program', type: 'boolean', default: false }) isProgram: boolean;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('project_cluster')
export class ProjectClusterEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' }) projectId: string;
  @PrimaryColumn({ name: 'cluster_id', type: 'uuid' }) clusterId: string;
}

@Entity('project_list_membership')
export class ProjectListMembershipEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' }) projectId: string;
  @PrimaryColumn({ name: 'list_id', type: 'uuid' }) listId: string;
  @Column({ name: 'added_on', type: 'date', nullable: true }) addedOn: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
}

/** The project's own expected date for a milestone (预计10月投产 → end of October). */
@Entity('project_plan_date')
export class ProjectPlanDateEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' }) projectId: string;
  @PrimaryColumn({ type: 'varchar' }) stage: CanonicalStage;
  @Column({ name: 'expected_date', type: 'date' }) expectedDate: string;
  @Column({ name: 'source_text', type: 'text', nullable: true }) sourceText: string | null;
  /** Business date the plan was stated (report date, or the day it was entered). */
  @Column({ name: 'stated_on', type: 'date', nullable: true }) statedOn: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Where a project's facts come from: report file, line and verbatim quote. */
@Entity('project_source')
export class ProjectSourceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ name: 'source_file', type: 'varchar' }) sourceFile: string;
  @Column({ name: 'source_line', type: 'int' }) sourceLine: number;
  @Column({ name: 'quote_zh', type: 'text' }) quoteZh: string;
  @Column({ name: 'status_zh', type: 'text', nullable: true }) statusZh: string | null;
  @Column({ name: 'as_of', type: 'date', nullable: true }) asOf: string | null;
  @Column({ type: 'varchar', nullable: true }) stage: string | null;
  @Column({ name: 'sub_milestone', type: 'varchar', nullable: true }) subMilestone: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
