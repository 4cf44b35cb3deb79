import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { AuditRepository } from '#persistence';
import { Roles } from '../common/auth/auth.decorators.js';

export class AuditQueryDto {
  @IsOptional() @IsString() @Length(1, 64) entity?: string;
  @IsOptional() @IsString() @Length(1, 64) entityId?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 50;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin', 'director')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  /** The audit log (留痕), newest first. */
  @Get()
  async listAudit(@Query() query: AuditQueryDto) {
    const { items, total } = await this.audit.list(query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
