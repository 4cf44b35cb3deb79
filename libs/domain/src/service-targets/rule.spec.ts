import { readFileSync } from 'node:fs';
import {
  compareDecimal,
  matchesFilter,
  ruleApplies,
  selectPlanDateRule,
  selectRules,
  validateServiceTargetRule,
  type ProjectFacts,
  type ServiceTargetRule,
  type ServiceTargetRuleDefinition,
} from './rule.js';

const seedDefs = JSON.parse(readFileSync(new URL('../../../../seeds/service-targets.json', import.meta.url), 'utf8')) as ServiceTargetRuleDefinition[];

const facts: ProjectFacts = {
  id: 'p1',
  family: 'INVESTMENT',
  projectType: 'MANUFACTURING',
  totalInvestment: '120000.50',
  unitId: 'u-town',
  unitAncestorIds: ['u-city', 'u-district'],
  listIds: ['l-key', 'l-region'],
};
const r = (code: string, over: Partial<ServiceTargetRule> = {}): ServiceTargetRule => ({
  id: code,
  code,
  version: 1,
  name: code,
  kind: 'SERVICE_TARGET',
  fromStage: 'SIGNED',
  toStage: 'OPERATING',
  duration: { value: 730, unit: 'calendar_days' },
  warn: { percent: 80 },
  escalateAfterDays: 30,
  filter: {},
  active: true,
  ...over,
});

describe('seeds/service-targets.json', () => {
  it('holds the DESIGN §4 defaults, valid and marked as defaults', () => {
    for (const d of seedDefs) {
      expect(validateServiceTargetRule(d)).toEqual([]);
      expect(d.isDefault).toBe(true);
      expect(d.note).toBe('default chosen by the bureau, not a figure from the reports');
    }
    const st = Object.fromEntries(
      seedDefs.filter((d) => d.kind === 'SERVICE_TARGET' && d.active).map((d) => [`${d.fromStage}>${d.toStage}`, `${d.duration.value} ${d.duration.unit}`]),
    );
    expect(st).toEqual({
      'SIGNED>LANDED': '90 calendar_days',
      'LANDED>UNDER_CONSTRUCTION': '60 calendar_days',
      'SIGNED>UNDER_CONSTRUCTION': '180 calendar_days',
      'UNDER_CONSTRUCTION>OPERATING': '540 calendar_days',
      'SIGNED>OPERATING': '730 calendar_days',
      'OPERATING>AT_CAPACITY': '365 calendar_days',
    });
    const kinds = seedDefs.filter((d) => d.active).map((d) => d.kind);
    expect(kinds.filter((k) => k === 'PLAN_DATE')).toHaveLength(1);
    expect(seedDefs.find((d) => d.kind === 'STALE_UPDATE')!.duration).toEqual({ value: 5, unit: 'working_days' });
    expect(seedDefs.find((d) => d.kind === 'HOLD_REVIEW')!.duration).toEqual({ value: 180, unit: 'calendar_days' });
    for (const d of seedDefs) expect(d.escalateAfterDays).toBe(30);
    for (const d of seedDefs.filter((x) => x.kind === 'SERVICE_TARGET' || x.kind === 'HOLD_REVIEW')) expect(d.warn).toEqual({ percent: 80 });
    expect(new Set(seedDefs.map((d) => d.code)).size).toBe(seedDefs.length);
  });
});

describe('compareDecimal', () => {
  it.each([
    ['100000', '100000', 0],
    ['100000.00', '100000', 0],
    ['0100000', '100000', 0],
    ['99999.99', '100000', -1],
    ['100000.01', '100000', 1],
    ['9', '10', -1],
    ['10.5', '10.45', 1],
  ])('%s vs %s → %i', (a, b, e) => expect(compareDecimal(a, b)).toBe(e));
});

describe('ruleApplies', () => {
  it.each([
    [{}, true],
    [{ family: 'INVESTMENT' }, true],
    [{ family: 'GOVERNMENT' }, false],
    [{ projectTypes: ['MANUFACTURING', 'ENERGY'] }, true],
    [{ projectTypes: ['ENERGY'] }, false],
    [{ projectTypes: [] }, true],
    [{ minInvestment: '100000' }, true],
    [{ minInvestment: '120000.50' }, true],
    [{ minInvestment: '120000.51' }, false],
    [{ unitIds: ['u-town'] }, true],
    [{ unitIds: ['u-district'] }, true],
    [{ unitIds: ['u-other'] }, false],
    [{ listIds: ['l-key'] }, true],
    [{ listIds: ['l-other'] }, false],
    [{ family: 'INVESTMENT', minInvestment: '100000', listIds: ['l-region'] }, true],
    [{ family: 'INVESTMENT', minInvestment: '200000', listIds: ['l-region'] }, false],
  ] as const)('filter %j → %s', (filter, expected) => {
    expect(ruleApplies(r('X', { filter }), facts)).toBe(expected);
  });
  it('never applies an inactive rule; a project with no investment figure fails a minimum', () => {
    expect(ruleApplies(r('X', { active: false }), facts)).toBe(false);
    expect(matchesFilter({ minInvestment: '1' }, { ...facts, totalInvestment: null })).toBe(false);
    expect(matchesFilter({ projectTypes: ['A'] }, { ...facts, projectType: null })).toBe(false);
  });
});

