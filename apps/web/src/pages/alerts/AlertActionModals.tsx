/**
 * The four alert actions as keyboard-operable modal forms (认领/确认, 指派, 办结/豁免, 批注), used for one
 * alert on the alert page and for a selection in the inbox. Enter submits (Ctrl/⌘+Enter inside a text
 * area), focus lands on the first field, and server validation errors show on their fields.
 */
import { useRef, useState, type ReactNode } from 'react';
import { Alert as AntAlert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography, type FormInstance } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import type { Alert, BulkResult } from '../../api/types';
import { useErrorText } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { ROLE_LABELS } from '../../lib/domain';
import { businessToday } from '../../lib/format';
import { alertErrorText } from '../../lib/alerts';
import { useAssignable } from './alertQueries';

/** Field messages of an API error: class-validator's `details.fields` and a domain error's `details.field`. */
export function apiFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields = error.fieldErrors();
  const field = (error.details as { field?: unknown } | undefined)?.field;
  if (typeof field === 'string' && !fields[field]) fields[field] = error.message;
  return fields;
}

/** Shows an action's error on the form fields it concerns, else as a message; a resolved-meanwhile alert is reloaded. */
function useReportError() {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { label } = useI18n();
  const queryClient = useQueryClient();
  return (error: unknown, form: FormInstance, fieldNames: string[]) => {
    const fields = apiFieldErrors(error);
    const known = Object.entries(fields).filter(([name]) => fieldNames.includes(name));
    if (known.length) {
      form.setFields(known.map(([name, msg]) => ({ name, errors: [msg] })));
      return;
    }
    if (error instanceof ApiError && [403, 404, 422].includes(error.status)) {
      void message.error(label(alertErrorText(error)));
      if (error.status === 422) {
        void queryClient.invalidateQueries({ queryKey: ['alert'] });
        void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      }
      return;
    }
    void message.error(errorText(error));
  };
}

interface FormModalProps<V> {
  open: boolean;
  title: ReactNode;
  okText: string;
  danger?: boolean;
  name: string;
  fieldNames: string[];
  initialValues?: Partial<V>;
  /** Runs the action; throws to keep the modal open with the error shown. */
  onSubmit: (values: V) => Promise<void>;
  onCancel: () => void;
  /** Asked before running (e.g. a destructive resolve); resolves true to go on. */
  confirm?: (values: V) => Promise<boolean>;
  focusRef?: React.RefObject<{ focus: () => void } | null>;
  children: (form: FormInstance<V>, submit: () => void) => ReactNode;
  testId?: string;
}

function FormModal<V extends object>({ open, title, okText, danger, name, fieldNames, initialValues, onSubmit, onCancel, confirm, focusRef, children, testId }: FormModalProps<V>) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const reportError = useReportError();
  const finish = async (values: V) => {
    if (busy) return;
    if (confirm && !(await confirm(values))) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (e) {
      reportError(e, form as FormInstance, fieldNames);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={() => !busy && onCancel()}
      destroyOnHidden
      okText={okText}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ htmlType: 'submit', danger, loading: busy, form: name }}
      afterOpenChange={(o) => {
        // Focus the first field, unless the user has already started on one.
        const active = document.activeElement;
        const typing = active instanceof HTMLElement && active.matches('input, textarea') && !!document.getElementById(name)?.contains(active);
        if (o && !typing) focusRef?.current?.focus();
      }}
      data-testid={testId}
      modalRender={(dom) => (
        <Form<V> form={form} name={name} layout="vertical" initialValues={initialValues} onFinish={(v) => void finish(v)} preserve={false} requiredMark>
          {dom}
        </Form>
      )}
    >
      {children(form, () => form.submit())}
    </Modal>
  );
}

/** Ctrl/⌘+Enter in a text area submits its form (plain Enter stays a new line). */
const submitOnCtrlEnter = (submit: () => void) => (e: React.KeyboardEvent) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  }
};

function CountNote({ count }: { count: number }) {
  const { t } = useI18n();
  if (count <= 1) return null;
  return (
    <AntAlert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title={t(`将对已选的 ${count} 条预警执行此操作，每条单独成功或失败。`, `This applies to the ${count} selected alerts; each succeeds or fails on its own.`)}
    />
  );
}

export interface AcknowledgeValues {
  plan: string;
  nextReviewDate: string;
}

