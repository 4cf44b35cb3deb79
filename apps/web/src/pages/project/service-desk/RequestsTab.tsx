import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Grid, Input, List, Modal, Rate, Row, Select, Space, Steps, Table, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { InvestorRequest, InvestorRequestDetail, Project } from '../../../api/types';
import { unitTree, useUnits } from '../../../api/reference';
import { useI18n } from '../../../i18n/i18n';
import { QueryState, useErrorText } from '../../../components/QueryState';
import { businessToday } from '../../../lib/format';
import { REQUEST_CATEGORIES, REQUEST_CATEGORY_LABELS, REQUEST_STATUS_LABELS, SATISFACTION_LABELS, requestActions, type RequestCategory } from '../../../lib/service-desk';
import { useDeskRefresh, useRequestDetail, useRequests } from './deskQueries';
import { applyDeskErrors, blankToNull, isStaleError } from './deskForm';
import { ClockCell } from './deskParts';

const STATUS_COLOR: Record<InvestorRequest['status'], string> = { OPEN: 'orange', ACCEPTED: 'processing', RESOLVED: 'cyan', CLOSED: 'success' };
const FLOW: InvestorRequest['status'][] = ['OPEN', 'ACCEPTED', 'RESOLVED', 'CLOSED'];

interface AddValues {
  title: string;
  category: RequestCategory;
  description?: string;
  raisedOn: Dayjs;
  ownerUnitId: string;
  dueDate?: Dayjs | null;
}

