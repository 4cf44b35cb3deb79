import type { MouseEvent } from 'react';
import { Checkbox, Pagination, Card, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import type { Alert, Page, Unit } from '../../api/types';
import { LevelTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { LEVEL_META } from '../../lib/domain';
import { businessToday } from '../../lib/format';
import { ALERT_STATUS_META, PAGE_SIZES, clockLabel, daysPastDue, dueText, shanghaiDate } from '../../lib/alerts';

interface ListProps {
  page: Page<Alert>;
  loading: boolean;
  unitsById: Map<string, Unit>;
  selectable: boolean;
  selected: Map<string, Alert>;
  onSelect: (rows: Alert[], on: boolean) => void;
  onPage: (page: number, pageSize: number) => void;
  /** The query string of the inbox, so the alert page can lead back to the same view. */
  backSearch: string;
}

/** Due date with how far past (or before) it the alert is, in red when overdue. */
export function DueDate({ alert, today }: { alert: Alert; today: string }) {
  const { label } = useI18n();
  const past = daysPastDue(alert.deadline.dueDate, today);
  const open = alert.status !== 'RESOLVED';
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text strong={open && past > 0} type={open && past > 0 ? 'danger' : undefined}>
        {alert.deadline.dueDate}
      </Typography.Text>
      {open && (
        <Typography.Text type={past > 0 ? 'danger' : 'secondary'} style={{ fontSize: 12, marginLeft: 6 }}>
          {label(dueText(past))}
        </Typography.Text>
      )}
    </span>
  );
}

/** The next review date; red when it has passed while the alert is still open. */
export function ReviewDate({ alert, today }: { alert: Alert; today: string }) {
  const { t } = useI18n();
  const date = alert.acknowledgement?.nextReviewDate;
  if (!date) return <Typography.Text type="secondary">—</Typography.Text>;
  const late = alert.status !== 'RESOLVED' && date < today;
  return late ? (
    <Tooltip title={t('复核日期已过，请更新应对计划', 'The review date has passed; update the plan')}>
      <Typography.Text type="danger" strong>
        {date}
      </Typography.Text>
    </Tooltip>
  ) : (
    <span>{date}</span>
  );
}

const interactive = (e: MouseEvent) => !!(e.target as HTMLElement).closest('a, button, input, label, .ant-checkbox-wrapper, .ant-table-selection-column');

/** The inbox as a table (desktop): one row per alert, selectable for bulk actions, a click opens the alert. */
export function AlertTable({ page, loading, unitsById, selectable, selected, onSelect, onPage, backSearch }: ListProps) {
  const { t, label, name, lang } = useI18n();
  /** English words are longer: the status and date columns widen, the clock column gives way. */
  const en = lang === 'en';
  const navigate = useNavigate();
  const today = businessToday();
  const unitName = (a: Alert) => {
    const u = unitsById.get(a.unit.id);
    return u ? name(u.nameZh, u.nameEn) : a.unit.nameZh;
  };
  const columns: ColumnsType<Alert> = [
    { title: t('等级', 'Level'), dataIndex: 'level', key: 'level', width: 80, render: (_, a) => <LevelTag level={a.level} /> },
    {
      title: t('项目', 'Project'),
      key: 'project',
      width: en ? 168 : 176,
      render: (_, a) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/projects/${a.project.id}`} title={a.project.nameZh} style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {a.project.nameZh}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis={{ tooltip: a.project.code }}>
            {a.project.code}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('单位', 'Unit'), key: 'unit', width: en ? 80 : 88, ellipsis: true, render: (_, a) => unitName(a) },
    {
      title: t('时限', 'Clock'),
      key: 'clock',
      width: en ? 196 : 220,
      render: (_, a) => {
        const clock = label(clockLabel(a.deadline.kind, a.deadline.key));
        const explanation = label(a.deadline.explanation);
        return (
          <div style={{ minWidth: 0 }}>
            <Link
              to={`/alerts/${a.id}`}
              state={{ back: backSearch }}
              title={clock}
              style={{ display: 'block', fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            >
              {clock}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis={{ tooltip: { title: explanation, placement: 'topLeft' } }}>
              {explanation}
            </Typography.Text>
          </div>
        );
      },
    },
    {
      title: t('到期日', 'Due'),
      key: 'due',
      width: 116,
      render: (_, a) => {
        const past = daysPastDue(a.deadline.dueDate, today);
        const open = a.status !== 'RESOLVED';
        return (
          <div style={{ lineHeight: 1.5, whiteSpace: 'nowrap' }}>
            <Typography.Text strong={open && past > 0} type={open && past > 0 ? 'danger' : undefined}>
              {a.deadline.dueDate}
            </Typography.Text>
            {open && (
              <Typography.Text type={past > 0 ? 'danger' : 'secondary'} style={{ fontSize: 12, display: 'block' }}>
                {label(dueText(past))}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    {
      title: t('亮灯 / 升级', 'Opened / raised'),
      key: 'opened',
      width: en ? 124 : 108,
      render: (_, a) => (
        <div style={{ fontSize: 12, lineHeight: 1.7, whiteSpace: 'nowrap' }}>
          <div>
            <Typography.Text type="secondary">{t('亮灯', 'Opened')} </Typography.Text>
            {shanghaiDate(a.openedAt)}
          </div>
          <div>
            <Typography.Text type="secondary">{t('升级', 'Raised')} </Typography.Text>
            {shanghaiDate(a.levelChangedAt)}
          </div>
        </div>
      ),
    },
    {
      title: t('状态', 'Status'),
      key: 'status',
      width: en ? 110 : 88,
      render: (_, a) => <Tag color={ALERT_STATUS_META[a.status].color}>{label(ALERT_STATUS_META[a.status])}</Tag>,
    },
    {
      title: t('责任人', 'Assignee'),
      key: 'assignee',
      width: 92,
      ellipsis: true,
      render: (_, a) => a.assignee?.displayName ?? <Typography.Text type="secondary">{t('未指派', 'Unassigned')}</Typography.Text>,
    },
    { title: t('下次复核', 'Next review'), key: 'review', width: 96, render: (_, a) => <ReviewDate alert={a} today={today} /> },
  ];
  return (
    <Table<Alert>
      className="luodi-alert-table"
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={page.items}
      loading={loading}
      scroll={{ x: 1100 }}
      tableLayout="fixed"
      rowClassName={(a) => `luodi-alert-row luodi-alert-${a.status === 'RESOLVED' ? 'resolved' : a.level.toLowerCase()}`}
      onRow={(a) =>
        ({
          'data-testid': 'alert-row',
          'data-alert-id': a.id,
          onClick: (e: MouseEvent) => {
            if (!interactive(e)) navigate(`/alerts/${a.id}`, { state: { back: backSearch } });
          },
        }) as React.HTMLAttributes<HTMLElement>
      }
      rowSelection={
        selectable
          ? {
              selectedRowKeys: [...selected.keys()],
              preserveSelectedRowKeys: true,
              columnWidth: 40,
              onSelect: (row, on) => onSelect([row], on),
              onSelectAll: (on, _rows, changed) => onSelect(changed.filter(Boolean), on),
              getCheckboxProps: (a) => ({ 'aria-label': t(`选择 ${a.project.nameZh}`, `Select ${a.project.nameZh}`) }) as never,
            }
          : undefined
      }
      pagination={{
        current: page.page,
        pageSize: page.pageSize,
        total: page.total,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES.map(String),
        showTotal: (total, [from, to]) => t(`第 ${from}–${to} 条，共 ${total} 条`, `${from}–${to} of ${total}`),
        onChange: onPage,
      }}
    />
  );
}

/** The inbox at phone width: one card per alert (level, project, due date, status), checkboxes for bulk actions. */
export function AlertCards({ page, loading, unitsById, selectable, selected, onSelect, onPage, backSearch }: ListProps) {
  const { t, label, name } = useI18n();
  const navigate = useNavigate();
  const today = businessToday();
  return (
    <div aria-busy={loading}>
      {selectable && page.items.length > 0 && (
        <Checkbox
          style={{ margin: '0 0 8px 4px' }}
          checked={page.items.every((a) => selected.has(a.id))}
          indeterminate={page.items.some((a) => selected.has(a.id)) && !page.items.every((a) => selected.has(a.id))}
          onChange={(e) => onSelect(page.items, e.target.checked)}
        >
          {t('全选本页', 'Select this page')}
        </Checkbox>
      )}
      <ul className="luodi-alert-cards" style={{ opacity: loading ? 0.6 : 1 }}>
        {page.items.map((a) => {
          const u = unitsById.get(a.unit.id);
          const isSelected = selected.has(a.id);
          return (
            <li key={a.id}>
              <Card
                size="small"
                className={`luodi-alert-card${isSelected ? ' selected' : ''}`}
                style={{ ['--level-color' as string]: a.status === 'RESOLVED' ? '#d9d9d9' : LEVEL_META[a.level].color }}
                data-testid="alert-row"
                data-alert-id={a.id}
                onClick={(e) => {
                  if (!interactive(e)) navigate(`/alerts/${a.id}`, { state: { back: backSearch } });
                }}
              >
                <div style={{ display: 'flex', gap: 10, alignItems: 'flex-start' }}>
                  {selectable && (
                    <Checkbox
                      checked={isSelected}
                      onChange={(e) => onSelect([a], e.target.checked)}
                      aria-label={t(`选择 ${a.project.nameZh}`, `Select ${a.project.nameZh}`)}
                      style={{ paddingTop: 2 }}
                    />
                  )}
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                      <LevelTag level={a.level} />
                      <Link to={`/alerts/${a.id}`} state={{ back: backSearch }} style={{ fontWeight: 600, flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                        {a.project.nameZh}
                      </Link>
                      <Tag color={ALERT_STATUS_META[a.status].color} style={{ marginInlineEnd: 0 }}>
                        {label(ALERT_STATUS_META[a.status])}
                      </Tag>
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 2 }} ellipsis>
                      {label(clockLabel(a.deadline.kind, a.deadline.key))} · {u ? name(u.nameZh, u.nameEn) : a.unit.nameZh} · {a.project.code}
                    </Typography.Text>
                    <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 4, marginTop: 4, fontSize: 13 }}>
                      <span>
                        <Typography.Text type="secondary">{t('到期', 'Due')} </Typography.Text>
                        <DueDate alert={a} today={today} />
                      </span>
                      <Typography.Text type="secondary" ellipsis style={{ maxWidth: '45%' }}>
                        {a.assignee?.displayName ?? t('未指派', 'Unassigned')}
                      </Typography.Text>
                    </div>
                  </div>
                </div>
              </Card>
            </li>
          );
        })}
      </ul>
      <Pagination
        style={{ marginTop: 12, textAlign: 'center', justifyContent: 'center' }}
        simple
        current={page.page}
        pageSize={page.pageSize}
        total={page.total}
        onChange={onPage}
        showTotal={(total) => t(`共 ${total} 条`, `${total} in all`)}
      />
    </div>
  );
}