export function AcknowledgeModal({
  open,
  count,
  initial,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  count: number;
  initial?: { plan: string; nextReviewDate: string } | null;
  onSubmit: (v: AcknowledgeValues) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const ref = useRef<TextAreaRef>(null);
  const today = businessToday();
  const initialDate = initial && initial.nextReviewDate >= today ? dayjs(initial.nextReviewDate) : undefined;
  return (
    <FormModal<{ plan: string; nextReviewDate: Dayjs }>
      open={open}
      name="acknowledge"
      testId="acknowledge-modal"
      title={initial ? t('更新应对计划', 'Update the response plan') : count > 1 ? t(`批量认领/确认（${count} 条）`, `Acknowledge ${count} alerts`) : t('认领/确认预警', 'Acknowledge the alert')}
      okText={t('确认认领', 'Acknowledge')}
      fieldNames={['plan', 'nextReviewDate']}
      initialValues={{ plan: initial?.plan ?? '', nextReviewDate: initialDate }}
      focusRef={ref}
      onCancel={onCancel}
      onSubmit={(v) => onSubmit({ plan: v.plan.trim(), nextReviewDate: v.nextReviewDate.format('YYYY-MM-DD') })}
    >
      {(_form, submit) => (
        <>
          <CountNote count={count} />
          <Form.Item
            name="plan"
            label={t('应对计划', 'Response plan')}
            rules={[
              { required: true, whitespace: true, message: t('请填写应对计划', 'Enter the response plan') },
              { max: 5000, message: t('不超过 5000 字', 'At most 5000 characters') },
            ]}
            extra={t('写明采取的措施、责任人和预计完成时间。Ctrl+Enter 提交。', 'What will be done, by whom and by when. Ctrl+Enter submits.')}
          >
            <Input.TextArea ref={ref} rows={4} maxLength={5000} showCount onKeyDown={submitOnCtrlEnter(submit)} />
          </Form.Item>
          <Form.Item
            name="nextReviewDate"
            label={t('下次复核日期', 'Next review date')}
            rules={[{ required: true, message: t('请选择下次复核日期', 'Choose the next review date') }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.format('YYYY-MM-DD') < today}
              presets={[
                { label: t('一周后', 'In a week'), value: dayjs(today).add(7, 'day') },
                { label: t('两周后', 'In two weeks'), value: dayjs(today).add(14, 'day') },
                { label: t('一个月后', 'In a month'), value: dayjs(today).add(1, 'month') },
              ]}
            />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function AssignModal({
  open,
  count,
  unitId,
  unitName,
  currentAssigneeId,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  count: number;
  /** The unit whose staff and managers (and those of its parent units) may take every selected alert. */
  unitId: string | null;
  unitName?: string;
  currentAssigneeId?: string | null;
  onSubmit: (userId: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const users = useAssignable(unitId, open);
  const ref = useRef<{ focus: () => void }>(null);
  return (
    <FormModal<{ userId: string }>
      open={open}
      name="assign"
      testId="assign-modal"
      title={count > 1 ? t(`批量指派（${count} 条）`, `Assign ${count} alerts`) : t('指派责任人', 'Assign')}
      okText={t('指派', 'Assign')}
      fieldNames={['userId']}
      initialValues={{ userId: currentAssigneeId ?? undefined }}
      focusRef={ref}
      onCancel={onCancel}
      onSubmit={(v) => onSubmit(v.userId)}
    >
      {() => (
        <>
          <CountNote count={count} />
          {users.isError && (
            <AntAlert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('无法加载可指派人员', 'Could not load who can be assigned')}
              description={errorText(users.error)}
              action={
                <Button size="small" onClick={() => void users.refetch()}>
                  {t('重试', 'Retry')}
                </Button>
              }
            />
          )}
          <Form.Item
            name="userId"
            label={t('责任人', 'Assignee')}
            rules={[{ required: true, message: t('请选择责任人', 'Choose a person') }]}
            extra={
              unitName
                ? t(`可选：${unitName}及其上级单位的项目专员和科室负责人。`, `Staff and managers of ${unitName} and its parent units.`)
                : t('可选：项目所在单位及其上级单位的项目专员和科室负责人。', "Staff and managers of the projects' unit and its parent units.")
            }
          >
            <Select
              ref={ref as never}
              showSearch={{ optionFilterProp: 'search' }}
              loading={users.isPending && !!unitId}
              placeholder={t('选择人员', 'Choose a person')}
              notFoundContent={users.isPending ? t('加载中…', 'Loading…') : t('该单位及其上级单位没有在岗的项目专员或科室负责人', 'No active staff or managers in this unit or its parent units')}
              options={(users.data ?? []).map((u) => ({
                value: u.id,
                search: `${u.displayName} ${u.unit.nameZh}`,
                label: (
                  <Space size={6}>
                    <span>{u.displayName}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {label(ROLE_LABELS[u.role])} · {u.unit.nameZh}
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function ResolveModal({ open, count, onSubmit, onCancel }: { open: boolean; count: number; onSubmit: (reason: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const ref = useRef<TextAreaRef>(null);
  return (
    <FormModal<{ reason: string }>
      open={open}
      name="resolve"
      testId="resolve-modal"
      danger
      title={count > 1 ? t(`批量办结（${count} 条）`, `Resolve ${count} alerts`) : t('办结预警', 'Resolve the alert')}
      okText={t('办结并豁免', 'Resolve and waive')}
      fieldNames={['reason']}
      focusRef={ref}
      onCancel={onCancel}
      onSubmit={(v) => onSubmit(v.reason.trim())}
      confirm={() =>
        new Promise<boolean>((resolve) => {
          modal.confirm({
          title: count > 1 ? t(`确认办结这 ${count} 条预警？`, `Resolve these ${count} alerts?`) : t('确认办结该预警？', 'Resolve this alert?'),
          content: t(
            '对应的时限将记为“已豁免”，不再计时，也不会再亮灯。此操作记入审计日志，不能撤销。',
            'Their deadlines become waived: they stop counting and will not light up again. This is recorded in the audit log and cannot be undone.',
          ),
          okText: t('确认办结', 'Resolve'),
          cancelText: t('返回', 'Back'),
          okButtonProps: { danger: true },
          focusable: { autoFocusButton: 'cancel' },
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
        })
      }
    >
      {(_form, submit) => (
        <>
          <CountNote count={count} />
          <AntAlert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('办结即豁免该时限', 'Resolving waives the deadline')}
            description={t(
              '节点达成时预警会自动办结；只有确有正当理由（如政策调整、规划变更）时才手动办结并豁免。',
              'Alerts close by themselves when the milestone is reached; resolve by hand only with a sound reason (a policy or planning change, say).',
            )}
          />
          <Form.Item
            name="reason"
            label={t('办结/豁免理由', 'Reason for resolving (waiver)')}
            rules={[
              { required: true, whitespace: true, message: t('请填写办结/豁免理由', 'Enter the reason') },
              { max: 5000, message: t('不超过 5000 字', 'At most 5000 characters') },
            ]}
            extra={t('Ctrl+Enter 提交。', 'Ctrl+Enter submits.')}
          >
            <Input.TextArea ref={ref} rows={4} maxLength={5000} showCount onKeyDown={submitOnCtrlEnter(submit)} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function CommentModal({ open, count, onSubmit, onCancel }: { open: boolean; count: number; onSubmit: (text: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const ref = useRef<TextAreaRef>(null);
  return (
    <FormModal<{ text: string }>
      open={open}
      name="comment"
      testId="comment-modal"
      title={count > 1 ? t(`批量批注（${count} 条）`, `Comment on ${count} alerts`) : t('批注', 'Comment')}
      okText={t('发表批注', 'Post')}
      fieldNames={['text']}
      focusRef={ref}
      onCancel={onCancel}
      onSubmit={(v) => onSubmit(v.text.trim())}
    >
      {(_form, submit) => (
        <>
          <CountNote count={count} />
          <Form.Item
            name="text"
            label={t('批注内容', 'Comment')}
            rules={[
              { required: true, whitespace: true, message: t('请填写批注内容', 'Enter the comment') },
              { max: 5000, message: t('不超过 5000 字', 'At most 5000 characters') },
            ]}
            extra={t('Ctrl+Enter 提交。', 'Ctrl+Enter submits.')}
          >
            <Input.TextArea ref={ref} rows={4} maxLength={5000} showCount onKeyDown={submitOnCtrlEnter(submit)} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** What a bulk action did: how many succeeded, and each failure with its alert and the server's message. */
export function BulkResultModal({
  result,
  action,
  alerts,
  onClose,
}: {
  result: BulkResult | null;
  action: string;
  alerts: Map<string, Alert>;
  onClose: () => void;
}) {
  const { t, label } = useI18n();
  const failures = (result?.results ?? []).filter((r) => !r.ok);
  return (
    <Modal
      open={!!result}
      title={t(`${action}结果`, `${action}: result`)}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} autoFocus>
          {t('知道了', 'OK')}
        </Button>
      }
      width={640}
      data-testid="bulk-result"
    >
      {result && (
        <>
          <Space size={8} wrap style={{ marginBottom: 12 }}>
            <Tag color="success" style={{ fontSize: 14, padding: '2px 10px' }}>
              {t(`成功 ${result.succeeded} 条`, `${result.succeeded} succeeded`)}
            </Tag>
            <Tag color={result.failed ? 'error' : 'default'} style={{ fontSize: 14, padding: '2px 10px' }}>
              {t(`失败 ${result.failed} 条`, `${result.failed} failed`)}
            </Tag>
          </Space>
          {failures.length > 0 && (
            <>
              <Typography.Paragraph type="secondary">
                {t('以下预警未能处理，仍保持选中，可修正后重试：', 'These alerts were not changed and stay selected, so you can retry:')}
              </Typography.Paragraph>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                scroll={{ y: 300 }}
                dataSource={failures}
                columns={[
                  {
                    title: t('项目', 'Project'),
                    key: 'project',
                    width: 220,
                    render: (_, r) => {
                      const a = alerts.get(r.id);
                      return a ? `${a.project.nameZh}（${a.project.code}）` : r.id;
                    },
                  },
                  { title: t('原因', 'Reason'), key: 'error', render: (_, r) => <Typography.Text type="danger">{label(alertErrorText(r.error))}</Typography.Text> },
                ]}
              />
            </>
          )}
        </>
      )}
    </Modal>
  );
}
