import { useState } from 'react';
import { Card, Grid, Table, Tag, Typography } from 'antd';
import type { AuditEntry, Project } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/QueryState';
import { diffObjects, formatDiffValue, type FieldChange } from '../../lib/diff';
import { formatDateTime } from '../../lib/format';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, fieldLabel } from './labels';
import { useAudit } from './queries';

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
  const changes = diffObjects(entry.before, entry.after, { ignore: ['updatedAt', 'createdAt', 'recordedAt'] });
  if (!changes.length) return <Typography.Text type="secondary">{t('没有字段变化。', 'No field changed.')}</Typography.Text>;
  const cell = (v: unknown) => <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{formatDiffValue(v)}</span>;
  return (
    <Table<FieldChange>
      size="small"
      rowKey="path"
      pagination={false}
      dataSource={changes}
      scroll={{ x: 560 }}
      columns={[
        { title: t('字段', 'Field'), dataIndex: 'path', width: 180, render: (p: string) => fieldLabel(p, label) },
        { title: t('修改前', 'Before'), dataIndex: 'before', render: (v: unknown, c) => (c.kind === 'added' ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text delete={c.kind === 'removed'}>{cell(v)}</Typography.Text>) },
        { title: t('修改后', 'After'), dataIndex: 'after', render: (v: unknown, c) => (c.kind === 'removed' ? <Typography.Text type="secondary">—</Typography.Text> : cell(v)) },
      ]}
    />
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
    <Card size="small" title={t('操作留痕', 'Audit trail')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('展开一行查看修改前后的字段', 'Expand a row to see the fields before and after')}</Typography.Text>}>
      <QueryState query={audit} rows={6}>
        {(data) => (
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
              showTotal: (n) => t(`共 ${n} 条`, `${n} entries`),
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
                  const changes = diffObjects(e.before, e.after, { ignore: ['updatedAt', 'createdAt', 'recordedAt', 'version'] });
                  if (!changes.length) return <Typography.Text type="secondary">—</Typography.Text>;
                  const names = [...new Set(changes.map((c) => fieldLabel(c.path.split('.')[0], label)))];
                  return (
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                      {names.slice(0, 6).join('、')}
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
