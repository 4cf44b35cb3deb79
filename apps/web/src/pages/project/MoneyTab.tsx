import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Grid, Input, List, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { EChartsOption } from 'echarts';
import { api, ApiError } from '../../api/client';
import type { MoneyKind, MoneyRecord, Project } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { QueryState, useErrorText } from '../../components/QueryState';
import { ChartCard } from '../../components/ChartCard';
import { MONEY_KIND_LABELS } from '../../lib/domain';
import { businessToday, currentPeriod, formatMoney } from '../../lib/format';
import { MONEY_INPUT_RE, arrivedCompletedByPeriod, isValidPeriod, periodHasBegun, totalsByKind, type PeriodRow } from '../../lib/money';
import { applyFieldErrors } from './formErrors';
import { useMoney, useRefresh } from './queries';

const KIND_COLOR: Record<MoneyKind, string> = { AGREED: 'blue', ARRIVED: 'green', COMPLETED: 'orange', ANNUAL_PLAN: 'default' };
const KINDS: MoneyKind[] = ['AGREED', 'ARRIVED', 'COMPLETED', 'ANNUAL_PLAN'];

interface AddValues {
  kind: MoneyKind;
  period: string;
  amount: string;
  note?: string;
}
interface EditValues {
  amount: string;
  note?: string;
}

