import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACTIVITY_KIND_LABELS,
  CONTACT_ROLE_LABELS,
  CONTACT_ROLE_SIDE,
  LEAD_SOURCE_LABELS,
  ORIGIN_REGION_LABELS,
  SERVICE_FACTOR_LABELS,
  TEAM_ROLE_LABELS,
  type Actor,
} from '#domain';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import { ParseId } from '../common/params.js';
import { CreateTeamMemberDto, EndTeamMemberQueryDto, PutServicePlanDto, TeamQueryDto, UpdateTeamMemberDto } from './dto/service-desk.dto.js';
import { ServiceTeamService } from './service-team.service.js';

/** 项目服务专班 and 一项目一方案 of a project. */
@ApiTags('service desk')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class ServiceTeamController {
  constructor(private readonly team: ServiceTeamService) {}

  @ApiOperation({ summary: 'The service team (专班): current members, or with history' })
  @Get('team')
  list(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Query() q: TeamQueryDto) {
    return this.team.team(a, projectId, q.includeEnded);
  }

  @ApiOperation({ summary: 'Add a user or a contact to the team with a role' })
  @Post('team')
  add(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateTeamMemberDto) {
    return this.team.addMember(a, projectId, body);
  }

  @Patch('team/:memberId')
  update(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Param('memberId', ParseId) memberId: string, @Body() body: UpdateTeamMemberDto) {
    return this.team.updateMember(a, projectId, memberId, body);
  }

  @ApiOperation({ summary: 'End a membership (kept as history); ?toDate= defaults to today' })
  @Delete('team/:memberId')
  end(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Param('memberId', ParseId) memberId: string, @Query() q: EndTeamMemberQueryDto) {
    return this.team.endMember(a, projectId, memberId, q);
  }

  @ApiOperation({ summary: 'The service plan (一项目一方案); version 0 and exists=false when none was written' })
  @Get('service-plan')
  plan(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.team.plan(a, projectId);
  }

  @ApiOperation({ summary: 'Create (version 0) or replace (the version you read) the service plan' })
  @Put('service-plan')
  putPlan(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: PutServicePlanDto) {
    return this.team.putPlan(a, projectId, body);
  }
}

/** The service desk's code lists with zh/en labels, for forms. */
@ApiTags('service desk')
@ApiBearerAuth()
@Controller('service-desk')
export class ServiceDeskCodesController {
  @Get('code-lists')
  codeLists() {
    return {
      originRegions: ORIGIN_REGION_LABELS,
      leadSources: LEAD_SOURCE_LABELS,
      contactRoles: Object.fromEntries(Object.entries(CONTACT_ROLE_LABELS).map(([k, v]) => [k, { ...v, side: CONTACT_ROLE_SIDE[k as keyof typeof CONTACT_ROLE_SIDE] }])),
      activityKinds: ACTIVITY_KIND_LABELS,
      teamRoles: TEAM_ROLE_LABELS,
      serviceFactors: SERVICE_FACTOR_LABELS,
    };
  }
}
