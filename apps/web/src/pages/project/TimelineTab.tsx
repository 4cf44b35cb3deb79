import type { ReactNode } from 'react';
import { Card, Col, Empty, List, Row, Space, Tag, Timeline, Typography } from 'antd';
import { FileTextOutlined, FlagOutlined } from '@ant-design/icons';
import type { Milestone, Project, Provenance, StageTransition } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/QueryState';
import { StageTag } from '../../components/Tags';
import { ALL_STAGES, STAGE_LABELS, type Stage } from '../../lib/domain';
import { formatDateTime } from '../../lib/format';
import { TRANSITION_KIND_LABELS } from '../../lib/transition-check';
import { useHistory, useMilestones } from './queries';

/** Dot colours (explicit: the theme's primary colour is the bureau red, so antd's named "blue" would be red). */
const KIND_COLOR: Record<StageTransition['kind'], string> = {
  INITIAL: '#bfbfbf',
  FORWARD: '#52c41a',
  CORRECTION: '#fa8c16',
  HOLD: '#d4a106',
  RESUME: '#1677ff',
  CANCEL: '#ff4d4f',
};
const KIND_TAG: Record<StageTransition['kind'], string> = {
  INITIAL: 'default',
  FORWARD: 'green',
  CORRECTION: 'orange',
  HOLD: 'gold',
  RESUME: 'blue',
  CANCEL: 'red',
};

type Event =
  | { type: 'stage'; date: string; order: number; t: StageTransition }
  | { type: 'milestone'; date: string; order: number; m: Milestone };

/** Stage history and sub-milestones in one line, newest first (same day: the later record first). */
function mergeEvents(history: StageTransition[], milestones: Milestone[]): Event[] {
  const events: Event[] = [
    ...history.map((t) => ({ type: 'stage' as const, date: t.effectiveDate, order: t.seq * 2 + 1, t })),
    ...milestones.map((m) => ({ type: 'milestone' as const, date: m.effectiveDate, order: 0, m })),
  ];
  return events.sort((a, b) => (a.date === b.date ? b.order - a.order : b.date.localeCompare(a.date)));
}

/** 进度时间轴: the stage history (推进/更正/停缓建/复工/终止) and sub-milestones, and the report lines behind them. */
export function TimelineTab({ project }: { project: Project }) {
  const { t, label } = useI18n();
  const history = useHistory(project.id);
  const milestones = useMilestones(project.id);

  const stageItem = (tr: StageTransition): { title: ReactNode; content: ReactNode; color: string } => {
    const kind = label(TRANSITION_KIND_LABELS[tr.kind]);
    const skipped = Object.entries(tr.skippedStageDates ?? {}).sort(([a], [b]) => ALL_STAGES.indexOf(a as Stage) - ALL_STAGES.indexOf(b as Stage));
    return {
      color: KIND_COLOR[tr.kind],
      title: tr.effectiveDate,
      content: (
        <div data-testid="timeline-stage">
          <Space wrap size={6}>
            <Tag color={KIND_TAG[tr.kind]}>{kind}</Tag>
            {tr.fromStage && (
              <>
                <StageTag stage={tr.fromStage} />
                <span aria-hidden>→</span>
              </>
            )}
            <StageTag stage={tr.toStage} />
          </Space>
          {tr.note && <Typography.Paragraph style={{ margin: '6px 0 0', whiteSpace: 'pre-wrap' }}>{tr.note}</Typography.Paragraph>}
          {skipped.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
              {t('跳过的阶段：', 'Skipped stages: ')}
              {skipped.map(([s, d]) => `${label(STAGE_LABELS[s as Stage])} ${d}`).join('；')}
            </Typography.Paragraph>
          )}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`记录于 ${formatDateTime(tr.recordedAt)}`, `Recorded ${formatDateTime(tr.recordedAt)}`)}
            </Typography.Text>
          </div>
        </div>
      ),
    };
  };

  const milestoneItem = (m: Milestone) => ({
    color: '#13a8a8',
    icon: <FlagOutlined style={{ color: '#13a8a8' }} />,
    title: m.effectiveDate,
    content: (
      <div>
        <Space wrap size={6}>
          <Tag color="cyan">{t('子节点', 'Sub-milestone')}</Tag>
          <Typography.Text strong>{m.nameZh}</Typography.Text>
        </Space>
        {m.note && <Typography.Paragraph style={{ margin: '6px 0 0' }}>{m.note}</Typography.Paragraph>}
      </div>
    ),
  });

  const sources = [...project.sources].sort((a, b) => (b.asOf ?? '').localeCompare(a.asOf ?? ''));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={13}>
        <Card title={t('进度时间轴', 'Progress timeline')} size="small">
          <QueryState query={history} rows={6}>
            {(h) => (
              <QueryState query={milestones} rows={4}>
                {(ms) => {
                  const events = mergeEvents(h, ms);
                  if (!events.length) return <Empty description={t('暂无阶段记录', 'No stage history yet')} />;
                  return (
                    <Timeline
                      mode="start"
                      titleSpan="104px"
                      items={events.map((e) => ({ key: e.type === 'stage' ? e.t.id : e.m.id, ...(e.type === 'stage' ? stageItem(e.t) : milestoneItem(e.m)) }))}
                    />
                  );
                }}
              </QueryState>
            )}
          </QueryState>
          <Space wrap size={[12, 4]} style={{ marginTop: 8 }}>
            {(['FORWARD', 'CORRECTION', 'HOLD', 'RESUME', 'CANCEL'] as const).map((k) => (
              <Space key={k} size={4}>
                <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: KIND_COLOR[k] }} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {label(TRANSITION_KIND_LABELS[k])}
                </Typography.Text>
              </Space>
            ))}
            <Space size={4}>
              <FlagOutlined style={{ color: '#13a8a8', fontSize: 11 }} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('子节点', 'Sub-milestone')}
              </Typography.Text>
            </Space>
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <Card
          title={
            <Space>
              <FileTextOutlined />
              {t('来源（政府报告原文）', 'Provenance (government report lines)')}
            </Space>
          }
          size="small"
        >
          {sources.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('此项目为系统内录入，无报告来源', 'Entered in Luodi; no report source')} />
          ) : (
            <List<Provenance>
              size="small"
              dataSource={sources}
              renderItem={(s) => (
                <List.Item>
                  <div style={{ width: '100%' }}>
                    <Space wrap size={6} style={{ marginBottom: 4 }}>
                      {s.asOf && <Typography.Text strong>{s.asOf}</Typography.Text>}
                      {s.stage && <StageTag stage={s.stage} />}
                      {s.subMilestone && <Tag color="cyan">{s.subMilestone}</Tag>}
                    </Space>
                    {s.quoteZh && (
                      <blockquote style={{ margin: '4px 0', padding: '2px 10px', borderLeft: '3px solid #d9d9d9', color: '#434343' }}>「{s.quoteZh}」</blockquote>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('报告文件', 'Report file')} <Typography.Text code style={{ fontSize: 12 }}>{s.sourceFile}</Typography.Text>
                      {s.sourceLine !== null && t(` 第 ${s.sourceLine} 行`, ` line ${s.sourceLine}`)}
                      {s.statusZh && ` · ${t('状态用语：', 'Status words: ')}${s.statusZh}`}
                      {s.note && ` · ${s.note}`}
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
