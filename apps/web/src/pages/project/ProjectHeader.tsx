import type { ReactNode } from 'react';
import { Button, Card, Col, Grid, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, SwapOutlined } from '@ant-design/icons';
import type { Project } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { LevelTag, StageTag } from '../../components/Tags';
import { LEVEL_ORDER, STAGE_LABELS } from '../../lib/domain';
import { businessToday, daysBetween, formatMoney } from '../../lib/format';
import { totalsByKind } from '../../lib/money';
import { useMoney, useOpenAlerts } from './queries';

function Figure({ title, value, loading, error, extra, onClick, testId }: { title: string; value: ReactNode; loading?: boolean; error?: boolean; extra?: ReactNode; onClick?: () => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      hoverable={!!onClick}
      onClick={onClick}
      onKeyDown={onClick ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onClick()) : undefined}
      tabIndex={onClick ? 0 : undefined}
      role={onClick ? 'button' : undefined}
      style={{ height: '100%' }}
      data-testid={testId}
    >
      <Statistic
        className="luodi-kpi"
        title={title}
        loading={loading}
        value={error ? '—' : undefined}
        formatter={error ? undefined : () => value}
        styles={{ content: { fontSize: 20 } }}
      />
      {error && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('未能加载', 'could not load')}
        </Typography.Text>
      )}
      {extra}
    </Card>
  );
}

/**
 * The project's header: names, code, unit, investor, its stage with since-date and days in stage, the
 * actions a writer has, and the key figures (agreed, arrived, completed money; open alerts).
 */
export function ProjectHeader({
  project,
  canWrite,
  onChangeStage,
  onEdit,
  onShowAlerts,
  onShowMoney,
}: {
  project: Project;
  canWrite: boolean;
  onChangeStage: () => void;
  onEdit: () => void;
  onShowAlerts: () => void;
  onShowMoney: () => void;
}) {
  const { t, name, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const money = useMoney(project.id);
  const alerts = useOpenAlerts(project.id);
  const days = daysBetween(project.stageDate, businessToday());
  const totals = totalsByKind(money.data ?? []);
  const open = alerts.data?.items ?? [];
  const worst = [...LEVEL_ORDER].reverse().find((l) => open.some((a) => a.level === l)) ?? null;
  const openCount = alerts.data?.total ?? 0;

  const meta: { key: string; label: string; value: ReactNode }[] = [
    { key: 'code', label: t('编号', 'Code'), value: <Typography.Text copyable={{ text: project.code }}>{project.code}</Typography.Text> },
    { key: 'unit', label: t('单位', 'Unit'), value: name(project.unit.nameZh, project.unit.nameEn) },
    { key: 'investor', label: t('投资方', 'Investor'), value: project.investor ? name(project.investor.nameZh, project.investor.nameEn) : '—' },
  ];

  return (
    <Card data-testid="project-header" style={{ marginBottom: 16 }} styles={{ body: { padding: screens.md ? '16px 20px' : 14 } }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 420px', minWidth: 0 }}>
          <Typography.Title level={screens.md ? 3 : 4} style={{ margin: 0, wordBreak: 'break-word' }}>
            {project.nameZh}
          </Typography.Title>
          {project.nameEn && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 2 }} lang="en">
              {project.nameEn}
            </Typography.Text>
          )}
          <Space wrap size={[6, 6]} style={{ marginTop: 10 }}>
            <StageTag stage={project.stage} />
            <Typography.Text>
              {t(`自 ${project.stageDate} 起，已 ${days.toLocaleString()} 天`, `since ${project.stageDate}, ${days.toLocaleString()} days`)}
            </Typography.Text>
            {project.stage === 'ON_HOLD' && project.heldFromStage && (
              <Tag>{t(`停缓建前：${STAGE_LABELS[project.heldFromStage].zh}`, `Held from ${STAGE_LABELS[project.heldFromStage].en}`)}</Tag>
            )}
            {project.isProgram && (
              <Tooltip title={t('多个子项目合并统计', 'Several projects counted together')}>
                <Tag color="purple">{t('项目包', 'Programme')}</Tag>
              </Tooltip>
            )}
          </Space>
          <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', columnGap: 20, rowGap: 4 }}>
            {meta.map((m) => (
              <span key={m.key}>
                <Typography.Text type="secondary">{m.label}{t('：', ': ')}</Typography.Text>
                {m.value}
              </span>
            ))}
          </div>
        </div>
        {canWrite && (
          <Space wrap style={{ flex: '0 0 auto' }}>
            <Button type="primary" icon={<SwapOutlined />} onClick={onChangeStage} data-testid="stage-change-button">
              {t('变更阶段', 'Change stage')}
            </Button>
            <Button icon={<EditOutlined />} onClick={onEdit} data-testid="edit-project-button">
              {t('编辑', 'Edit')}
            </Button>
          </Space>
        )}
      </div>
      <Row gutter={[12, 12]} style={{ marginTop: 14 }}>
        <Col xs={12} md={6}>
          <Figure title={t('协议投资额', 'Agreed investment')} value={formatMoney(project.totalInvestment, lang)} />
        </Col>
        <Col xs={12} md={6}>
          <Figure
            title={t('到位资金（累计）', 'Funds arrived (total)')}
            value={formatMoney(totals.ARRIVED ?? null, lang)}
            loading={money.isPending}
            error={money.isError}
            onClick={onShowMoney}
          />
        </Col>
        <Col xs={12} md={6}>
          <Figure
            title={t('完成投资（累计）', 'Investment completed (total)')}
            value={formatMoney(totals.COMPLETED ?? null, lang)}
            loading={money.isPending}
            error={money.isError}
            onClick={onShowMoney}
          />
        </Col>
        <Col xs={12} md={6}>
          <Figure
            testId="project-alerts"
            title={t('未解除预警', 'Open alerts')}
            loading={alerts.isPending}
            error={alerts.isError}
            onClick={onShowAlerts}
            value={
              <Space size={8} align="center">
                <span style={{ color: worst ? undefined : '#52c41a' }}>{openCount}</span>
                {worst ? <LevelTag level={worst} /> : <Tag color="success">{t('正常', 'On track')}</Tag>}
              </Space>
            }
          />
        </Col>
      </Row>
    </Card>
  );
}
