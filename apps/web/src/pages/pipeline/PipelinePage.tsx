import { useMemo, useState, type DragEvent } from 'react';
import { Badge, Button, Card, Dropdown, Empty, Input, Skeleton, Space, TreeSelect, Typography, Alert, Tooltip } from 'antd';
import { HolderOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { unitTree, useUnits } from '../../api/reference';
import type { Page, ProjectListItem } from '../../api/types';
import { useMe } from '../../auth/auth';
import { PageHeader } from '../../layout/AppShell';
import { StageMoveModal, type StageMoveTarget } from './StageMoveModal';
import { useErrorText } from '../../components/QueryState';
import { LevelLight } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { ALL_STAGES, LEVEL_META, STAGES, STAGE_LABELS, canWriteProjects, type Stage } from '../../lib/domain';
import { formatMoney } from '../../lib/format';

/** Board columns: the canonical stages, then 停缓建. Cancelled projects are left to the ledger. */
const COLUMNS: Stage[] = [...STAGES, 'ON_HOLD'];
const PER_COLUMN = 30;

/**
 * 推进看板: one column per stage, cards ordered by time in stage (longest first, the ones that need a
 * push). Dragging a card to another column — or its "移动到" menu, for keyboards — opens the stage form.
 */
export function PipelinePage() {
  const me = useMe();
  const { t, label, lang } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const q = params.get('q') ?? undefined;
  const [dragging, setDragging] = useState<ProjectListItem | null>(null);
  const [over, setOver] = useState<Stage | null>(null);
  const [move, setMove] = useState<{ project: StageMoveTarget; to: Stage } | null>(null);
  const writable = canWriteProjects(me.role);
  const units = useUnits();
  const scopePath = me.role === 'staff' || me.role === 'manager' || me.role === 'viewer' ? me.unit.path : undefined;
  const tree = useMemo(() => unitTree(units.data ?? [], (u) => (lang === 'en' && u.nameEn ? u.nameEn : u.nameZh), scopePath), [units.data, lang, scopePath]);

  const columns = useQueries({
    queries: COLUMNS.map((stage) => ({
      queryKey: ['projects', 'board', stage, unitId, q],
      queryFn: () => api.get<Page<ProjectListItem>>('/projects', { stage: [stage], unitId, q, sort: 'stageDate', pageSize: PER_COLUMN }),
    })),
  });

  const setFilter = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const startMove = (p: ProjectListItem, to: Stage) =>
    setMove({ project: { id: p.id, nameZh: p.nameZh, stage: p.stage, stageDate: p.stageDate, version: p.version, heldFromStage: null }, to });

  const onDrop = (e: DragEvent, stage: Stage) => {
    e.preventDefault();
    setOver(null);
    if (dragging && dragging.stage !== stage) startMove(dragging, stage);
    setDragging(null);
  };

  return (
    <div data-testid="pipeline">
      <PageHeader
        title={t('推进看板', 'Pipeline')}
        sub={t('按阶段查看项目；在本阶段停留越久越靠前。拖动卡片即可变更阶段。', 'Projects by stage, longest in stage first. Drag a card to change its stage.')}
        extra={
          <>
            <TreeSelect
              allowClear
              showSearch
              treeNodeFilterProp="title"
              style={{ width: 240 }}
              value={unitId}
              onChange={(v) => setFilter('unitId', v)}
              treeData={tree}
              placeholder={t('单位（含下级）', 'Unit (and below)')}
              aria-label={t('单位', 'Unit')}
            />
            <Input.Search
              allowClear
              defaultValue={q}
              onSearch={(v) => setFilter('q', v.trim() || undefined)}
              placeholder={t('项目名称、编号或投资方', 'Name, code or investor')}
              style={{ width: 240 }}
              aria-label={t('搜索', 'Search')}
            />
          </>
        }
      />
      <div className="luodi-board" role="list" aria-label={t('各阶段项目', 'Projects by stage')}>
        {COLUMNS.map((stage, i) => {
          const query = columns[i];
          const total = query.data?.total ?? 0;
          return (
            <section
              key={stage}
              role="listitem"
              aria-label={label(STAGE_LABELS[stage])}
              data-testid={`board-column-${stage}`}
              className={`luodi-board-col${over === stage && dragging?.stage !== stage ? ' drop-target' : ''}`}
              onDragOver={(e) => {
                if (!writable || !dragging) return;
                e.preventDefault();
                setOver(stage);
              }}
              onDragLeave={() => setOver((s) => (s === stage ? null : s))}
              onDrop={(e) => onDrop(e, stage)}
            >
              <Space style={{ justifyContent: 'space-between', width: '100%', padding: '4px 4px 8px' }}>
                <Typography.Text strong>{label(STAGE_LABELS[stage])}</Typography.Text>
                <Badge count={total} showZero overflowCount={9999} color={stage === 'ON_HOLD' ? '#faad14' : '#8c8c8c'} />
              </Space>
              <div className="luodi-board-cards">
                {query.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
                {query.isError && <Alert type="error" showIcon message={errorText(query.error)} action={<Button size="small" onClick={() => void query.refetch()}>{t('重试', 'Retry')}</Button>} />}
                {query.data?.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('无项目', 'None')} />}
                {query.data?.items.map((p) => (
                  <Card
                    key={p.id}
                    size="small"
                    className="luodi-card"
                    data-testid="board-card"
                    data-project-id={p.id}
                    draggable={writable}
                    onDragStart={(e) => {
                      setDragging(p);
                      e.dataTransfer.effectAllowed = 'move';
                      e.dataTransfer.setData('text/plain', p.id);
                    }}
                    onDragEnd={() => {
                      setDragging(null);
                      setOver(null);
                    }}
                    style={{ borderLeft: `4px solid ${p.alertLevel ? LEVEL_META[p.alertLevel].color : '#52c41a'}` }}
                    styles={{ body: { padding: 10 } }}
                  >
                    <Space direction="vertical" size={2} style={{ width: '100%' }}>
                      <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
                        <Link to={`/projects/${p.id}`} style={{ fontWeight: 500 }}>
                          {p.nameZh}
                        </Link>
                        {writable && (
                          <Dropdown
                            trigger={['click']}
                            menu={{
                              items: ALL_STAGES.filter((s) => s !== p.stage).map((s) => ({ key: s, label: label(STAGE_LABELS[s]) })),
                              onClick: ({ key }) => startMove(p, key as Stage),
                            }}
                          >
                            <Tooltip title={t('移动到…', 'Move to…')}>
                              <Button size="small" type="text" icon={<SwapOutlined />} aria-label={t(`移动「${p.nameZh}」到其他阶段`, `Move ${p.nameZh} to another stage`)} />
                            </Tooltip>
                          </Dropdown>
                        )}
                      </Space>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {p.unit.nameZh}
                        {p.totalInvestment ? ` · ${formatMoney(p.totalInvestment, lang)}` : ''}
                      </Typography.Text>
                      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                        <Typography.Text style={{ fontSize: 12 }}>
                          {writable && <HolderOutlined style={{ color: '#bfbfbf', marginRight: 4 }} />}
                          {t(`本阶段 ${p.stageDays} 天`, `${p.stageDays} days in stage`)}
                        </Typography.Text>
                        <LevelLight level={p.alertLevel} compact />
                      </Space>
                    </Space>
                  </Card>
                ))}
                {total > PER_COLUMN && (
                  <Button type="link" size="small" onClick={() => navigate(`/projects?stage=${stage}${unitId ? `&unitId=${unitId}` : ''}${q ? `&q=${encodeURIComponent(q)}` : ''}`)}>
                    {t(`在台账中查看全部 ${total} 个`, `All ${total} in the ledger`)}
                  </Button>
                )}
              </div>
            </section>
          );
        })}
      </div>
      {move && <StageMoveModal project={move.project} initialStage={move.to} onClose={() => setMove(null)} />}
    </div>
  );
}
