import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'Narrow to this unit (within your scope; 404 otherwise). Default: your own unit' })
  @IsOptional() @IsUUID() unitId?: string;
}
