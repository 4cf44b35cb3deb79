import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { ApprovalItem, Project } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { QueryState, useErrorText } from '../../../components/QueryState';
import { businessToday } from '../../../lib/format';
import {
  APPROVAL_DEFAULT_LIMITS,
  APPROVAL_ITEM_TYPES,
  APPROVAL_ITEM_TYPE_LABELS,
  APPROVAL_STATUS_LABELS,
  CHECKLIST_TEMPLATES,
  CHECKLIST_TEMPLATE_DEFS,
  type ApprovalItemType,
  type ChecklistTemplateCode,
} from '../../../lib/service-desk';
import { useApprovals, useDeskRefresh } from './deskQueries';
import { applyDeskErrors, blankToNull, isStaleError } from './deskForm';
import { ClockCell, useUserNames } from './deskParts';

const STATUS_COLOR: Record<ApprovalItem['status'], string> = { NOT_STARTED: 'default', IN_PROGRESS: 'processing', DONE: 'success', RETURNED: 'warning' };
type Move = 'submit' | 'done' | 'return' | 'resubmit';

interface AddValues {
  itemType: ApprovalItemType;
  title?: string;
  department?: string;
  assigneeId?: string;
  timeLimitDays: number;
  submittedOn?: Dayjs | null;
  note?: string;
}

interface EditValues {
  title?: string;
  department?: string;
  assigneeId?: string | null;
  timeLimitDays: number;
  note?: string;
}

