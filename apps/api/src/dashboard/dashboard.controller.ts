import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import { DashboardQueryDto } from './dashboard.dto.js';
import { DashboardService } from './dashboard.service.js';

/** 驾驶舱: the figures of the web app's home page, for every role, over the actor's unit subtree. */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /**
   * Stage funnel, open alerts and projects by the child units of the scope root (the district map), stage
   * age buckets and the weekly alert trend of the last 12 ISO weeks (Asia/Shanghai).
   */
  @Get()
  getDashboard(@CurrentActor() actor: Actor, @Query() query: DashboardQueryDto) {
    return this.dashboard.get(actor, query.unitId);
  }
}
