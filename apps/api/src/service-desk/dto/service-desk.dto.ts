import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import {
  ACTIVITY_KINDS,
  CONTACT_ROLES,
  CONTACT_SIDES,
  creditCodeMessage,
  FACTOR_STATUSES,
  isValidCreditCode,
  isValidPhone,
  LEAD_SOURCES,
  normaliseCreditCode,
  ORIGIN_REGIONS,
  OWNERSHIP_TYPES,
  SERVICE_FACTORS,
  TEAM_ROLES,
  type ActivityKind,
  type ContactRole,
  type ContactSide,
  type FactorStatus,
  type LeadSource,
  type OriginRegion,
  type OwnershipType,
  type ServiceFactor,
  type TeamRole,
} from '#domain';
import { IsBusinessDate, Optional } from '../../common/validators.js';

/** A 统一社会信用代码 with a correct check character (GB 32100-2015); spaces and case are normalised first. */
function IsCreditCode(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCreditCode',
      target: object.constructor,
      propertyName,
      options: { message: (args) => creditCodeMessage(propertyName, String(args.value ?? '')), ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidCreditCode(v) },
    });
}

/** A mainland mobile number (1[3-9] and 9 digits) or a landline with its area code (0471-6901234). */
function IsPhone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPhone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a mainland mobile number (11 digits starting 13–19) or a landline with its area code, e.g. 0471-6901234`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidPhone(v) },
    });
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const creditCode = ({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseCreditCode(value) : value);

class Versioned {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
}

export class SearchInvestorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name (zh or en), a normalised name, or a whole credit code' })
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

// ——— investors ———

export class CreateInvestorDto {
  @ApiProperty({ example: '内蒙古伊利实业集团股份有限公司' }) @Transform(trim) @IsString() @Length(1, 200) nameZh: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) nameEn?: string | null;
  @ApiPropertyOptional({ example: '91440300708461136T', description: '统一社会信用代码, 18 characters with a valid check character' })
  @IsOptional() @Transform(creditCode) @IsCreditCode() creditCode?: string | null;
  @ApiPropertyOptional({ enum: OWNERSHIP_TYPES }) @Optional() @IsIn(OWNERSHIP_TYPES) ownershipType?: OwnershipType;
  @ApiPropertyOptional({ description: 'The group this enterprise belongs to (集团/母公司)' }) @IsOptional() @IsUUID() parentId?: string | null;
  @ApiPropertyOptional({ enum: ORIGIN_REGIONS }) @IsOptional() @IsIn(ORIGIN_REGIONS) originRegion?: OriginRegion | null;
  @ApiPropertyOptional({ enum: LEAD_SOURCES }) @IsOptional() @IsIn(LEAD_SOURCES) leadSource?: LeadSource | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) industry?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: false }) @MaxLength(300) website?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string | null;
}

export class UpdateInvestorDto extends Versioned {
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @Length(1, 200) nameZh?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) nameEn?: string | null;
  @ApiPropertyOptional() @IsOptional() @Transform(creditCode) @IsCreditCode() creditCode?: string | null;
  @ApiPropertyOptional({ enum: OWNERSHIP_TYPES }) @Optional() @IsIn(OWNERSHIP_TYPES) ownershipType?: OwnershipType;
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string | null;
  @ApiPropertyOptional({ enum: ORIGIN_REGIONS }) @IsOptional() @IsIn(ORIGIN_REGIONS) originRegion?: OriginRegion | null;
  @ApiPropertyOptional({ enum: LEAD_SOURCES }) @IsOptional() @IsIn(LEAD_SOURCES) leadSource?: LeadSource | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) industry?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: false }) @MaxLength(300) website?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string | null;
}

export class CheckDuplicatesDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) nameZh?: string;
  @ApiPropertyOptional({ description: 'Compared after normalising spaces and case; its check character is not required here' })
  @IsOptional() @Transform(creditCode) @IsString() @MaxLength(18) creditCode?: string;
  @ApiPropertyOptional({ description: 'Leave this investor out (when editing it)' }) @IsOptional() @IsUUID() excludeId?: string;
}

// ——— contacts ———

export class CreateContactDto {
  @ApiProperty({ enum: CONTACT_SIDES }) @IsIn(CONTACT_SIDES) side: ContactSide;
  @ApiProperty({ enum: CONTACT_ROLES, description: 'Investor side: CHAIRMAN 董事长, GENERAL_MANAGER 总经理, PROJECT_LEAD 项目负责人, LIAISON 联络人; government side: RESPONSIBLE_LEADER 包联领导, TASK_FORCE_MEMBER 专班成员, AGENT 代办员, PROJECT_OFFICER 项目专员' })
  @IsIn(CONTACT_ROLES) role: ContactRole;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 100) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) title?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) organisation?: string | null;
  @ApiPropertyOptional({ example: '0471-6901234' }) @IsOptional() @Transform(trim) @IsPhone() phone?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string | null;
  @ApiPropertyOptional({ description: 'For a project contact: also link it to the project’s investor' }) @IsOptional() @IsBoolean() linkInvestor?: boolean;
}

export class UpdateContactDto extends Versioned {
  @ApiPropertyOptional({ enum: CONTACT_SIDES }) @Optional() @IsIn(CONTACT_SIDES) side?: ContactSide;
  @ApiPropertyOptional({ enum: CONTACT_ROLES }) @Optional() @IsIn(CONTACT_ROLES) role?: ContactRole;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) title?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) organisation?: string | null;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsPhone() phone?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string | null;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
}

export class ListContactsQueryDto {
  @ApiPropertyOptional({ description: 'Include deactivated contacts' }) @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean() includeInactive?: boolean;
}

// ——— activities and follow-ups ———

export class CreateFollowUpDto {
  @ApiProperty({ example: '协调供电公司确认接入方案' }) @Transform(trim) @IsString() @Length(1, 300) title: string;
  @ApiProperty() @IsBusinessDate() dueDate: string;
  @ApiProperty({ description: 'A staff member or manager of the project’s unit or one of its parent units' }) @IsUUID() assigneeId: string;
  @ApiPropertyOptional({ description: 'Remind on this day besides the day before the due date' }) @IsOptional() @IsBusinessDate() remindAt?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string | null;
}

export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_KINDS, description: 'VISIT 走访, NEGOTIATION 洽谈, MEETING 会议, CALL 电话, NOTE 备注' }) @IsIn(ACTIVITY_KINDS) kind: ActivityKind;
  @ApiProperty({ description: 'Business date (Asia/Shanghai); not in the future' }) @IsBusinessDate() occurredOn: string;
  @ApiPropertyOptional({ type: [String], description: 'Participants as free text (names, units)' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(200, { each: true }) participants?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Contacts of the project or its investor who took part' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) contactIds?: string[];
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 10000) summary: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) outcome?: string | null;
  @ApiPropertyOptional({ type: [CreateFollowUpDto], description: 'Follow-ups created with the activity' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CreateFollowUpDto) followUps?: CreateFollowUpDto[];
}

export class UpdateActivityDto extends Versioned {
  @ApiPropertyOptional({ enum: ACTIVITY_KINDS }) @Optional() @IsIn(ACTIVITY_KINDS) kind?: ActivityKind;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() occurredOn?: string;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(200, { each: true }) participants?: string[];
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) contactIds?: string[];
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @Length(1, 10000) summary?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) outcome?: string | null;
}

export const FOLLOW_UP_ACTIONS = ['COMPLETE', 'CANCEL', 'REOPEN'] as const;
export class UpdateFollowUpDto extends Versioned {
  @ApiPropertyOptional({ enum: FOLLOW_UP_ACTIONS, description: 'COMPLETE (→ DONE), CANCEL (→ CANCELLED), REOPEN (→ OPEN)' })
  @IsOptional() @IsIn(FOLLOW_UP_ACTIONS) action?: (typeof FOLLOW_UP_ACTIONS)[number];
  @ApiPropertyOptional({ description: 'Reassign' }) @Optional() @IsUUID() assigneeId?: string;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() dueDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsBusinessDate() remindAt?: string | null;
  @ApiPropertyOptional({ description: 'Result or reason' }) @IsOptional() @IsString() @MaxLength(5000) note?: string | null;
}

export class MyTasksQueryDto {
  @ApiPropertyOptional({ enum: ['OPEN', 'DONE', 'CANCELLED'], default: 'OPEN' }) @IsOptional() @IsIn(['OPEN', 'DONE', 'CANCELLED']) status: 'OPEN' | 'DONE' | 'CANCELLED' = 'OPEN';
}

// ——— team and plan ———

export class CreateTeamMemberDto {
  @ApiPropertyOptional({ description: 'A user (one of userId / contactId)' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ description: 'A contact of the project or its investor (one of userId / contactId)' }) @IsOptional() @IsUUID() contactId?: string;
  @ApiProperty({ enum: TEAM_ROLES, description: 'RESPONSIBLE_LEADER 包联领导, TEAM_LEADER 专班组长, TEAM_MEMBER 专班成员, AGENT 代办员, PROJECT_OFFICER 项目专员' })
  @IsIn(TEAM_ROLES) role: TeamRole;
  @ApiProperty() @IsBusinessDate() fromDate: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

export class UpdateTeamMemberDto extends Versioned {
  @ApiPropertyOptional({ enum: TEAM_ROLES }) @Optional() @IsIn(TEAM_ROLES) role?: TeamRole;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() fromDate?: string;
  @ApiPropertyOptional({ description: 'Ends the membership on this date' }) @IsOptional() @IsBusinessDate() toDate?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

export class EndTeamMemberQueryDto {
  @ApiPropertyOptional({ description: 'The version you read (checked when given)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
  @ApiPropertyOptional({ description: 'Last day of the membership (default today, Asia/Shanghai)' }) @IsOptional() @IsBusinessDate() toDate?: string;
}

export class TeamQueryDto {
  @ApiPropertyOptional({ description: 'Include ended memberships (history)' }) @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean() includeEnded?: boolean;
}

export class ServiceFactorDto {
  @ApiProperty({ enum: SERVICE_FACTORS }) @IsIn(SERVICE_FACTORS) factor: ServiceFactor;
  @ApiProperty({ example: '新增用地120亩' }) @IsString() @Length(1, 2000) need: string;
  @ApiProperty({ enum: FACTOR_STATUSES }) @IsIn(FACTOR_STATUSES) status: FactorStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

export class PutServicePlanDto {
  @ApiProperty({ description: '0 to create the plan, else the version you read' }) @IsInt() @Min(0) version: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) goals?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) measures?: string | null;
  @ApiProperty({ type: [ServiceFactorDto], description: '要素保障 needs' })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ServiceFactorDto) factors: ServiceFactorDto[];
}
