import { useMemo, useState } from 'react';
import { Alert, App, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { ALL_STAGES, STAGE_LABELS, canCorrect, type Stage } from '../../lib/domain';
import { businessToday } from '../../lib/format';
import { checkTransition } from '../../lib/transition-check';
import { useErrorText } from '../../components/QueryState';
import { StageTag } from '../../components/Tags';

export interface StageMoveTarget {
  id: string;
  nameZh: string;
  stage: Stage;
  stageDate: string;
  heldFromStage?: Stage | null;
  version: number;
}

/**
 * The board's stage form for a project known only from the list (the project page has its own, with the
 * full project and conflict handling): effective date, note and (for skips) the dates of passed stages. The rules are checked as
 * the user types, with the API's own wording; the API checks again. A stale version (409) is reported
 * through `onConflict` so the caller can offer reload/compare.
 */
export function StageMoveModal({
  project,
  initialStage,
  onClose,
  onConflict,
}: {
  project: StageMoveTarget;
  initialStage?: Stage;
  onClose: (changed: boolean) => void;
  onConflict?: (error: ApiError) => void;
}) {
  const me = useMe();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const today = businessToday();
  const [toStage, setToStage] = useState<Stage | undefined>(initialStage);
  const [date, setDate] = useState<Dayjs>(dayjs(today));
  const [note, setNote] = useState('');
  const [skipped, setSkipped] = useState<Record<string, Dayjs | null>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const effectiveDate = date.format('YYYY-MM-DD');
  const check = useMemo(
    () =>
      toStage
        ? checkTransition({ stage: project.stage, stageDate: project.stageDate, heldFromStage: project.heldFromStage ?? null }, toStage, effectiveDate, note, canCorrect(me.role))
        : null,
    [project, toStage, effectiveDate, me.role, note],
  );
  const ready = !!check?.plan && !(check.needsNote && !note.trim());

  async function submit() {
    if (!toStage || !ready) return;
    setSaving(true);
    setError(null);
    try {
      const skippedStageDates = Object.fromEntries(
        Object.entries(skipped)
          .filter(([s, d]) => d && check?.plan?.skipped.includes(s as never))
          .map(([s, d]) => [s, d!.format('YYYY-MM-DD')]),
      );
      await api.post(`/projects/${project.id}/stage-transitions`, {
        toStage,
        effectiveDate,
        note: note.trim() || undefined,
        version: project.version,
        ...(Object.keys(skippedStageDates).length ? { skippedStageDates } : {}),
      });
      message.success(t(`已将「${project.nameZh}」变更为${label(STAGE_LABELS[toStage])}`, `${project.nameZh} moved to ${label(STAGE_LABELS[toStage])}`));
      await Promise.all(['projects', 'project', 'alerts', 'dashboard'].map((k) => queryClient.invalidateQueries({ queryKey: [k] })));
      // The clocks are re-evaluated by the worker right after the change: refresh them again shortly.
      setTimeout(() => void Promise.all(['project', 'alerts', 'projects'].map((k) => queryClient.invalidateQueries({ queryKey: [k] }))), 1500);
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && onConflict) {
        onClose(false);
        onConflict(e);
        return;
      }
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      data-testid="stage-change-modal"
      title={t('变更项目阶段', 'Change the project stage')}
      okText={t('确认变更', 'Change stage')}
      cancelText={t('取消', 'Cancel')}
      onOk={submit}
      okButtonProps={{ disabled: !ready, loading: saving, 'data-testid': 'stage-change-submit' } as never}
      onCancel={() => onClose(false)}
      destroyOnHidden
      width={560}
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('项目', 'Project')}>{project.nameZh}</Descriptions.Item>
        <Descriptions.Item label={t('当前阶段', 'Current stage')}>
          <Space>
            <StageTag stage={project.stage} />
            <Typography.Text type="secondary">
              {t('自', 'since')} {project.stageDate}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('变更为', 'New stage')} required>
          <Select
            value={toStage}
            onChange={setToStage}
            aria-label={t('变更为', 'New stage')}
            data-testid="stage-change-target"
            options={ALL_STAGES.filter((s) => s !== project.stage).map((s) => ({ value: s, label: label(STAGE_LABELS[s]) }))}
            autoFocus
          />
        </Form.Item>
        <Form.Item label={t('生效日期', 'Effective date')} required extra={t('实际发生的日期，不能晚于今天', 'The day it happened; not in the future')}>
          <DatePicker
            value={date}
            onChange={(d) => d && setDate(d)}
            allowClear={false}
            style={{ width: '100%' }}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            aria-label={t('生效日期', 'Effective date')}
          />
        </Form.Item>
        {check?.plan && check.plan.skipped.length > 0 && (
          <Form.Item label={t('跳过的阶段及其日期（默认为生效日期）', 'Skipped stages and their dates (default: the effective date)')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {check.plan.skipped.map((s) => (
                <Space key={s}>
                  <StageTag stage={s} />
                  <DatePicker
                    size="small"
                    value={skipped[s] ?? null}
                    onChange={(d) => setSkipped((x) => ({ ...x, [s]: d }))}
                    disabledDate={(d) => d.format('YYYY-MM-DD') > effectiveDate || d.format('YYYY-MM-DD') < project.stageDate}
                    placeholder={effectiveDate}
                    aria-label={label(STAGE_LABELS[s])}
                  />
                </Space>
              ))}
            </Space>
          </Form.Item>
        )}
        <Form.Item
          label={check?.needsNote ? t('原因说明（必填）', 'Reason (required)') : t('备注', 'Note')}
          required={check?.needsNote}
          validateStatus={check?.needsNote && !note.trim() ? 'warning' : undefined}
          help={check?.needsNote && !note.trim() ? t('回退、停缓建、终止须写明原因', 'Corrections, holds and cancellations need a reason') : undefined}
        >
          <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} aria-label={t('原因说明', 'Reason')} data-testid="stage-change-note" />
        </Form.Item>
      </Form>
      {check?.problem && <Alert type="warning" showIcon message={t('不能这样变更', 'This change is not allowed')} description={label(check.problem.message)} data-testid="stage-change-problem" />}
      {check?.plan?.kind === 'CORRECTION' && (
        <Alert type="info" showIcon message={t('这是一次更正（回退），将保留在阶段历史中。', 'This is a correction (moving back); it stays in the stage history.')} />
      )}
    </Modal>
  );
}
