import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, Modal, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { Project, ServicePlan, ServicePlanFactor, TeamMember } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { QueryState, useErrorText } from '../../../components/QueryState';
import { businessToday, formatDateTime } from '../../../lib/format';
import { FACTOR_STATUSES, FACTOR_STATUS_LABELS, SERVICE_FACTORS, SERVICE_FACTOR_LABELS, TEAM_ROLES, TEAM_ROLE_LABELS } from '../../../lib/service-desk';
import { useAssignable, useDeskRefresh, useInvestorContacts, usePlan, useProjectContacts, useTeam } from './deskQueries';
import { applyDeskErrors, blankToNull, isStaleError } from './deskForm';
import { ContactsPanel } from '../../investors/ContactsPanel';

interface MemberValues {
  who: 'user' | 'contact';
  userId?: string;
  contactId?: string;
  role: string;
  fromDate: Dayjs;
  note?: string;
}

/** 专班与方案: the service team (roles, from/to dates, history kept) and the plan (一项目一方案) with its 要素 needs. */
export function TeamPlanTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <TeamCard project={project} canWrite={canWrite} />
      <PlanCard project={project} canWrite={canWrite} />
      <Card size="small" title={t('项目联系人', 'Project contacts')} data-testid="project-contacts">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('只属于本项目的联系人（如项目公司负责人、代办员）；企业总部的联系人在客商页面维护。', 'Contacts of this project only (project company lead, agents…); the investor’s own contacts are kept on its investor page.')}
        </Typography.Paragraph>
        <ContactsPanel projectId={project.id} canWrite={canWrite} />
      </Card>
    </Space>
  );
}

function TeamCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [history, setHistory] = useState(false);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<MemberValues>();
  const who = Form.useWatch('who', form);
  const team = useTeam(project.id, history);
  const users = useAssignable(adding ? project.unitId : undefined);
  const projectContacts = useProjectContacts(project.id);
  const investorContacts = useInvestorContacts(project.investorId ?? '', false, !!project.investorId);
  /** The project's own contacts and its investor's (both may join the team). */
  const contacts = { isPending: projectContacts.isPending, data: [...(projectContacts.data ?? []), ...(investorContacts.data ?? [])].filter((c) => c.active) };
  const refresh = useDeskRefresh(project.id);
  const today = businessToday();

  const add = async (v: MemberValues) => {
    setBusy('add');
    setFormError(null);
    try {
      await api.post(`/projects/${project.id}/team`, {
        ...(v.who === 'user' ? { userId: v.userId } : { contactId: v.contactId }),
        role: v.role,
        fromDate: v.fromDate.format('YYYY-MM-DD'),
        ...(blankToNull(v.note) ? { note: blankToNull(v.note) } : {}),
      });
      message.success(t('已加入专班。', 'Added to the team.'));
      refresh();
      setAdding(false);
    } catch (e) {
      if (!applyDeskErrors(form, e, ['userId', 'contactId', 'role', 'fromDate', 'note'])) setFormError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const end = async (m: TeamMember) => {
    setBusy(m.id);
    try {
      await api.delete(`/projects/${project.id}/team/${m.id}`, { version: m.version });
      message.success(t('已结束该成员的专班任职（保留为历史）。', 'Membership ended (kept as history).'));
      refresh();
    } catch (e) {
      if (isStaleError(e)) {
        message.warning(t('该成员已被他人修改，已刷新，请核对后重试。', 'Someone else changed this membership; it has been reloaded — check and try again.'));
        void team.refetch();
      } else message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      title={t('项目服务专班', 'Service team')}
      extra={
        <Space wrap>
          <Segmented
            size="small"
            value={history ? 'all' : 'current'}
            onChange={(v) => setHistory(v === 'all')}
            options={[
              { value: 'current', label: t('现任', 'Current') },
              { value: 'all', label: t('含历史', 'With history') },
            ]}
            aria-label={t('显示范围', 'Show')}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setFormError(null);
                setAdding(true);
              }}
              data-testid="team-add"
            >
              {t('添加成员', 'Add member')}
            </Button>
          )}
        </Space>
      }
    >
      <QueryState
        query={team}
        isEmpty={(d) => d.length === 0}
        empty={<Empty description={t('尚未组建专班。添加包联领导、专班组长、代办员等成员。', 'No team yet. Add the responsible leader, team leader, agents and others.')} />}
      >
        {(items) => (
          <Table<TeamMember>
            size="small"
            rowKey="id"
            dataSource={items}
            pagination={false}
            scroll={{ x: 720 }}
            data-testid="team-table"
            columns={[
              { title: t('角色', 'Role'), dataIndex: 'role', width: 130, render: (r: string) => <Tag>{label(TEAM_ROLE_LABELS[r as keyof typeof TEAM_ROLE_LABELS] ?? { zh: r, en: r })}</Tag> },
              {
                title: t('成员', 'Member'),
                key: 'who',
                render: (_: unknown, m) =>
                  m.userId ? (
                    <span>{m.userDisplayName ?? '—'}</span>
                  ) : (
                    <Space size={4} wrap>
                      <span>{m.contactName ?? '—'}</span>
                      {m.contactOrganisation && <Typography.Text type="secondary">{m.contactOrganisation}</Typography.Text>}
                      <Tag>{t('联系人', 'Contact')}</Tag>
                    </Space>
                  ),
              },
              {
                title: t('任职期间', 'Period'),
                key: 'period',
                width: 210,
                render: (_: unknown, m) => (
                  <span>
                    {m.fromDate} — {m.toDate ?? <Typography.Text type="success">{t('至今', 'present')}</Typography.Text>}
                  </span>
                ),
              },
              { title: t('备注', 'Note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
              ...(canWrite
                ? [
                    {
                      title: t('操作', 'Actions'),
                      key: 'actions',
                      width: 100,
                      render: (_: unknown, m: TeamMember) =>
                        !m.toDate && (
                          <Popconfirm
                            title={t('结束此成员的专班任职？', 'End this membership?')}
                            description={t(`截止日期为今天（${today}），记录保留为历史。`, `It ends today (${today}); the record is kept as history.`)}
                            okText={t('结束', 'End')}
                            cancelText={t('取消', 'Cancel')}
                            onConfirm={() => end(m)}
                          >
                            <Button size="small" type="link" loading={busy === m.id}>
                              {t('结束任职', 'End')}
                            </Button>
                          </Popconfirm>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
      <Modal
        open={adding}
        title={t('添加专班成员', 'Add a team member')}
        onCancel={() => setAdding(false)}
        okText={t('添加', 'Add')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy === 'add' }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<MemberValues>
            form={form}
            layout="vertical"
            clearOnDestroy
            initialValues={{ who: 'user', role: 'TEAM_MEMBER', fromDate: dayjs(today) }}
            onFinish={(v) => void add(v)}
            onValuesChange={() => setFormError(null)}
          >
            {node}
          </Form>
        )}
      >
        <Form.Item name="who" label={t('成员来自', 'Member is')}>
          <Segmented
            options={[
              { value: 'user', label: t('系统用户', 'A user') },
              { value: 'contact', label: t('项目联系人', 'A contact') },
            ]}
          />
        </Form.Item>
        {who !== 'contact' ? (
          <Form.Item name="userId" label={t('用户', 'User')} rules={[{ required: true, message: t('请选择用户', 'Choose a user') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={users.isPending}
              options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.unit.nameZh}）` }))}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="contactId"
            label={t('联系人', 'Contact')}
            rules={[{ required: true, message: t('请选择联系人', 'Choose a contact') }]}
            extra={contacts.data.length === 0 ? t('此项目及其客商还没有联系人。', 'Neither the project nor its investor has contacts yet.') : undefined}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={contacts.isPending}
              options={contacts.data.map((c) => ({ value: c.id, label: [c.name, c.title, c.organisation].filter(Boolean).join(' · ') }))}
            />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true }]}>
              <Select options={TEAM_ROLES.map((r) => ({ value: r, label: label(TEAM_ROLE_LABELS[r]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="fromDate" label={t('起始日期', 'From')} rules={[{ required: true, message: t('请选择日期', 'Choose a date') }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 2000 }]}>
          <Input maxLength={2000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>
    </Card>
  );
}

interface PlanValues {
  goals?: string;
  measures?: string;
  factors: ServicePlanFactor[];
}

function PlanCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const plan = usePlan(project.id);
  const refresh = useDeskRefresh(project.id);
  const [editing, setEditing] = useState(false);
  const [base, setBase] = useState<ServicePlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [form] = Form.useForm<PlanValues>();

  useEffect(() => {
    if (editing && base) form.setFieldsValue({ goals: base.goals ?? '', measures: base.measures ?? '', factors: base.factors });
  }, [editing, base, form]);

  const startEdit = (p: ServicePlan) => {
    setBase(p);
    setStale(false);
    setFormError(null);
    setEditing(true);
  };

  const save = async (v: PlanValues) => {
    if (!base) return;
    setBusy(true);
    setFormError(null);
    try {
      await api.put<ServicePlan>(`/projects/${project.id}/service-plan`, {
        version: base.version,
        goals: blankToNull(v.goals),
        measures: blankToNull(v.measures),
        factors: (v.factors ?? []).map((f) => ({ factor: f.factor, need: f.need.trim(), status: f.status, note: blankToNull(f.note) })),
      });
      message.success(t('服务方案已保存。', 'Service plan saved.'));
      setEditing(false);
      refresh();
    } catch (e) {
      if (isStaleError(e)) setStale(true);
      else if (!applyDeskErrors(form, e, ['goals', 'measures', 'factors'])) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const reloadStale = async () => {
    const fresh = await plan.refetch();
    if (fresh.data) startEdit(fresh.data);
  };

  const factorLabel = (f: string) => label(SERVICE_FACTOR_LABELS[f as keyof typeof SERVICE_FACTOR_LABELS] ?? { zh: f, en: f });

  return (
    <Card
      size="small"
      title={t('一项目一方案', 'Service plan')}
      data-testid="service-plan"
      extra={
        canWrite &&
        !editing &&
        plan.data && (
          <Button onClick={() => startEdit(plan.data)} data-testid="plan-edit">
            {plan.data.exists ? t('编辑方案', 'Edit plan') : t('制定方案', 'Write the plan')}
          </Button>
        )
      }
    >
      <QueryState query={plan}>
        {(p) =>
          editing ? (
            <Form<PlanValues> form={form} layout="vertical" onFinish={(v) => void save(v)} onValuesChange={() => setFormError(null)}>
              {stale && (
                <Alert
                  type="warning"
                  showIcon
                  role="alert"
                  style={{ marginBottom: 12 }}
                  title={t('其他人已修改此方案，您的修改未保存。', 'Someone else changed this plan; your change was not saved.')}
                  description={t('重新加载后会显示最新版本（您的修改将被放弃）。', 'Reloading shows the latest version (your edits are dropped).')}
                  action={
                    <Button size="small" onClick={() => void reloadStale()}>
                      {t('重新加载', 'Reload')}
                    </Button>
                  }
                />
              )}
              <Form.Item name="goals" label={t('服务目标', 'Goals')} rules={[{ max: 20000 }]}>
                <Input.TextArea rows={3} maxLength={20000} />
              </Form.Item>
              <Form.Item name="measures" label={t('服务措施', 'Measures')} rules={[{ max: 20000 }]}>
                <Input.TextArea rows={3} maxLength={20000} />
              </Form.Item>
              <Typography.Text strong>{t('要素保障需求', 'Factor needs (要素)')}</Typography.Text>
              <Form.List name="factors">
                {(fields, { add, remove }) => (
                  <div style={{ marginTop: 8 }}>
                    {fields.map((f, i) => (
                      <Row key={f.key} gutter={8} wrap>
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'factor']} label={t(`要素 ${i + 1}`, `Factor ${i + 1}`)} rules={[{ required: true, message: t('请选择', 'Choose one') }]}>
                            <Select options={SERVICE_FACTORS.map((s) => ({ value: s, label: label(SERVICE_FACTOR_LABELS[s]) }))} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'status']} label={t('状态', 'Status')} rules={[{ required: true }]}>
                            <Select options={FACTOR_STATUSES.map((s) => ({ value: s, label: label(FACTOR_STATUS_LABELS[s]) }))} />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={8}>
                          <Form.Item name={[f.name, 'need']} label={t('需求', 'Need')} rules={[{ required: true, whitespace: true, message: t('请填写需求', 'Describe the need') }, { max: 2000 }]}>
                            <Input maxLength={2000} placeholder={t('如：新增用地120亩', 'e.g. 120 mu of new land')} />
                          </Form.Item>
                        </Col>
                        <Col xs={21} md={7}>
                          <Form.Item name={[f.name, 'note']} label={t('备注', 'Note')} rules={[{ max: 2000 }]}>
                            <Input maxLength={2000} />
                          </Form.Item>
                        </Col>
                        <Col xs={3} md={1}>
                          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t(`移除第 ${i + 1} 项要素`, `Remove factor #${i + 1}`)} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />
                        </Col>
                      </Row>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ factor: 'LAND', status: 'NEEDED', need: '', note: null })} disabled={fields.length >= 50}>
                      {t('添加要素需求', 'Add a factor need')}
                    </Button>
                  </div>
                )}
              </Form.List>
              {formError && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={formError} />}
              <Space style={{ marginTop: 16 }}>
                <Button type="primary" htmlType="submit" loading={busy} disabled={stale}>
                  {t('保存方案', 'Save plan')}
                </Button>
                <Button onClick={() => setEditing(false)}>{t('取消', 'Cancel')}</Button>
              </Space>
            </Form>
          ) : !p.exists ? (
            <Empty description={t('尚未制定服务方案（一项目一方案）：服务目标、措施和要素保障需求。', 'No service plan yet: goals, measures and factor needs.')} />
          ) : (
            <PlanView plan={p} factorLabel={factorLabel} />
          )
        }
      </QueryState>
    </Card>
  );
}

function PlanView({ plan, factorLabel }: { plan: ServicePlan; factorLabel: (f: string) => string }) {
  const { t, label } = useI18n();
  const rows = useMemo(() => plan.factors.map((f, i) => ({ ...f, key: i })), [plan.factors]);
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('服务目标', 'Goals')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{plan.goals || '—'}</Typography.Paragraph>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('服务措施', 'Measures')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{plan.measures || '—'}</Typography.Paragraph>
        </Col>
      </Row>
      <Table
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('未列要素需求', 'No factor needs listed') }}
        columns={[
          { title: t('要素', 'Factor'), dataIndex: 'factor', width: 110, render: (f: string) => factorLabel(f) },
          { title: t('需求', 'Need'), dataIndex: 'need' },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            width: 100,
            render: (s: string) => <Tag color={FACTOR_STATUS_LABELS[s]?.color}>{label(FACTOR_STATUS_LABELS[s] ?? { zh: s, en: s })}</Tag>,
          },
          { title: t('备注', 'Note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
        ]}
      />
      {plan.updatedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
          {t(`第 ${plan.version} 版 · 更新于 ${formatDateTime(plan.updatedAt)}`, `Version ${plan.version} · updated ${formatDateTime(plan.updatedAt)}`)}
        </Typography.Text>
      )}
    </>
  );
}
