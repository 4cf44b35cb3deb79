import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, MONEY_KINDS, type IssueCategory, type IssueStatus, type MoneyKind } from '#domain';
import { IsBusinessDate, IsMoney, IsPeriod, Optional } from '../../common/validators.js';

class Versioned {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
}

export class CreateMilestoneDto {
  @ApiProperty({ example: 'TOPPED_OUT', description: 'Stable code of the sub-milestone' })
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'code must be 1–64 letters, digits, "_" or "-"' }) code: string;
  @ApiProperty({ example: '主体封顶' }) @IsString() @Length(1, 200) nameZh: string;
  @ApiProperty() @IsBusinessDate() effectiveDate: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
export class UpdateMilestoneDto extends Versioned {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 200) nameZh?: string;
  @ApiPropertyOptional() @Optional() @IsBusinessDate() effectiveDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class CreateMoneyRecordDto {
  @ApiProperty({ enum: MONEY_KINDS }) @IsIn(MONEY_KINDS) kind: MoneyKind;
  @ApiProperty({ example: '2025-06', description: 'YYYY-MM, or YYYY for annual figures' }) @IsPeriod(true) period: string;
  @ApiProperty({ example: '12500.00', description: '万元, decimal string' }) @IsMoney() amount: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
export class UpdateMoneyRecordDto extends Versioned {
  @ApiPropertyOptional() @Optional() @IsMoney() amount?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class CreateProgressReportDto {
  @ApiProperty({ example: '2025-06' }) @IsPeriod() period: string;
  @ApiProperty() @IsString() @Length(1, 10000) summary: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) constructionPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) nextSteps?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) problems?: string;
}
export class UpdateProgressReportDto extends Versioned {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 10000) summary?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) constructionPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) nextSteps?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) problems?: string;
}

export class CreateIssueDto {
  @ApiProperty({ enum: ISSUE_CATEGORIES }) @IsIn(ISSUE_CATEGORIES) category: IssueCategory;
  @ApiProperty() @IsString() @Length(1, 300) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) description?: string;
  @ApiPropertyOptional({ description: 'The unit responsible for solving it' }) @IsOptional() @IsUUID() ownerUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsBusinessDate() dueDate?: string;
}
export class UpdateIssueDto extends Versioned {
  @ApiPropertyOptional({ enum: ISSUE_CATEGORIES }) @Optional() @IsIn(ISSUE_CATEGORIES) category?: IssueCategory;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsBusinessDate() dueDate?: string;
  @ApiPropertyOptional({ enum: ISSUE_STATUSES, description: 'OPEN → ESCALATED (督办) → CLEARED; CLEARED needs result' })
  @Optional() @IsIn(ISSUE_STATUSES) status?: IssueStatus;
  @ApiPropertyOptional({ description: 'How it was solved (required to clear)' }) @IsOptional() @IsString() @MaxLength(10000) result?: string;
}
