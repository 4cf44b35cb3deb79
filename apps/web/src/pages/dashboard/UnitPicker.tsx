import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { unitTree, useUnits } from '../../api/reference';
import type { Unit } from '../../api/types';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';

/** Directors and admins see every unit; everyone else their own unit's subtree (DESIGN: scope by unit path). */
export function scopePathOf(me: { role: string; unit: { path: string } }): string | undefined {
  return me.role === 'director' || me.role === 'admin' ? undefined : me.unit.path;
}

/** Ids of the units from the top of the tree down to `id` (for opening the tree where the choice is). */
function ancestorIds(units: readonly Unit[], id: string): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: string[] = [];
  for (let u = byId.get(id); u; u = u.parentId ? byId.get(u.parentId) : undefined) out.unshift(u.id);
  return out;
}

/** The scope picker of the 驾驶舱: a searchable tree of the units the user may look at. */
export function UnitPicker({ value, onChange }: { value: string | undefined; onChange: (unitId: string) => void }) {
  const me = useMe();
  const { t, name } = useI18n();
  const units = useUnits();
  const scopePath = scopePathOf(me);
  const treeData = useMemo(
    () => (units.data ? unitTree(units.data, (u) => name(u.nameZh, u.nameEn), scopePath) : []),
    [units.data, name, scopePath],
  );
  const expanded = useMemo(() => (units.data && value ? ancestorIds(units.data, value) : []), [units.data, value]);
  return (
    <TreeSelect
      data-testid="unit-picker"
      aria-label={t('统计范围', 'Scope')}
      style={{ width: 280 }}
      value={units.data ? value : undefined}
      placeholder={units.isError ? t('单位列表加载失败', 'Units could not be loaded') : units.data ? t('选择单位', 'Choose a unit') : t('加载单位…', 'Loading units…')}
      status={units.isError ? 'error' : undefined}
      loading={units.isPending}
      disabled={!units.data}
      treeData={treeData}
      treeDefaultExpandedKeys={expanded}
      showSearch={{ treeNodeFilterProp: 'title' }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 280 } } }}
      onChange={(v) => v && onChange(v)}
    />
  );
}
