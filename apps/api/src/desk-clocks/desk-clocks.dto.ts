import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  APPROVAL_ITEM_TYPES,
  APPROVAL_STATUSES,
  CHECKLIST_TEMPLATES,
  COMMITMENT_KINDS,
  COMMITMENT_STATUSES,
  REQUEST_CATEGORIES,
  REQUEST_STATUSES,
  type ApprovalItemType,
  type ApprovalStatus,
  type ChecklistTemplateCode,
  type CommitmentKind,
  type CommitmentStatus,
  type RequestCategory,
  type RequestStatus,
} from '#domain';
import { splitList } from '../common/params.js';
import { IsBusinessDate, IsMoney, Optional } from '../common/validators.js';

class Versioned {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
}
const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);
/** A nullable field: null clears it, absent leaves it. */
const Nullable = () => ValidateIf((_o, v) => v !== null && v !== undefined);

// ---------------------------------------------------------------------------------------------------------------
// Approval checklist

export class ApplyTemplateDto {
  @ApiProperty({ enum: CHECKLIST_TEMPLATES, description: '工业项目 INDUSTRIAL, 数据中心 DATA_CENTER, 新能源 NEW_ENERGY, 基础设施 INFRASTRUCTURE, 服务业 SERVICES' })
  @IsIn(CHECKLIST_TEMPLATES) template: ChecklistTemplateCode;
}

export class CreateApprovalItemDto {
  @ApiProperty({ enum: APPROVAL_ITEM_TYPES }) @IsIn(APPROVAL_ITEM_TYPES) itemType: ApprovalItemType;
  @ApiPropertyOptional({ description: 'Name shown instead of the type (e.g. for OTHER)' }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ example: '市住建局', description: 'Approving department' }) @IsOptional() @IsString() @Length(1, 200) department?: string;
  @ApiPropertyOptional({ description: '代办员: staff or manager of the project’s unit or an ancestor unit' }) @IsOptional() @IsUUID() assigneeId?: string;
  @ApiPropertyOptional({ description: '限时 in working days (default by item type; bureau defaults)' })
  @IsOptional() @IsInt() @Min(1) @Max(365) timeLimitDays?: number;
  @ApiPropertyOptional({ description: 'Date the materials were submitted: the item starts IN_PROGRESS and its clock runs' })
  @IsOptional() @IsBusinessDate() submittedOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class UpdateApprovalItemDto extends Versioned {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES, description: 'NOT_STARTED → IN_PROGRESS (submittedOn) → DONE (completedOn ≥ submittedOn) or RETURNED → IN_PROGRESS (new submittedOn: the clock restarts)' })
  @Optional() @IsIn(APPROVAL_STATUSES) status?: ApprovalStatus;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() submittedOn?: string;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() completedOn?: string;
  @ApiPropertyOptional({ description: 'Date it was returned for correction (default today)' }) @Optional() @IsBusinessDate() returnedOn?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) @Max(365) timeLimitDays?: number;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsString() @Length(1, 200) title?: string | null;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsString() @Length(1, 200) department?: string | null;
  @ApiPropertyOptional({ description: 'null unassigns' }) @IsOptional() @Nullable() @IsUUID() assigneeId?: string | null;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsString() @MaxLength(5000) note?: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Investor requests

export class CreateInvestorRequestDto {
  @ApiProperty() @IsString() @Length(1, 300) title: string;
  @ApiProperty({ enum: REQUEST_CATEGORIES, description: '用电指标 POWER, 道路接入 ROAD_ACCESS, 用地 LAND, 融资 FINANCING, 用工 LABOUR, 政策兑现 POLICY, 审批 APPROVAL, 其他 OTHER' })
  @IsIn(REQUEST_CATEGORIES) category: RequestCategory;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) description?: string;
  @ApiProperty({ description: 'Date the investor raised it (not in the future)' }) @IsBusinessDate() raisedOn: string;
  @ApiProperty({ description: 'The unit responsible for it' }) @IsUUID() ownerUnitId: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() investorId?: string;
  @ApiPropertyOptional({ description: 'Agreed resolution date (default: 15 working days after raisedOn)' }) @IsOptional() @IsBusinessDate() dueDate?: string;
}

export class UpdateInvestorRequestDto extends Versioned {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES, description: 'OPEN → ACCEPTED → RESOLVED (resolution) → CLOSED (after a callback); RESOLVED → ACCEPTED reopens' })
  @Optional() @IsIn(REQUEST_STATUSES) status?: RequestStatus;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ enum: REQUEST_CATEGORIES }) @Optional() @IsIn(REQUEST_CATEGORIES) category?: RequestCategory;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsString() @MaxLength(10000) description?: string | null;
  @ApiPropertyOptional() @Optional() @IsUUID() ownerUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsBusinessDate() dueDate?: string | null;
  @ApiPropertyOptional({ description: 'Date accepted (受理), default today' }) @Optional() @IsBusinessDate() acceptedOn?: string;
  @ApiPropertyOptional({ description: 'Date resolved (办结), default today' }) @Optional() @IsBusinessDate() resolvedOn?: string;
  @ApiPropertyOptional({ description: 'How it was resolved (required to resolve)' }) @Optional() @IsString() @Length(1, 10000) resolution?: string;
}

