import { useState } from 'react';
import { Button, Card, Grid, List, Pagination, Space, Table, Tag, Typography } from 'antd';
import type { AuditEntry, Project } from '../../api/types';
import { useUnits } from '../../api/reference';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/QueryState';
import { diffObjects, formatDiffValue, type FieldChange } from '../../lib/diff';
import { FAMILY_LABELS, ISSUE_CATEGORY_LABELS, MONEY_KIND_LABELS, STAGE_LABELS } from '../../lib/domain';
import { formatDateTime } from '../../lib/format';
import { CLOCK_STATUS_LABELS } from '../../lib/clocks';
import { TRANSITION_KIND_LABELS } from '../../lib/transition-check';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, ISSUE_STATUS_LABELS, PROJECT_TYPE_LABELS, fieldLabel } from './labels';
import { useAudit } from './queries';

type Bilingual = { zh: string; en: string };

/** Internal keys that only repeat what the row already says (ids, derived labels, timestamps). */
const NOISE = ['updatedAt', 'createdAt', 'recordedAt', 'computedAt', 'id', 'projectId', 'stageLabel', 'actorId', 'createdBy'];

const ALERT_STATUS_LABELS: Record<string, Bilingual> = {
  OPEN: { zh: '待处理', en: 'Open' },
  ACKNOWLEDGED: { zh: '已认领', en: 'Acknowledged' },
  RESOLVED: { zh: '已解除', en: 'Resolved' },
};
const LEVEL_LABELS: Record<string, Bilingual> = {
  WARNING: { zh: '黄灯', en: 'Yellow' },
  OVERDUE: { zh: '红灯', en: 'Red' },
  ESCALATED: { zh: '督办', en: 'Escalated' },
};

/** Words for the codes a field holds (stage, status, kind …); other values as they are. */
function useValueText() {
  const { label, name } = useI18n();
  const units = useUnits();
  return (entity: string, path: string, value: unknown): string => {
    const key = path.split('.').at(-1) ?? path;
    const pick = (map: Record<string, Bilingual>) => (typeof value === 'string' && map[value] ? label(map[value]) : formatDiffValue(value));
    if (['stage', 'toStage', 'fromStage', 'heldFromStage'].includes(key)) return pick(STAGE_LABELS);
    if (key === 'family') return pick(FAMILY_LABELS);
    if (key === 'projectType') return pick(PROJECT_TYPE_LABELS);
    if (key === 'category') return pick(ISSUE_CATEGORY_LABELS);
    if (key === 'level') return pick(LEVEL_LABELS);
    if (key === 'kind') return pick(entity === 'money_record' ? MONEY_KIND_LABELS : entity === 'stage_transition' ? TRANSITION_KIND_LABELS : {});
    if (key === 'status') return pick(entity === 'project_issue' ? ISSUE_STATUS_LABELS : entity === 'alert' ? ALERT_STATUS_LABELS : CLOCK_STATUS_LABELS);
    if ((key === 'unitId' || key === 'ownerUnitId') && typeof value === 'string') {
      const u = units.data?.find((x) => x.id === value);
      return u ? name(u.nameZh, u.nameEn) : value;
    }
    if (key === 'skippedStageDates' && value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, string>);
      return entries.length ? entries.map(([s, d]) => `${STAGE_LABELS[s as keyof typeof STAGE_LABELS] ? label(STAGE_LABELS[s as keyof typeof STAGE_LABELS]) : s} ${d}`).join('；') : '—';
    }
    return formatDiffValue(value);
  };
}

const ACTION_COLORS: Record<string, string> = {
  create: 'green',
  update: 'blue',
  seed: 'default',
  forward: 'cyan',
  correction: 'orange',
  hold: 'gold',
  resume: 'geekblue',
  cancel: 'red',
  resolve: 'purple',
};

/** The changed fields of one audit entry, before and after. */
function ChangeTable({ entry }: { entry: AuditEntry }) {
  const { t, label } = useI18n();
  const valueText = useValueText();
  const changes = diffObjects(entry.before, entry.after, { ignore: NOISE });
  if (!changes.length) return <Typography.Text type="secondary">{t('没有字段变化。', 'No field changed.')}</Typography.Text>;
  const cell = (v: unknown, c: FieldChange) => <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{valueText(entry.entity, c.path, v)}</span>;
  return (
    <Table<FieldChange>
      size="small"
      rowKey="path"
      pagination={false}
      dataSource={changes}
      scroll={{ x: 560 }}
      columns={[
        { title: t('字段', 'Field'), dataIndex: 'path', width: 180, render: (p: string) => fieldLabel(p, label) },
        { title: t('修改前', 'Before'), dataIndex: 'before', render: (v: unknown, c) => (c.kind === 'added' ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text delete={c.kind === 'removed'}>{cell(v, c)}</Typography.Text>) },
        { title: t('修改后', 'After'), dataIndex: 'after', render: (v: unknown, c) => (c.kind === 'removed' ? <Typography.Text type="secondary">—</Typography.Text> : cell(v, c)) },
      ]}
    />
  );
}

