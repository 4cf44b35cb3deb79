import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Drawer, Empty, Form, Grid, Input, Modal, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { Commitment, Project } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { QueryState, useErrorText } from '../../../components/QueryState';
import { businessToday, daysBetween, formatDateTime, formatMoney } from '../../../lib/format';
import { COMMITMENT_KINDS, COMMITMENT_KIND_LABELS, COMMITMENT_STATUSES, COMMITMENT_STATUS_LABELS, type CommitmentKind, type CommitmentStatus } from '../../../lib/service-desk';
import { useCommitmentDetail, useCommitments, useDeskRefresh } from './deskQueries';
import { applyDeskErrors, blankToNull, isStaleError } from './deskForm';
import { ClockCell, useUserNames } from './deskParts';

const STATUS_COLOR: Record<CommitmentStatus, string> = { PENDING: 'orange', PARTIAL: 'gold', FULFILLED: 'success', WAIVED: 'default' };
const FIELDS = ['title', 'kind', 'amount', 'promisedBy', 'promisedOn', 'dueDate', 'handlerId', 'handlerNote', 'evidence', 'evidenceUrl', 'note', 'status', 'fulfilledOn', 'waiveReason'];

interface Values {
  title: string;
  kind: CommitmentKind;
  amount?: string;
  promisedBy: string;
  promisedOn: Dayjs;
  dueDate: Dayjs;
  handlerId?: string | null;
  handlerNote?: string;
  evidence?: string;
  evidenceUrl?: string;
  note?: string;
  status?: CommitmentStatus;
  fulfilledOn?: Dayjs | null;
  waiveReason?: string;
}

