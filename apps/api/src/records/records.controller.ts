import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { ParseId } from '../common/params.js';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import {
  CreateIssueDto,
  CreateMilestoneDto,
  CreateMoneyRecordDto,
  CreateProgressReportDto,
  UpdateIssueDto,
  UpdateMilestoneDto,
  UpdateMoneyRecordDto,
  UpdateProgressReportDto,
} from './dto/records.dto.js';
import { RecordsService } from './records.service.js';


/** Sub-milestones, money records (万元), monthly progress reports (月调度) and the 问题清单 of a project. */
@ApiTags('project records')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Get('milestones')
  listMilestones(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.records.list(a, 'milestone', projectId);
  }
  @Post('milestones')
  createMilestone(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateMilestoneDto) {
    return this.records.create(a, 'milestone', projectId, body);
  }
  @Patch('milestones/:id')
  updateMilestone(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Param('id', ParseId) id: string, @Body() body: UpdateMilestoneDto) {
    return this.records.update(a, 'milestone', projectId, id, body);
  }

  @Get('money-records')
  listMoneyRecords(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.records.list(a, 'money', projectId);
  }
  @Post('money-records')
  createMoneyRecord(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateMoneyRecordDto) {
    return this.records.create(a, 'money', projectId, body);
  }
  @Patch('money-records/:id')
  updateMoneyRecord(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Param('id', ParseId) id: string, @Body() body: UpdateMoneyRecordDto) {
    return this.records.update(a, 'money', projectId, id, body);
  }

  @Get('progress-reports')
  listProgressReports(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.records.list(a, 'progress', projectId);
  }
  @Post('progress-reports')
  createProgressReport(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateProgressReportDto) {
    return this.records.create(a, 'progress', projectId, body);
  }
  @Patch('progress-reports/:id')
  updateProgressReport(
    @CurrentActor() a: Actor,
    @Param('projectId', ParseId) projectId: string,
    @Param('id', ParseId) id: string,
    @Body() body: UpdateProgressReportDto,
  ) {
    return this.records.update(a, 'progress', projectId, id, body);
  }

  @Get('issues')
  listIssues(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.records.list(a, 'issue', projectId);
  }
  @Post('issues')
  createIssue(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateIssueDto) {
    return this.records.create(a, 'issue', projectId, body);
  }
  @Patch('issues/:id')
  updateIssue(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Param('id', ParseId) id: string, @Body() body: UpdateIssueDto) {
    return this.records.update(a, 'issue', projectId, id, body);
  }
}
