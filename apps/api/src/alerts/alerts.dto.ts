import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { splitList } from '../common/params.js';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsBusinessDate } from '../common/validators.js';

export const ALERT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;
export const ALERT_LEVELS = ['WARNING', 'OVERDUE', 'ESCALATED'] as const;


export class ListAlertsQueryDto {
  @ApiPropertyOptional({ enum: ALERT_STATUSES, isArray: true, description: 'comma-separated' })
  @IsOptional() @Transform(splitList) @IsArray() @IsIn(ALERT_STATUSES, { each: true }) status?: string[];
  @ApiPropertyOptional({ enum: ALERT_LEVELS, isArray: true, description: 'comma-separated' })
  @IsOptional() @Transform(splitList) @IsArray() @IsIn(ALERT_LEVELS, { each: true }) level?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() projectId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() assigneeId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
}

export class AcknowledgeAlertDto {
  @ApiProperty({ description: '应对计划 response plan' }) @IsString() @Length(1, 5000) plan: string;
  @ApiProperty({ description: 'Next review date (today or later)' }) @IsBusinessDate() nextReviewDate: string;
}
export class AssignAlertDto {
  @ApiProperty() @IsUUID() userId: string;
}
export class CommentAlertDto {
  @ApiProperty() @IsString() @Length(1, 5000) text: string;
}
export class ResolveAlertDto {
  @ApiProperty({ description: 'Why the deadline is waived (豁免理由)' }) @IsString() @Length(1, 5000) reason: string;
}

class BulkIds {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids: string[];
}
export class BulkAcknowledgeDto extends BulkIds {
  @ApiProperty() @IsString() @Length(1, 5000) plan: string;
  @ApiProperty() @IsBusinessDate() nextReviewDate: string;
}
export class BulkAssignDto extends BulkIds {
  @ApiProperty() @IsUUID() userId: string;
}
export class BulkCommentDto extends BulkIds {
  @ApiProperty() @IsString() @Length(1, 5000) text: string;
}
export class BulkResolveDto extends BulkIds {
  @ApiProperty() @IsString() @Length(1, 5000) reason: string;
}

export class ListNotificationsQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => value === 'true' || value === true) unread?: boolean;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
}
export class MarkReadDto {
  @ApiPropertyOptional({ type: [String], description: 'Omit to mark every notice read' })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) ids?: string[];
}