/** 承诺兑现: what was promised to the investor, by whom, by when; status, evidence and the handler (a new handler keeps the commitment). */
export function CommitmentsTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, label, lang } = useI18n();
  const commitments = useCommitments(project.id);
  const people = useUserNames(project.unitId);
  const [editing, setEditing] = useState<Commitment | 'new' | null>(null);
  const today = businessToday();

  return (
    <Card
      size="small"
      title={t('承诺兑现台账', 'Commitments ledger')}
      data-testid="commitments"
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="commitment-add">
            {t('登记承诺', 'Record a commitment')}
          </Button>
        )
      }
    >
      <QueryState
        query={commitments}
        rows={5}
        isEmpty={(d) => d.length === 0}
        empty={<Empty description={t('暂无承诺事项。政策资金、地价、基础设施配套等对企业的承诺在此登记，跟踪兑现。', 'No commitments. Promises to the investor (policy funds, land price, infrastructure…) are recorded and followed up here.')} />}
      >
        {(rows) => (
          <Table<Commitment>
            size="small"
            rowKey="id"
            dataSource={rows}
            pagination={rows.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 1000 }}
            columns={[
              {
                title: t('承诺事项', 'Commitment'),
                key: 'title',
                render: (_: unknown, c) => (
                  <Space orientation="vertical" size={0}>
                    <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setEditing(c)}>
                      {c.title}
                    </Button>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {label(COMMITMENT_KIND_LABELS[c.kind as CommitmentKind] ?? { zh: c.kind, en: c.kind })}
                      {c.amount ? ` · ${formatMoney(c.amount, lang)}` : ''}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('承诺方', 'Promised by'),
                key: 'by',
                width: 160,
                render: (_: unknown, c) => (
                  <Space orientation="vertical" size={0}>
                    <span>{c.promisedBy}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.promisedOn}</Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('兑现时限', 'Due'),
                dataIndex: 'dueDate',
                width: 120,
                render: (d: string, c) => {
                  const late = (c.status === 'PENDING' || c.status === 'PARTIAL') && d < today;
                  return (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text type={late ? 'danger' : undefined}>{d}</Typography.Text>
                      {late && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t(`逾期 ${daysBetween(d, today)} 天`, `${daysBetween(d, today)} days late`)}</Typography.Text>}
                    </Space>
                  );
                },
              },
              {
                title: t('状态', 'Status'),
                dataIndex: 'status',
                width: 100,
                render: (s: CommitmentStatus, c) => (
                  <Space orientation="vertical" size={0}>
                    <Tag color={STATUS_COLOR[s]}>{label(COMMITMENT_STATUS_LABELS[s])}</Tag>
                    {c.fulfilledOn && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.fulfilledOn}</Typography.Text>}
                  </Space>
                ),
              },
              { title: t('经办人', 'Handler'), dataIndex: 'handlerId', width: 140, render: (id: string | null) => people.nameOf(id) },
              {
                title: t('兑现依据', 'Evidence'),
                key: 'evidence',
                width: 200,
                ellipsis: true,
                render: (_: unknown, c) =>
                  c.evidence || c.evidenceUrl ? (
                    <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                      {c.evidence && <Typography.Text ellipsis={{ tooltip: c.evidence }}>{c.evidence}</Typography.Text>}
                      {c.evidenceUrl && (
                        <a href={c.evidenceUrl} target="_blank" rel="noreferrer noopener">
                          {t('查看材料', 'Open the document')}
                        </a>
                      )}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      <CommitmentDrawer project={project} base={editing} onClose={() => setEditing(null)} canWrite={canWrite} people={people} />
    </Card>
  );
}

function CommitmentDrawer({
  project,
  base,
  onClose,
  canWrite,
  people,
}: {
  project: Project;
  base: Commitment | 'new' | null;
  onClose: () => void;
  canWrite: boolean;
  people: ReturnType<typeof useUserNames>;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const refresh = useDeskRefresh(project.id);
  const existing = base && base !== 'new' ? base : null;
  const detail = useCommitmentDetail(existing?.id ?? null);
  const [form] = Form.useForm<Values>();
  const status = Form.useWatch('status', form);
  const handlerId = Form.useWatch('handlerId', form);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const today = businessToday();

  useEffect(() => {
    if (!base) return;
    setFormError(null);
    setStale(false);
    form.resetFields();
    if (base === 'new') form.setFieldsValue({ kind: 'POLICY_FUNDS', promisedOn: dayjs(today) });
    else
      form.setFieldsValue({
        title: base.title,
        kind: base.kind as CommitmentKind,
        amount: base.amount ?? '',
        promisedBy: base.promisedBy,
        promisedOn: dayjs(base.promisedOn),
        dueDate: dayjs(base.dueDate),
        handlerId: base.handlerId,
        evidence: base.evidence ?? '',
        evidenceUrl: base.evidenceUrl ?? '',
        note: base.note ?? '',
        status: base.status,
        fulfilledOn: base.fulfilledOn ? dayjs(base.fulfilledOn) : null,
        waiveReason: base.waiveReason ?? '',
      });
  }, [base, form, today]);

  const save = async (v: Values) => {
    setBusy(true);
    setFormError(null);
    const d = (x: Dayjs | null | undefined) => (x ? x.format('YYYY-MM-DD') : undefined);
    try {
      if (!existing) {
        const body = {
          title: v.title.trim(),
          kind: v.kind,
          amount: blankToNull(v.amount) ?? undefined,
          promisedBy: v.promisedBy.trim(),
          promisedOn: d(v.promisedOn),
          dueDate: d(v.dueDate),
          handlerId: v.handlerId ?? undefined,
          evidence: blankToNull(v.evidence) ?? undefined,
          evidenceUrl: blankToNull(v.evidenceUrl) ?? undefined,
          note: blankToNull(v.note) ?? undefined,
        };
        await api.post(`/projects/${project.id}/commitments`, body);
        message.success(t('承诺已登记。', 'Commitment recorded.'));
      } else {
        const body: Record<string, unknown> = {
          version: existing.version,
          title: v.title.trim(),
          kind: v.kind,
          amount: blankToNull(v.amount),
          promisedBy: v.promisedBy.trim(),
          dueDate: d(v.dueDate),
          evidence: blankToNull(v.evidence),
          evidenceUrl: blankToNull(v.evidenceUrl),
          note: blankToNull(v.note),
          status: v.status,
        };
        if (v.status === 'FULFILLED') body.fulfilledOn = d(v.fulfilledOn);
        if (v.status === 'WAIVED') body.waiveReason = blankToNull(v.waiveReason) ?? undefined;
        if ((v.handlerId ?? null) !== existing.handlerId) {
          body.handlerId = v.handlerId ?? null;
          if (blankToNull(v.handlerNote)) body.handlerNote = blankToNull(v.handlerNote);
        }
        await api.patch(`/commitments/${existing.id}`, body);
        message.success(t('已保存。', 'Saved.'));
      }
      refresh(true);
      onClose();
    } catch (e) {
      if (isStaleError(e)) setStale(true);
      else if (!applyDeskErrors(form, e, FIELDS)) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const readOnly = !canWrite;
  const handlerChanged = !!existing && (handlerId ?? null) !== existing.handlerId;
  return (
    <Drawer
      open={!!base}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={existing ? existing.title : t('登记承诺', 'Record a commitment')}
      destroyOnHidden
      footer={
        !readOnly && (
          <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
            <Button type="primary" loading={busy} disabled={stale} onClick={() => form.submit()} data-testid="commitment-save">
              {t('保存', 'Save')}
            </Button>
          </Space>
        )
      }
    >
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('其他人已修改此承诺，您的修改未保存。', 'Someone else changed this commitment; your change was not saved.')}
          action={
            <Button
              size="small"
              onClick={() => {
                refresh();
                onClose();
              }}
            >
              {t('重新加载', 'Reload')}
            </Button>
          }
        />
      )}
      {existing && detail.data && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{t('兑现时限：', 'Clock: ')}</Typography.Text>
          <ClockCell clock={detail.data.clock} />
        </div>
      )}
      <Form<Values> form={form} layout="vertical" disabled={readOnly} onFinish={(v) => void save(v)} onValuesChange={() => setFormError(null)}>
        <Form.Item name="title" label={t('承诺事项', 'What was promised')} rules={[{ required: true, whitespace: true, message: t('请填写承诺事项', 'Enter the commitment') }, { max: 300 }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true }]}>
              <Select options={COMMITMENT_KINDS.map((k) => ({ value: k, label: label(COMMITMENT_KIND_LABELS[k]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="amount" label={t('金额（万元，可选）', 'Amount (10k CNY, optional)')} rules={[{ pattern: /^\d{1,12}(\.\d{1,2})?$/, message: t('请输入金额，最多两位小数', 'A number with at most two decimals') }]}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="promisedBy" label={t('承诺方（单位/人）', 'Promised by')} rules={[{ required: true, whitespace: true, message: t('请填写承诺方', 'Who promised it') }, { max: 300 }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="promisedOn" label={t('承诺日期', 'Promised on')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabled={!!existing || readOnly} disabledDate={(x) => x.format('YYYY-MM-DD') > today} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="dueDate"
              label={t('兑现时限', 'Due')}
              dependencies={['promisedOn']}
              rules={[
                { required: true, message: t('请选择', 'Choose') },
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null) => {
                    const from = getFieldValue('promisedOn') as Dayjs | null;
                    return v && from && v.isBefore(from, 'day') ? Promise.reject(new Error(t('兑现时限不能早于承诺日期', 'The due date cannot be before the promise'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="handlerId" label={t('经办人', 'Handler')} extra={existing ? t('更换经办人不影响承诺和时限（新官要理旧账），更换会留痕。', 'A new handler keeps the commitment and its clock; the change is recorded.') : undefined}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={[
                  ...(existing?.handlerId && !people.options.some((o) => o.value === existing.handlerId) ? [{ value: existing.handlerId, label: t('（当前经办人）', '(current handler)') }] : []),
                  ...people.options,
                ]}
                loading={people.users.isPending}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
          </Col>
          {handlerChanged && (
            <Col xs={24} sm={12}>
              <Form.Item name="handlerNote" label={t('更换原因', 'Why the handler changed')} rules={[{ max: 2000 }]}>
                <Input maxLength={2000} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {existing && (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="status" label={t('兑现状态', 'Status')} rules={[{ required: true }]}>
                <Select options={COMMITMENT_STATUSES.map((s) => ({ value: s, label: label(COMMITMENT_STATUS_LABELS[s]) }))} />
              </Form.Item>
            </Col>
            {status === 'FULFILLED' && (
              <Col xs={24} sm={12}>
                <Form.Item name="fulfilledOn" label={t('兑现日期', 'Fulfilled on')} rules={[{ required: true, message: t('请选择兑现日期', 'Choose the date') }]}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(x) => x.format('YYYY-MM-DD') > today} />
                </Form.Item>
              </Col>
            )}
            {status === 'WAIVED' && (
              <Col span={24}>
                <Form.Item name="waiveReason" label={t('不再兑现的原因', 'Why it will not be fulfilled')} rules={[{ required: true, whitespace: true, message: t('请填写原因', 'Enter the reason') }, { max: 5000 }]}>
                  <Input.TextArea rows={2} maxLength={5000} />
                </Form.Item>
              </Col>
            )}
          </Row>
        )}
        <Form.Item name="evidence" label={t('兑现依据/材料说明', 'Evidence')} rules={[{ max: 10000 }]}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
        <Form.Item name="evidenceUrl" label={t('材料链接', 'Evidence link')} rules={[{ type: 'url', message: t('请输入以 http(s):// 开头的链接', 'A link starting with http(s)://') }, { max: 2000 }]}>
          <Input maxLength={2000} placeholder="https://" />
        </Form.Item>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Form>
      {existing && detail.data && detail.data.handlerHistory.length > 0 && (
        <>
          <Typography.Title level={5}>{t('经办人变更记录', 'Handler history')}</Typography.Title>
          <Timeline
            items={detail.data.handlerHistory.map((h, i) => ({
              key: i,
              title: formatDateTime(h.changedAt),
              content: (
                <span>
                  {h.previousHandlerName ? `${h.previousHandlerName} → ` : ''}
                  {h.handlerName ?? t('（无）', '(none)')}
                  {h.note && <Typography.Text type="secondary">{` · ${h.note}`}</Typography.Text>}
                </span>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
