import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { notFound, scopeOf, type Actor } from '#domain';
import { DeadlineRepository, NotificationRepository, ProjectRepository } from '#persistence';
import { ParseId } from '../common/params.js';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import {
  AcknowledgeAlertDto,
  AssignAlertDto,
  BulkAcknowledgeDto,
  BulkAssignDto,
  BulkCommentDto,
  BulkResolveDto,
  CommentAlertDto,
  ListAlertsQueryDto,
  ListNotificationsQueryDto,
  MarkReadDto,
  ResolveAlertDto,
} from './alerts.dto.js';
import { AlertsService } from './alerts.service.js';


/** 预警督办: overdue alerts, scoped by unit, and what managers do with them. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  listAlerts(@CurrentActor() a: Actor, @Query() q: ListAlertsQueryDto) {
    return this.alerts.list(a, q);
  }

  @Get(':id')
  getAlert(@CurrentActor() a: Actor, @Param('id', ParseId) id: string) {
    return this.alerts.get(a, id);
  }

  @Post(':id/acknowledge') @HttpCode(200)
  acknowledgeAlert(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() b: AcknowledgeAlertDto) {
    return this.alerts.acknowledge(a, id, b.plan, b.nextReviewDate);
  }

  @Post(':id/assign') @HttpCode(200)
  assignAlert(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() b: AssignAlertDto) {
    return this.alerts.assign(a, id, b.userId);
  }

  @Post(':id/comments') @HttpCode(200)
  commentAlert(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() b: CommentAlertDto) {
    return this.alerts.comment(a, id, b.text);
  }

  @Post(':id/resolve') @HttpCode(200)
  resolveAlert(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() b: ResolveAlertDto) {
    return this.alerts.resolve(a, id, b.reason);
  }

  @Post('bulk/acknowledge') @HttpCode(200)
  bulkAcknowledge(@CurrentActor() a: Actor, @Body() b: BulkAcknowledgeDto) {
    return this.alerts.bulk(b.ids, (id) => this.alerts.acknowledge(a, id, b.plan, b.nextReviewDate));
  }

  @Post('bulk/assign') @HttpCode(200)
  bulkAssign(@CurrentActor() a: Actor, @Body() b: BulkAssignDto) {
    return this.alerts.bulk(b.ids, (id) => this.alerts.assign(a, id, b.userId));
  }

  @Post('bulk/comments') @HttpCode(200)
  bulkComment(@CurrentActor() a: Actor, @Body() b: BulkCommentDto) {
    return this.alerts.bulk(b.ids, (id) => this.alerts.comment(a, id, b.text));
  }

  @Post('bulk/resolve') @HttpCode(200)
  bulkResolve(@CurrentActor() a: Actor, @Body() b: BulkResolveDto) {
    return this.alerts.bulk(b.ids, (id) => this.alerts.resolve(a, id, b.reason));
  }
}

/** A project's materialised deadlines (one per clock) with their explanations. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('projects/:projectId/deadlines')
export class DeadlinesController {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly deadlines: DeadlineRepository,
  ) {}

  @Get()
  async listDeadlines(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    if (!(await this.projects.findInScope(projectId, scopeOf(a)))) throw notFound('Project', projectId);
    const rows = await this.deadlines.forProject(projectId);
    return {
      items: rows.map((d) => ({
        id: d.id,
        key: d.clock_key,
        kind: d.kind,
        ruleId: d.rule_id,
        ruleVersion: d.rule_version,
        fromStage: d.from_stage,
        toStage: d.to_stage,
        period: d.period,
        startDate: d.start_date,
        dueDate: d.due_date,
        pausedDays: d.paused_days,
        status: d.status,
        level: d.level,
        warnAt: d.warn_at,
        dueAt: d.due_at,
        escalateAt: d.escalate_at,
        nextCheckAt: d.next_check_at,
        metDate: d.met_date,
        explanation: { zh: d.explanation_zh, en: d.explanation_en },
        detail: d.detail,
        computedAt: d.computed_at,
      })),
    };
  }
}

/** In-app notices (the bell). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  @Get()
  async listNotifications(@CurrentActor() a: Actor, @Query() q: ListNotificationsQueryDto) {
    const r = await this.notifications.list(a.id, q.unread === true, q.page, q.pageSize);
    return { ...r, page: q.page, pageSize: q.pageSize };
  }

  @Post('read') @HttpCode(200)
  async markNotificationsRead(@CurrentActor() a: Actor, @Body() b: MarkReadDto) {
    return { marked: await this.notifications.markRead(a.id, b.ids ?? null) };
  }
}
