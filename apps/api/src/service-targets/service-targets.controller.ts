import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { notFound, type Actor } from '#domain';
import { ParseId } from '../common/params.js';
import { CurrentActor, Roles } from '../common/auth/auth.decorators.js';
import { ReevaluationService } from './reevaluation.service.js';
import { ServiceTargetsService } from './service-targets.service.js';


const RULE_EXAMPLE = {
  code: 'SIGNED_TO_LANDED_BIG',
  name: '签约到落地（10亿元以上）',
  kind: 'SERVICE_TARGET',
  fromStage: 'SIGNED',
  toStage: 'LANDED',
  duration: { value: 120, unit: 'calendar_days' },
  warn: { percent: 80 },
  escalateAfterDays: 30,
  filter: { minInvestment: '100000' },
  active: true,
};

/**
 * Service targets (the signing-to-operation policy). The shipped rules are defaults chosen by the bureau,
 * not figures from the reports; every change is versioned, audited and re-evaluates the projects.
 */
@ApiTags('service targets')
@ApiBearerAuth()
@Controller()
export class ServiceTargetsController {
  constructor(
    private readonly targets: ServiceTargetsService,
    private readonly reevaluation: ReevaluationService,
  ) {}

  @Get('service-targets')
  listServiceTargets() {
    return this.targets.list();
  }

  /**
   * Dry run of a rule: how many live projects (not cancelled, not at the final stage) it would apply to, by its
   * stages and filter. With `id`, the fields are merged onto that stored rule and `currentlyAffected` counts for
   * the rule as stored. Nothing is saved; an invalid rule answers 400 like create.
   */
  @Roles('admin')
  @ApiBody({ schema: { example: { id: '00000000-0000-4000-8000-000000000000', filter: { minInvestment: '50000' } } } })
  @ApiOkResponse({ schema: { example: { affected: 12, currentlyAffected: 30, live: 412 } } })
  @Post('service-targets/preview')
  @HttpCode(200)
  previewServiceTarget(@Body() body: Record<string, unknown>) {
    return this.targets.preview(body);
  }

  @Get('service-targets/:id')
  getServiceTarget(@Param('id', ParseId) id: string) {
    return this.targets.get(id);
  }

  @Roles('admin')
  @ApiBody({ schema: { example: RULE_EXAMPLE } })
  @Post('service-targets')
  createServiceTarget(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>) {
    return this.targets.create(actor, body);
  }

  @Roles('admin')
  @ApiBody({ schema: { example: { version: 1, duration: { value: 120, unit: 'calendar_days' } } } })
  @Patch('service-targets/:id')
  updateServiceTarget(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string, @Body() body: Record<string, unknown>) {
    return this.targets.update(actor, id, body);
  }

  /** Progress of a background re-evaluation (after a rule or calendar change). */
  @Get('reevaluation-runs/:id')
  async getReevaluationRun(@Param('id', ParseId) id: string) {
    const run = await this.reevaluation.get(id);
    if (!run) throw notFound('Re-evaluation run', id);
    return run;
  }
}
