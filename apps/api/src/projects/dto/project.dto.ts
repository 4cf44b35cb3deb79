import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { splitList } from '../../common/params.js';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ALL_STAGES, OWNERSHIP_TYPES, PROJECT_FAMILIES, STAGES, type CanonicalStage, type OwnershipType, type ProjectFamily, type Stage } from '#domain';
import { PROJECT_ALERT_FILTERS, PROJECT_SORTS, type ProjectAlertFilter, type ProjectSort } from '#persistence';
import { IsBusinessDate, IsMoney, IsMoneyNotBelow, Optional } from '../../common/validators.js';


export class ListProjectsQueryDto {
  @ApiPropertyOptional({ description: 'One stage or several, comma-separated', enum: ALL_STAGES, isArray: true })
  @IsOptional() @Transform(splitList) @IsArray() @ArrayMaxSize(12) @IsIn(ALL_STAGES, { each: true })
  stage?: Stage[];
  @ApiPropertyOptional({ description: 'A unit; its whole subtree matches' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: 'A cluster (its chains match too) or a chain' }) @IsOptional() @IsUUID() clusterId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() listId?: string;
  @ApiPropertyOptional({ enum: PROJECT_FAMILIES }) @IsOptional() @IsIn(PROJECT_FAMILIES) family?: ProjectFamily;
  @ApiPropertyOptional({ description: 'Matches project names (zh/en), code and investor name' })
  @IsOptional() @IsString() @Length(1, 100) q?: string;
  @ApiPropertyOptional({ description: '万元, inclusive' }) @IsOptional() @IsMoney() minInvestment?: string;
  @ApiPropertyOptional({ description: '万元, inclusive; not less than minInvestment' })
  @IsOptional() @IsMoney() @IsMoneyNotBelow('minInvestment') maxInvestment?: string;
  @ApiPropertyOptional({
    description: 'Worst open alert level, comma-separated; NONE = no open alert',
    enum: PROJECT_ALERT_FILTERS,
    isArray: true,
  })
  @IsOptional() @Transform(splitList) @IsArray() @ArrayMaxSize(4) @IsIn(PROJECT_ALERT_FILTERS, { each: true })
  alertLevel?: ProjectAlertFilter[];
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
  @ApiPropertyOptional({ enum: PROJECT_SORTS, default: '-updatedAt' }) @IsOptional() @IsIn(PROJECT_SORTS) sort?: ProjectSort;
}

/** Columns of the ledger export (项目台账), in sheet order. */
export const EXPORT_COLUMNS = [
  'code', 'nameZh', 'nameEn', 'unit', 'investor', 'family', 'projectType', 'stage', 'stageDate', 'stageDays',
  'totalInvestment', 'location', 'alertLevel', 'updatedAt',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The list's filters and sort (no paging), plus the columns to write. */
export class ExportProjectsQueryDto extends OmitType(ListProjectsQueryDto, ['page', 'pageSize'] as const) {
  @ApiPropertyOptional({ description: 'Columns, comma-separated, in the order wanted (repeats ignored); default all, in this order', enum: EXPORT_COLUMNS, isArray: true })
  @IsOptional() @Transform(splitList) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(EXPORT_COLUMNS.length * 2) @IsIn(EXPORT_COLUMNS, { each: true })
  columns?: ExportColumn[];

  @ApiPropertyOptional({ description: "'list' (default): the ledger view's columns; 'ledger': the bureau's official 台账 (title, merged headers, 序号, grouped by unit with subtotals, 到位资金/完成投资 sums and the latest 月调度)", enum: ['list', 'ledger'] })
  @IsOptional() @IsIn(['list', 'ledger'])
  format?: 'list' | 'ledger';
}

export class ProjectAuditQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 50;
}

export class InvestorInputDto {
  @ApiProperty() @IsString() @Length(1, 200) nameZh: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 300) nameEn?: string;
  @ApiPropertyOptional({ enum: OWNERSHIP_TYPES }) @IsOptional() @IsIn(OWNERSHIP_TYPES) ownershipType?: OwnershipType;
}

export class PlanDateDto {
  @ApiProperty({ enum: STAGES }) @IsIn(STAGES) stage: CanonicalStage;
  @ApiProperty({ example: '2025-10-31' }) @IsBusinessDate() expectedDate: string;
  @ApiPropertyOptional({ example: '预计10月投产' }) @IsOptional() @IsString() @MaxLength(500) sourceText?: string;
}

/** Optional fields of a project; shared by create and update. Null clears a nullable field. */
export class ProjectFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 400) nameEn?: string;
  @ApiPropertyOptional({ description: 'An existing investor' }) @IsOptional() @IsUUID() investorId?: string;
  @ApiPropertyOptional({ description: 'Or a new/existing investor by name' })
  @Optional() @IsObject() @ValidateNested() @Type(() => InvestorInputDto) investor?: InvestorInputDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) location?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) projectType?: string;
  @ApiPropertyOptional({ description: '协议投资额 / total investment in 万元, decimal string' }) @IsOptional() @IsMoney() totalInvestment?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) capacity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) description?: string;
  @ApiPropertyOptional({ description: '市县长项目 sponsor' }) @IsOptional() @IsString() @MaxLength(100) sponsorLeader?: string;
  @ApiPropertyOptional({ description: '包联领导' }) @IsOptional() @IsString() @MaxLength(100) responsibleLeader?: string;
  @ApiPropertyOptional({ description: '专班' }) @IsOptional() @IsString() @MaxLength(200) serviceTeam?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000_000) jobsPlanned?: number;
  @ApiPropertyOptional() @Optional() @IsBoolean() isProgram?: boolean;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) clusterIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) listIds?: string[];
  @ApiPropertyOptional({ type: [PlanDateDto] })
  @Optional() @IsArray() @ArrayMaxSize(12) @ValidateNested({ each: true }) @Type(() => PlanDateDto) planDates?: PlanDateDto[];
}

export class CreateProjectDto extends ProjectFieldsDto {
  @ApiProperty({ example: 'HH-2025-0001' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'code must be 1–64 letters, digits, ".", "_" or "-"' })
  code: string;
  @ApiProperty() @IsString() @Length(1, 300) nameZh: string;
  @ApiProperty() @IsUUID() unitId: string;
  @ApiProperty({ enum: PROJECT_FAMILIES }) @IsIn(PROJECT_FAMILIES) family: ProjectFamily;
  @ApiProperty({ enum: STAGES, description: 'The starting stage' }) @IsIn(STAGES) stage: CanonicalStage;
  @ApiProperty({ description: 'Effective date of the starting stage (not in the future)' }) @IsBusinessDate() stageDate: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class UpdateProjectDto extends ProjectFieldsDto {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 300) nameZh?: string;
  @ApiPropertyOptional({ description: 'Moves the project to another unit (within your scope)' }) @Optional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ enum: PROJECT_FAMILIES }) @Optional() @IsIn(PROJECT_FAMILIES) family?: ProjectFamily;
}

export class StageTransitionDto {
  @ApiProperty({ enum: ALL_STAGES }) @IsIn(ALL_STAGES) toStage: Stage;
  @ApiProperty({ description: 'The day it happened (Asia/Shanghai), not in the future' }) @IsBusinessDate() effectiveDate: string;
  @ApiPropertyOptional({ description: 'Required for corrections, holds and cancellations' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ description: 'Dates for skipped stages, e.g. {"LANDED": "2024-04-01"}; default: effectiveDate' })
  @IsOptional() @IsObject() skippedStageDates?: Record<string, string>;
}
