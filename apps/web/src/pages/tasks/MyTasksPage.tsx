import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Grid, Input, List, Modal, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { MyTask } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { QueryState, useErrorText } from '../../components/QueryState';
import { ACTIVITY_KIND_LABELS, FOLLOW_UP_STATUS_LABELS, dueIn, sortTasks } from '../../lib/service-desk';
import { businessToday, formatDateTime } from '../../lib/format';
import { deskKeys, useMyTasks } from '../project/service-desk/deskQueries';
import { applyDeskErrors, isStaleError } from '../project/service-desk/deskForm';
import dayjs, { type Dayjs } from 'dayjs';

type Status = 'OPEN' | 'DONE' | 'CANCELLED';
type Action = 'COMPLETE' | 'CANCEL' | 'REOPEN' | 'RESCHEDULE';

/** 我的待办 (/tasks): the follow-ups assigned to me from visits and meetings, overdue first; complete, cancel or reopen them. */
export function MyTasksPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [status, setStatus] = useState<Status>('OPEN');
  const [acting, setActing] = useState<{ task: MyTask; action: Action } | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<{ note?: string; dueDate?: Dayjs }>();
  const today0 = businessToday();
  const tasks = useMyTasks(status);

  const act = async (task: MyTask, action: Action, note?: string, dueDate?: Dayjs) => {
    setBusy(true);
    setFormError(null);
    try {
      const body =
        action === 'RESCHEDULE'
          ? { dueDate: dueDate?.format('YYYY-MM-DD'), version: task.version, ...(note?.trim() ? { note: note.trim() } : {}) }
          : { action, version: task.version, ...(note?.trim() ? { note: note.trim() } : {}) };
      await api.patch(`/follow-ups/${task.id}`, body);
      message.success(
        action === 'COMPLETE'
          ? t('已完成。', 'Marked done.')
          : action === 'CANCEL'
            ? t('已取消。', 'Cancelled.')
            : action === 'RESCHEDULE'
              ? t('期限已调整。', 'Due date changed.')
              : t('已重新打开。', 'Reopened.'),
      );
      setActing(null);
      void qc.invalidateQueries({ queryKey: deskKeys.tasks });
      if (task.projectId) void qc.invalidateQueries({ queryKey: ['project', task.projectId, 'desk'] });
    } catch (e) {
      if (isStaleError(e)) {
        setActing(null);
        message.warning(t('此待办已被他人修改，列表已刷新，请核对后重试。', 'Someone else changed this task; the list is reloaded — check it and try again.'));
        void tasks.refetch();
      } else if (!applyDeskErrors(form, e, ['note', 'dueDate'])) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const dueCell = (task: MyTask, today: string) => {
    const days = dueIn(task.dueDate, today);
    const open = task.status === 'OPEN';
    return (
      <Space orientation="vertical" size={0}>
        <Typography.Text type={open && days < 0 ? 'danger' : undefined}>{task.dueDate}</Typography.Text>
        {open && (
          <Typography.Text type={days < 0 ? 'danger' : days <= 1 ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
            {days < 0 ? t(`逾期 ${-days} 天`, `${-days} days late`) : days === 0 ? t('今天到期', 'due today') : t(`还有 ${days} 天`, `in ${days} days`)}
          </Typography.Text>
        )}
      </Space>
    );
  };
  const source = (task: MyTask) => (
    <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
      {task.projectId ? (
        <Link to={`/projects/${task.projectId}?tab=service`}>{task.projectNameZh ?? task.projectCode}</Link>
      ) : task.investorId ? (
        <Link to={`/investors/${task.investorId}?tab=activity`}>{t('客商动态', 'Investor activity')}</Link>
      ) : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: task.activitySummary }}>
        {label(ACTIVITY_KIND_LABELS[task.activityKind as keyof typeof ACTIVITY_KIND_LABELS] ?? { zh: task.activityKind, en: task.activityKind })}：{task.activitySummary}
      </Typography.Text>
    </Space>
  );
  const buttons = (task: MyTask) =>
    task.status === 'OPEN' ? (
      <Space size={0} wrap>
        <Button size="small" type="link" onClick={() => setActing({ task, action: 'COMPLETE' })} data-testid="task-complete">
          {t('完成', 'Done')}
        </Button>
        <Button size="small" type="link" onClick={() => setActing({ task, action: 'RESCHEDULE' })}>
          {t('改期', 'Reschedule')}
        </Button>
        <Button size="small" type="link" onClick={() => setActing({ task, action: 'CANCEL' })}>
          {t('取消', 'Cancel')}
        </Button>
      </Space>
    ) : (
      <Button size="small" type="link" onClick={() => setActing({ task, action: 'REOPEN' })}>
        {t('重新打开', 'Reopen')}
      </Button>
    );

  return (
    <div data-testid="my-tasks">
      <PageHeader
        title={t('我的待办', 'My tasks')}
        sub={t('走访、洽谈中指派给我的后续事项。', 'Follow-ups assigned to me from visits and meetings.')}
        extra={
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as Status)}
            options={(['OPEN', 'DONE', 'CANCELLED'] as const).map((s) => ({ value: s, label: label(FOLLOW_UP_STATUS_LABELS[s]) }))}
            aria-label={t('状态', 'Status')}
          />
        }
      />
      <Card size="small">
        <QueryState
          query={tasks}
          rows={6}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <Empty
              description={
                status === 'OPEN'
                  ? t('没有待办事项。在项目的「服务动态」中记录走访时可以创建待办。', 'Nothing to do. Follow-ups are created when a visit is recorded on a project’s service timeline.')
                  : t('暂无记录。', 'Nothing here.')
              }
            />
          }
        >
          {(data) => {
            const today = data.today ?? businessToday();
            const rows = sortTasks(data.items, today);
            const overdue = rows.filter((r) => r.status === 'OPEN' && r.dueDate < today).length;
            return (
              <>
                {status === 'OPEN' && overdue > 0 && (
                  <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t(`有 ${overdue} 项待办已逾期。`, `${overdue} task${overdue > 1 ? 's are' : ' is'} overdue.`)} />
                )}
                {screens.md ? (
                  <Table<MyTask>
                    size="small"
                    rowKey="id"
                    dataSource={rows}
                    pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                    onRow={(r) => ({ style: r.status === 'OPEN' && r.dueDate < today ? { background: '#fff1f0' } : undefined })}
                    scroll={{ x: 900 }}
                    columns={[
                      {
                        title: t('待办事项', 'Task'),
                        key: 'title',
                        render: (_: unknown, r) => (
                          <Space size={6} wrap>
                            <Typography.Text strong>{r.title}</Typography.Text>
                            {r.reminded && r.status === 'OPEN' && (
                              <Tooltip title={t('已发送提醒', 'A reminder was sent')}>
                                <BellOutlined aria-label={t('已提醒', 'Reminded')} style={{ color: '#d4a106' }} />
                              </Tooltip>
                            )}
                            {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
                          </Space>
                        ),
                      },
                      { title: t('期限', 'Due'), key: 'due', width: 130, render: (_: unknown, r) => dueCell(r, today) },
                      { title: t('来源', 'From'), key: 'source', width: 320, render: (_: unknown, r) => source(r) },
                      ...(status === 'DONE' ? [{ title: t('完成时间', 'Done at'), dataIndex: 'doneAt', width: 150, render: (d: string | null) => formatDateTime(d) }] : []),
                      { title: t('操作', 'Actions'), key: 'actions', width: 190, render: (_: unknown, r: MyTask) => buttons(r) },
                    ]}
                  />
                ) : (
                  <List<MyTask>
                    dataSource={rows}
                    renderItem={(r) => (
                      <List.Item>
                        <div style={{ width: '100%' }}>
                          <Typography.Text strong>{r.title}</Typography.Text>
                          <div>{dueCell(r, today)}</div>
                          {source(r)}
                          <div>{buttons(r)}</div>
                        </div>
                      </List.Item>
                    )}
                  />
                )}
              </>
            );
          }}
        </QueryState>
      </Card>
      <Modal
        open={!!acting}
        title={
          acting
            ? acting.action === 'COMPLETE'
              ? t(`完成待办：${acting.task.title}`, `Mark done: ${acting.task.title}`)
              : acting.action === 'CANCEL'
                ? t(`取消待办：${acting.task.title}`, `Cancel: ${acting.task.title}`)
                : acting.action === 'RESCHEDULE'
                  ? t(`调整期限：${acting.task.title}`, `Reschedule: ${acting.task.title}`)
                  : t(`重新打开：${acting.task.title}`, `Reopen: ${acting.task.title}`)
            : ''
        }
        onCancel={() => setActing(null)}
        okText={
          acting?.action === 'COMPLETE'
            ? t('确认完成', 'Mark done')
            : acting?.action === 'CANCEL'
              ? t('取消待办', 'Cancel the task')
              : acting?.action === 'RESCHEDULE'
                ? t('保存期限', 'Save the date')
                : t('重新打开', 'Reopen')
        }
        cancelText={t('返回', 'Back')}
        okButtonProps={{ htmlType: 'submit', loading: busy, danger: acting?.action === 'CANCEL' }}
        destroyOnHidden
        modalRender={(node) => (
          <Form
            form={form}
            layout="vertical"
            clearOnDestroy
            initialValues={acting?.action === 'RESCHEDULE' ? { dueDate: dayjs(acting.task.dueDate < today0 ? today0 : acting.task.dueDate) } : undefined}
            onFinish={(v) => acting && void act(acting.task, acting.action, v.note, v.dueDate)}
          >
            {node}
          </Form>
        )}
      >
        {acting?.action === 'RESCHEDULE' && (
          <Form.Item name="dueDate" label={t('新期限', 'New due date')} rules={[{ required: true, message: t('请选择日期', 'Choose a date') }]}>
            <DatePicker autoFocus style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < today0} />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={
            acting?.action === 'CANCEL' ? t('取消原因（可选）', 'Reason (optional)') : acting?.action === 'RESCHEDULE' ? t('调整原因（可选）', 'Why (optional)') : t('结果说明（可选）', 'Result (optional)')
          }
          rules={[{ max: 5000 }]}
        >
          <Input.TextArea autoFocus={acting?.action !== 'RESCHEDULE'} rows={3} maxLength={5000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>
    </div>
  );
}