/** 领办代办: the approval checklist (from a template or item by item), status changes with dates, and each item's 限时审批 clock. */
export function ApprovalsTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, label, lang } = useI18n();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const items = useApprovals(project.id);
  const refresh = useDeskRefresh(project.id);
  const people = useUserNames(project.unitId);
  const [template, setTemplate] = useState<ChecklistTemplateCode>('INDUSTRIAL');
  const [adding, setAdding] = useState(false);
  const [moving, setMoving] = useState<{ item: ApprovalItem; move: Move } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [addForm] = Form.useForm<AddValues>();
  const [moveForm] = Form.useForm<{ date: Dayjs }>();
  const [editing, setEditing] = useState<ApprovalItem | null>(null);
  const [editForm] = Form.useForm<EditValues>();
  const today = businessToday();

  const typeLabel = (i: ApprovalItem) => i.title || label(APPROVAL_ITEM_TYPE_LABELS[i.itemType as ApprovalItemType] ?? { zh: i.itemType, en: i.itemType });

  const applyTemplate = () => {
    const def = CHECKLIST_TEMPLATE_DEFS[template];
    modal.confirm({
      title: t(`按「${def.label.zh}」模板生成审批清单？`, `Create the checklist from the “${def.label.en}” template?`),
      content: t(
        `将添加 ${def.items.length} 个事项中本项目尚未列出的部分，时限按局里默认值（工作日），可逐项修改。`,
        `Adds those of its ${def.items.length} items the project does not list yet, with the bureau's default limits (working days); each can be changed.`,
      ),
      okText: t('生成', 'Create'),
      cancelText: t('取消', 'Cancel'),
      onOk: async () => {
        try {
          const r = await api.post<{ created: unknown[]; skipped: string[] }>(`/projects/${project.id}/approval-items/from-template`, { template });
          message.success(t(`已添加 ${r.created.length} 项，跳过已有 ${r.skipped.length} 项。`, `Added ${r.created.length}; ${r.skipped.length} already listed.`));
          refresh(true);
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  };

  const add = async (v: AddValues) => {
    setBusy('add');
    setFormError(null);
    try {
      await api.post(`/projects/${project.id}/approval-items`, {
        itemType: v.itemType,
        ...(blankToNull(v.title) ? { title: blankToNull(v.title) } : {}),
        ...(blankToNull(v.department) ? { department: blankToNull(v.department) } : {}),
        ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}),
        timeLimitDays: v.timeLimitDays,
        ...(v.submittedOn ? { submittedOn: v.submittedOn.format('YYYY-MM-DD') } : {}),
        ...(blankToNull(v.note) ? { note: blankToNull(v.note) } : {}),
      });
      message.success(t('审批事项已添加。', 'Approval item added.'));
      refresh(true);
      setAdding(false);
    } catch (e) {
      if (!applyDeskErrors(addForm, e, ['itemType', 'title', 'department', 'assigneeId', 'timeLimitDays', 'submittedOn', 'note'])) setFormError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const MOVE: Record<Move, { status: ApprovalItem['status']; field: 'submittedOn' | 'completedOn' | 'returnedOn'; title: [string, string]; dateLabel: [string, string] }> = {
    submit: { status: 'IN_PROGRESS', field: 'submittedOn', title: ['提交材料，开始计时', 'Materials submitted: start the clock'], dateLabel: ['提交日期', 'Submitted on'] },
    resubmit: { status: 'IN_PROGRESS', field: 'submittedOn', title: ['重新提交（时限从新提交日重新计算）', 'Resubmitted (the limit restarts from the new date)'], dateLabel: ['重新提交日期', 'Resubmitted on'] },
    done: { status: 'DONE', field: 'completedOn', title: ['办结', 'Mark done'], dateLabel: ['办结日期', 'Completed on'] },
    return: { status: 'RETURNED', field: 'returnedOn', title: ['退回补正（计时暂停）', 'Returned for correction (clock paused)'], dateLabel: ['退回日期', 'Returned on'] },
  };

  const doMove = async (item: ApprovalItem, move: Move, date: Dayjs) => {
    setBusy(item.id);
    setFormError(null);
    const m = MOVE[move];
    try {
      await api.patch(`/approval-items/${item.id}`, { status: m.status, [m.field]: date.format('YYYY-MM-DD'), version: item.version });
      message.success(t('已更新。', 'Updated.'));
      refresh(true);
      setMoving(null);
    } catch (e) {
      if (isStaleError(e)) {
        message.warning(t('此事项已被他人修改，已刷新，请核对后重试。', 'Someone else changed this item; it has been reloaded — check it and try again.'));
        setMoving(null);
        void items.refetch();
      } else if (!applyDeskErrors(moveForm, e, [])) {
        const field = (e as { details?: { field?: string } }).details?.field;
        if (field === m.field) moveForm.setFields([{ name: 'date', errors: [errorText(e)] }]);
        else setFormError(errorText(e));
      }
    } finally {
      setBusy(null);
    }
  };

  const saveEdit = async (item: ApprovalItem, v: EditValues) => {
    setBusy(`edit:${item.id}`);
    setFormError(null);
    try {
      await api.patch(`/approval-items/${item.id}`, {
        version: item.version,
        title: blankToNull(v.title),
        department: blankToNull(v.department),
        assigneeId: v.assigneeId ?? null,
        timeLimitDays: v.timeLimitDays,
        note: blankToNull(v.note),
      });
      message.success(t('已保存。', 'Saved.'));
      refresh(true);
      setEditing(null);
    } catch (e) {
      if (isStaleError(e)) {
        message.warning(t('此事项已被他人修改，已刷新，请重新编辑。', 'Someone else changed this item; it has been reloaded — edit it again.'));
        setEditing(null);
        void items.refetch();
      } else if (!applyDeskErrors(editForm, e, ['title', 'department', 'assigneeId', 'timeLimitDays', 'note'])) setFormError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const actions = (i: ApprovalItem) => {
    const go = (move: Move) => () => {
      setFormError(null);
      setMoving({ item: i, move });
    };
    const edit = (
      <Button
        size="small"
        type="link"
        onClick={() => {
          setFormError(null);
          setEditing(i);
        }}
      >
        {t('编辑', 'Edit')}
      </Button>
    );
    return (
      <Space size={0} wrap>
        {i.status === 'NOT_STARTED' && <Button size="small" type="link" onClick={go('submit')}>{t('提交材料', 'Submitted')}</Button>}
        {i.status === 'IN_PROGRESS' && (
          <>
            <Button size="small" type="link" onClick={go('done')}>{t('办结', 'Done')}</Button>
            <Button size="small" type="link" onClick={go('return')}>{t('退回', 'Returned')}</Button>
          </>
        )}
        {i.status === 'RETURNED' && <Button size="small" type="link" onClick={go('resubmit')}>{t('重新提交', 'Resubmitted')}</Button>}
        {edit}
      </Space>
    );
  };

  const minDate = moving ? (moving.move === 'resubmit' ? moving.item.returnedOn : moving.move === 'submit' ? null : moving.item.submittedOn) : null;

  return (
    <Card
      size="small"
      title={t('领办代办 · 审批事项清单', 'Approval checklist (领办代办)')}
      data-testid="approvals"
      extra={
        canWrite && (
          <Space wrap>
            <Select
              size="middle"
              value={template}
              onChange={setTemplate}
              style={{ width: 150 }}
              aria-label={t('清单模板', 'Checklist template')}
              options={CHECKLIST_TEMPLATES.map((c) => ({ value: c, label: label(CHECKLIST_TEMPLATE_DEFS[c].label) }))}
            />
            <Button icon={<UnorderedListOutlined />} onClick={applyTemplate} data-testid="approvals-template">
              {t('按模板生成', 'From template')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setFormError(null);
                setAdding(true);
              }}
            >
              {t('添加事项', 'Add item')}
            </Button>
          </Space>
        )
      }
    >
      <QueryState
        query={items}
        rows={5}
        isEmpty={(d) => d.length === 0}
        empty={<Empty description={t('尚无审批事项。可按项目类型模板生成清单，由代办员领办，限时审批。', 'No approval items. Create the checklist from a template; agents take each item with a time limit.')} />}
      >
        {(rows) => {
          const done = rows.filter((r) => r.status === 'DONE').length;
          return (
            <>
              <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                {t(`共 ${rows.length} 项，已办结 ${done} 项。时限以工作日计，退回补正期间暂停，重新提交后重新计时。`, `${rows.length} items, ${done} done. Limits are in working days; a returned item's clock pauses and restarts on resubmission.`)}
              </Typography.Paragraph>
              <Table<ApprovalItem>
                size="small"
                rowKey="id"
                dataSource={rows}
                pagination={false}
                scroll={{ x: 1040 }}
                columns={[
                  {
                    title: t('事项', 'Item'),
                    key: 'item',
                    render: (_: unknown, i) => (
                      <Space orientation="vertical" size={0}>
                        <Typography.Text strong>{typeLabel(i)}</Typography.Text>
                        {i.department && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.department}</Typography.Text>}
                      </Space>
                    ),
                  },
                  { title: t('代办员', 'Agent'), dataIndex: 'assigneeId', width: 130, render: (id: string | null) => people.nameOf(id) },
                  {
                    title: t('状态', 'Status'),
                    dataIndex: 'status',
                    width: 90,
                    render: (s: ApprovalItem['status']) => <Tag color={STATUS_COLOR[s]}>{label(APPROVAL_STATUS_LABELS[s])}</Tag>,
                  },
                  { title: t('限时', 'Limit'), dataIndex: 'timeLimitDays', width: lang === 'en' ? 140 : 100, render: (d: number) => t(`${d} 个工作日`, `${d} working days`) },
                  {
                    title: t('日期', 'Dates'),
                    key: 'dates',
                    width: 170,
                    render: (_: unknown, i) => (
                      <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
                        {i.submittedOn && <span>{t(`提交 ${i.submittedOn}`, `Submitted ${i.submittedOn}`)}</span>}
                        {i.returnedOn && i.status === 'RETURNED' && <Typography.Text type="warning">{t(`退回 ${i.returnedOn}`, `Returned ${i.returnedOn}`)}</Typography.Text>}
                        {i.completedOn && <Typography.Text type="success">{t(`办结 ${i.completedOn}`, `Done ${i.completedOn}`)}</Typography.Text>}
                        {!i.submittedOn && <Typography.Text type="secondary">—</Typography.Text>}
                      </Space>
                    ),
                  },
                  { title: t('限时审批', 'Clock'), key: 'clock', width: 150, render: (_: unknown, i) => <ClockCell clock={i.clock} /> },
                  ...(canWrite ? [{ title: t('操作', 'Actions'), key: 'actions', width: lang === 'en' ? 200 : 150, render: (_: unknown, i: ApprovalItem) => actions(i) }] : []),
                ]}
              />
            </>
          );
        }}
      </QueryState>

      <Modal
        open={adding}
        title={t('添加审批事项', 'Add an approval item')}
        onCancel={() => setAdding(false)}
        okText={t('添加', 'Add')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy === 'add' }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<AddValues>
            form={addForm}
            layout="vertical"
            clearOnDestroy
            initialValues={{ itemType: 'PROJECT_APPROVAL', timeLimitDays: APPROVAL_DEFAULT_LIMITS.PROJECT_APPROVAL }}
            onFinish={(v) => void add(v)}
            onValuesChange={(c: Partial<AddValues>) => {
              setFormError(null);
              if (c.itemType) addForm.setFieldValue('timeLimitDays', APPROVAL_DEFAULT_LIMITS[c.itemType]);
            }}
          >
            {node}
          </Form>
        )}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="itemType" label={t('事项类型', 'Item type')} rules={[{ required: true }]}>
              <Select options={APPROVAL_ITEM_TYPES.map((c) => ({ value: c, label: label(APPROVAL_ITEM_TYPE_LABELS[c]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="timeLimitDays" label={t('限时（工作日）', 'Limit (working days)')} rules={[{ required: true }]} extra={t('默认值为局里设定，可修改', 'Bureau default; may be changed')}>
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="title" label={t('名称（可选，替代类型名）', 'Name (optional, instead of the type)')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="department" label={t('审批部门', 'Approving department')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder={t('如：市住建局', 'e.g. city housing bureau')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assigneeId" label={t('代办员', 'Agent')}>
              <Select allowClear showSearch optionFilterProp="label" options={people.options} loading={people.users.isPending} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="submittedOn" label={t('材料提交日期（填写即开始计时）', 'Submitted on (starts the clock)')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>

      <Modal
        open={!!moving}
        title={moving ? `${typeLabel(moving.item)} · ${t(...MOVE[moving.move].title)}` : ''}
        onCancel={() => setMoving(null)}
        okText={t('确定', 'Confirm')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: !!moving && busy === moving.item.id }}
        destroyOnHidden
        modalRender={(node) => (
          <Form form={moveForm} layout="vertical" clearOnDestroy initialValues={{ date: dayjs(today) }} onFinish={(v) => moving && void doMove(moving.item, moving.move, v.date)}>
            {node}
          </Form>
        )}
      >
        {moving && (
          <Form.Item
            name="date"
            label={t(...MOVE[moving.move].dateLabel)}
            rules={[{ required: true, message: t('请选择日期', 'Choose a date') }]}
            extra={minDate ? t(`不早于 ${minDate}，不晚于今天`, `From ${minDate} to today`) : t('不晚于今天', 'Today or earlier')}
          >
            <DatePicker autoFocus style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today || (!!minDate && d.format('YYYY-MM-DD') < minDate)} />
          </Form.Item>
        )}
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>

      <Modal
        open={!!editing}
        title={editing ? t(`编辑：${typeLabel(editing)}`, `Edit: ${typeLabel(editing)}`) : ''}
        onCancel={() => setEditing(null)}
        okText={t('保存', 'Save')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: !!editing && busy === `edit:${editing.id}` }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<EditValues>
            form={editForm}
            layout="vertical"
            clearOnDestroy
            initialValues={
              editing
                ? { title: editing.title ?? '', department: editing.department ?? '', assigneeId: editing.assigneeId, timeLimitDays: editing.timeLimitDays, note: editing.note ?? '' }
                : undefined
            }
            onFinish={(v) => editing && void saveEdit(editing, v)}
            onValuesChange={() => setFormError(null)}
          >
            {node}
          </Form>
        )}
      >
        <Form.Item name="title" label={t('名称（可选，替代类型名）', 'Name (optional, instead of the type)')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="department" label={t('审批部门', 'Approving department')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assigneeId" label={t('代办员', 'Agent')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={[
                  ...(editing?.assigneeId && !people.options.some((o) => o.value === editing.assigneeId) ? [{ value: editing.assigneeId, label: t('（当前代办员）', '(current agent)') }] : []),
                  ...people.options,
                ]}
                loading={people.users.isPending}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="timeLimitDays"
              label={t('限时（工作日）', 'Limit (working days)')}
              rules={[{ required: true }]}
              extra={editing?.submittedOn ? t('修改后时限按提交日期重新计算', 'The due date is recomputed from the submission date') : undefined}
            >
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>
    </Card>
  );
}
