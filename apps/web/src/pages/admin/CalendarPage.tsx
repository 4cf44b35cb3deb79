import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Menu, Modal, Radio, Row, Space, Tag, Typography } from 'antd';
import { PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api/client';
import type { CalendarYear, CalendarYearSummary, SavedCalendarYear } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { QueryState, useErrorText } from '../../components/QueryState';
import { businessToday } from '../../lib/format';
import {
  allowedMarks,
  cycleDay,
  diffMarks,
  diffSize,
  holidayBlocks,
  markOf,
  setMark,
  validateCalendarYear,
  type DayMark,
} from '../../lib/calendar-grid';
import { isStale } from './formErrors';
import { useConfirmDiscard } from './useConfirmDiscard';
import { MonthGrid } from './MonthGrid';
import { ReevaluationProgress } from './ReevaluationProgress';
import './calendar.css';

interface Draft {
  holidays: string[];
  workdays: string[];
  source: string;
  names: Record<string, string>;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** 工作日历: official holidays (休) and 调休 make-up workdays (班) per year, which every working-day deadline counts by. */
export function CalendarPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const years = useQuery({ queryKey: ['calendar'], queryFn: () => api.get<CalendarYearSummary[]>('/calendar') });
  const [newYear, setNewYear] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [run, setRun] = useState<{ id: string; what: string } | null>(null);
  const thisYear = Number(businessToday().slice(0, 4));
  const confirmDiscard = useConfirmDiscard();
  /** Whether the open year has unsaved edits (switching years would drop them). */
  const dirtyRef = useRef(false);
  const onDirtyChange = useCallback((dirty: boolean) => {
    dirtyRef.current = dirty;
  }, []);

  const list = years.data ?? [];
  const requested = Number(params.get('year'));
  const selected =
    requested && (list.some((y) => y.year === requested) || requested === newYear)
      ? requested
      : list.some((y) => y.year === thisYear)
        ? thisYear
        : (list[list.length - 1]?.year ?? newYear);
  const select = (year: number) => setParams({ year: String(year) }, { replace: true });
  const leaveTo = (year: number) => {
    if (year === selected) return;
    confirmDiscard(dirtyRef.current, () => {
      dirtyRef.current = false;
      select(year);
    });
  };
  const isNew = selected !== null && selected === newYear && !list.some((y) => y.year === newYear);

  return (
    <>
      <PageHeader
        title={t('工作日历', 'Working calendar')}
        sub={t(
          '按国务院办公厅每年的节假日安排通知维护：法定节假日（休）与调休上班日（班）。所有按工作日计算的时限和月调度截止日都以此为准。',
          "Kept from the State Council's annual holiday notice: official holidays (off) and make-up workdays (on). Every working-day deadline and monthly report date counts by it.",
        )}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => confirmDiscard(dirtyRef.current, () => setAdding(true))} disabled={!years.data}>
            {t('新增年份', 'Add a year')}
          </Button>
        }
      />
      {run && <ReevaluationProgress key={run.id} runId={run.id} what={run.what} onClose={() => setRun(null)} />}
      <QueryState query={years} rows={8}>
        {(data) => (
          <Row gutter={16} wrap={false}>
            <Col flex="188px">
              <Card size="small" title={t('年份', 'Years')} styles={{ body: { padding: 4 } }}>
                {data.length === 0 && !newYear ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('还没有日历数据', 'No calendar data yet')} />
                ) : (
                  <Menu
                    mode="inline"
                    selectedKeys={selected ? [String(selected)] : []}
                    style={{ borderInlineEnd: 0 }}
                    onClick={({ key }) => leaveTo(Number(key))}
                    items={[
                      ...(newYear && !data.some((y) => y.year === newYear)
                        ? [
                            {
                              key: String(newYear),
                              label: (
                                <Space size={6}>
                                  <span>{newYear}</span>
                                  <Tag color="orange">{t('未保存', 'unsaved')}</Tag>
                                </Space>
                              ),
                            },
                          ]
                        : []),
                      ...[...data].reverse().map((y) => ({
                        key: String(y.year),
                        label: (
                          <Space size={6}>
                            <span style={{ fontWeight: y.year === thisYear ? 600 : undefined }}>{y.year}</span>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t(`休${y.holidays} 班${y.workdays}`, `${y.holidays} off, ${y.workdays} on`)}
                            </Typography.Text>
                          </Space>
                        ),
                      })),
                    ]}
                  />
                )}
              </Card>
            </Col>
            <Col flex="auto" style={{ minWidth: 0 }}>
              {selected ? (
                <YearEditor
                  key={`${selected}-${isNew ? 'new' : 'saved'}`}
                  year={selected}
                  isNew={isNew}
                  onDirtyChange={onDirtyChange}
                  onSaved={(saved) => {
                    if (saved.year === newYear) setNewYear(null);
                    setRun({ id: saved.reevaluationRunId, what: t(`${saved.year} 年工作日历`, `The ${saved.year} calendar`) });
                  }}
                  onDiscardNew={() => {
                    setNewYear(null);
                    setParams({}, { replace: true });
                  }}
                />
              ) : (
                <Card>
                  <Empty description={t('还没有任何年份的日历。点击“新增年份”，按当年的国务院通知录入节假日。', 'No year yet. Click “Add a year” and enter the holidays from that year’s notice.')} />
                </Card>
              )}
            </Col>
          </Row>
        )}
      </QueryState>
      <AddYearModal
        open={adding}
        existing={list.map((y) => y.year)}
        suggested={Math.max(thisYear, ...list.map((y) => y.year)) + (list.some((y) => y.year >= thisYear) ? 1 : 0)}
        onCancel={() => setAdding(false)}
        onAdd={(year) => {
          setAdding(false);
          dirtyRef.current = false;
          setNewYear(year);
          select(year);
        }}
      />
    </>
  );
}

