import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { CurrentActor } from '../common/auth/auth.decorators.js';
import { ParseId } from '../common/params.js';
import { CreateImportDto } from './imports.dto.js';
import { ImportsService } from './imports.service.js';

/**
 * 台账 import: POST the file as base64 JSON {fileName, contentBase64, dryRun} (this route alone accepts bodies up
 * to about 27 MB, see app.factory.ts); the answer is the queued import_run (202). The worker validates every
 * cell and, unless a dry run or the file has problems, commits all of it in one transaction.
 * GET /imports/:id shows status (QUEUED → VALIDATING → FAILED | VALIDATED | COMMITTING → COMMITTED), rows done,
 * counts and the problems (the first 1,000; problemCount has them all).
 */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  createImport(@CurrentActor() actor: Actor, @Body() body: CreateImportDto) {
    return this.imports.create(actor, body);
  }

  @Get(':id')
  getImport(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string) {
    return this.imports.get(actor, id);
  }
}
