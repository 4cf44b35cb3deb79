import { describe, it, expect } from 'vitest';
import {
  changedFields,
  durationBounds,
  filterSummary,
  formatDuration,
  formatEscalate,
  formatStages,
  formatWarn,
  formFieldOf,
  formToBody,
  NEW_RULE,
  previewBody,
  previewProblems,
  ruleToForm,
  unitsFor,
  validateServiceTargetRule,
  type RuleLike,
} from './service-rules';
import { formatMoney } from './format';

const monthly: RuleLike = {
  code: 'MONTHLY_REPORT',
  kind: 'STALE_UPDATE',
  name: '月调度进度报送',
  nameEn: 'Monthly progress report',
  note: 'default chosen by the bureau, not a figure from the reports',
  warn: { daysBefore: 4 },
  active: true,
  filter: {},
  fromStage: 'SIGNED',
  toStage: 'AT_CAPACITY',
  duration: { unit: 'working_days', value: 5 },
  isDefault: true,
  escalateAfterDays: 30,
};

const big: RuleLike = {
  code: 'SIGNED_TO_OPERATING_LARGE',
  kind: 'SERVICE_TARGET',
  name: '签约到投产（10亿元以上项目）',
  warn: { percent: 80 },
  active: false,
  filter: { minInvestment: '100000', family: 'INVESTMENT', unitIds: ['u1', 'gone'], listIds: ['l1'], projectTypes: ['industrial'] },
  fromStage: 'SIGNED',
  toStage: 'OPERATING',
  duration: { unit: 'calendar_days', value: 1095 },
  isDefault: true,
  escalateAfterDays: 30,
};

const names = { unit: (id: string) => (id === 'u1' ? '新城区' : undefined), list: (id: string) => (id === 'l1' ? '重点项目' : undefined) };

describe('words', () => {
  it('writes durations by kind', () => {
    expect(formatDuration('SERVICE_TARGET', { value: 540, unit: 'calendar_days' }, 'zh-CN')).toBe('540 个自然日');
    expect(formatDuration('SERVICE_TARGET', { value: 20, unit: 'working_days' }, 'zh-CN')).toBe('20 个工作日');
    expect(formatDuration('SERVICE_TARGET', { value: 3, unit: 'months' }, 'zh-CN')).toBe('3 个月');
    expect(formatDuration('SERVICE_TARGET', { value: 3, unit: 'months' }, 'en')).toBe('3 months');
    expect(formatDuration('STALE_UPDATE', { value: 5, unit: 'working_days' }, 'zh-CN')).toBe('次月第 5 个工作日');
    expect(formatDuration('PLAN_DATE', { value: 0, unit: 'calendar_days' }, 'zh-CN')).toBe('预计日期当天');
    expect(formatDuration('PLAN_DATE', { value: 10, unit: 'calendar_days' }, 'en')).toBe('10 calendar days after the expected date');
  });

  it('writes warnings and escalation in the rule’s day unit', () => {
    expect(formatWarn({ percent: 80 }, 'calendar_days', 'zh-CN')).toBe('时限过 80%');
    expect(formatWarn({ daysBefore: 4 }, 'working_days', 'zh-CN')).toBe('到期前 4 个工作日');
    expect(formatWarn({ daysBefore: 30 }, 'calendar_days', 'en')).toBe('30 days before due');
    expect(formatWarn({ daysBefore: 0 }, 'calendar_days', 'zh-CN')).toBe('到期当天');
    expect(formatEscalate(30, 'calendar_days', 'zh-CN')).toBe('逾期超过 30 天');
    expect(formatEscalate(1, 'working_days', 'en')).toBe('overdue by more than 1 working day');
  });

  it('writes stages by kind', () => {
    expect(formatStages(big, 'zh-CN')).toBe('签约 → 投产/投用');
    expect(formatStages(monthly, 'zh-CN')).toBe('签约起，至达产达效止');
    expect(formatStages({ kind: 'PLAN_DATE', toStage: null }, 'zh-CN')).toBe('所有计划节点');
    expect(formatStages({ kind: 'PLAN_DATE', toStage: 'OPERATING' }, 'en')).toBe('expected Operating date');
    expect(formatStages({ kind: 'HOLD_REVIEW' }, 'zh-CN')).toBe('停缓建期间');
  });

  it('summarises filters', () => {
    expect(filterSummary({}, names, 'zh-CN')).toEqual(['全部项目']);
    expect(filterSummary(big.filter, names, 'zh-CN')).toEqual([
      '投资额 ≥ 10亿元',
      '招商引资项目',
      '类型：industrial',
      '单位：新城区、（已删除的单位）（含下级）',
      '名单：重点项目',
    ]);
    // English money words come from formatMoney (its own tests pin them).
    expect(filterSummary({ minInvestment: '5000' }, names, 'en')).toEqual([`investment ≥ ${formatMoney('5000', 'en')}`]);
  });
});

