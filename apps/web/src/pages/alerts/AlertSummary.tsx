import type { KeyboardEvent } from 'react';
import { Button, Card, Col, Row, Skeleton, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { AlertLevel } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import type { AlertCounts } from './alertQueries';

/**
 * Open alerts in scope by level (督办 / 红灯 / 黄灯) and those nobody has acknowledged yet. A card is a
 * toggle: it filters the inbox to that level (or to unacknowledged alerts).
 */
export function AlertSummary({
  counts,
  activeLevel,
  unackActive,
  onLevel,
  onUnacknowledged,
}: {
  counts: AlertCounts;
  activeLevel: AlertLevel | null;
  unackActive: boolean;
  onLevel: (level: AlertLevel) => void;
  onUnacknowledged: () => void;
}) {
  const { t, label } = useI18n();
  const cards: { key: string; title: string; hint: string; value: number | undefined; color: string; bg: string; active: boolean; onClick: () => void }[] = [
    ...(['ESCALATED', 'OVERDUE', 'WARNING'] as AlertLevel[]).map((level) => ({
      key: level,
      title: label(LEVEL_META[level]),
      hint:
        level === 'ESCALATED'
          ? t('逾期超过督办时限，需领导督办', 'Overdue past the escalation limit')
          : level === 'OVERDUE'
            ? t('已超过时限', 'Past the due date')
            : t('临近时限', 'Close to the due date'),
      value: counts[level],
      color: LEVEL_META[level].color,
      bg: level === 'ESCALATED' ? '#f9f0ff' : level === 'OVERDUE' ? '#fff1f0' : '#fffbe6',
      active: activeLevel === level,
      onClick: () => onLevel(level),
    })),
    {
      key: 'unack',
      title: t('待认领', 'Unacknowledged'),
      hint: t('尚无人认领、没有应对计划', 'Nobody has acknowledged them yet'),
      value: counts.unacknowledged,
      color: '#1f2329',
      bg: '#f5f5f5',
      active: unackActive,
      onClick: onUnacknowledged,
    },
  ];
  const onKey = (fn: () => void) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fn();
    }
  };
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="alert-summary">
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={6}>
          <Card
            size="small"
            className={`luodi-alert-stat${c.active ? ' active' : ''}`}
            style={{ ['--stat-color' as string]: c.color, ['--stat-bg' as string]: c.bg }}
            role="button"
            tabIndex={0}
            aria-pressed={c.active}
            aria-label={`${c.title}: ${c.value ?? '—'}`}
            onClick={c.onClick}
            onKeyDown={onKey(c.onClick)}
            data-testid={`alert-count-${c.key}`}
          >
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text strong style={{ color: c.color, display: 'block' }}>
                  {c.title}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis={{ tooltip: c.hint }}>
                  {c.hint}
                </Typography.Text>
              </div>
              {counts.isPending && c.value === undefined ? (
                <Skeleton.Button active size="small" />
              ) : (
                <div className="luodi-alert-stat-value" style={{ color: c.value ? c.color : '#8c8c8c' }}>
                  {c.value ?? '—'}
                </div>
              )}
            </div>
          </Card>
        </Col>
      ))}
      {counts.isError && (
        <Col span={24}>
          <Typography.Text type="danger">
            {t('部分统计数加载失败。', 'Some counts could not be loaded.')}{' '}
            <Tooltip title={t('重新加载统计', 'Reload the counts')}>
              <Button size="small" type="link" icon={<ReloadOutlined />} onClick={counts.refetch}>
                {t('重试', 'Retry')}
              </Button>
            </Tooltip>
          </Typography.Text>
        </Col>
      )}
    </Row>
  );
}
