import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { ParseId } from '../common/params.js';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import { CreateProjectDto, ListProjectsQueryDto, StageTransitionDto, UpdateProjectDto } from './dto/project.dto.js';
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
}