function AddYearModal({ open, existing, suggested, onCancel, onAdd }: { open: boolean; existing: number[]; suggested: number; onCancel: () => void; onAdd: (year: number) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ year: number }>();
  useEffect(() => {
    if (open) form.setFieldsValue({ year: Math.min(2100, suggested) });
  }, [open, suggested, form]);
  return (
    <Modal open={open} title={t('新增年份', 'Add a year')} onCancel={onCancel} onOk={() => form.submit()} okText={t('开始录入', 'Start')} cancelText={t('取消', 'Cancel')} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {t(
          '新年份从“只有周末休息”开始，请按国务院办公厅当年的节假日安排通知点选休息日和调休上班日，填写依据后保存。',
          'A new year starts with weekends only; click the holidays and make-up workdays from that year’s State Council notice, name the source and save.',
        )}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => onAdd(v.year)}>
        <Form.Item
          name="year"
          label={t('年份', 'Year')}
          rules={[
            { required: true, message: t('请填写年份', 'Enter a year') },
            { type: 'integer', min: 1990, max: 2100, message: t('年份须在 1990–2100 之间', 'Between 1990 and 2100') },
            { validator: (_, v: number) => (existing.includes(v) ? Promise.reject(new Error(t('该年份已有日历，请在左侧选择后编辑', 'That year exists; pick it on the left to edit'))) : Promise.resolve()) },
          ]}
        >
          <InputNumber min={1990} max={2100} precision={0} style={{ width: 160 }} autoFocus />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

const toDraft = (y: CalendarYear | null): Draft => ({
  holidays: [...(y?.holidays ?? [])].sort(),
  workdays: [...(y?.workdays ?? [])].sort(),
  source: y?.source ?? '',
  names: { ...(y?.names ?? {}) },
});

function YearEditor({
  year,
  isNew,
  onSaved,
  onDiscardNew,
  onDirtyChange,
}: {
  year: number;
  isNew: boolean;
  onSaved: (saved: SavedCalendarYear) => void;
  onDiscardNew: () => void;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['calendar', year], queryFn: () => api.get<CalendarYear>(`/calendar/${year}`), enabled: !isNew });
  const saved = isNew ? null : (query.data ?? null);
  const [draft, setDraft] = useState<Draft>(() => toDraft(saved));
  const [baseVersion, setBaseVersion] = useState<number | null>(saved?.version ?? null);
  const [serverErrors, setServerErrors] = useState<{ stale: boolean; text: string; fields: string[] } | null>(null);
  const today = businessToday();
  const [focusDate, setFocusDate] = useState(today.startsWith(`${year}-`) ? today : `${year}-01-01`);
  const [selectedDate, setSelectedDate] = useState<string | null>(null);

  // Take the server's year whenever a newer version arrives (first load, after save, after reload).
  useEffect(() => {
    if (saved && saved.version !== baseVersion) {
      setDraft(toDraft(saved));
      setBaseVersion(saved.version);
    }
  }, [saved, baseVersion]);

  const base = useMemo(() => toDraft(saved), [saved]);
  const diff = useMemo(() => diffMarks(base, draft), [base, draft]);
  const changedDates = useMemo(() => new Set([...diff.holidaysAdded, ...diff.holidaysRemoved, ...diff.workdaysAdded, ...diff.workdaysRemoved]), [diff]);
  const namesChanged = JSON.stringify(cleanNames(draft)) !== JSON.stringify(cleanNames(base));
  const dirty = diffSize(diff) > 0 || draft.source.trim() !== base.source.trim() || namesChanged || isNew;
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);
  useEffect(() => {
    onDirtyChange(dirty);
    if (!dirty) return;
    // Reloading or closing the tab with unsaved edits asks first.
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, onDirtyChange]);
  const problems = useMemo(() => validateCalendarYear({ year, holidays: draft.holidays, workdays: draft.workdays, source: draft.source || null }, year), [year, draft]);
  const blocks = useMemo(() => holidayBlocks(draft.holidays), [draft.holidays]);

  const toggle = useCallback((date: string) => {
    setSelectedDate(date);
    setDraft((d) => {
      const next = cycleDay(d, date);
      if (markOf(date, next) === 'normal') {
        const { [date]: _gone, ...names } = next.names;
        return { ...next, names };
      }
      return next;
    });
  }, []);

  const save = useMutation({
    mutationFn: () =>
      api.put<SavedCalendarYear>(`/calendar/${year}`, {
        holidays: draft.holidays,
        workdays: draft.workdays,
        source: draft.source.trim() || null,
        names: cleanNames(draft),
        ...(isNew ? {} : { version: baseVersion }),
      }),
    onSuccess: (answer) => {
      setServerErrors(null);
      qc.setQueryData(['calendar', year], answer);
      const summary: CalendarYearSummary = { year, holidays: answer.holidays.length, workdays: answer.workdays.length, source: answer.source, version: answer.version };
      qc.setQueryData<CalendarYearSummary[]>(['calendar'], (list) =>
        list ? [...list.filter((y) => y.year !== year), summary].sort((a, b) => a.year - b.year) : list,
      );
      void qc.invalidateQueries({ queryKey: ['calendar'], exact: true });
      message.success(t(`${year} 年工作日历已保存`, `The ${year} calendar is saved`));
      onSaved(answer);
    },
    onError: (e) => {
      if (isStale(e)) {
        setServerErrors({
          stale: true,
          text: isNew
            ? t(`${year} 年的日历刚被他人创建。重新加载可看到它（您在此处的修改将丢失）。`, `Someone else just created ${year}. Reload to see it (your changes here will be lost).`)
            : t(`${year} 年的日历已被他人修改。重新加载可看到最新内容（您在此处的修改将丢失）。`, `Someone else changed ${year}. Reload to see the latest (your changes here will be lost).`),
          fields: [],
        });
        return;
      }
      const fields = e instanceof ApiError ? Object.entries(e.fieldErrors()).map(([f, m]) => `${f}: ${m}`) : [];
      setServerErrors({ stale: false, text: errorText(e), fields });
    },
  });

  const reload = async () => {
    setServerErrors(null);
    if (isNew) {
      await qc.invalidateQueries({ queryKey: ['calendar'] });
      return;
    }
    const fresh = await qc.fetchQuery({ queryKey: ['calendar', year], queryFn: () => api.get<CalendarYear>(`/calendar/${year}`), staleTime: 0 });
    setDraft(toDraft(fresh));
    setBaseVersion(fresh.version);
    void qc.invalidateQueries({ queryKey: ['calendar'] });
  };

  const confirmSave = () => {
    const lines = [
      diff.holidaysAdded.length && t(`新增休息日 ${diff.holidaysAdded.length} 天`, `${diff.holidaysAdded.length} holidays added`),
      diff.holidaysRemoved.length && t(`取消休息日 ${diff.holidaysRemoved.length} 天`, `${diff.holidaysRemoved.length} holidays removed`),
      diff.workdaysAdded.length && t(`新增调休上班 ${diff.workdaysAdded.length} 天`, `${diff.workdaysAdded.length} make-up workdays added`),
      diff.workdaysRemoved.length && t(`取消调休上班 ${diff.workdaysRemoved.length} 天`, `${diff.workdaysRemoved.length} make-up workdays removed`),
      draft.source.trim() !== base.source.trim() && t('修改了依据', 'source changed'),
    ].filter(Boolean) as string[];
    modal.confirm({
      title: isNew ? t(`创建 ${year} 年工作日历？`, `Create the ${year} calendar?`) : t(`保存 ${year} 年工作日历？`, `Save the ${year} calendar?`),
      content: (
        <Space orientation="vertical" size={6}>
          {isNew ? (
            <span>{t(`共休息日 ${draft.holidays.length} 天、调休上班 ${draft.workdays.length} 天。`, `${draft.holidays.length} holidays and ${draft.workdays.length} make-up workdays.`)}</span>
          ) : (
            lines.length > 0 && <span>{lines.join(t('，', ', '))}。</span>
          )}
          <span>
            {t(
              '保存后将在后台重新评估全部在途项目：按工作日计算的时限、黄灯和督办日期以及月调度截止日都会随之变化。',
              'Every live project is then re-evaluated in the background: working-day deadlines, warning and escalation dates and monthly report dates follow the new calendar.',
            )}
          </span>
        </Space>
      ),
      okText: t('保存并重新评估', 'Save and re-evaluate'),
      cancelText: t('取消', 'Cancel'),
      onOk: () => save.mutateAsync().catch(() => undefined),
    });
  };

  const revert = () => {
    if (isNew) {
      modal.confirm({
        title: t(`放弃新建 ${year} 年？`, `Discard the new year ${year}?`),
        content: t('尚未保存的内容将丢失。', 'Nothing has been saved yet; it will be lost.'),
        okText: t('放弃', 'Discard'),
        okButtonProps: { danger: true },
        cancelText: t('继续编辑', 'Keep editing'),
        onOk: onDiscardNew,
      });
      return;
    }
    modal.confirm({
      title: t('撤销全部未保存的修改？', 'Undo every unsaved change?'),
      okText: t('撤销修改', 'Undo'),
      cancelText: t('取消', 'Cancel'),
      onOk: () => setDraft(toDraft(saved)),
    });
  };

  if (!isNew && (query.isPending || query.isError)) {
    return (
      <Card>
        <QueryState query={query} rows={10}>
          {() => null}
        </QueryState>
      </Card>
    );
  }

  const selectedMark = selectedDate ? markOf(selectedDate, draft) : null;
  const setSelectedMark = (mark: DayMark) => {
    if (!selectedDate) return;
    setDraft((d) => {
      const next = setMark(d, selectedDate, mark);
      if (mark === 'normal') {
        const { [selectedDate]: _gone, ...names } = next.names;
        return { ...next, names };
      }
      return next;
    });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <span style={{ fontSize: 16 }}>{t(`${year} 年`, `${year}`)}</span>
            <Tag color="red">{t(`休 ${draft.holidays.length} 天`, `${draft.holidays.length} off`)}</Tag>
            <Tag color="blue">{t(`班 ${draft.workdays.length} 天`, `${draft.workdays.length} on`)}</Tag>
            {isNew ? <Tag color="orange">{t('新建，未保存', 'new, unsaved')}</Tag> : <Tag>{t(`第 ${baseVersion} 版`, `version ${baseVersion}`)}</Tag>}
            {!isNew && dirty && <Tag color="orange">{t(`有 ${changedDates.size} 天未保存的修改`, `${changedDates.size} unsaved day changes`)}</Tag>}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<UndoOutlined />} onClick={revert} disabled={!dirty || save.isPending}>
              {isNew ? t('放弃', 'Discard') : t('撤销修改', 'Undo changes')}
            </Button>
            <Button type="primary" icon={<SaveOutlined />} onClick={confirmSave} disabled={!dirty || problems.length > 0} loading={save.isPending}>
              {t('保存', 'Save')}
            </Button>
          </Space>
        }
      >
        <Row gutter={16} align="top">
          <Col flex="auto" style={{ minWidth: 260 }}>
            <label htmlFor="calendar-source" style={{ display: 'block', marginBottom: 4 }}>
              {t('依据（通知名称）', 'Source (the notice)')}
            </label>
            <Input.TextArea
              id="calendar-source"
              value={draft.source}
              onChange={(e) => setDraft((d) => ({ ...d, source: e.target.value }))}
              autoSize={{ minRows: 1, maxRows: 3 }}
              placeholder={t(`国务院办公厅关于${year}年部分节假日安排的通知`, `国务院办公厅关于${year}年部分节假日安排的通知 (the State Council notice)`)}
            />
          </Col>
          <Col flex="380px">
            <div style={{ marginBottom: 4 }}>{selectedDate ? t(`选中：${selectedDate}`, `Selected: ${selectedDate}`) : t('点选日期可切换：工作日 → 休 →（周末）班', 'Click a day to cycle: working → off → (weekend) on')}</div>
            {selectedDate && selectedMark && (
              <Space size={8} wrap>
                <Radio.Group
                  size="small"
                  optionType="button"
                  value={selectedMark}
                  onChange={(e) => setSelectedMark(e.target.value as DayMark)}
                  aria-label={t('选中日期的类型', 'Kind of the selected day')}
                  options={allowedMarks(selectedDate).map((m) => ({
                    value: m,
                    label: m === 'normal' ? t('正常', 'Normal') : m === 'holiday' ? t('休', 'Off') : t('班', 'On'),
                  }))}
                />
                <Input
                  size="small"
                  style={{ width: 150 }}
                  disabled={selectedMark === 'normal'}
                  value={draft.names[selectedDate] ?? ''}
                  aria-label={t('名称（如 国庆节）', 'Name (e.g. National Day)')}
                  placeholder={t('名称，如 国庆节', 'Name, e.g. 国庆节')}
                  onChange={(e) => setDraft((d) => ({ ...d, names: { ...d.names, [selectedDate]: e.target.value } }))}
                />
              </Space>
            )}
          </Col>
        </Row>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginTop: 12 }}
            title={t('日历有误，修正后才能保存', 'Fix these before saving')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            }
          />
        )}
        {serverErrors && (
          <Alert
            type={serverErrors.stale ? 'warning' : 'error'}
            showIcon
            role="alert"
            style={{ marginTop: 12 }}
            title={serverErrors.stale ? t('保存冲突', 'Edit conflict') : t('未能保存', 'Not saved')}
            description={
              <>
                <div>{serverErrors.text}</div>
                {serverErrors.fields.length > 0 && (
                  <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                    {serverErrors.fields.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                )}
              </>
            }
            action={
              serverErrors.stale ? (
                <Button size="small" onClick={() => void reload()}>
                  {t('重新加载', 'Reload')}
                </Button>
              ) : undefined
            }
          />
        )}
        {isNew && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            title={t(
              `${year} 年尚无日历数据：保存前，按工作日计算的时限只跳过周末，时限说明中会注明。`,
              `${year} has no calendar yet: until it is saved, working-day deadlines skip weekends only, and their explanations say so.`,
            )}
          />
        )}
      </Card>

      <Card size="small" styles={{ body: { padding: 12 } }}>
        <div className="luodi-cal-legend" style={{ marginBottom: 10 }}>
          <span>
            <i style={{ background: '#fde8e8', border: '1px solid #f5b5b5' }} />
            {t('休：法定节假日', 'Off: official holiday')}
          </span>
          <span>
            <i style={{ background: '#e6f0ff', border: '1px solid #a9c4f5' }} />
            {t('班：调休上班（仅限周末）', 'On: make-up workday (weekends only)')}
          </span>
          <span>
            <i style={{ background: '#f3f4f6', border: '1px solid #e0e0e0' }} />
            {t('周末', 'Weekend')}
          </span>
          <span>
            <i style={{ background: '#fff', border: '1px solid #d9d9d9', boxShadow: 'inset 0 -2px 0 #b5282e' }} />
            {t('今天', 'Today')}
          </span>
          <span>
            <i style={{ background: '#fa8c16', width: 8, height: 8, borderRadius: '50%', verticalAlign: 0 }} />
            {t('未保存的修改', 'Unsaved change')}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('方向键移动，回车或空格切换', 'Arrow keys move; Enter or Space toggles')}
          </Typography.Text>
        </div>
        <div className="luodi-cal-months">
          {MONTHS.map((m) => {
            const prefix = `${year}-${String(m).padStart(2, '0')}-`;
            return (
              <MonthGrid
                key={m}
                year={year}
                month={m}
                marks={draft}
                names={draft.names}
                changed={changedDates}
                focusDate={focusDate.startsWith(prefix) ? focusDate : ''}
                selected={selectedDate?.startsWith(prefix) ? selectedDate : null}
                today={today}
                onToggle={toggle}
                onFocusDate={setFocusDate}
              />
            );
          })}
        </div>
      </Card>

      <Card size="small" title={t('本年节假日与调休', 'Holidays and make-up workdays this year')}>
        {blocks.length === 0 && draft.workdays.length === 0 ? (
          <Typography.Text type="secondary">{t('尚未标记任何节假日或调休上班日。', 'No holiday or make-up workday marked yet.')}</Typography.Text>
        ) : (
          <Row gutter={24}>
            <Col span={14}>
              <Typography.Text strong>{t('放假', 'Days off')}</Typography.Text>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {blocks.map((b) => (
                  <li key={b.start}>
                    {b.start === b.end ? b.start : `${b.start} — ${b.end}`}
                    <Typography.Text type="secondary">{t(`（${b.days} 天）`, ` (${b.days} days)`)}</Typography.Text>
                    {draft.names[b.start] && <Tag style={{ marginInlineStart: 8 }}>{draft.names[b.start]}</Tag>}
                  </li>
                ))}
              </ul>
            </Col>
            <Col span={10}>
              <Typography.Text strong>{t('调休上班', 'Make-up workdays')}</Typography.Text>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {draft.workdays.map((d) => (
                  <li key={d}>
                    {d}
                    {draft.names[d] && <Tag style={{ marginInlineStart: 8 }}>{draft.names[d]}</Tag>}
                  </li>
                ))}
                {draft.workdays.length === 0 && <Typography.Text type="secondary">{t('无', 'None')}</Typography.Text>}
              </ul>
            </Col>
          </Row>
        )}
      </Card>
    </Space>
  );
}

/** Names only for marked days, non-empty, sorted by date. */
function cleanNames(d: Draft): Record<string, string> {
  const marked = new Set([...d.holidays, ...d.workdays]);
  return Object.fromEntries(
    Object.entries(d.names)
      .filter(([date, name]) => marked.has(date) && name.trim())
      .map(([date, name]) => [date, name.trim()] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
