import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { ROLES, type Role } from '#domain';
import { Optional } from '../common/validators.js';

export class CreateUserDto {
  @ApiProperty() @IsString() @Matches(/^[a-z0-9._-]{2,64}$/, { message: 'username must be 2–64 of a-z, 0-9, ".", "_" and "-"' })
  username: string;
  @ApiProperty() @IsString() @Length(1, 100) displayName: string;
  @ApiProperty({ minLength: 8 }) @IsString() @Length(8, 200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiProperty() @IsUUID() unitId: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] }) @Optional() @IsIn(['zh-CN', 'en']) locale?: 'zh-CN' | 'en';
}

export class UpdateUserDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 100) displayName?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(8, 200) password?: string;
  @ApiPropertyOptional({ enum: ROLES }) @Optional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @Optional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] }) @Optional() @IsIn(['zh-CN', 'en']) locale?: 'zh-CN' | 'en';
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
}

export class AssignableUsersQueryDto {
  @ApiProperty({ description: 'The unit of the project (in your scope; 404 otherwise)' }) @IsUUID() unitId: string;
}