/** 资金: money records by period and kind, a bar chart of arrived and completed investment, and forms to add or correct records. */
export function MoneyTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const money = useMoney(project.id);
  const refresh = useRefresh(project.id);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<MoneyRecord | null>(null);
  const [addForm] = Form.useForm<AddValues>();
  const [editForm] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<{ text: string; existing?: MoneyRecord } | null>(null);
  const today = businessToday();

  const amountRule = {
    validator: (_r: unknown, v: string | undefined) =>
      v && MONEY_INPUT_RE.test(v.trim())
        ? Promise.resolve()
        : Promise.reject(new Error(t('请输入金额（万元，最多两位小数），如 1250.50', 'Enter an amount in 10k CNY with at most 2 decimals, e.g. 1250.50'))),
  };

  const add = async (v: AddValues) => {
    setBusy(true);
    setFormError(null);
    try {
      await api.post<MoneyRecord>(`/projects/${project.id}/money-records`, {
        kind: v.kind,
        period: v.period.trim(),
        amount: v.amount.trim(),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('资金记录已添加。', 'Money record added.'));
      refresh(['money', 'audit']);
      setAdding(false);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DUPLICATE') {
        const id = (e.details as { id?: string } | undefined)?.id;
        setFormError({
          text: t(`${v.period} 的「${MONEY_KIND_LABELS[v.kind].zh}」已有记录，请修改原记录。`, `There is already a ${MONEY_KIND_LABELS[v.kind].en.toLowerCase()} record for ${v.period}: change that one instead.`),
          existing: money.data?.find((r) => r.id === id),
        });
      } else if (!applyFieldErrors(addForm, e, ['kind', 'period', 'amount', 'note'])) setFormError({ text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const save = async (v: EditValues) => {
    if (!editing) return;
    setBusy(true);
    setFormError(null);
    try {
      await api.patch<MoneyRecord>(`/projects/${project.id}/money-records/${editing.id}`, {
        amount: v.amount.trim(),
        note: v.note?.trim() ? v.note.trim() : null,
        version: editing.version,
      });
      message.success(t('资金记录已更新。', 'Money record updated.'));
      refresh(['money', 'audit']);
      setEditing(null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        setFormError({ text: t('此记录已被他人修改，已刷新为最新数据，请核对后重新填写。', 'Someone else changed this record; it has been reloaded — check it and enter your change again.') });
        const fresh = (await money.refetch()).data?.find((r) => r.id === editing.id);
        if (fresh) {
          setEditing(fresh);
          editForm.setFieldsValue({ amount: fresh.amount, note: fresh.note ?? '' });
        }
      } else if (!applyFieldErrors(editForm, e, ['amount', 'note'])) setFormError({ text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const openEdit = (r: MoneyRecord) => {
    setAdding(false);
    setFormError(null);
    setEditing(r);
  };

  const chart = useMemo(() => arrivedCompletedByPeriod(money.data ?? []), [money.data]);
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatMoney(v as number, lang) },
      xAxis: { type: 'category', data: chart.map((r) => r.period) },
      yAxis: { type: 'value', name: t('万元', '10k CNY'), axisLabel: { formatter: (v: number) => v.toLocaleString() } },
      series: [
        { name: label(MONEY_KIND_LABELS.ARRIVED), type: 'bar', data: chart.map((r) => r.ARRIVED), color: '#52c41a', barMaxWidth: 28 },
        { name: label(MONEY_KIND_LABELS.COMPLETED), type: 'bar', data: chart.map((r) => r.COMPLETED), color: '#fa8c16', barMaxWidth: 28 },
      ],
    }),
    [chart, label, lang, t],
  );

  const kindTag = (k: MoneyKind) => <Tag color={KIND_COLOR[k]}>{label(MONEY_KIND_LABELS[k])}</Tag>;
  const editButton = (r: MoneyRecord) =>
    canWrite ? (
      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openEdit(r)} aria-label={t(`修改 ${r.period} 记录`, `Edit the ${r.period} record`)}>
        {t('修改', 'Edit')}
      </Button>
    ) : null;

  return (
    <>
      <QueryState query={money} rows={6}>
        {(records) => {
          const totals = totalsByKind(records);
          const sorted = [...records].sort((a, b) => b.period.localeCompare(a.period) || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
          return (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
              <Row gutter={[12, 12]}>
                {KINDS.map((k) => (
                  <Col key={k} xs={12} md={6}>
                    <Card size="small">
                      <Statistic
                        className="luodi-kpi"
                        title={t(`${MONEY_KIND_LABELS[k].zh}（合计）`, `${MONEY_KIND_LABELS[k].en} (total)`)}
                        value={totals[k] ? formatMoney(totals[k], lang) : '—'}
                        styles={{ content: { fontSize: screens.md ? 22 : 17 } }}
                      />
                    </Card>
                  </Col>
                ))}
              </Row>
              {chart.length > 0 && (
                <ChartCard<PeriodRow>
                  title={t('到位资金与完成投资（按期间）', 'Funds arrived and investment completed, by period')}
                  option={option}
                  rows={[...chart].reverse()}
                  rowKey="period"
                  height={260}
                  columns={[
                    { title: t('期间', 'Period'), dataIndex: 'period' },
                    { title: label(MONEY_KIND_LABELS.ARRIVED), dataIndex: 'ARRIVED', align: 'right', render: (v: number | null) => formatMoney(v, lang) },
                    { title: label(MONEY_KIND_LABELS.COMPLETED), dataIndex: 'COMPLETED', align: 'right', render: (v: number | null) => formatMoney(v, lang) },
                  ]}
                />
              )}
              <Card
                size="small"
                title={t('资金记录', 'Money records')}
                extra={
                  canWrite && (
                    <Button
                      type="primary"
                      icon={<PlusOutlined />}
                      onClick={() => {
                        setEditing(null);
                        setFormError(null);
                        setAdding(true);
                      }}
                      data-testid="money-add"
                    >
                      {t('添加记录', 'Add a record')}
                    </Button>
                  )
                }
              >
                {sorted.length === 0 ? (
                  <Empty
                    description={t('尚无资金记录。到位资金、完成投资按月或按年填报，单位万元。', 'No money records yet. Funds arrived and investment completed are recorded by month or year, in 10k CNY.')}
                  />
                ) : screens.md ? (
                  <Table<MoneyRecord>
                    size="small"
                    rowKey="id"
                    dataSource={sorted}
                    pagination={sorted.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                    columns={[
                      { title: t('期间', 'Period'), dataIndex: 'period', width: 110 },
                      { title: t('类型', 'Kind'), dataIndex: 'kind', width: 150, render: kindTag },
                      { title: t('金额', 'Amount'), dataIndex: 'amount', width: 160, align: 'right', render: (v: string) => formatMoney(v, lang) },
                      { title: t('备注', 'Note'), dataIndex: 'note', render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
                      ...(canWrite ? [{ title: t('操作', 'Actions'), key: 'actions', width: 90, render: (_: unknown, r: MoneyRecord) => editButton(r) }] : []),
                    ]}
                  />
                ) : (
                  <List<MoneyRecord>
                    dataSource={sorted}
                    renderItem={(r) => (
                      <List.Item extra={editButton(r)}>
                        <Space orientation="vertical" size={0}>
                          <Space size={6}>
                            <Typography.Text strong>{r.period}</Typography.Text>
                            {kindTag(r.kind)}
                          </Space>
                          <Typography.Text>{formatMoney(r.amount, lang)}</Typography.Text>
                          {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
                        </Space>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </div>
          );
        }}
      </QueryState>

      <Modal
        open={adding}
        title={t('添加资金记录', 'Add a money record')}
        onCancel={() => setAdding(false)}
        okText={t('添加', 'Add')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<AddValues>
            form={addForm}
            layout="vertical"
            clearOnDestroy
            initialValues={{ kind: 'ARRIVED', period: currentPeriod() }}
            onFinish={(v) => void add(v)}
            onValuesChange={() => setFormError(null)}
          >
            {node}
          </Form>
        )}
      >
        <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true }]}>
          <Select autoFocus options={KINDS.map((k) => ({ value: k, label: label(MONEY_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('期间', 'Period')}
          extra={t('按月填 YYYY-MM（如 2025-06），全年数填 YYYY；年度计划可填未来期间。', 'YYYY-MM for a month (e.g. 2025-06), YYYY for a whole year; annual plans may be for a future period.')}
          dependencies={['kind']}
          rules={[
            { required: true, message: t('请填写期间', 'Enter the period') },
            ({ getFieldValue }) => ({
              validator: (_r, v: string | undefined) => {
                const p = (v ?? '').trim();
                if (!p) return Promise.resolve();
                if (!isValidPeriod(p)) return Promise.reject(new Error(t('格式应为 YYYY-MM 或 YYYY', 'Write it as YYYY-MM or YYYY')));
                if (getFieldValue('kind') !== 'ANNUAL_PLAN' && !periodHasBegun(p, today)) return Promise.reject(new Error(t('该期间尚未开始', 'That period has not begun yet')));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <Input placeholder={currentPeriod()} maxLength={7} />
        </Form.Item>
        <Form.Item name="amount" label={t('金额（万元）', 'Amount (10k CNY)')} rules={[{ required: true, message: t('请填写金额', 'Enter the amount') }, amountRule]}>
          <Input inputMode="decimal" suffix={t('万元', '10k CNY')} placeholder="1250.00" />
        </Form.Item>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {formError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={formError.text}
            action={
              formError.existing && canWrite ? (
                <Button size="small" onClick={() => openEdit(formError.existing!)}>
                  {t('修改原记录', 'Edit that record')}
                </Button>
              ) : undefined
            }
          />
        )}
      </Modal>

      <Modal
        open={!!editing}
        title={editing ? t(`修改资金记录：${editing.period} ${MONEY_KIND_LABELS[editing.kind].zh}`, `Edit money record: ${editing.period} ${MONEY_KIND_LABELS[editing.kind].en}`) : ''}
        onCancel={() => setEditing(null)}
        okText={t('保存', 'Save')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<EditValues>
            form={editForm}
            layout="vertical"
            clearOnDestroy
            initialValues={editing ? { amount: editing.amount, note: editing.note ?? '' } : undefined}
            onFinish={(v) => void save(v)}
            onValuesChange={() => setFormError(null)}
          >
            {node}
          </Form>
        )}
      >
        <Form.Item name="amount" label={t('金额（万元）', 'Amount (10k CNY)')} rules={[{ required: true, message: t('请填写金额', 'Enter the amount') }, amountRule]}>
          <Input autoFocus inputMode="decimal" suffix={t('万元', '10k CNY')} />
        </Form.Item>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError.text} />}
      </Modal>
    </>
  );
}
