import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Col, Drawer, Form, Grid, Input, InputNumber, Row, Select, Space, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Cluster, NamedList, Project } from '../../api/types';
import { useClusters, useLists } from '../../api/reference';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { FAMILY_LABELS } from '../../lib/domain';
import { formatMoney } from '../../lib/format';
import { MONEY_INPUT_RE } from '../../lib/money';
import { EDITABLE_FIELDS, conflictRows, editPayload, editValuesOf, type EditPayload, type EditValues, type EditableField } from '../../lib/project-edit';
import { formatDiffValue } from '../../lib/diff';
import { FIELD_LABELS, PROJECT_TYPE_LABELS } from './labels';
import { applyFieldErrors, isStale } from './formErrors';
import { projectKeys, useRefresh } from './queries';
import type { Conflict } from './ConflictDialog';

interface ClusterNode {
  value: string;
  title: string;
  children?: ClusterNode[];
}

function clusterTree(clusters: Cluster[], nameOf: (c: Cluster) => string): ClusterNode[] {
  const nodes = new Map<string, ClusterNode>(clusters.map((c) => [c.id, { value: c.id, title: nameOf(c) }]));
  const roots: ClusterNode[] = [];
  for (const c of clusters) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * 编辑项目: the editable fields of a project. Only the fields the user changed are sent, with the version
 * the form was opened on; a 409 STALE_VERSION hands over to the conflict dialog.
 */
export function EditProjectDrawer({
  project,
  onClose,
  onConflict,
}: {
  /** The project as it was when the drawer opened; null when closed. */
  project: Project | null;
  onClose: () => void;
  onConflict: (c: Conflict) => void;
}) {
  const { t, label, name, lang } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const refresh = useRefresh(project?.id ?? '');
  const clusters = useClusters();
  const lists = useLists();
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const base = useMemo(() => (project ? editValuesOf(project) : null), [project]);
  const tree = useMemo(() => clusterTree(clusters.data ?? [], (c) => name(c.nameZh, c.nameEn)), [clusters.data, name]);
  const listName = (l: NamedList) => `${name(l.nameZh, l.nameEn)}${l.year ? `（${l.year}）` : ''}`;

  const typeOptions = useMemo(() => {
    const known = Object.entries(PROJECT_TYPE_LABELS).map(([value, l]) => ({ value, label: label(l) }));
    const current = project?.projectType;
    return current && !PROJECT_TYPE_LABELS[current] ? [...known, { value: current, label: current }] : known;
  }, [label, project?.projectType]);

  /** A field's value as words, for the conflict table. */
  const show = (field: EditableField, value: unknown): ReactNode => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '—';
    if (field === 'clusterIds') {
      const byId = new Map((clusters.data ?? []).map((c) => [c.id, name(c.nameZh, c.nameEn)]));
      return (value as string[]).map((id) => byId.get(id) ?? id).join(t('、', ', '));
    }
    if (field === 'listIds') {
      const byId = new Map((lists.data ?? []).map((l) => [l.id, listName(l)]));
      return (value as string[]).map((id) => byId.get(id) ?? id).join(t('、', ', '));
    }
    if (field === 'family') return label(FAMILY_LABELS[value as Project['family']]);
    if (field === 'projectType') return PROJECT_TYPE_LABELS[value as string] ? label(PROJECT_TYPE_LABELS[value as string]) : String(value);
    if (field === 'totalInvestment') return formatMoney(value as string, lang);
    return formatDiffValue(value);
  };

  const send = async (p: Project, payload: EditPayload) => {
    const updated = await api.patch<Project>(`/projects/${p.id}`, { ...payload, version: p.version });
    qc.setQueryData(projectKeys.detail(p.id), updated);
    refresh(['detail', 'audit'], { clocks: true, lists: true });
    return updated;
  };

  const submit = async (values: EditValues) => {
    if (!project || !base) return;
    const payload = editPayload(base, values);
    if (Object.keys(payload).length === 0) {
      message.info(t('没有修改需要保存。', 'Nothing changed.'));
      onClose();
      return;
    }
    setSaving(true);
    setServerError(null);
    try {
      await send(project, payload);
      message.success(t('项目已保存。', 'Project saved.'));
      onClose();
    } catch (e) {
      if (isStale(e)) {
        onConflict({
          what: 'edit',
          compare: (current) =>
            conflictRows(base, payload, editValuesOf(current)).map((r) => ({
              key: r.field,
              label: label(FIELD_LABELS[r.field]),
              mine: show(r.field, r.mine),
              theirs: show(r.field, r.theirs),
              changedByMe: r.changedByMe,
              changedByThem: r.changedByThem,
            })),
          reapply: (current) => send(current, payload),
          closeSource: onClose,
        });
      } else if (!applyFieldErrors(form, e, EDITABLE_FIELDS)) {
        setServerError(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  };

  const half = { xs: 24, md: 12 };
  return (
    <Drawer
      open={!!project}
      onClose={onClose}
      title={t('编辑项目', 'Edit project')}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="edit-project-save">
            {t('保存', 'Save')}
          </Button>
        </Space>
      }
    >
      {project && base && (
        <Form<EditValues>
          form={form}
          layout="vertical"
          initialValues={base}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => setServerError(null)}
          data-testid="edit-project-form"
          scrollToFirstError
        >
          {serverError && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={serverError} />}
          <Row gutter={16}>
            <Col xs={24}>
              <Form.Item
                name="nameZh"
                label={t('项目名称', 'Project name (Chinese)')}
                rules={[
                  { required: true, whitespace: true, message: t('请填写项目名称', 'Enter the project name') },
                  { max: 300 },
                ]}
              >
                <Input autoFocus maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="nameEn" label={t('英文名称', 'English name')} rules={[{ max: 400 }]}>
                <Input maxLength={400} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="family" label={t('项目类别', 'Family')} rules={[{ required: true }]}>
                <Select options={Object.entries(FAMILY_LABELS).map(([value, l]) => ({ value, label: label(l) }))} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="projectType" label={t('项目类型', 'Project type')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={typeOptions} placeholder={t('选择类型', 'Choose a type')} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item
                name="totalInvestment"
                label={t('协议投资额（万元）', 'Agreed investment (10k CNY)')}
                rules={[
                  {
                    validator: (_r, v: string | null) =>
                      !v || MONEY_INPUT_RE.test(String(v).trim())
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('请输入不超过两位小数的非负金额，如 12500.50', 'Enter a non-negative amount with at most 2 decimals, e.g. 12500.50'))),
                  },
                ]}
              >
                <Input inputMode="decimal" suffix={t('万元', '10k CNY')} placeholder="12500.00" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="jobsPlanned" label={t('计划用工（人）', 'Jobs planned')}>
                <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="location" label={t('建设地点', 'Location')} rules={[{ max: 300 }]}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="capacity" label={t('建设规模/产能', 'Capacity')} rules={[{ max: 2000 }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="description" label={t('项目简介', 'Description')} rules={[{ max: 10000 }]}>
                <Input.TextArea rows={4} maxLength={10000} showCount />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="responsibleLeader" label={t('包联领导', 'Responsible leader')} rules={[{ max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="sponsorLeader" label={t('市县长（领衔）', 'Sponsor leader')} rules={[{ max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="serviceTeam" label={t('服务专班', 'Service team')} rules={[{ max: 200 }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="clusterIds" label={t('产业集群/链', 'Clusters and chains')}>
                <TreeSelect
                  multiple
                  treeData={tree}
                  loading={clusters.isPending}
                  showSearch
                  treeNodeFilterProp="title"
                  placeholder={clusters.isError ? t('集群列表加载失败', 'Clusters could not be loaded') : t('选择集群或产业链', 'Choose clusters or chains')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="listIds" label={t('所属清单', 'Lists')}>
                <Select
                  mode="multiple"
                  loading={lists.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(lists.data ?? []).map((l) => ({ value: l.id, label: listName(l) }))}
                  placeholder={lists.isError ? t('清单加载失败', 'Lists could not be loaded') : t('选择清单', 'Choose lists')}
                />
              </Form.Item>
            </Col>
          </Row>
          {/* Enter in a text field submits the form. */}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      )}
    </Drawer>
  );
}
