import { useMemo, useState } from 'react';
import { App, Alert, AutoComplete, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client';
import { unitTree, useUnits } from '../../api/reference';
import type { Project } from '../../api/types';
import { useMe } from '../../auth/auth';
import { useErrorText } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { FAMILY_LABELS, STAGES, STAGE_LABELS } from '../../lib/domain';
import { businessToday } from '../../lib/format';

interface Values {
  code: string;
  nameZh: string;
  nameEn?: string;
  unitId: string;
  family: 'INVESTMENT' | 'GOVERNMENT';
  stage: (typeof STAGES)[number];
  stageDate: Dayjs;
  totalInvestment?: number;
  investorName?: string;
  location?: string;
  projectType?: string;
  note?: string;
}

const FORM_FIELDS = ['code', 'nameZh', 'nameEn', 'unitId', 'family', 'stage', 'stageDate', 'totalInvestment', 'location', 'projectType', 'note'] as const;

/** 新建项目: the fields a project needs to start its clocks; the rest is edited on the project page. */
export function CreateProjectDrawer({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [investorText, setInvestorText] = useState('');
  const units = useUnits();
  const scopePath = me.role === 'admin' ? undefined : me.unit.path;
  const tree = useMemo(() => unitTree(units.data ?? [], (u) => (lang === 'en' && u.nameEn ? u.nameEn : u.nameZh), scopePath), [units.data, lang, scopePath]);
  const investors = useQuery({
    queryKey: ['investors', investorText],
    queryFn: () => api.get<{ id: string; nameZh: string }[]>('/investors', { q: investorText }),
    enabled: investorText.trim().length >= 2,
    staleTime: 60_000,
  });
  const today = businessToday();

  async function submit(v: Values) {
    setSaving(true);
    setError(null);
    try {
      const created = await api.post<Project>('/projects', {
        code: v.code.trim(),
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn?.trim() || undefined,
        unitId: v.unitId,
        family: v.family,
        stage: v.stage,
        stageDate: v.stageDate.format('YYYY-MM-DD'),
        totalInvestment: v.totalInvestment === undefined || v.totalInvestment === null ? undefined : v.totalInvestment.toFixed(2),
        investor: v.investorName?.trim() ? { nameZh: v.investorName.trim() } : undefined,
        location: v.location?.trim() || undefined,
        projectType: v.projectType?.trim() || undefined,
        note: v.note?.trim() || undefined,
      });
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      message.success(t(`已创建项目 ${created.nameZh}`, `Created ${created.nameZh}`));
      navigate(`/projects/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = e.fieldErrors();
        const names = Object.keys(fields).filter((f) => (FORM_FIELDS as readonly string[]).includes(f) || f === 'investor.nameZh');
        form.setFields(names.map((f) => ({ name: f === 'investor.nameZh' ? 'investorName' : (f as keyof Values), errors: [fields[f]] })));
        if (e.code === 'DUPLICATE') form.setFields([{ name: 'code', errors: [e.message] }]);
      }
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('新建项目', 'New project')}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('保存', 'Save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ family: 'INVESTMENT', stage: 'SIGNED', stageDate: dayjs(today), unitId: me.role === 'admin' ? undefined : me.unitId }}
      >
        <Form.Item name="code" label={t('项目编号', 'Project code')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, message: t('1–64 位字母、数字、“.”、“_”或“-”', '1–64 letters, digits, ".", "_" or "-"') }]}>
          <Input placeholder="HH-2026-0001" autoFocus />
        </Form.Item>
        <Form.Item name="nameZh" label={t('项目名称', 'Project name (Chinese)')} rules={[{ required: true, max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('英文名称', 'English name')} rules={[{ max: 400 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="unitId" label={t('所属单位', 'Unit')} rules={[{ required: true }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll={!!scopePath} loading={units.isPending} />
        </Form.Item>
        <Form.Item name="family" label={t('项目类别', 'Family')} rules={[{ required: true }]}>
          <Select options={(['INVESTMENT', 'GOVERNMENT'] as const).map((f) => ({ value: f, label: label(FAMILY_LABELS[f]) }))} />
        </Form.Item>
        <Form.Item name="stage" label={t('当前阶段', 'Current stage')} rules={[{ required: true }]}>
          <Select options={STAGES.map((s) => ({ value: s, label: label(STAGE_LABELS[s]) }))} />
        </Form.Item>
        <Form.Item name="stageDate" label={t('进入该阶段日期', 'Date it entered that stage')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item name="totalInvestment" label={t('协议投资额（万元）', 'Agreed investment (10k CNY)')}>
          <InputNumber style={{ width: '100%' }} min={0} max={99_999_999_999_999} precision={2} />
        </Form.Item>
        <Form.Item name="investorName" label={t('投资方', 'Investor')}>
          <AutoComplete
            options={(investors.data ?? []).map((i) => ({ value: i.nameZh }))}
            onSearch={setInvestorText}
            placeholder={t('输入企业名称，可选已有投资方', 'Type a company name; pick an existing one')}
          />
        </Form.Item>
        <Form.Item name="location" label={t('建设地点', 'Location')} rules={[{ max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="projectType" label={t('项目类型', 'Project type')} rules={[{ max: 64 }]}>
          <Input placeholder={t('如：新能源、数据中心', 'e.g. new energy, data centre')} />
        </Form.Item>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
