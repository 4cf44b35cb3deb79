import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  DomainError,
  DomainErrorCode,
  notFound,
  validateServiceTargetRule,
  type ServiceTargetRule,
  type ServiceTargetRuleDefinition,
} from '#domain';
import { AuditRepository, RuleRepository } from '#persistence';
import { ReevaluationService } from './reevaluation.service.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FIELDS = [
  'code', 'name', 'nameEn', 'description', 'kind', 'fromStage', 'toStage', 'duration', 'warn', 'escalateAfterDays', 'filter', 'active', 'isDefault', 'note',
] as const;

/** Turns a request body into a rule definition, or a 400 listing every bad field (unknown fields included). */
export function toDefinition(body: unknown, base?: ServiceTargetRule): ServiceTargetRuleDefinition {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message: 'The body must be a JSON object', details: { fields: [] } });
  }
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !(FIELDS as readonly string[]).includes(k) && k !== 'version');
  const merged: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const value = f in input ? input[f] : base?.[f];
    if (value !== undefined) merged[f] = value;
  }
  merged.filter ??= {};
  const errors = [...validateServiceTargetRule(merged), ...unknown.map((k) => ({ field: k, message: `property ${k} should not exist` }))];
  if (base && 'code' in input && input.code !== base.code) errors.push({ field: 'code', message: 'code cannot change' });
  if (errors.length) {
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: `Invalid rule: ${errors.map((e) => e.field).join(', ')}`,
      details: { fields: errors.map((e) => ({ field: e.field, errors: [e.message] })) },
    });
  }
  return merged as unknown as ServiceTargetRuleDefinition;
}

/** Service-target policy: versioned, audited; every change re-evaluates the projects in the background. */
@Injectable()
export class ServiceTargetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RuleRepository,
    private readonly audit: AuditRepository,
    private readonly reevaluation: ReevaluationService,
  ) {}

  list() {
    return this.rules.list();
  }

  async get(id: string) {
    const rule = await this.rules.findById(id);
    if (!rule) throw notFound('Service target', id);
    return { ...rule, versions: await this.rules.history(id) };
  }

  /**
   * How many live projects a proposed rule would apply to, without saving it. With `id`, the body is merged onto
   * the stored rule (as a PATCH would) and `currentlyAffected` counts for the stored rule as it is.
   */
  async preview(body: unknown) {
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (!isObject) toDefinition(body); // throws the same 400 as create
    const { id, ...fields } = body as Record<string, unknown>;
    let stored: ServiceTargetRule | null = null;
    if (id !== undefined) {
      if (typeof id !== 'string' || !UUID_RE.test(id)) {
        throw new BadRequestException({
          code: 'VALIDATION_FAILED',
          message: 'Invalid input: id',
          details: { fields: [{ field: 'id', errors: ['id must be the UUID of a service target'] }] },
        });
      }
      stored = await this.rules.findById(id);
      if (!stored) throw notFound('Service target', id);
    }
    const def = toDefinition(fields, stored ?? undefined);
    const [affected, currentlyAffected, live] = await Promise.all([
      this.rules.countApplicable(def),
      stored ? this.rules.countApplicable(stored) : Promise.resolve(null),
      this.rules.countLiveProjects(),
    ]);
    return { affected, currentlyAffected, live };
  }

  async create(actor: Actor, body: unknown) {
    const def = toDefinition(body);
    const { rule, run } = await this.dataSource.transaction(async (m) => {
      if (await this.rules.findByCode(def.code, m)) {
        throw new DomainError(DomainErrorCode.Duplicate, `A service target with code ${def.code} exists`, { field: 'code' });
      }
      const rule = await this.rules.insert(m, { ...def, isDefault: false }, actor.id);
      await this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'service_target_rule', entityId: rule.id, after: rule });
      const run = await this.reevaluation.requestAll(m, `service target ${def.code} created`, actor.id);
      return { rule, run };
    });
    await this.reevaluation.dispatch(run);
    return { ...rule, reevaluationRunId: run.runId };
  }

  async update(actor: Actor, id: string, body: unknown) {
    const version = (body as { version?: unknown } | null)?.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'Invalid input: version',
        details: { fields: [{ field: 'version', errors: ['version must be the integer version you read'] }] },
      });
    }
    const { rule, run } = await this.dataSource.transaction(async (m) => {
      const before = await this.rules.findById(id, m, true);
      if (!before) throw notFound('Service target', id);
      const def = toDefinition(body, before);
      // An edited default is the bureau's own rule from now on.
      const rule = await this.rules.update(m, id, version, { ...def, isDefault: false }, actor.id);
      if (!rule) {
        throw new DomainError(DomainErrorCode.StaleVersion, `Service target ${before.code} was changed by someone else (version ${before.version})`, {
          currentVersion: before.version,
        });
      }
      await this.audit.record(m, { actorId: actor.id, action: 'update', entity: 'service_target_rule', entityId: id, before, after: rule });
      const run = await this.reevaluation.requestAll(m, `service target ${rule.code} changed to version ${rule.version}`, actor.id);
      return { rule, run };
    });
    await this.reevaluation.dispatch(run);
    return { ...rule, reevaluationRunId: run.runId };
  }
}
