import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  APPROVAL_DEFAULT_LIMITS,
  APPROVAL_ITEM_TYPE_LABELS,
  APPROVAL_ITEM_TYPES,
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUSES,
  CHECKLIST_TEMPLATE_DEFS,
  CHECKLIST_TEMPLATES,
  COMMITMENT_KIND_LABELS,
  COMMITMENT_KINDS,
  COMMITMENT_STATUS_LABELS,
  COMMITMENT_STATUSES,
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  SATISFACTION_LABELS,
  SERVICE_DESK_CLOCK_DEFAULTS,
  type Actor,
} from '#domain';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import { ParseId } from '../common/params.js';
import {
  ApplyTemplateDto,
  CreateApprovalItemDto,
  CreateCallbackDto,
  CreateCommitmentDto,
  CreateInvestorRequestDto,
  ListCommitmentsQueryDto,
  ListInvestorRequestsQueryDto,
  RequestStatsQueryDto,
  UnitReportQueryDto,
  UpdateApprovalItemDto,
  UpdateCommitmentDto,
  UpdateInvestorRequestDto,
} from './desk-clocks.dto.js';
import { DeskClocksService } from './desk-clocks.service.js';

/** 审批事项领办代办 with 限时审批 clocks: the approval checklist of a project. */
@ApiTags('service desk: approvals')
@ApiBearerAuth()
@Controller()
export class ApprovalItemsController {
  constructor(private readonly desk: DeskClocksService) {}

  @Get('projects/:projectId/approval-items')
  list(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.desk.listApprovals(a, projectId);
  }
  @Post('projects/:projectId/approval-items')
  create(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateApprovalItemDto) {
    return this.desk.createApproval(a, projectId, body);
  }
  @Post('projects/:projectId/approval-items/from-template')
  @ApiOperation({ summary: 'Adds the template’s item types the project lacks, with the bureau’s default limits' })
  fromTemplate(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: ApplyTemplateDto) {
    return this.desk.applyTemplate(a, projectId, body);
  }
  @Patch('approval-items/:id')
  update(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateApprovalItemDto) {
    return this.desk.updateApproval(a, id, body);
  }
}

/** 有求必应 and 督办回访: investor requests with response and resolution clocks, callbacks and satisfaction. */
@ApiTags('service desk: investor requests')
@ApiBearerAuth()
@Controller()
export class InvestorRequestsController {
  constructor(private readonly desk: DeskClocksService) {}

  @Get('projects/:projectId/requests')
  listForProject(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.desk.listProjectRequests(a, projectId);
  }
  @Post('projects/:projectId/requests')
  create(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateInvestorRequestDto) {
    return this.desk.createRequest(a, projectId, body);
  }
  @Get('investor-requests')
  @ApiOperation({ summary: 'Scoped inbox: requests whose project or owner unit is in your units' })
  list(@CurrentActor() a: Actor, @Query() q: ListInvestorRequestsQueryDto) {
    return this.desk.listRequests(a, q);
  }
  @Get('investor-requests/stats')
  @ApiOperation({ summary: 'Satisfaction and on-time rates per owner unit' })
  stats(@CurrentActor() a: Actor, @Query() q: RequestStatsQueryDto) {
    return this.desk.requestStats(a, q);
  }
  @Get('investor-requests/:id')
  get(@CurrentActor() a: Actor, @Param('id', ParseId) id: string) {
    return this.desk.getRequest(a, id);
  }
  @Patch('investor-requests/:id')
  update(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateInvestorRequestDto) {
    return this.desk.updateRequest(a, id, body);
  }
  @Post('investor-requests/:id/callbacks')
  callback(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: CreateCallbackDto) {
    return this.desk.addCallback(a, id, body);
  }
}

/** 承诺兑现: the commitments ledger and the unfulfilled-commitments report. */
@ApiTags('service desk: commitments')
@ApiBearerAuth()
@Controller()
export class CommitmentsController {
  constructor(private readonly desk: DeskClocksService) {}

  @Get('projects/:projectId/commitments')
  listForProject(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string) {
    return this.desk.listProjectCommitments(a, projectId);
  }
  @Post('projects/:projectId/commitments')
  create(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateCommitmentDto) {
    return this.desk.createCommitment(a, projectId, body);
  }
  @Get('commitments')
  list(@CurrentActor() a: Actor, @Query() q: ListCommitmentsQueryDto) {
    return this.desk.listCommitments(a, q);
  }
  @Get('commitments/:id')
  get(@CurrentActor() a: Actor, @Param('id', ParseId) id: string) {
    return this.desk.getCommitment(a, id);
  }
  @Patch('commitments/:id')
  update(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateCommitmentDto) {
    return this.desk.updateCommitment(a, id, body);
  }
  @Get('reports/unfulfilled-commitments')
  @ApiOperation({ summary: '未兑现承诺, grouped by the project’s unit: counts, amounts (万元), days overdue' })
  unfulfilled(@CurrentActor() a: Actor, @Query() q: UnitReportQueryDto) {
    return this.desk.unfulfilledReport(a, q.unitId);
  }
}

/** The code lists and default limits of the service desk's clocked records, with zh/en labels (for forms and filters). */
@ApiTags('service desk: approvals')
@ApiBearerAuth()
@Controller('service-desk-clocks')
export class DeskCodeListsController {
  @Get('code-lists')
  @ApiOperation({ summary: 'Item types, templates, categories, statuses, satisfaction scale and clock defaults (bureau defaults, not report figures)' })
  codeLists() {
    return {
      note: 'Default limits are the bureau’s configurable defaults, not figures from the reports.',
      approvalItemTypes: APPROVAL_ITEM_TYPES.map((code) => ({ code, ...APPROVAL_ITEM_TYPE_LABELS[code], defaultLimitDays: APPROVAL_DEFAULT_LIMITS[code] })),
      approvalStatuses: APPROVAL_STATUSES.map((code) => ({ code, ...APPROVAL_STATUS_LABELS[code] })),
      checklistTemplates: CHECKLIST_TEMPLATES.map((code) => ({ code, ...CHECKLIST_TEMPLATE_DEFS[code].label, items: CHECKLIST_TEMPLATE_DEFS[code].items })),
      requestCategories: REQUEST_CATEGORIES.map((code) => ({ code, ...REQUEST_CATEGORY_LABELS[code] })),
      requestStatuses: REQUEST_STATUSES.map((code) => ({ code, ...REQUEST_STATUS_LABELS[code] })),
      satisfaction: ([1, 2, 3, 4, 5] as const).map((value) => ({ value, ...SATISFACTION_LABELS[value] })),
      commitmentKinds: COMMITMENT_KINDS.map((code) => ({ code, ...COMMITMENT_KIND_LABELS[code] })),
      commitmentStatuses: COMMITMENT_STATUSES.map((code) => ({ code, ...COMMITMENT_STATUS_LABELS[code] })),
      clockDefaults: SERVICE_DESK_CLOCK_DEFAULTS,
    };
  }
}
