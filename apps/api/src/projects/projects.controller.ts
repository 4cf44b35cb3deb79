import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '#domain';
import { ParseId } from '../common/params.js';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import {
  CreateProjectDto,
  ExportProjectsQueryDto,
  ListProjectsQueryDto,
  ProjectAuditQueryDto,
  StageTransitionDto,
  UpdateProjectDto,
} from './dto/project.dto.js';
import { XLSX_CONTENT_TYPE } from './project-export.js';
import { ProjectsService } from './projects.service.js';


@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  listProjects(@CurrentActor() actor: Actor, @Query() query: ListProjectsQueryDto) {
    return this.projects.list(actor, query);
  }

  @Post()
  createProject(@CurrentActor() actor: Actor, @Body() body: CreateProjectDto) {
    return this.projects.create(actor, body);
  }

  /**
   * The list as an Excel workbook (项目台账): the same filters, sort and scope, no paging, at most 50,000 rows
   * (400 EXPORT_TOO_LARGE beyond). Declared before `:id`.
   */
  @Get('export')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'An .xlsx file', schema: { type: 'string', format: 'binary' } })
  async exportProjects(@CurrentActor() actor: Actor, @Query() query: ExportProjectsQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { body, filename } = await this.projects.export(actor, query);
    reply.header('content-type', XLSX_CONTENT_TYPE);
    reply.header('content-disposition', filename);
    return body;
  }

  @Get(':id')
  getProject(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string) {
    return this.projects.get(actor, id);
  }

  @Patch(':id')
  updateProject(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateProjectDto) {
    return this.projects.update(actor, id, body);
  }

  @Post(':id/stage-transitions')
  changeProjectStage(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string, @Body() body: StageTransitionDto) {
    return this.projects.changeStage(actor, id, body);
  }

  @Get(':id/history')
  getProjectHistory(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string) {
    return this.projects.history(actor, id);
  }

  /** 留痕 of one project: its own entries and those of its stage transitions, records and alerts, newest first. */
  @Get(':id/audit')
  getProjectAudit(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string, @Query() query: ProjectAuditQueryDto) {
    return this.projects.auditTrail(actor, id, query);
  }
}
