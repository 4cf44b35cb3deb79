import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsUUID, Matches, MaxLength, Max, Min, ValidateIf } from 'class-validator';

export class DigestPreviewQueryDto {
  /** Whose digest (default: yourself). Admins and directors may preview anyone's. */
  @IsOptional() @IsUUID() userId?: string;
  /** ISO week, e.g. `2025-W41` (default: the last complete week). */
  @IsOptional() @Matches(/^\d{4}-W\d{2}$/, { message: 'week must look like 2025-W41' }) week?: string;
  @IsOptional() @IsIn(['html', 'text', 'json']) format: 'html' | 'text' | 'json' = 'html';
}

export class OutboxQueryDto {
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsIn(['DIGEST', 'ALERT']) kind?: 'DIGEST' | 'ALERT';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
}

export class PreferencesDto {
  /** Weekly digest on or off. */
  @IsOptional() @IsIn(['on', 'off']) digest?: 'on' | 'off';
  /** Language of emails (and the user's locale). */
  @IsOptional() @IsIn(['zh-CN', 'en']) language?: 'zh-CN' | 'en';
  /** Email address; null removes it (no email is sent then). */
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email?: string | null;
}
