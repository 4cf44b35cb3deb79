import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Row, Space, Spin, Statistic, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { RulePreview as RulePreviewAnswer } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { previewBody, previewProblems, type RuleFormValues } from '../../lib/service-rules';

const FIELD_NAMES: Record<string, { zh: string; en: string }> = {
  kind: { zh: '规则类型', en: 'kind' },
  fromStage: { zh: '起始节点', en: 'from stage' },
  toStage: { zh: '目标节点', en: 'to stage' },
  duration: { zh: '时限', en: 'duration' },
  'duration.value': { zh: '时限', en: 'duration' },
  'duration.unit': { zh: '时限单位', en: 'duration unit' },
  warn: { zh: '黄灯预警', en: 'warning' },
  'warn.percent': { zh: '黄灯百分比', en: 'warning percent' },
  'warn.daysBefore': { zh: '黄灯提前天数', en: 'warning days' },
  escalateAfterDays: { zh: '督办天数', en: 'escalation days' },
  'filter.minInvestment': { zh: '最低投资额', en: 'minimum investment' },
};

/**
 * The live preview of a rule being edited: 500 ms after the last change, POST /service-targets/preview
 * counts the live projects the rule would apply to (and, when editing, how many it applies to now).
 */
export function RulePreview({
  values,
  ruleId,
  onResult,
}: {
  values: Partial<RuleFormValues> | undefined;
  ruleId?: string;
  /** The latest answer for the current values (null while they are incomplete or being computed). */
  onResult?: (answer: RulePreviewAnswer | null) => void;
}) {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const body = useMemo(() => (values ? previewBody(values, ruleId) : null), [values, ruleId]);
  const json = body ? JSON.stringify(body) : '';
  const [debounced, setDebounced] = useState(json);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(json), 500);
    return () => clearTimeout(timer);
  }, [json]);
  const problems = useMemo(() => (debounced ? previewProblems(JSON.parse(debounced) as Record<string, unknown>) : []), [debounced]);
  const preview = useQuery({
    queryKey: ['rule-preview', debounced],
    queryFn: () => api.post<RulePreviewAnswer>('/service-targets/preview', JSON.parse(debounced)),
    enabled: !!debounced && problems.length === 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const waiting = json !== debounced || preview.isFetching;
  const settled = !waiting && problems.length === 0 && preview.isSuccess ? preview.data : null;
  useEffect(() => onResult?.(settled ?? null), [settled, onResult]);
  const data = preview.data;
  const delta = data && data.currentlyAffected !== null ? data.affected - data.currentlyAffected : null;
  const inactive = values?.active === false;
  const share = data && data.live ? Math.round((data.affected / data.live) * 1000) / 10 : 0;

  let content;
  if (problems.length) {
    const fields = [...new Set(problems.map((p) => (FIELD_NAMES[p.field] ? label(FIELD_NAMES[p.field]) : p.field)))];
    content = (
      <Typography.Text type="secondary">
        {t(`补全或修正以下内容后显示适用范围：${fields.join('、')}`, `Complete or fix these to see the reach: ${fields.join(', ')}`)}
      </Typography.Text>
    );
  } else if (preview.isError && !data) {
    content = (
      <Alert
        type="warning"
        showIcon
        title={t('暂时无法计算适用范围', 'The reach cannot be computed right now')}
        description={errorText(preview.error)}
        action={
          <Button size="small" onClick={() => void preview.refetch()}>
            {t('重试', 'Retry')}
          </Button>
        }
      />
    );
  } else if (!data) {
    content = (
      <Space>
        <Spin size="small" />
        <Typography.Text type="secondary">{t('正在计算…', 'Computing…')}</Typography.Text>
      </Space>
    );
  } else {
    content = (
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Row gutter={16} align="bottom">
          <Col span={8}>
            <Statistic
              title={t('将适用于', 'Would apply to')}
              value={data.affected}
              suffix={<span style={{ fontSize: 14 }}>{t('个项目', 'projects')}</span>}
              styles={{ content: { fontSize: 22 } }}
            />
          </Col>
          <Col span={8}>
            <Statistic
              title={t('当前适用', 'Applies now')}
              value={data.currentlyAffected ?? '—'}
              styles={{ content: { fontSize: 22 } }}
              suffix={
                delta !== null && (
                  <Tag
                    color={delta === 0 ? 'default' : delta > 0 ? 'orange' : 'blue'}
                    icon={delta > 0 ? <ArrowUpOutlined /> : delta < 0 ? <ArrowDownOutlined /> : undefined}
                    style={{ marginInlineStart: 8, verticalAlign: 'middle' }}
                  >
                    {delta === 0 ? t('无变化', 'no change') : `${delta > 0 ? '+' : '−'}${Math.abs(delta)}`}
                  </Tag>
                )
              }
            />
          </Col>
          <Col span={8}>
            <Statistic
              title={t('在途项目总数', 'Live projects')}
              value={data.live}
              styles={{ content: { fontSize: 22 } }}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`（占 ${share}%）`, `(${share}% of them)`)}
                </Typography.Text>
              }
            />
          </Col>
        </Row>
        <Typography.Text>
          {data.currentlyAffected !== null
            ? t(
                `此规则将适用于 ${data.affected} 个在建/在途项目（当前 ${data.currentlyAffected} 个，共 ${data.live} 个在途项目）`,
                `This rule would apply to ${data.affected} live projects (now ${data.currentlyAffected}, of ${data.live} live projects)`,
              )
            : t(`此规则将适用于 ${data.affected} 个在建/在途项目（共 ${data.live} 个在途项目）`, `This rule would apply to ${data.affected} live projects (of ${data.live} live projects)`)}
        </Typography.Text>
        {inactive && (
          <Typography.Text type="warning">{t('规则未启用，保存后不适用于任何项目。', 'The rule is inactive: once saved it applies to no project.')}</Typography.Text>
        )}
        {preview.isError && (
          <Typography.Text type="danger">
            {t('最新修改未能计算：', 'The latest change could not be computed: ')}
            {errorText(preview.error)}
          </Typography.Text>
        )}
      </Space>
    );
  }

  return (
    <Card
      size="small"
      data-testid="rule-preview"
      aria-live="polite"
      title={
        <Space>
          {t('适用范围预览', 'Reach preview')}
          {waiting && !problems.length && <Spin size="small" />}
        </Space>
      }
      extra={
        <Tooltip title={t('在途项目：未终止、尚未达产达效的项目。适用 = 规则启用，且项目满足其适用范围。', 'Live projects: not cancelled and not yet at capacity. Applies = the rule is active and the project meets its criteria.')}>
          <QuestionCircleOutlined aria-label={t('说明', 'About')} style={{ color: '#8c8c8c' }} />
        </Tooltip>
      }
      style={{ marginBottom: 16 }}
    >
      {content}
    </Card>
  );
}