/** 诉求 (有求必应): investor requests with their status flow 受理 → 办结 → 回访 → 关闭; closing is offered only after a callback. */
export function RequestsTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, label, name } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const requests = useRequests(project.id);
  const units = useUnits();
  const refresh = useDeskRefresh(project.id);
  const [adding, setAdding] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<AddValues>();
  const today = businessToday();
  const tree = useMemo(() => unitTree(units.data ?? [], (u) => name(u.nameZh, u.nameEn)), [units.data, name]);
  const unitName = useMemo(() => {
    const m = new Map((units.data ?? []).map((u) => [u.id, name(u.nameZh, u.nameEn)]));
    return (id: string) => m.get(id) ?? '—';
  }, [units.data, name]);

  const add = async (v: AddValues) => {
    setBusy(true);
    setFormError(null);
    try {
      await api.post(`/projects/${project.id}/requests`, {
        title: v.title.trim(),
        category: v.category,
        ...(blankToNull(v.description) ? { description: blankToNull(v.description) } : {}),
        raisedOn: v.raisedOn.format('YYYY-MM-DD'),
        ownerUnitId: v.ownerUnitId,
        ...(project.investorId ? { investorId: project.investorId } : {}),
        ...(v.dueDate ? { dueDate: v.dueDate.format('YYYY-MM-DD') } : {}),
      });
      message.success(t('诉求已登记。', 'Request recorded.'));
      refresh(true);
      setAdding(false);
    } catch (e) {
      if (!applyDeskErrors(form, e, ['title', 'category', 'description', 'raisedOn', 'ownerUnitId', 'dueDate'])) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('企业诉求', 'Investor requests')}
      data-testid="requests"
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormError(null);
              setAdding(true);
            }}
            data-testid="request-add"
          >
            {t('登记诉求', 'Record a request')}
          </Button>
        )
      }
    >
      <QueryState
        query={requests}
        rows={5}
        isEmpty={(d) => d.length === 0}
        empty={<Empty description={t('暂无诉求。企业提出的用电、用地、融资等诉求在此登记，办结后须回访才能关闭。', 'No requests. Power, land, financing and other requests are recorded here; closing one needs a callback after it is resolved.')} />}
      >
        {(rows) => (
          <Table<InvestorRequest>
            size="small"
            rowKey="id"
            dataSource={rows}
            pagination={rows.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 900 }}
            onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
            columns={[
              {
                title: t('诉求', 'Request'),
                key: 'title',
                render: (_: unknown, r) => (
                  <Space orientation="vertical" size={0}>
                    <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpenId(r.id)}>
                      {r.title}
                    </Button>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {label(REQUEST_CATEGORY_LABELS[r.category as RequestCategory] ?? { zh: r.category, en: r.category })}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: t('提出日期', 'Raised'), dataIndex: 'raisedOn', width: 110 },
              { title: t('责任单位', 'Owner unit'), dataIndex: 'ownerUnitId', width: 140, render: unitName },
              {
                title: t('办结时限', 'Due'),
                dataIndex: 'dueDate',
                width: 110,
                render: (d: string | null, r) => (d ? <Typography.Text type={r.status !== 'RESOLVED' && r.status !== 'CLOSED' && d < today ? 'danger' : undefined}>{d}</Typography.Text> : '—'),
              },
              { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: InvestorRequest['status']) => <Tag color={STATUS_COLOR[s]}>{label(REQUEST_STATUS_LABELS[s])}</Tag> },
              {
                title: t('操作', 'Actions'),
                key: 'a',
                width: 90,
                render: (_: unknown, r) => (
                  <Button size="small" onClick={() => setOpenId(r.id)}>
                    {canWrite && r.status !== 'CLOSED' ? t('办理', 'Handle') : t('详情', 'Details')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryState>

      <Modal
        open={adding}
        title={t('登记诉求', 'Record a request')}
        onCancel={() => setAdding(false)}
        okText={t('登记', 'Record')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<AddValues>
            form={form}
            layout="vertical"
            clearOnDestroy
            initialValues={{ category: 'POWER', raisedOn: dayjs(today), ownerUnitId: project.unitId }}
            onFinish={(v) => void add(v)}
            onValuesChange={() => setFormError(null)}
          >
            {node}
          </Form>
        )}
      >
        <Form.Item name="title" label={t('诉求', 'Request')} rules={[{ required: true, whitespace: true, message: t('请简述诉求', 'Describe the request') }, { max: 300 }]}>
          <Input autoFocus maxLength={300} placeholder={t('如：申请增加用电指标 2 万千伏安', 'e.g. 20 MVA more power capacity')} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="category" label={t('类别', 'Category')} rules={[{ required: true }]}>
              <Select options={REQUEST_CATEGORIES.map((c) => ({ value: c, label: label(REQUEST_CATEGORY_LABELS[c]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="raisedOn" label={t('提出日期', 'Raised on')} rules={[{ required: true, message: t('请选择日期', 'Choose a date') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="ownerUnitId" label={t('责任单位', 'Owner unit')} rules={[{ required: true, message: t('请选择责任单位', 'Choose the owner unit') }]}>
              <TreeSelect showSearch treeNodeFilterProp="title" treeData={tree} loading={units.isPending} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="dueDate" label={t('办结时限（可选）', 'Due (optional)')} extra={t('默认为提出后 15 个工作日', 'Default: 15 working days after it was raised')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('详细情况', 'Details')} rules={[{ max: 10000 }]}>
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>

      <RequestDrawer id={openId} onClose={() => setOpenId(null)} canWrite={canWrite} unitName={unitName} projectId={project.id} />
    </Card>
  );
}

type Step = 'accept' | 'resolve' | 'callback' | 'close' | 'reopen';

function RequestDrawer({ id, onClose, canWrite, unitName, projectId }: { id: string | null; onClose: () => void; canWrite: boolean; unitName: (id: string) => string; projectId: string }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const detail = useRequestDetail(id);
  const refresh = useDeskRefresh(projectId);
  const [step, setStep] = useState<Step | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const today = businessToday();

  const run = async (r: InvestorRequestDetail, s: Step, v: Record<string, unknown>) => {
    setBusy(true);
    setFormError(null);
    const date = (k: string) => (v[k] ? (v[k] as Dayjs).format('YYYY-MM-DD') : undefined);
    try {
      if (s === 'callback') {
        await api.post(`/investor-requests/${r.id}/callbacks`, {
          calledOn: date('calledOn'),
          contact: String(v.contact ?? '').trim(),
          satisfaction: v.satisfaction,
          ...(blankToNull(v.comment as string) ? { comment: blankToNull(v.comment as string) } : {}),
        });
      } else {
        const body: Record<string, unknown> = { version: r.version };
        if (s === 'accept') Object.assign(body, { status: 'ACCEPTED', acceptedOn: date('acceptedOn') });
        if (s === 'resolve') Object.assign(body, { status: 'RESOLVED', resolvedOn: date('resolvedOn'), resolution: String(v.resolution ?? '').trim() });
        if (s === 'close') Object.assign(body, { status: 'CLOSED' });
        if (s === 'reopen') Object.assign(body, { status: 'ACCEPTED' });
        await api.patch(`/investor-requests/${r.id}`, body);
      }
      message.success(
        { accept: t('已受理。', 'Accepted.'), resolve: t('已办结，请安排回访。', 'Resolved: now call the investor back.'), callback: t('回访已记录。', 'Callback recorded.'), close: t('诉求已关闭。', 'Request closed.'), reopen: t('已重新打开。', 'Reopened.') }[s],
      );
      setStep(null);
      void detail.refetch();
      refresh(true);
    } catch (e) {
      if (isStaleError(e)) {
        message.warning(t('此诉求已被他人修改，已刷新，请核对后重试。', 'Someone else changed this request; it has been reloaded — check it and try again.'));
        setStep(null);
        void detail.refetch();
      } else if (!applyDeskErrors(form, e, ['acceptedOn', 'resolvedOn', 'resolution', 'calledOn', 'contact', 'satisfaction', 'comment'])) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={!!id} onClose={onClose} size={screens.md ? 620 : '100%'} title={detail.data?.title ?? t('诉求', 'Request')} destroyOnHidden>
      <QueryState query={detail}>
        {(r) => {
          const actions = requestActions(r.status, r.resolvedOn, r.callbacks.map((c) => c.calledOn));
          const closeAction = actions.find((a) => a.to === 'CLOSED');
          return (
            <div data-testid="request-detail">
              <Steps
                size="small"
                current={FLOW.indexOf(r.status)}
                style={{ marginBottom: 16 }}
                items={FLOW.map((s) => ({ title: label(REQUEST_STATUS_LABELS[s]) }))}
              />
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'c', label: t('类别', 'Category'), children: label(REQUEST_CATEGORY_LABELS[r.category as RequestCategory] ?? { zh: r.category, en: r.category }) },
                  { key: 'u', label: t('责任单位', 'Owner unit'), children: unitName(r.ownerUnitId) },
                  { key: 'r', label: t('提出', 'Raised'), children: r.raisedOn },
                  {
                    key: 'd',
                    label: t('办结时限', 'Due'),
                    children: r.dueDate ?? (r.clocks.find((c) => c.kind === 'REQ_RESOLUTION')?.dueDate ? t(`${r.clocks.find((c) => c.kind === 'REQ_RESOLUTION')!.dueDate}（默认）`, `${r.clocks.find((c) => c.kind === 'REQ_RESOLUTION')!.dueDate} (default)`) : '—'),
                  },
                  { key: 'a', label: t('受理', 'Accepted'), children: r.acceptedOn ?? '—' },
                  { key: 'v', label: t('办结', 'Resolved'), children: r.resolvedOn ?? '—' },
                  ...(r.description ? [{ key: 'x', label: t('详情', 'Details'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.description}</span> }] : []),
                  ...(r.resolution ? [{ key: 'y', label: t('办理结果', 'Resolution'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.resolution}</span> }] : []),
                ]}
              />
              {r.clocks.length > 0 && (
                <Space size={24} wrap style={{ margin: '8px 0 12px' }}>
                  {r.clocks.map((c) => (
                    <div key={c.id}>
                      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                        {c.kind === 'REQ_RESPONSE' ? t('受理时限', 'Response') : t('办结时限', 'Resolution')}
                      </Typography.Text>
                      <ClockCell clock={c} />
                    </div>
                  ))}
                </Space>
              )}
              <Typography.Title level={5}>{t('回访记录', 'Callbacks')}</Typography.Title>
              {r.callbacks.length ? (
                <List
                  size="small"
                  dataSource={r.callbacks}
                  renderItem={(c) => (
                    <List.Item>
                      <Space orientation="vertical" size={0}>
                        <Space wrap>
                          <span>{c.calledOn}</span>
                          <span>{c.contact}</span>
                          <Tag color={c.satisfaction >= 4 ? 'green' : c.satisfaction === 3 ? 'gold' : 'red'}>
                            {label(SATISFACTION_LABELS[c.satisfaction as 1 | 2 | 3 | 4 | 5])}
                          </Tag>
                        </Space>
                        {c.comment && <Typography.Text type="secondary">{c.comment}</Typography.Text>}
                      </Space>
                    </List.Item>
                  )}
                />
              ) : (
                <Typography.Paragraph type="secondary">{t('尚无回访。办结后须回访企业，回访后方可关闭。', 'No callback yet. After resolving, call the investor back; only then can the request be closed.')}</Typography.Paragraph>
              )}
              {canWrite && r.status !== 'CLOSED' && (
                <Space wrap style={{ marginTop: 12 }}>
                  {r.status === 'OPEN' && (
                    <Button type="primary" onClick={() => setStep('accept')}>
                      {t('受理', 'Accept')}
                    </Button>
                  )}
                  {r.status === 'ACCEPTED' && (
                    <Button type="primary" onClick={() => setStep('resolve')}>
                      {t('办结', 'Resolve')}
                    </Button>
                  )}
                  {r.status === 'RESOLVED' && (
                    <>
                      <Button type={closeAction?.enabled ? 'default' : 'primary'} onClick={() => setStep('callback')} data-testid="request-callback">
                        {t('记录回访', 'Record a callback')}
                      </Button>
                      {closeAction?.enabled ? (
                        <Button type="primary" onClick={() => setStep('close')} data-testid="request-close">
                          {t('关闭诉求', 'Close the request')}
                        </Button>
                      ) : (
                        <Tooltip title={t('办结后须先回访企业，才能关闭。', 'Call the investor back after the resolution first.')}>
                          <Button disabled data-testid="request-close">
                            {t('关闭诉求（需先回访）', 'Close (needs a callback)')}
                          </Button>
                        </Tooltip>
                      )}
                      <Button onClick={() => setStep('reopen')}>{t('重新打开', 'Reopen')}</Button>
                    </>
                  )}
                </Space>
              )}
              <Modal
                open={!!step}
                title={
                  step
                    ? { accept: t('受理诉求', 'Accept the request'), resolve: t('办结诉求', 'Resolve the request'), callback: t('回访企业', 'Call the investor back'), close: t('关闭诉求', 'Close the request'), reopen: t('重新打开诉求', 'Reopen the request') }[step]
                    : ''
                }
                onCancel={() => setStep(null)}
                okText={t('确定', 'Confirm')}
                cancelText={t('取消', 'Cancel')}
                okButtonProps={{ htmlType: 'submit', loading: busy }}
                destroyOnHidden
                modalRender={(node) => (
                  <Form
                    form={form}
                    layout="vertical"
                    clearOnDestroy
                    initialValues={{ acceptedOn: dayjs(today), resolvedOn: dayjs(today), calledOn: dayjs(today), satisfaction: 4 }}
                    onFinish={(v) => step && void run(r, step, v)}
                    onValuesChange={() => setFormError(null)}
                  >
                    {node}
                  </Form>
                )}
              >
                {step === 'accept' && (
                  <Form.Item name="acceptedOn" label={t('受理日期', 'Accepted on')} rules={[{ required: true }]}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today || d.format('YYYY-MM-DD') < r.raisedOn} />
                  </Form.Item>
                )}
                {step === 'resolve' && (
                  <>
                    <Form.Item name="resolution" label={t('办理结果', 'How it was resolved')} rules={[{ required: true, whitespace: true, message: t('请填写办理结果', 'Enter what was done') }, { max: 10000 }]}>
                      <Input.TextArea autoFocus rows={3} maxLength={10000} />
                    </Form.Item>
                    <Form.Item name="resolvedOn" label={t('办结日期', 'Resolved on')} rules={[{ required: true }]}>
                      <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today || d.format('YYYY-MM-DD') < (r.acceptedOn ?? r.raisedOn)} />
                    </Form.Item>
                  </>
                )}
                {step === 'callback' && (
                  <>
                    <Row gutter={12}>
                      <Col span={12}>
                        <Form.Item name="calledOn" label={t('回访日期', 'Called on')} rules={[{ required: true }]}>
                          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today || (!!r.resolvedOn && d.format('YYYY-MM-DD') < r.resolvedOn)} />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name="contact" label={t('回访对象', 'Who was called')} rules={[{ required: true, whitespace: true, message: t('请填写回访对象', 'Enter who was called') }, { max: 200 }]}>
                          <Input autoFocus maxLength={200} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item name="satisfaction" label={t('满意度', 'Satisfaction')} rules={[{ required: true }]}>
                      <Rate tooltips={([1, 2, 3, 4, 5] as const).map((n) => label(SATISFACTION_LABELS[n]))} />
                    </Form.Item>
                    <Form.Item name="comment" label={t('企业意见', 'Comment')} rules={[{ max: 5000 }]}>
                      <Input.TextArea rows={2} maxLength={5000} />
                    </Form.Item>
                  </>
                )}
                {step === 'close' && <Typography.Paragraph>{t('确认关闭此诉求？关闭后不再计时。', 'Close this request? Its clocks stop.')}</Typography.Paragraph>}
                {step === 'reopen' && <Typography.Paragraph>{t('重新打开后，办结结果作废，需重新办结并回访。', 'Reopening drops the resolution; it must be resolved and called back again.')}</Typography.Paragraph>}
                {formError && <Alert type="error" showIcon role="alert" title={formError} />}
              </Modal>
            </div>
          );
        }}
      </QueryState>
    </Drawer>
  );
}
