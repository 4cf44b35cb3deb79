import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import { ParseId } from '../common/params.js';
import { ActivitiesService } from './activities.service.js';
import { CreateActivityDto, CreateFollowUpDto, MyTasksQueryDto, PageQueryDto, UpdateActivityDto, UpdateFollowUpDto } from './dto/service-desk.dto.js';

/** Activities (走访/洽谈/会议/电话/备注), follow-ups, my tasks and the merged timelines. */
@ApiTags('service desk')
@ApiBearerAuth()
@Controller()
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @ApiOperation({ summary: 'Activities of a project, newest first, each with its follow-ups' })
  @Get('projects/:projectId/activities')
  listForProject(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Query() page: PageQueryDto) {
    return this.activities.list(a, { projectId }, page);
  }

  @ApiOperation({ summary: 'Record an activity on a project (occurredOn not in the future), optionally with follow-ups' })
  @Post('projects/:projectId/activities')
  createForProject(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateActivityDto) {
    return this.activities.create(a, { projectId }, body);
  }

  @ApiOperation({ summary: 'Investor-level activities recorded within your scope' })
  @Get('investors/:investorId/activities')
  listForInvestor(@CurrentActor() a: Actor, @Param('investorId', ParseId) investorId: string, @Query() page: PageQueryDto) {
    return this.activities.list(a, { investorId }, page);
  }

  @Post('investors/:investorId/activities')
  createForInvestor(@CurrentActor() a: Actor, @Param('investorId', ParseId) investorId: string, @Body() body: CreateActivityDto) {
    return this.activities.create(a, { investorId }, body);
  }

  @Patch('activities/:id')
  update(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateActivityDto) {
    return this.activities.update(a, id, body);
  }

  @ApiOperation({ summary: 'Add a follow-up task (assignee: staff or manager of the unit or a parent unit, else 422)' })
  @Post('activities/:id/follow-ups')
  addFollowUp(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: CreateFollowUpDto) {
    return this.activities.addFollowUp(a, id, body);
  }

  @ApiOperation({ summary: 'Complete, cancel, reopen, reassign or reschedule a follow-up' })
  @Patch('follow-ups/:id')
  updateFollowUp(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateFollowUpDto) {
    return this.activities.updateFollowUp(a, id, body);
  }

  @ApiOperation({ summary: 'My follow-ups (default OPEN), overdue first, with whether a reminder was raised' })
  @Get('me/tasks')
  myTasks(@CurrentActor() a: Actor, @Query() q: MyTasksQueryDto) {
    return this.activities.myTasks(a, q.status);
  }

  @ApiOperation({ summary: 'Merged project timeline, newest first: stage changes, milestones, alerts, activities, follow-ups' })
  @Get('projects/:projectId/timeline')
  projectTimeline(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Query() page: PageQueryDto) {
    return this.activities.projectTimeline(a, projectId, page);
  }

  @ApiOperation({ summary: 'Merged timeline over the investor’s projects in your scope plus its investor-level activities' })
  @Get('investors/:investorId/timeline')
  investorTimeline(@CurrentActor() a: Actor, @Param('investorId', ParseId) investorId: string, @Query() page: PageQueryDto) {
    return this.activities.investorTimeline(a, investorId, page);
  }
}