export class CreateCallbackDto {
  @ApiProperty({ description: 'Date of the callback (回访), on or after the resolution, not in the future' }) @IsBusinessDate() calledOn: string;
  @ApiProperty({ description: 'Who was called' }) @IsString() @Length(1, 200) contact: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 很不满意, 2 不满意, 3 基本满意, 4 满意, 5 很满意' }) @IsInt() @Min(1) @Max(5) satisfaction: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) comment?: string;
}

export class ListInvestorRequestsQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES, isArray: true, description: 'comma-separated' })
  @IsOptional() @Transform(splitList) @IsArray() @IsIn(REQUEST_STATUSES, { each: true }) status?: string[];
  @ApiPropertyOptional({ description: 'Owner unit (and its subtree)' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: 'true: a response or resolution clock is overdue now' }) @IsOptional() @Transform(toBool) @IsIn([true, false]) overdue?: boolean;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
}

export class RequestStatsQueryDto {
  @ApiPropertyOptional({ description: 'Owner unit (and its subtree)' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: 'Requests raised on or after' }) @IsOptional() @IsBusinessDate() from?: string;
  @ApiPropertyOptional({ description: 'Requests raised on or before' }) @IsOptional() @IsBusinessDate() to?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Commitments

export class CreateCommitmentDto {
  @ApiProperty({ description: 'What was promised' }) @IsString() @Length(1, 300) title: string;
  @ApiProperty({ enum: COMMITMENT_KINDS }) @IsIn(COMMITMENT_KINDS) kind: CommitmentKind;
  @ApiPropertyOptional({ example: '500.00', description: '万元' }) @IsOptional() @IsMoney() amount?: string;
  @ApiProperty({ description: 'Who promised it (unit and/or person)' }) @IsString() @Length(1, 300) promisedBy: string;
  @ApiProperty({ description: 'Date promised (not in the future)' }) @IsBusinessDate() promisedOn: string;
  @ApiProperty({ description: 'Date it must be fulfilled by' }) @IsBusinessDate() dueDate: string;
  @ApiPropertyOptional({ description: 'Handler: staff or manager of the project’s unit or an ancestor unit' }) @IsOptional() @IsUUID() handlerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) evidence?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) @MaxLength(2000) evidenceUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class UpdateCommitmentDto extends Versioned {
  @ApiPropertyOptional({ enum: COMMITMENT_STATUSES, description: 'FULFILLED needs fulfilledOn; WAIVED needs waiveReason' })
  @Optional() @IsIn(COMMITMENT_STATUSES) status?: CommitmentStatus;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() fulfilledOn?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 5000) waiveReason?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ enum: COMMITMENT_KINDS }) @Optional() @IsIn(COMMITMENT_KINDS) kind?: CommitmentKind;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsMoney() amount?: string | null;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 300) promisedBy?: string;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() dueDate?: string;
  @ApiPropertyOptional({ description: 'A new handler keeps the commitment and its clock (新官要理旧账); the change is recorded' })
  @IsOptional() @Nullable() @IsUUID() handlerId?: string | null;
  @ApiPropertyOptional({ description: 'Why the handler changed' }) @Optional() @IsString() @MaxLength(2000) handlerNote?: string;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsString() @MaxLength(10000) evidence?: string | null;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsUrl({ require_protocol: true }) @MaxLength(2000) evidenceUrl?: string | null;
  @ApiPropertyOptional() @IsOptional() @Nullable() @IsString() @MaxLength(5000) note?: string | null;
}

export class ListCommitmentsQueryDto {
  @ApiPropertyOptional({ enum: COMMITMENT_STATUSES, isArray: true, description: 'comma-separated' })
  @IsOptional() @Transform(splitList) @IsArray() @IsIn(COMMITMENT_STATUSES, { each: true }) status?: string[];
  @ApiPropertyOptional({ description: 'The project’s unit (and its subtree)' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: 'true: still owed and past its due date' }) @IsOptional() @Transform(toBool) @IsIn([true, false]) overdue?: boolean;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
}

export class UnitReportQueryDto {
  @ApiPropertyOptional({ description: 'The project’s unit (and its subtree)' }) @IsOptional() @IsUUID() unitId?: string;
}
