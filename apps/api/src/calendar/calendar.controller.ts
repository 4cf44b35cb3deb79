import { BadRequestException, Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, notFound, validateCalendarYear, type Actor } from '#domain';
import { AuditRepository, CalendarRepository } from '#persistence';
import { CurrentActor, Roles } from '../common/auth/auth.decorators.js';
import { ReevaluationService } from '../service-targets/reevaluation.service.js';

const yearPipe = new ParseIntPipe({ errorHttpStatusCode: 404 });

/** The working-day calendar: official holidays and 调休 make-up workdays per year, editable by admins. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarRepository,
    private readonly audit: AuditRepository,
    private readonly reevaluation: ReevaluationService,
  ) {}

  /** Years with data. A year without data counts weekends only, and explanations say so. */
  @Get()
  async listCalendarYears() {
    return (await this.calendar.all()).map((y) => ({ year: y.year, holidays: y.holidays.length, workdays: y.workdays.length, source: y.source, version: y.version }));
  }

  @Get(':year')
  async getCalendarYear(@Param('year', yearPipe) year: number) {
    const row = await this.calendar.get(year);
    if (!row) throw notFound('Calendar year', String(year));
    return row;
  }

  /** Creates or replaces a year (send `version` to replace an existing one). Re-evaluates every project. */
  @Roles('admin')
  @ApiBody({ schema: { example: { holidays: ['2027-01-01'], workdays: [], source: '国务院办公厅关于2027年部分节假日安排的通知', version: 1 } } })
  @Put(':year')
  async putCalendarYear(@CurrentActor() actor: Actor, @Param('year', yearPipe) year: number, @Body() body: Record<string, unknown>) {
    const { version, ...rest } = body ?? {};
    const data = { year, ...rest };
    const problems = validateCalendarYear(data, year);
    const unknown = Object.keys(rest).filter((k) => !['holidays', 'workdays', 'source', 'names', 'year'].includes(k));
    if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version))) problems.push({ field: 'version', message: 'version must be an integer' });
    problems.push(...unknown.map((k) => ({ field: k, message: `property ${k} should not exist` })));
    if (problems.length) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: `Invalid calendar: ${problems.map((p) => p.field).join(', ')}`,
        details: { fields: problems.map((p) => ({ field: p.field, errors: [p.message] })) },
      });
    }
    const { row, run } = await this.dataSource.transaction(async (m) => {
      const before = await this.calendar.get(year, m);
      if (before && version === undefined) {
        throw new DomainError(DomainErrorCode.StaleVersion, `Calendar ${year} exists: send the version you read to replace it`, { currentVersion: before.version });
      }
      const row = await this.calendar.put(m, data as never, before ? (version as number) : null, actor.id);
      if (!row) throw new DomainError(DomainErrorCode.StaleVersion, `Calendar ${year} was changed by someone else`, { currentVersion: before?.version });
      await this.audit.record(m, { actorId: actor.id, action: before ? 'update' : 'create', entity: 'calendar_year', entityId: String(year), before, after: row });
      const run = await this.reevaluation.requestAll(m, `calendar ${year} changed`, actor.id);
      return { row, run };
    });
    await this.reevaluation.dispatch(run);
    return { ...row, reevaluationRunId: run.runId };
  }
}
