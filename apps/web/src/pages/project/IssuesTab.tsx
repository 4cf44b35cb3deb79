import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Grid, Input, List, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../api/client';
import type { IssueCategory, IssueStatus, Project, ProjectIssue } from '../../api/types';
import { unitTree, useUnits } from '../../api/reference';
import { useI18n } from '../../i18n/i18n';
import { QueryState, useErrorText } from '../../components/QueryState';
import { ISSUE_CATEGORY_LABELS } from '../../lib/domain';
import { businessToday, daysBetween } from '../../lib/format';
import { ISSUE_STATUS_LABELS } from './labels';
import { applyFieldErrors } from './formErrors';
import { useIssues, useRefresh } from './queries';

interface AddValues {
  category: IssueCategory;
  title: string;
  description?: string;
  ownerUnitId?: string;
  dueDate?: Dayjs | null;
}

const CATEGORIES = Object.keys(ISSUE_CATEGORY_LABELS) as IssueCategory[];
const STATUS_ORDER: Record<IssueStatus, number> = { ESCALATED: 0, OPEN: 1, CLEARED: 2 };

/** 问题清单: problems holding the project up, who owns them and by when; 督办 and 清零 (clearing needs the result). */
export function IssuesTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, label, name } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const issues = useIssues(project.id);
  const units = useUnits();
  const refresh = useRefresh(project.id);
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const [adding, setAdding] = useState(false);
  const [clearing, setClearing] = useState<ProjectIssue | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [addForm] = Form.useForm<AddValues>();
  const [clearForm] = Form.useForm<{ result: string }>();
  const today = businessToday();

  const unitName = useMemo(() => {
    const byId = new Map((units.data ?? []).map((u) => [u.id, name(u.nameZh, u.nameEn)]));
    return (id: string | null) => (id ? (byId.get(id) ?? '—') : '—');
  }, [units.data, name]);
  const tree = useMemo(() => unitTree(units.data ?? [], (u) => name(u.nameZh, u.nameEn)), [units.data, name]);

  const staleOrError = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'STALE_VERSION') {
      message.warning(t('此问题已被他人修改，已刷新，请核对后重试。', 'Someone else changed this issue; it has been reloaded — check it and try again.'));
      void issues.refetch();
    } else message.error(errorText(e));
  };

  const move = async (issue: ProjectIssue, status: IssueStatus, result?: string) => {
    setBusy(issue.id);
    try {
      await api.patch<ProjectIssue>(`/projects/${project.id}/issues/${issue.id}`, { status, ...(result ? { result } : {}), version: issue.version });
      message.success(
        status === 'ESCALATED' ? t('已提请督办。', 'Escalated.') : status === 'CLEARED' ? t('问题已清零。', 'Issue cleared.') : t('问题已重新打开。', 'Issue reopened.'),
      );
      refresh(['issues', 'audit']);
      return true;
    } catch (e) {
      if (status === 'CLEARED' && applyFieldErrors(clearForm, e, ['result'])) return false;
      staleOrError(e);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const add = async (v: AddValues) => {
    setBusy('add');
    setFormError(null);
    try {
      await api.post<ProjectIssue>(`/projects/${project.id}/issues`, {
        category: v.category,
        title: v.title.trim(),
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        ...(v.ownerUnitId ? { ownerUnitId: v.ownerUnitId } : {}),
        ...(v.dueDate ? { dueDate: v.dueDate.format('YYYY-MM-DD') } : {}),
      });
      message.success(t('问题已登记。', 'Issue recorded.'));
      refresh(['issues', 'audit']);
      setAdding(false);
    } catch (e) {
      if (!applyFieldErrors(addForm, e, ['category', 'title', 'description', 'ownerUnitId', 'dueDate'])) setFormError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const statusTag = (s: IssueStatus) => <Tag color={ISSUE_STATUS_LABELS[s].color}>{label(ISSUE_STATUS_LABELS[s])}</Tag>;
  const due = (i: ProjectIssue) => {
    if (!i.dueDate) return <Typography.Text type="secondary">—</Typography.Text>;
    const late = i.status !== 'CLEARED' && i.dueDate < today;
    return (
      <Space orientation="vertical" size={0}>
        <Typography.Text type={late ? 'danger' : undefined}>{i.dueDate}</Typography.Text>
        {late && (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {t(`逾期 ${daysBetween(i.dueDate, today)} 天`, `${daysBetween(i.dueDate, today)} days late`)}
          </Typography.Text>
        )}
      </Space>
    );
  };
  const actions = (i: ProjectIssue) => {
    if (!canWrite) return null;
    const loading = busy === i.id;
    return (
      <Space size={0} wrap>
        {i.status === 'OPEN' && (
          <Popconfirm
            title={t('提请督办？', 'Escalate this issue?')}
            description={t('问题将标记为督办中，提请上级协调解决。', 'It is marked as escalated for higher-level coordination.')}
            okText={t('督办', 'Escalate')}
            cancelText={t('取消', 'Cancel')}
            onConfirm={() => move(i, 'ESCALATED')}
          >
            <Button size="small" type="link" loading={loading}>
              {t('督办', 'Escalate')}
            </Button>
          </Popconfirm>
        )}
        {i.status !== 'CLEARED' && (
          <Button
            size="small"
            type="link"
            onClick={() => {
              setClearing(i);
            }}
          >
            {t('清零', 'Clear')}
          </Button>
        )}
        {i.status !== 'OPEN' && (
          <Popconfirm
            title={i.status === 'CLEARED' ? t('重新打开此问题？', 'Reopen this issue?') : t('撤回督办？', 'Withdraw the escalation?')}
            okText={t('确定', 'Yes')}
            cancelText={t('取消', 'Cancel')}
            onConfirm={() => move(i, 'OPEN')}
          >
            <Button size="small" type="link" loading={loading}>
              {i.status === 'CLEARED' ? t('重新打开', 'Reopen') : t('撤回督办', 'Withdraw')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    );
  };

  return (
    <>
      <Card
        size="small"
        title={t('问题清单', 'Issues')}
        extra={
          <Space wrap>
            <Segmented
              size="small"
              value={filter}
              onChange={(v) => setFilter(v as 'open' | 'all')}
              options={[
                { value: 'open', label: t('未清零', 'Not cleared') },
                { value: 'all', label: t('全部', 'All') },
              ]}
              aria-label={t('筛选问题', 'Filter issues')}
            />
            {canWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => {
                  setFormError(null);
                  setAdding(true);
                }}
                data-testid="issue-add"
              >
                {t('登记问题', 'Record an issue')}
              </Button>
            )}
          </Space>
        }
      >
        <QueryState query={issues} rows={5}>
          {(items) => {
            const shown = items
              .filter((i) => filter === 'all' || i.status !== 'CLEARED')
              .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
            if (!shown.length) {
              return (
                <Empty
                  description={
                    items.length
                      ? t(`全部 ${items.length} 个问题均已清零。`, `All ${items.length} issues are cleared.`)
                      : t('暂无问题。项目推进中遇到的土地、审批、资金、能耗等问题在此登记并跟踪督办。', 'No issues. Land, approval, funding, energy and other problems are recorded and followed up here.')
                  }
                />
              );
            }
            return screens.md ? (
              <Table<ProjectIssue>
                size="small"
                rowKey="id"
                dataSource={shown}
                pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                scroll={{ x: 960 }}
                columns={[
                  { title: t('类别', 'Category'), dataIndex: 'category', width: 90, render: (c: IssueCategory) => <Tag>{label(ISSUE_CATEGORY_LABELS[c])}</Tag> },
                  {
                    title: t('问题', 'Issue'),
                    key: 'title',
                    render: (_: unknown, i) => (
                      <Space orientation="vertical" size={0}>
                        <Typography.Text strong>{i.title}</Typography.Text>
                        {i.description && <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>{i.description}</Typography.Text>}
                      </Space>
                    ),
                  },
                  { title: t('责任单位', 'Owner unit'), dataIndex: 'ownerUnitId', width: 140, render: (id: string | null) => unitName(id) },
                  { title: t('完成时限', 'Due'), key: 'due', width: 120, render: (_: unknown, i) => due(i) },
                  { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: statusTag },
                  {
                    title: t('解决结果', 'Result'),
                    key: 'result',
                    width: 200,
                    render: (_: unknown, i) =>
                      i.result ? (
                        <Space orientation="vertical" size={0}>
                          <span>{i.result}</span>
                          {i.clearedOn && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`${i.clearedOn} 清零`, `cleared ${i.clearedOn}`)}</Typography.Text>}
                        </Space>
                      ) : (
                        <Typography.Text type="secondary">—</Typography.Text>
                      ),
                  },
                  ...(canWrite ? [{ title: t('操作', 'Actions'), key: 'actions', width: 150, render: (_: unknown, i: ProjectIssue) => actions(i) }] : []),
                ]}
              />
            ) : (
              <List<ProjectIssue>
                dataSource={shown}
                renderItem={(i) => (
                  <List.Item>
                    <div style={{ width: '100%' }}>
                      <Space wrap size={6}>
                        <Tag>{label(ISSUE_CATEGORY_LABELS[i.category])}</Tag>
                        {statusTag(i.status)}
                        <Typography.Text strong>{i.title}</Typography.Text>
                      </Space>
                      {i.description && <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>{i.description}</Typography.Paragraph>}
                      <div style={{ fontSize: 13 }}>
                        {t('责任单位：', 'Owner: ')}{unitName(i.ownerUnitId)} · {t('时限：', 'Due: ')}{i.dueDate ?? '—'}
                        {i.status !== 'CLEARED' && i.dueDate && i.dueDate < today && <Typography.Text type="danger">{t('（逾期）', ' (late)')}</Typography.Text>}
                      </div>
                      {i.result && <div style={{ fontSize: 13 }}>{t('结果：', 'Result: ')}{i.result}</div>}
                      {actions(i)}
                    </div>
                  </List.Item>
                )}
              />
            );
          }}
        </QueryState>
      </Card>

      <Modal
        open={adding}
        title={t('登记问题', 'Record an issue')}
        onCancel={() => setAdding(false)}
        okText={t('登记', 'Record')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy === 'add' }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<AddValues> form={addForm} layout="vertical" clearOnDestroy initialValues={{ category: 'LAND' }} onFinish={(v) => void add(v)} onValuesChange={() => setFormError(null)}>
            {node}
          </Form>
        )}
      >
        <Form.Item name="category" label={t('类别', 'Category')} rules={[{ required: true }]}>
          <Select options={CATEGORIES.map((c) => ({ value: c, label: label(ISSUE_CATEGORY_LABELS[c]) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('问题', 'Issue')} rules={[{ required: true, whitespace: true, message: t('请简述问题', 'Describe the issue') }, { max: 300 }]}>
          <Input autoFocus maxLength={300} placeholder={t('如：用地指标尚未落实', 'e.g. land quota not yet secured')} />
        </Form.Item>
        <Form.Item name="description" label={t('详细情况', 'Details')} rules={[{ max: 10000 }]}>
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Form.Item name="ownerUnitId" label={t('责任单位', 'Owner unit')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeData={tree}
            loading={units.isPending}
            placeholder={units.isError ? t('单位列表加载失败', 'Units could not be loaded') : t('选择负责解决的单位', 'Choose the unit that solves it')}
          />
        </Form.Item>
        <Form.Item name="dueDate" label={t('完成时限', 'Due date')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>

      <Modal
        open={!!clearing}
        title={clearing ? t(`问题清零：${clearing.title}`, `Clear issue: ${clearing.title}`) : ''}
        onCancel={() => setClearing(null)}
        okText={t('确认清零', 'Clear it')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: !!clearing && busy === clearing.id }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<{ result: string }>
            form={clearForm}
            layout="vertical"
            clearOnDestroy
            initialValues={{ result: clearing?.result ?? '' }}
            onFinish={async (v) => {
              if (clearing && (await move(clearing, 'CLEARED', v.result.trim()))) setClearing(null);
            }}
          >
            {node}
          </Form>
        )}
      >
        <Form.Item
          name="result"
          label={t('解决结果', 'How it was solved')}
          extra={t('清零须说明问题如何解决。', 'Clearing needs the result: how it was solved.')}
          rules={[{ required: true, whitespace: true, message: t('请填写解决结果', 'Enter how it was solved') }, { max: 10000 }]}
        >
          <Input.TextArea autoFocus rows={3} maxLength={10000} />
        </Form.Item>
      </Modal>
    </>
  );
}
