import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import { ParseId } from '../common/params.js';
import {
  CheckDuplicatesDto,
  CreateContactDto,
  CreateInvestorDto,
  ListContactsQueryDto,
  SearchInvestorsQueryDto,
  UpdateContactDto,
  UpdateInvestorDto,
} from './dto/service-desk.dto.js';
import { InvestorsService } from './investors.service.js';

/**
 * 客商管理. `GET /investors?q=` (ReferenceController) keeps answering a plain array for pickers;
 * `GET /investors/search` is the paged list with every field.
 */
@ApiTags('investors')
@ApiBearerAuth()
@Controller('investors')
export class InvestorsController {
  constructor(private readonly investors: InvestorsService) {}

  @ApiOperation({ summary: 'Paged investor search (name, normalised name or credit code)' })
  @Get('search')
  search(@Query() query: SearchInvestorsQueryDto) {
    return this.investors.search(query);
  }

  @ApiOperation({ summary: 'Likely duplicates: same credit code, or a similar normalised name (pg_trgm similarity ≥ 0.6)' })
  @HttpCode(200)
  @Post('check-duplicates')
  checkDuplicates(@Body() body: CheckDuplicatesDto) {
    return this.investors.checkDuplicates(body);
  }

  @ApiOperation({ summary: 'An investor with its group (parent, subsidiaries), contacts and projects (outside your scope: counts per unit)' })
  @Get(':id')
  detail(@CurrentActor() a: Actor, @Param('id', ParseId) id: string) {
    return this.investors.detail(a, id);
  }

  @ApiOperation({ summary: 'Create an investor (409 DUPLICATE when the credit code or name exists)' })
  @Post()
  create(@CurrentActor() a: Actor, @Body() body: CreateInvestorDto) {
    return this.investors.create(a, body);
  }

  @Patch(':id')
  update(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateInvestorDto) {
    return this.investors.update(a, id, body);
  }

  @Get(':id/contacts')
  listContacts(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Query() q: ListContactsQueryDto) {
    return this.investors.listContacts(a, { investorId: id }, q.includeInactive);
  }

  @Post(':id/contacts')
  createContact(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Body() body: CreateContactDto) {
    return this.investors.createContact(a, { investorId: id }, body);
  }

  @Patch(':id/contacts/:contactId')
  updateContact(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Param('contactId', ParseId) contactId: string, @Body() body: UpdateContactDto) {
    return this.investors.updateContact(a, { investorId: id }, contactId, body);
  }

  @ApiOperation({ summary: 'Deactivate a contact (kept for history)' })
  @Delete(':id/contacts/:contactId')
  deactivateContact(@CurrentActor() a: Actor, @Param('id', ParseId) id: string, @Param('contactId', ParseId) contactId: string) {
    return this.investors.deactivateContact(a, { investorId: id }, contactId);
  }
}

@ApiTags('investors')
@ApiBearerAuth()
@Controller('projects/:projectId/contacts')
export class ProjectContactsController {
  constructor(private readonly investors: InvestorsService) {}

  @Get()
  list(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Query() q: ListContactsQueryDto) {
    return this.investors.listContacts(a, { projectId }, q.includeInactive);
  }

  @Post()
  create(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Body() body: CreateContactDto) {
    return this.investors.createContact(a, { projectId }, body);
  }

  @Patch(':contactId')
  update(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Param('contactId', ParseId) contactId: string, @Body() body: UpdateContactDto) {
    return this.investors.updateContact(a, { projectId }, contactId, body);
  }

  @ApiOperation({ summary: 'Deactivate a contact (kept for history)' })
  @Delete(':contactId')
  deactivate(@CurrentActor() a: Actor, @Param('projectId', ParseId) projectId: string, @Param('contactId', ParseId) contactId: string) {
    return this.investors.deactivateContact(a, { projectId }, contactId);
  }
}