describe('limits', () => {
  it('follows validateServiceTargetRule', () => {
    expect(durationBounds('PLAN_DATE', 'calendar_days')).toEqual({ min: 0, max: 3650 });
    expect(durationBounds('SERVICE_TARGET', 'months')).toEqual({ min: 1, max: 120 });
    expect(durationBounds('STALE_UPDATE', 'working_days')).toEqual({ min: 1, max: 15 });
    expect(durationBounds('STALE_UPDATE', 'calendar_days')).toEqual({ min: 1, max: 28 });
    expect(unitsFor('STALE_UPDATE')).not.toContain('months');
    expect(unitsFor('HOLD_REVIEW')).toContain('months');
  });
});

describe('form ↔ body', () => {
  it('round-trips a stored rule into a body the domain accepts', () => {
    for (const rule of [monthly, big]) {
      const form = ruleToForm(rule);
      const body = formToBody(form, 'create');
      expect(validateServiceTargetRule(body)).toEqual([]);
      expect(body.warn).toEqual(rule.warn);
      expect(body.duration).toEqual(rule.duration);
      expect(changedFields({ ...rule } as Record<string, unknown>, { ...body, isDefault: rule.isDefault })).toEqual([]);
    }
  });

  it('drops stages a kind does not use and empty filter criteria', () => {
    const body = formToBody({ ...NEW_RULE, code: 'X', name: '复核', kind: 'HOLD_REVIEW', family: null, projectTypes: [' '], minInvestment: '' }, 'edit');
    expect(body.fromStage).toBeNull();
    expect(body.toStage).toBeNull();
    expect(body.filter).toEqual({});
    expect('code' in body).toBe(false);
    expect(validateServiceTargetRule({ ...body, code: 'X' })).toEqual([]);
  });

  it('builds preview bodies that stand in for a missing code and name', () => {
    const body = previewBody({ ...NEW_RULE, code: '', name: '' }, undefined);
    expect(body.code).toBe('PREVIEW');
    expect(previewProblems(body)).toEqual([]);
    const edit = previewBody({ ...NEW_RULE, name: 'x' }, 'abc');
    expect(edit.id).toBe('abc');
    expect('code' in edit).toBe(false);
    expect(previewProblems({ ...edit, duration: { value: null, unit: 'calendar_days' } }).map((p) => p.field)).toEqual(['duration.value']);
  });

  it('maps API field paths to form fields', () => {
    expect(formFieldOf('duration.value')).toBe('durationValue');
    expect(formFieldOf('warn.daysBefore')).toBe('warnValue');
    expect(formFieldOf('filter.minInvestment')).toBe('minInvestment');
    expect(formFieldOf('whatever')).toBeNull();
  });
});

describe('changedFields', () => {
  it('lists differing fields, treating missing, null and empty lists alike', () => {
    const a = { name: 'a', nameEn: null, filter: { unitIds: [] }, duration: { value: 1, unit: 'months' } };
    const b = { name: 'a', filter: {}, duration: { unit: 'months', value: 1 } };
    expect(changedFields(a, b)).toEqual([]);
    expect(changedFields(a, { ...b, name: 'b', active: true })).toEqual(['name', 'active']);
    expect(changedFields(null, b)).toEqual([]);
  });
});
