import { useMemo } from 'react';
import { useLists, useUnits } from '../../api/reference';
import { useI18n } from '../../i18n/i18n';
import {
  filterSummary,
  formatDuration,
  formatEscalate,
  formatStages,
  formatWarn,
  KIND_META,
  type FilterNames,
  type RuleField,
  type RuleLike,
  type ServiceTargetKind,
} from '../../lib/service-rules';

/** Names for the units and lists a rule filter refers to (from the shared reference queries). */
export function useFilterNames(): FilterNames {
  const { name } = useI18n();
  const units = useUnits();
  const lists = useLists();
  return useMemo(() => {
    const u = new Map((units.data ?? []).map((x) => [x.id, name(x.nameZh, x.nameEn)]));
    const l = new Map((lists.data ?? []).map((x) => [x.id, name(x.nameZh, x.nameEn)]));
    return { unit: (id) => u.get(id), list: (id) => l.get(id) };
  }, [units.data, lists.data, name]);
}

export const FIELD_LABELS: Record<RuleField, { zh: string; en: string }> = {
  name: { zh: '名称', en: 'Name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  description: { zh: '说明', en: 'Description' },
  kind: { zh: '类型', en: 'Kind' },
  fromStage: { zh: '起始节点', en: 'From stage' },
  toStage: { zh: '目标节点', en: 'To stage' },
  duration: { zh: '时限', en: 'Duration' },
  warn: { zh: '黄灯', en: 'Warning' },
  escalateAfterDays: { zh: '督办', en: 'Escalation' },
  filter: { zh: '适用范围', en: 'Applies to' },
  active: { zh: '启用', en: 'Active' },
  isDefault: { zh: '来源', en: 'Origin' },
  note: { zh: '备注', en: 'Note' },
};

/** One field of a rule definition in words (for the version history). */
export function useFieldText() {
  const { t, lang, label } = useI18n();
  const names = useFilterNames();
  return (field: RuleField, def: Record<string, unknown>): string => {
    const rule = def as unknown as RuleLike;
    const unit = rule.duration?.unit ?? 'calendar_days';
    switch (field) {
      case 'kind':
        return KIND_META[rule.kind as ServiceTargetKind] ? label(KIND_META[rule.kind as ServiceTargetKind]) : String(rule.kind);
      case 'fromStage':
      case 'toStage':
        return formatStages(rule, lang);
      case 'duration':
        return rule.duration ? formatDuration(rule.kind, rule.duration, lang) : '—';
      case 'warn':
        return formatWarn(rule.warn, unit, lang);
      case 'escalateAfterDays':
        return formatEscalate(rule.escalateAfterDays, unit, lang);
      case 'filter':
        return filterSummary(rule.filter, names, lang).join(lang === 'en' ? '; ' : '；');
      case 'active':
        return rule.active ? t('启用', 'active') : t('停用', 'inactive');
      case 'isDefault':
        return rule.isDefault ? t('系统默认', 'default') : t('自定义', 'custom');
      default: {
        const v = def[field];
        return v === null || v === undefined || v === '' ? '—' : String(v);
      }
    }
  };
}
