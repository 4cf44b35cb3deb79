import { useMemo, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import type { Project, StageChangeAnswer } from '../../api/types';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { StageTag } from '../../components/Tags';
import { STAGE_LABELS, canCorrect, type Stage } from '../../lib/domain';
import { businessToday } from '../../lib/format';
import { TRANSITION_KIND_LABELS, checkTransition, stageChoices } from '../../lib/transition-check';
import { applyFieldErrors, isStale } from './formErrors';
import { useRefresh } from './queries';
import type { Conflict } from './ConflictDialog';

interface Values {
  toStage?: Stage;
  effectiveDate?: Dayjs;
  note?: string;
  skippedStageDates?: Record<string, Dayjs | null | undefined>;
}

interface Body {
  toStage: Stage;
  effectiveDate: string;
  note?: string;
  skippedStageDates?: Record<string, string>;
}

const DATE = 'YYYY-MM-DD';

/**
 * 变更阶段: the target stages this user may choose (the same rules as the server, checked before sending),
 * the date it happened (not in the future), a note where the rules require one, and optional dates for
 * the stages a forward move skips.
 */
export function StageChangeModal({
  project,
  onClose,
  onConflict,
}: {
  /** The project as it was when the dialog opened (its version is sent); null when closed. */
  project: Project | null;
  onClose: () => void;
  onConflict: (c: Conflict) => void;
}) {
  const { t, label } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const refresh = useRefresh(project?.id ?? '');
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const today = businessToday();
  const corrector = canCorrect(me.role);

  const toStage = Form.useWatch('toStage', form);
  const effective = Form.useWatch('effectiveDate', form);
  const note = Form.useWatch('note', form) ?? '';
  const date = effective ? effective.format(DATE) : today;

  const state = project ? { stage: project.stage, stageDate: project.stageDate, heldFromStage: project.heldFromStage } : null;
  const choices = useMemo(() => (state ? stageChoices(state, date, corrector) : []), [state?.stage, state?.stageDate, state?.heldFromStage, date, corrector]); // eslint-disable-line react-hooks/exhaustive-deps
  const check = state && toStage ? checkTransition(state, toStage, date, note, corrector) : null;
  const skipped = check?.plan?.skipped ?? [];

  const send = async (p: Project, body: Body) => {
    const answer = await api.post<StageChangeAnswer>(`/projects/${p.id}/stage-transitions`, { ...body, version: p.version });
    refresh(['detail', 'history', 'milestones', 'audit', 'deadlines', 'alerts'], { clocks: true, lists: true });
    return answer;
  };

  const submit = async (values: Values) => {
    if (!project || !values.toStage || !values.effectiveDate) return;
    const body: Body = { toStage: values.toStage, effectiveDate: values.effectiveDate.format(DATE) };
    if (values.note?.trim()) body.note = values.note.trim();
    const skippedDates = Object.entries(values.skippedStageDates ?? {}).filter(([stage, d]) => d && skipped.includes(stage as never));
    if (skippedDates.length) body.skippedStageDates = Object.fromEntries(skippedDates.map(([s, d]) => [s, (d as Dayjs).format(DATE)]));
    setSubmitting(true);
    setServerError(null);
    try {
      await send(project, body);
      message.success(
        t(`已变更为「${STAGE_LABELS[body.toStage].zh}」，服务时限正在重新计算。`, `Moved to ${STAGE_LABELS[body.toStage].en}; service targets are being re-evaluated.`),
      );
      onClose();
    } catch (e) {
      if (isStale(e)) {
        onConflict({
          what: 'stage',
          compare: (current) => [
            {
              key: 'stage',
              label: t('阶段', 'Stage'),
              mine: <StageTag stage={body.toStage} />,
              theirs: <StageTag stage={current.stage} />,
              changedByMe: true,
              changedByThem: current.stage !== project.stage,
            },
            {
              key: 'stageDate',
              label: t('阶段日期', 'Stage date'),
              mine: body.effectiveDate,
              theirs: current.stageDate,
              changedByMe: true,
              changedByThem: current.stageDate !== project.stageDate,
            },
          ],
          reapply: (current) => send(current, body),
          closeSource: onClose,
        });
      } else if (!applyFieldErrors(form, e, ['toStage', 'effectiveDate', 'note', 'skippedStageDates'])) {
        setServerError(errorText(e));
      }
    } finally {
      setSubmitting(false);
    }
  };

  /** The kind of the chosen move, known even before a required note is written. */
  const kind = toStage ? (choices.find((c) => c.stage === toStage)?.kind ?? null) : null;
  const kindHint = (() => {
    if (!kind || check?.problem) return null;
    if (kind === 'CORRECTION') return t('这是一次更正（回退或重新启用），将连同原因记入阶段历史。', 'This is a correction (moving back or reopening); it is kept in the history with its reason.');
    if (kind === 'HOLD') return t('停缓建期间所有服务时限暂停计时，复工后到期日顺延。', 'While on hold every service-target clock pauses; due dates move later on resumption.');
    if (kind === 'CANCEL') return t('终止后所有服务时限取消，相关预警自动解除。', 'Cancelling stops every clock and resolves its alerts.');
    if (kind === 'RESUME') return t('复工后暂停的服务时限继续计时。', 'Paused service-target clocks run again from the resumption.');
    return null;
  })();
  const noteHelp =
    kind === 'HOLD'
      ? t('停缓建须说明原因（如土地、能耗指标、环评、企业资金等）。', 'A hold needs its reason (land, energy quota, environmental approval, investor funds …).')
      : kind === 'CANCEL'
        ? t('终止须说明原因。', 'Cancelling needs a reason.')
        : kind === 'CORRECTION'
          ? t('更正须说明原因。', 'A correction needs a reason.')
          : undefined;
  /** Why the greyed-out stages cannot be chosen, once per rule. */
  const unavailable = (() => {
    const seen = new Map<string, string>();
    for (const c of choices) {
      if (c.available || !c.reason) continue;
      const code = c.reasonCode ?? c.reason.en;
      if (code === 'CORRECTION_NOT_ALLOWED') {
        seen.set(code, t('灰色阶段不可选：回退或重新启用属于更正，仅科室负责人或系统管理员可操作。', 'Greyed-out stages: moving back or reopening is a correction, for managers and administrators only.'));
      } else if (!seen.has(code)) seen.set(code, label(c.reason));
    }
    return [...seen.values()];
  })();

  return (
    <Modal
      open={!!project}
      title={t('变更阶段', 'Change stage')}
      onCancel={onClose}
      okText={t('确认变更', 'Change stage')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submitting, disabled: !!check?.problem, 'data-testid': 'stage-change-submit' } as never}
      destroyOnHidden
      mask={{ closable: false }}
      modalRender={(node) => (
        <div data-testid="stage-change-modal">
          <Form<Values>
            form={form}
            layout="vertical"
            clearOnDestroy
            initialValues={{ effectiveDate: dayjs(today) }}
            onFinish={(v) => void submit(v)}
            onValuesChange={() => setServerError(null)}
          >
            {node}
          </Form>
        </div>
      )}
    >
      {project && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {t('当前阶段', 'Current stage')}: <StageTag stage={project.stage} /> {t(`自 ${project.stageDate} 起`, `since ${project.stageDate}`)}
            {project.stage === 'ON_HOLD' && project.heldFromStage && (
              <> · {t(`停缓建前为「${STAGE_LABELS[project.heldFromStage].zh}」`, `held from ${STAGE_LABELS[project.heldFromStage].en}`)}</>
            )}
          </Typography.Paragraph>
          <Form.Item
            name="toStage"
            label={t('变更为', 'New stage')}
            rules={[{ required: true, message: t('请选择目标阶段', 'Choose the new stage') }]}
            extra={unavailable.length ? unavailable.map((u) => <div key={u}>{u}</div>) : undefined}
          >
            <Select
              autoFocus
              placeholder={t('选择目标阶段', 'Choose the new stage')}
              options={choices.map((c) => ({
                value: c.stage,
                disabled: !c.available,
                title: c.reason ? label(c.reason) : undefined,
                label: (
                  <Space size={6}>
                    <span>{label(STAGE_LABELS[c.stage])}</span>
                    {c.kind && c.kind !== 'FORWARD' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {label(TRANSITION_KIND_LABELS[c.kind])}
                      </Typography.Text>
                    )}
                    {!c.available && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('不可选', 'not available')}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              }))}
              labelRender={({ value }) => label(STAGE_LABELS[value as Stage])}
            />
          </Form.Item>
          <Form.Item
            name="effectiveDate"
            label={t('生效日期（实际发生日）', 'Effective date (when it happened)')}
            extra={t('不能晚于今天，可补录以前的日期。', 'Not in the future; earlier dates may be recorded.')}
            rules={[{ required: true, message: t('请选择生效日期', 'Choose the effective date') }]}
          >
            <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.format(DATE) > today} />
          </Form.Item>
          {skipped.length > 0 && (
            <fieldset style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px 0', margin: '0 0 16px' }}>
              <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
                {t('跳过的阶段日期（可选，未填写的按生效日期记录）', 'Dates of skipped stages (optional; empty ones take the effective date)')}
              </legend>
              {skipped.map((s) => (
                <Form.Item key={s} name={['skippedStageDates', s]} label={label(STAGE_LABELS[s])} style={{ marginBottom: 8 }}>
                  <DatePicker
                    style={{ width: '100%' }}
                    disabledDate={(d) => {
                      const v = d.format(DATE);
                      return v > date || v < project.stageDate;
                    }}
                  />
                </Form.Item>
              ))}
            </fieldset>
          )}
          <Form.Item
            name="note"
            label={t('备注 / 原因', 'Note / reason')}
            rules={[
              {
                required: !!check?.needsNote,
                whitespace: true,
                message: t('请填写原因', 'Enter the reason'),
              },
              { max: 2000 },
            ]}
            extra={check?.needsNote ? noteHelp : undefined}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          {check?.problem && <Alert type="error" showIcon role="alert" title={label(check.problem.message)} data-testid="stage-rule-message" />}
          {kindHint && <Alert type={kind === 'CANCEL' ? 'warning' : 'info'} showIcon title={kindHint} />}
          {serverError && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={serverError} />}
        </>
      )}
    </Modal>
  );
}