describe('selectRules', () => {
  it('keeps the most specific matching rule per slot', () => {
    const rules = [
      r('GENERAL'),
      r('BIG', { filter: { minInvestment: '100000' } }),
      r('HUGE', { filter: { minInvestment: '110000' } }),
      r('GOV', { filter: { family: 'GOVERNMENT' } }),
      r('OFF', { filter: { listIds: ['l-key'], minInvestment: '1' }, active: false }),
      r('LANDING', { toStage: 'LANDED' }),
    ];
    expect(selectRules(rules, facts).map((x) => x.code)).toEqual(['HUGE', 'LANDING']);
    expect(selectRules(rules, { ...facts, totalInvestment: '5' }).map((x) => x.code)).toEqual(['GENERAL', 'LANDING']);
  });
  it('picks a plan-date rule naming the stage over a general one', () => {
    const plans = [r('PLAN', { kind: 'PLAN_DATE', fromStage: null, toStage: null }), r('PLAN_OP', { kind: 'PLAN_DATE', fromStage: null, toStage: 'OPERATING' })];
    expect(selectPlanDateRule(plans, 'OPERATING')!.code).toBe('PLAN_OP');
    expect(selectPlanDateRule(plans, 'LANDED')!.code).toBe('PLAN');
  });
});

describe('validateServiceTargetRule', () => {
  const good: ServiceTargetRuleDefinition = {
    code: 'SIGNED_TO_LANDED',
    name: '签约到落地',
    kind: 'SERVICE_TARGET',
    fromStage: 'SIGNED',
    toStage: 'LANDED',
    duration: { value: 90, unit: 'calendar_days' },
    warn: { percent: 80 },
    escalateAfterDays: 30,
    filter: {},
    active: true,
  };
  const fieldsOf = (x: unknown) => validateServiceTargetRule(x).map((e) => e.field);
  it('accepts a good rule', () => expect(validateServiceTargetRule(good)).toEqual([]));
  it.each([
    [{ code: 'a:b' }, 'code'],
    [{ name: '' }, 'name'],
    [{ kind: 'OTHER' }, 'kind'],
    [{ fromStage: 'ON_HOLD' }, 'fromStage'],
    [{ fromStage: 'LANDED', toStage: 'SIGNED' }, 'toStage'],
    [{ toStage: null }, 'toStage'],
    [{ duration: { value: 0, unit: 'calendar_days' } }, 'duration.value'],
    [{ duration: { value: 1.5, unit: 'calendar_days' } }, 'duration.value'],
    [{ duration: { value: 200, unit: 'months' } }, 'duration.value'],
    [{ duration: { value: 9, unit: 'weeks' } }, 'duration.unit'],
    [{ warn: { percent: 80, daysBefore: 3 } }, 'warn'],
    [{ warn: {} }, 'warn'],
    [{ warn: { percent: 0 } }, 'warn.percent'],
    [{ warn: { daysBefore: -1 } }, 'warn.daysBefore'],
    [{ escalateAfterDays: -1 }, 'escalateAfterDays'],
    [{ active: 'yes' }, 'active'],
    [{ filter: { family: 'X' } }, 'filter.family'],
    [{ filter: { minInvestment: '10亿' } }, 'filter.minInvestment'],
    [{ filter: { unitIds: [3] } }, 'filter.unitIds'],
    [{ filter: { maxInvestment: '1' } }, 'filter.maxInvestment'],
    [{ kind: 'HOLD_REVIEW' }, 'fromStage'],
    [{ kind: 'STALE_UPDATE', duration: { value: 2, unit: 'months' } }, 'duration.unit'],
    [{ kind: 'STALE_UPDATE', duration: { value: 40, unit: 'working_days' } }, 'duration.value'],
  ])('rejects %j on %s', (over, field) => {
    expect(fieldsOf({ ...good, ...over })).toContain(field);
  });
  it('allows a zero grace on a plan-date rule', () => {
    expect(validateServiceTargetRule({ ...good, kind: 'PLAN_DATE', fromStage: undefined, toStage: undefined, duration: { value: 0, unit: 'calendar_days' } })).toEqual([]);
  });
});