/** One entry as a list item (phones): who did what when, and its changes on request. */
function AuditListItem({ entry }: { entry: AuditEntry }) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const hasChanges = !!(entry.before || entry.after);
  return (
    <List.Item style={{ display: 'block' }}>
      <Space wrap size={[6, 2]}>
        <Tag color={ACTION_COLORS[entry.action] ?? 'default'}>{AUDIT_ACTION_LABELS[entry.action] ? label(AUDIT_ACTION_LABELS[entry.action]) : entry.action}</Tag>
        <Typography.Text strong>{AUDIT_ENTITY_LABELS[entry.entity] ? label(AUDIT_ENTITY_LABELS[entry.entity]) : entry.entity}</Typography.Text>
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(entry.at)} · {entry.actor?.displayName ?? t('系统', 'System')}
        </Typography.Text>
      </div>
      {hasChanges && (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? t('收起修改内容', 'Hide changes') : t('查看修改内容', 'Show changes')}
        </Button>
      )}
      {open && <ChangeTable entry={entry} />}
    </List.Item>
  );
}

/** 操作留痕: every recorded change to the project and its records and alerts, newest first, with what changed. */
export function AuditTab({ project }: { project: Project }) {
  const { t, label } = useI18n();
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const audit = useAudit(project.id, page, pageSize);
  return (
    <Card
      size="small"
      title={t('操作留痕', 'Audit trail')}
      extra={screens.md && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('展开一行查看修改前后的字段', 'Expand a row to see the fields before and after')}</Typography.Text>}
    >
      <QueryState query={audit} rows={6}>
        {(data) => !screens.md ? (
          <>
            <List<AuditEntry>
              dataSource={data.items}
              locale={{ emptyText: t('暂无留痕记录', 'No audit entries') }}
              renderItem={(e) => <AuditListItem entry={e} />}
            />
            <Pagination
              style={{ marginTop: 12, textAlign: 'center' }}
              size="small"
              simple
              current={data.page}
              pageSize={data.pageSize}
              total={data.total}
              onChange={(p) => setPage(p)}
            />
          </>
        ) : (
          <Table<AuditEntry>
            size="small"
            rowKey="id"
            dataSource={data.items}
            loading={audit.isFetching && audit.isPlaceholderData}
            scroll={{ x: 720 }}
            expandable={{ expandedRowRender: (e) => <ChangeTable entry={e} />, rowExpandable: (e) => !!(e.before || e.after) }}
            pagination={{
              current: data.page,
              pageSize: data.pageSize,
              total: data.total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              size: screens.md ? 'medium' : 'small',
              showTotal: (n) => t(`共 ${n} 条`, n === 1 ? '1 entry' : `${n} entries`),
              onChange: (p, size) => {
                setPage(size !== pageSize ? 1 : p);
                setPageSize(size);
              },
            }}
            locale={{ emptyText: t('暂无留痕记录', 'No audit entries') }}
            columns={[
              { title: t('时间', 'Time'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
              {
                title: t('操作人', 'By'),
                dataIndex: 'actor',
                width: 130,
                render: (a: AuditEntry['actor']) => a?.displayName ?? <Typography.Text type="secondary">{t('系统', 'System')}</Typography.Text>,
              },
              {
                title: t('操作', 'Action'),
                dataIndex: 'action',
                width: 120,
                render: (a: string) => <Tag color={ACTION_COLORS[a] ?? 'default'}>{AUDIT_ACTION_LABELS[a] ? label(AUDIT_ACTION_LABELS[a]) : a}</Tag>,
              },
              { title: t('对象', 'Record'), dataIndex: 'entity', width: 120, render: (e: string) => (AUDIT_ENTITY_LABELS[e] ? label(AUDIT_ENTITY_LABELS[e]) : e) },
              {
                title: t('变化', 'Changes'),
                key: 'summary',
                render: (_: unknown, e) => {
                  const changes = diffObjects(e.before, e.after, { ignore: [...NOISE, 'version'] });
                  if (!changes.length) {
                    return <Typography.Text type="secondary">{diffObjects(e.before, e.after, { ignore: NOISE }).length ? t('仅版本号变化', 'version only') : '—'}</Typography.Text>;
                  }
                  const names = [...new Set(changes.map((c) => fieldLabel(c.path.split('.')[0], label)))];
                  return (
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                      {names.slice(0, 6).join(t('、', ', '))}
                      {names.length > 6 ? t(` 等 ${names.length} 项`, ` and ${names.length - 6} more`) : ''}
                    </Typography.Text>
                  );
                },
              },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
