import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, List, Modal, Progress, Space, Tag, Typography } from 'antd';
import { EditOutlined, FormOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../api/client';
import type { ProgressReport, Project } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { QueryState, useErrorText } from '../../components/QueryState';
import { currentPeriod, formatDateTime } from '../../lib/format';
import { applyFieldErrors } from './formErrors';
import { useProgress, useRefresh } from './queries';

interface Values {
  period: Dayjs;
  summary: string;
  constructionPercent?: number | null;
  nextSteps?: string;
  problems?: string;
}

const FIELDS = ['period', 'summary', 'constructionPercent', 'nextSteps', 'problems'];

/** The API sends reportedAt / updatedAt (types.ts says createdAt); read whichever is there. */
type ReportRow = ProgressReport & { reportedAt?: string; updatedAt?: string };
const filedAt = (r: ReportRow) => r.reportedAt ?? r.createdAt ?? null;

/** 月调度: the monthly progress reports, newest first, and the form to file or edit this month's. */
export function ProgressTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const progress = useProgress(project.id);
  const refresh = useRefresh(project.id);
  const [form] = Form.useForm<Values>();
  /** null: closed; 'new': filing a report; a report: editing it. */
  const [open, setOpen] = useState<'new' | ProgressReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const thisMonth = currentPeriod();
  const reports = progress.data ?? [];
  const current = reports.find((r) => r.period === thisMonth);
  const editing = open && open !== 'new' ? open : null;
  const chosen = Form.useWatch('period', form);
  const clash = !editing && chosen ? reports.find((r) => r.period === chosen.format('YYYY-MM')) : undefined;

  const start = (what: 'new' | ProgressReport) => {
    setFormError(null);
    setOpen(what);
  };

  const submit = async (v: Values) => {
    const body = {
      summary: v.summary.trim(),
      constructionPercent: v.constructionPercent ?? null,
      nextSteps: v.nextSteps?.trim() || null,
      problems: v.problems?.trim() || null,
    };
    setBusy(true);
    setFormError(null);
    try {
      if (editing) {
        await api.patch<ProgressReport>(`/projects/${project.id}/progress-reports/${editing.id}`, { ...body, version: editing.version });
      } else {
        const create = Object.fromEntries(Object.entries({ period: v.period.format('YYYY-MM'), ...body }).filter(([, x]) => x !== null));
        await api.post<ProgressReport>(`/projects/${project.id}/progress-reports`, create);
      }
      message.success(editing ? t('月调度已更新。', 'Progress report updated.') : t('月调度已报送。', 'Progress report filed.'));
      refresh(['progress', 'audit', 'deadlines', 'alerts'], { clocks: true });
      setOpen(null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION' && editing) {
        const fresh = (await progress.refetch()).data?.find((r) => r.id === editing.id);
        setFormError(t('此报告已被他人修改，已载入最新内容，请核对后再保存。', 'Someone else changed this report; the latest text is loaded — check it and save again.'));
        if (fresh) setOpen(fresh);
      } else if (e instanceof ApiError && e.code === 'DUPLICATE') {
        setFormError(t('该月的月调度已存在，请编辑原报告。', 'A report for that month exists: edit it instead.'));
        void progress.refetch();
      } else if (!applyFieldErrors(form, e, FIELDS)) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const initial = editing
    ? { period: dayjs(`${editing.period}-01`), summary: editing.summary, constructionPercent: editing.constructionPercent, nextSteps: editing.nextSteps ?? '', problems: editing.problems ?? '' }
    : { period: dayjs(`${thisMonth}-01`) };

  return (
    <>
      <Card
        size="small"
        title={t('月调度', 'Monthly progress reports')}
        extra={
          canWrite &&
          progress.isSuccess && (
            <Button type="primary" icon={current ? <EditOutlined /> : <FormOutlined />} onClick={() => start(current ?? 'new')} data-testid="progress-this-month">
              {current ? t('编辑本月', 'Edit this month') : t('填报本月', "File this month's report")}
            </Button>
          )
        }
      >
        <QueryState
          query={progress}
          rows={5}
          isEmpty={(items) => items.length === 0}
          empty={<Empty description={t(`尚无月调度。每月应报送进展，${thisMonth} 的报告尚未填报。`, `No progress reports yet. A report is due every month; ${thisMonth} has not been filed.`)} />}
        >
          {(items) => (
            <List<ProgressReport>
              itemLayout="vertical"
              dataSource={[...items].sort((a, b) => b.period.localeCompare(a.period))}
              renderItem={(r: ReportRow) => (
                <List.Item
                  key={r.id}
                  extra={
                    canWrite ? (
                      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => start(r)} aria-label={t(`编辑 ${r.period} 月调度`, `Edit the ${r.period} report`)}>
                        {t('编辑', 'Edit')}
                      </Button>
                    ) : undefined
                  }
                >
                  <Space wrap size={8} style={{ marginBottom: 6 }}>
                    <Typography.Text strong style={{ fontSize: 15 }}>
                      {r.period}
                    </Typography.Text>
                    {r.period === thisMonth && <Tag color="blue">{t('本月', 'This month')}</Tag>}
                    {filedAt(r) && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`报送于 ${formatDateTime(filedAt(r))}`, `Filed ${formatDateTime(filedAt(r))}`)}
                        {r.updatedAt && r.updatedAt !== filedAt(r) && t(`，修改于 ${formatDateTime(r.updatedAt)}`, `, edited ${formatDateTime(r.updatedAt)}`)}
                      </Typography.Text>
                    )}
                  </Space>
                  {r.constructionPercent !== null && (
                    <div style={{ maxWidth: 360 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('形象进度', 'Construction progress')}
                      </Typography.Text>
                      <Progress percent={r.constructionPercent} size="small" aria-label={t('形象进度', 'Construction progress')} />
                    </div>
                  )}
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{r.summary}</Typography.Paragraph>
                  {r.problems && (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                      <Typography.Text type="danger">{t('存在问题：', 'Problems: ')}</Typography.Text>
                      {r.problems}
                    </Typography.Paragraph>
                  )}
                  {r.nextSteps && (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                      <Typography.Text type="secondary">{t('下步计划：', 'Next steps: ')}</Typography.Text>
                      {r.nextSteps}
                    </Typography.Paragraph>
                  )}
                </List.Item>
              )}
            />
          )}
        </QueryState>
      </Card>

      <Modal
        open={!!open}
        title={editing ? t(`编辑月调度：${editing.period}`, `Edit progress report: ${editing.period}`) : t('填报月调度', 'File a progress report')}
        onCancel={() => setOpen(null)}
        okText={editing ? t('保存', 'Save') : t('报送', 'File')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy, disabled: !!clash }}
        width={640}
        destroyOnHidden
        modalRender={(node) => (
          <Form<Values> key={editing ? `${editing.id}:${editing.version}` : 'new'} form={form} layout="vertical" clearOnDestroy initialValues={initial} onFinish={(v) => void submit(v)} onValuesChange={() => setFormError(null)}>
            {node}
          </Form>
        )}
      >
        <Form.Item name="period" label={t('报告期', 'Period')} rules={[{ required: true, message: t('请选择月份', 'Choose the month') }]}>
          <DatePicker picker="month" format="YYYY-MM" disabled={!!editing} allowClear={false} style={{ width: 180 }} disabledDate={(d) => d.format('YYYY-MM') > thisMonth} />
        </Form.Item>
        {clash && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t(`${clash.period} 的月调度已报送。`, `The ${clash.period} report has been filed.`)}
            action={
              <Button size="small" onClick={() => start(clash)}>
                {t('编辑该月', 'Edit it')}
              </Button>
            }
          />
        )}
        <Form.Item
          name="summary"
          label={t('进展情况', 'Progress this month')}
          rules={[
            { required: true, whitespace: true, message: t('请填写本月进展', 'Describe this month’s progress') },
            { max: 10000 },
          ]}
        >
          <Input.TextArea autoFocus rows={4} maxLength={10000} showCount />
        </Form.Item>
        <Form.Item name="constructionPercent" label={t('形象进度（%）', 'Construction progress (%)')} extra={t('0–100，未开工或不适用可不填', '0–100; leave empty when not applicable')}>
          <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="problems" label={t('存在问题', 'Problems')} rules={[{ max: 10000 }]}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
        <Form.Item name="nextSteps" label={t('下步计划', 'Next steps')} rules={[{ max: 10000 }]}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>
    </>
  );
}
