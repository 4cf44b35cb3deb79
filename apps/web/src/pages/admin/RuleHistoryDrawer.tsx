import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Tag, Timeline, Typography } from 'antd';
import { api } from '../../api/client';
import type { ServiceTargetRuleDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { changedFields, RULE_FIELDS, type RuleField } from '../../lib/service-rules';
import { useUsers } from './adminQueries';
import { FIELD_LABELS, useFieldText } from './ruleText';

const SUMMARY_FIELDS: RuleField[] = ['kind', 'fromStage', 'duration', 'warn', 'escalateAfterDays', 'filter', 'active', 'isDefault'];

/** Every stored version of a rule, newest first, each with what changed against the one before. */
export function RuleHistoryDrawer({ ruleId, title, onClose }: { ruleId: string; title: string; onClose: () => void }) {
  const { t, label } = useI18n();
  const detail = useQuery({ queryKey: ['service-target', ruleId], queryFn: () => api.get<ServiceTargetRuleDetail>(`/service-targets/${ruleId}`) });
  const users = useUsers();
  const fieldText = useFieldText();
  const userName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.displayName])), [users.data]);

  return (
    <Drawer open size={640} onClose={onClose} title={t(`版本历史：${title}`, `Version history: ${title}`)} destroyOnHidden>
      <QueryState query={detail} rows={8} isEmpty={(d) => d.versions.length === 0}>
        {(d) => (
          <Timeline
            items={d.versions.map((v, i) => {
              const previous = d.versions[i + 1]?.definition ?? null;
              const changed = changedFields(previous, v.definition);
              const who = v.actorId ? (userName.get(v.actorId) ?? t('（未知用户）', '(unknown user)')) : t('系统预置', 'Seeded by the system');
              return {
                key: v.version,
                color: i === 0 ? 'green' : 'gray',
                content: (
                  <div style={{ paddingBottom: 8 }}>
                    <div style={{ marginBottom: 6 }}>
                      <Typography.Text strong>{t(`第 ${v.version} 版`, `Version ${v.version}`)}</Typography.Text>
                      {i === 0 && (
                        <Tag color="green" style={{ marginInlineStart: 8 }}>
                          {t('当前', 'current')}
                        </Tag>
                      )}
                      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                        {formatDateTime(v.createdAt)} · {who}
                      </Typography.Text>
                    </div>
                    {previous ? (
                      changed.length ? (
                        <Descriptions
                          size="small"
                          column={1}
                          bordered
                          items={changed.map((f) => ({
                            key: f,
                            label: label(FIELD_LABELS[f]),
                            children: (
                              <span>
                                <Typography.Text delete type="secondary">
                                  {fieldText(f, previous)}
                                </Typography.Text>
                                {' → '}
                                <Typography.Text>{fieldText(f, v.definition)}</Typography.Text>
                              </span>
                            ),
                          }))}
                        />
                      ) : (
                        <Typography.Text type="secondary">{t('内容与上一版相同（重新保存）', 'Same as the version before (saved again)')}</Typography.Text>
                      )
                    ) : (
                      <Descriptions
                        size="small"
                        column={1}
                        bordered
                        items={SUMMARY_FIELDS.filter((f) => RULE_FIELDS.includes(f)).map((f) => ({
                          key: f,
                          label: f === 'fromStage' ? t('节点', 'Stages') : label(FIELD_LABELS[f]),
                          children: fieldText(f, v.definition),
                        }))}
                      />
                    )}
                  </div>
                ),
              };
            })}
          />
        )}
      </QueryState>
    </Drawer>
  );
}
