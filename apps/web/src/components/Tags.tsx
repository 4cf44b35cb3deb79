import { Badge, Tag, Tooltip } from 'antd';
import type { AlertLevel } from '../api/types';
import { LEVEL_META, STAGE_LABELS, type Stage } from '../lib/domain';
import { useI18n } from '../i18n/i18n';

const STAGE_COLORS: Record<Stage, string> = {
  RESERVE: 'default',
  NEGOTIATING: 'default',
  SIGNED: 'blue',
  LANDED: 'cyan',
  PRE_CONSTRUCTION: 'geekblue',
  UNDER_CONSTRUCTION: 'orange',
  CONSTRUCTION_COMPLETE: 'lime',
  COMMISSIONING: 'green',
  OPERATING: 'green',
  AT_CAPACITY: 'success',
  ON_HOLD: 'warning',
  CANCELLED: 'error',
};

export function StageTag({ stage }: { stage: Stage }) {
  const { label } = useI18n();
  return <Tag color={STAGE_COLORS[stage]}>{label(STAGE_LABELS[stage])}</Tag>;
}

/** The traffic light: a coloured dot with the level's name; green "正常" when there is no open alert. */
export function LevelLight({ level, compact = false }: { level: AlertLevel | null | undefined; compact?: boolean }) {
  const { t, label } = useI18n();
  if (!level) {
    const text = t('正常', 'On track');
    return compact ? (
      <Tooltip title={text}>
        <Badge color="#52c41a" aria-label={text} />
      </Tooltip>
    ) : (
      <Badge color="#52c41a" text={text} />
    );
  }
  const meta = LEVEL_META[level];
  return compact ? (
    <Tooltip title={label(meta)}>
      <Badge color={meta.color} aria-label={label(meta)} />
    </Tooltip>
  ) : (
    <Badge color={meta.color} text={label(meta)} />
  );
}

export function LevelTag({ level }: { level: AlertLevel }) {
  const { label } = useI18n();
  const meta = LEVEL_META[level];
  return <Tag color={meta.antd}>{label(meta)}</Tag>;
}
