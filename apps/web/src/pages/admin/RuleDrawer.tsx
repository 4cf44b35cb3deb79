import { useMemo, useState } from 'react';
import { Alert, App, Button, Col, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { RulePreview as RulePreviewAnswer, SavedServiceTargetRule, ServiceTargetRule, ServiceTargetRuleDetail } from '../../api/types';
import { unitTree, useLists, useUnits } from '../../api/reference';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { STAGE_LABELS, STAGES, stageOrder, type CanonicalStage } from '../../lib/domain';
import { formatMoney } from '../../lib/format';
import {
  CODE_PATTERN,
  dayWord,
  DURATION_UNIT_LABELS,
  durationBounds,
  ESCALATE_DAYS,
  formFieldOf,
  formToBody,
  KIND_META,
  NEW_RULE,
  ruleToForm,
  SERVICE_TARGET_KINDS,
  stageFields,
  unitsFor,
  WARN_DAYS,
  WARN_PERCENT,
  type RuleFormValues,
  type ServiceTargetKind,
} from '../../lib/service-rules';
import { applyFieldErrors, isStale } from './formErrors';
import { useConfirmDiscard } from './useConfirmDiscard';
import { RulePreview } from './RulePreview';

/**
 * Create or edit a service-target rule: every field validateServiceTargetRule accepts, with its limits,
 * a live preview of how many projects the rule reaches, and a confirmation before the save that
 * re-evaluates every project.
 */
export function RuleDrawer({
  mode,
  rule,
  onClose,
  onSaved,
}: {
  mode: 'create' | 'edit';
  rule?: ServiceTargetRule;
  onClose: () => void;
  onSaved: (saved: SavedServiceTargetRule) => void;
}) {
  const { t, label, name, lang } = useI18n();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const confirmDiscard = useConfirmDiscard();
  const qc = useQueryClient();
  const units = useUnits();
  const lists = useLists();
  const [form] = Form.useForm<RuleFormValues>();
  const [current, setCurrent] = useState<ServiceTargetRule | undefined>(rule);
  const [banner, setBanner] = useState<{ kind: 'stale' | 'error'; text: string } | null>(null);
  const [preview, setPreview] = useState<RulePreviewAnswer | null>(null);
  const values = Form.useWatch([], { form, preserve: true }) as Partial<RuleFormValues> | undefined;
  const kind = (values?.kind ?? (current?.kind as ServiceTargetKind | undefined) ?? 'SERVICE_TARGET') as ServiceTargetKind;
  const unit = values?.durationUnit ?? 'calendar_days';
  const warnMode = values?.warnMode ?? 'percent';
  const stages = stageFields(kind);
  const bounds = durationBounds(kind, unit);
  const tree = useMemo(() => unitTree(units.data ?? [], (u) => name(u.nameZh, u.nameEn)), [units.data, name]);
  const initial = useMemo(() => (rule ? ruleToForm(rule) : NEW_RULE), [rule]);

  const save = useMutation({
    mutationFn: (v: RuleFormValues) =>
      mode === 'create'
        ? api.post<SavedServiceTargetRule>('/service-targets', formToBody(v, 'create'))
        : api.patch<SavedServiceTargetRule>(`/service-targets/${current!.id}`, { ...formToBody(v, 'edit'), version: current!.version }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: ['service-targets'] });
      void qc.invalidateQueries({ queryKey: ['service-target', saved.id] });
      message.success(mode === 'create' ? t(`已创建规则「${saved.name}」`, `Rule “${saved.nameEn || saved.name}” created`) : t(`已保存规则「${saved.name}」（第 ${saved.version} 版）`, `Rule “${saved.nameEn || saved.name}” saved (version ${saved.version})`));
      onSaved(saved);
    },
    onError: (e) => {
      if (isStale(e)) {
        setBanner({ kind: 'stale', text: t('此规则已被他人修改。重新加载可看到最新版本（您在此处的修改将丢失）。', 'Someone else changed this rule. Reload to see the latest version (your changes here will be lost).') });
        return;
      }
      const { placed, unplaced } = applyFieldErrors(form, e, formFieldOf);
      setBanner(placed && !unplaced.length ? null : { kind: 'error', text: [errorText(e), ...unplaced].join('\n') });
    },
  });

  const reload = async () => {
    if (!current) return;
    try {
      const fresh = await qc.fetchQuery({ queryKey: ['service-target', current.id], queryFn: () => api.get<ServiceTargetRuleDetail>(`/service-targets/${current.id}`), staleTime: 0 });
      setCurrent(fresh);
      form.resetFields();
      form.setFieldsValue(ruleToForm(fresh));
      setBanner(null);
      void qc.invalidateQueries({ queryKey: ['service-targets'] });
    } catch (e) {
      setBanner({ kind: 'error', text: errorText(e) });
    }
  };

  const confirmSave = (v: RuleFormValues) => {
    setBanner(null);
    const reach = preview
      ? preview.currentlyAffected !== null
        ? t(`此规则将适用于 ${preview.affected} 个在途项目（当前 ${preview.currentlyAffected} 个）。`, `It will apply to ${preview.affected} live projects (now ${preview.currentlyAffected}).`)
        : t(`此规则将适用于 ${preview.affected} 个在途项目。`, `It will apply to ${preview.affected} live projects.`)
      : '';
    modal.confirm({
      title: mode === 'create' ? t('创建规则并重新评估？', 'Create the rule and re-evaluate?') : t('保存修改并重新评估？', 'Save and re-evaluate?'),
      content: (
        <Space orientation="vertical" size={6}>
          {reach && <span>{reach}</span>}
          <span>
            {t(
              '保存后将在后台重新评估全部在途项目的时限：未结束的时钟采用新规则，已按时完成或已判定逾期的时钟保留原规则版本；预警会随之升级或解除。',
              'Every live project is then re-evaluated in the background: open clocks take the new rule, clocks already met or breached keep the version they were judged by; alerts rise or resolve accordingly.',
            )}
          </span>
          {current?.isDefault && (
            <Typography.Text type="warning">{t('这是系统默认规则，保存后将标记为自定义规则。', 'This is a default rule; once saved it is marked as custom.')}</Typography.Text>
          )}
        </Space>
      ),
      okText: mode === 'create' ? t('创建', 'Create') : t('保存', 'Save'),
      cancelText: t('取消', 'Cancel'),
      onOk: () => save.mutateAsync(v).catch(() => undefined),
    });
  };

  /** Keeps the form consistent when the kind or unit changes (allowed units, stages the kind uses). */
  const onValuesChange = (changed: Partial<RuleFormValues>, all: RuleFormValues) => {
    if (changed.kind) {
      const patch: Partial<RuleFormValues> = {};
      if (!unitsFor(changed.kind).includes(all.durationUnit)) patch.durationUnit = 'working_days';
      const f = stageFields(changed.kind);
      if (f.from === 'none') patch.fromStage = null;
      if (f.to === 'none') patch.toStage = null;
      if (changed.kind === 'SERVICE_TARGET') {
        if (!all.fromStage) patch.fromStage = 'SIGNED';
        if (!all.toStage) patch.toStage = 'LANDED';
      }
      form.setFieldsValue(patch);
    }
    if (changed.fromStage && all.toStage && (kind === 'SERVICE_TARGET' || kind === 'STALE_UPDATE') && stageOrder(all.toStage) <= stageOrder(changed.fromStage)) {
      form.setFieldsValue({ toStage: null });
    }
  };

  const stageOptions = (after?: CanonicalStage | null) =>
    STAGES.map((s) => ({ value: s, label: label(STAGE_LABELS[s]), disabled: !!after && stageOrder(s) <= stageOrder(after) }));
  const durationLabel =
    kind === 'PLAN_DATE' ? t('宽限期（预计日期之后）', 'Grace period (after the expected date)') : kind === 'STALE_UPDATE' ? t('报送截止（次月）', 'Report deadline (next month)') : t('时限', 'Duration');
  const minInvestment = values?.minInvestment;

  const close = () => confirmDiscard(form.isFieldsTouched() && !save.isSuccess, onClose);

  return (
    <Drawer
      open
      size={760}
      onClose={close}
      destroyOnHidden
      title={mode === 'create' ? t('新建服务时限规则', 'New service-target rule') : t(`编辑规则：${current?.name}`, `Edit rule: ${current?.nameEn || current?.name}`)}
      extra={current && <Typography.Text type="secondary">{t(`当前第 ${current.version} 版`, `Version ${current.version}`)}</Typography.Text>}
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={close}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {mode === 'create' ? t('创建规则', 'Create rule') : t('保存修改', 'Save changes')}
          </Button>
        </Space>
      }
      styles={{ body: { paddingTop: 0 } }}
    >
      <div style={{ position: 'sticky', top: 0, zIndex: 3, background: '#fff', paddingTop: 16 }}>
        <RulePreview values={values} ruleId={current?.id} onResult={setPreview} />
      </div>
      {banner && (
        <Alert
          type={banner.kind === 'stale' ? 'warning' : 'error'}
          showIcon
          role="alert"
          style={{ marginBottom: 16, whiteSpace: 'pre-line' }}
          title={banner.kind === 'stale' ? t('保存冲突', 'Edit conflict') : t('未能保存', 'Not saved')}
          description={banner.text}
          action={
            banner.kind === 'stale' ? (
              <Button size="small" onClick={() => void reload()}>
                {t('重新加载', 'Reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      {current?.isDefault && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(
            '系统默认规则：默认值由本局选定，并非来自报告中的数字。保存修改后将标记为自定义规则，历史版本仍可查阅。',
            'Default rule: chosen by the bureau, not a figure from the reports. Once saved it is marked as custom; earlier versions stay in its history.',
          )}
        />
      )}
      <Form<RuleFormValues> form={form} layout="vertical" initialValues={initial} onFinish={confirmSave} onValuesChange={onValuesChange} requiredMark>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('基本信息', 'Basics')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="code"
              label={t('规则代码', 'Code')}
              extra={mode === 'create' ? t('字母开头，可用字母、数字和 _ . -，保存后不能修改', 'Starts with a letter; letters, digits, _ . -; cannot change later') : t('代码不能修改', 'The code cannot change')}
              rules={[
                { required: true, message: t('请填写规则代码', 'Enter a code') },
                { pattern: CODE_PATTERN, message: t('字母开头，只能使用字母、数字和 _ . -，最长 64 位', 'Start with a letter; letters, digits, _ . - only; at most 64') },
              ]}
            >
              <Input disabled={mode === 'edit'} spellCheck={false} autoFocus={mode === 'create'} placeholder="SIGNED_TO_LANDED_BIG" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="active" label={t('状态', 'Status')} valuePropName="checked" extra={t('停用的规则不产生时钟和预警', 'An inactive rule starts no clocks and raises no alerts')}>
              <Switch checkedChildren={t('启用', 'Active')} unCheckedChildren={t('停用', 'Inactive')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('名称（中文）', 'Name (Chinese)')} rules={[{ required: true, whitespace: true, message: t('请填写名称', 'Enter a name') }, { max: 200 }]}>
              <Input autoFocus={mode === 'edit'} placeholder={t('如：签约到落地（10亿元以上）', 'e.g. 签约到落地（10亿元以上）')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('名称（英文）', 'Name (English)')} rules={[{ max: 2000 }]}>
              <Input placeholder="Signing to landing (≥ 1 bn yuan)" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('说明', 'Description')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('这条规则的含义，供管理员和领导查阅', 'What the rule means, for admins and leaders')} />
        </Form.Item>

        <Divider titlePlacement="start">{t('类型与节点', 'Kind and stages')}</Divider>
        <Form.Item name="kind" label={t('规则类型', 'Kind')} extra={label({ zh: KIND_META[kind].helpZh, en: KIND_META[kind].helpEn })} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={SERVICE_TARGET_KINDS.map((k) => ({ value: k, label: label(KIND_META[k]) }))} />
        </Form.Item>
        {(stages.from !== 'none' || stages.to !== 'none') && (
          <Row gutter={16}>
            {stages.from !== 'none' && (
              <Col span={12}>
                <Form.Item
                  name="fromStage"
                  label={kind === 'STALE_UPDATE' ? t('需报送的起始阶段', 'Reports required from') : t('起始节点（计时起点）', 'From milestone (clock starts)')}
                  extra={kind === 'STALE_UPDATE' ? t('不选 = 任意阶段', 'Empty = any stage') : undefined}
                  rules={[{ required: stages.from === 'required', message: t('请选择起始节点', 'Choose the start milestone') }]}
                >
                  <Select allowClear={stages.from === 'optional'} options={stageOptions()} placeholder={t('任意阶段', 'Any stage')} />
                </Form.Item>
              </Col>
            )}
            {stages.to !== 'none' && (
              <Col span={12}>
                <Form.Item
                  name="toStage"
                  label={
                    kind === 'PLAN_DATE'
                      ? t('计划节点', 'Planned milestone')
                      : kind === 'STALE_UPDATE'
                        ? t('报送截止阶段', 'Reports required until')
                        : t('目标节点（计时终点）', 'To milestone (clock stops)')
                  }
                  extra={
                    kind === 'PLAN_DATE'
                      ? t('不选 = 所有计划节点；指定节点的规则优先于通用规则', 'Empty = every planned milestone; a rule naming the milestone beats a general one')
                      : kind === 'STALE_UPDATE'
                        ? t('不选 = 一直需要报送', 'Empty = reports never stop')
                        : t('达到该节点或其后任一节点即停止计时', 'The clock stops at this milestone or any later one')
                  }
                  rules={[{ required: stages.to === 'required', message: t('请选择目标节点', 'Choose the target milestone') }]}
                >
                  <Select
                    allowClear={stages.to === 'optional'}
                    options={stageOptions(kind === 'PLAN_DATE' ? null : values?.fromStage)}
                    placeholder={kind === 'PLAN_DATE' ? t('所有计划节点', 'Every planned milestone') : t('不限', 'None')}
                  />
                </Form.Item>
              </Col>
            )}
          </Row>
        )}

        <Divider titlePlacement="start">{t('时限、黄灯与督办', 'Duration, warning and escalation')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={durationLabel} required extra={t(`允许 ${bounds.min}–${bounds.max}`, `Allowed ${bounds.min}–${bounds.max}`)}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="durationValue"
                  noStyle
                  rules={[
                    { required: true, message: t('请填写时限', 'Enter the duration') },
                    { type: 'integer', min: bounds.min, max: bounds.max, message: t(`须为 ${bounds.min}–${bounds.max} 的整数`, `Must be a whole number from ${bounds.min} to ${bounds.max}`) },
                  ]}
                >
                  <InputNumber min={bounds.min} max={bounds.max} precision={0} style={{ width: '50%' }} aria-label={durationLabel} />
                </Form.Item>
                <Form.Item name="durationUnit" noStyle>
                  <Select
                    style={{ width: '50%' }}
                    aria-label={t('时限单位', 'Duration unit')}
                    options={unitsFor(kind).map((u) => ({
                      value: u,
                      label:
                        kind === 'STALE_UPDATE'
                          ? u === 'working_days'
                            ? t('个工作日', 'working days')
                            : t('日（自然日）', 'day of month')
                          : label(DURATION_UNIT_LABELS[u]),
                    }))}
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="escalateAfterDays"
              label={t('督办：逾期超过', 'Escalate when overdue by more than')}
              extra={t('红灯后再过这么多天升级为督办（0 = 逾期即督办）', 'Days after going red before escalation (0 = at once)')}
              rules={[
                { required: true, message: t('请填写天数', 'Enter the days') },
                { type: 'integer', min: ESCALATE_DAYS.min, max: ESCALATE_DAYS.max, message: t('须为 0–3650 的整数', 'A whole number from 0 to 3650') },
              ]}
            >
              <InputNumber min={ESCALATE_DAYS.min} max={ESCALATE_DAYS.max} precision={0} style={{ width: '100%' }} suffix={dayWord(unit, lang, 2)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="warnMode" label={t('黄灯预警方式', 'Warning by')}>
              <Radio.Group
                options={[
                  { value: 'percent', label: t('时限已过百分比', '% of duration') },
                  { value: 'daysBefore', label: t('到期前天数', 'Days before due') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="warnValue"
              label={warnMode === 'percent' ? t('时限过去多少时亮黄灯', 'Yellow once this much has elapsed') : t('到期前多少天亮黄灯', 'Yellow this long before due')}
              rules={[
                { required: true, message: t('请填写黄灯阈值', 'Enter the warning threshold') },
                warnMode === 'percent'
                  ? { type: 'integer', min: WARN_PERCENT.min, max: WARN_PERCENT.max, message: t('须为 1–100 的整数', 'A whole number from 1 to 100') }
                  : { type: 'integer', min: WARN_DAYS.min, max: WARN_DAYS.max, message: t('须为 0–3650 的整数', 'A whole number from 0 to 3650') },
              ]}
            >
              <InputNumber
                min={warnMode === 'percent' ? WARN_PERCENT.min : WARN_DAYS.min}
                max={warnMode === 'percent' ? WARN_PERCENT.max : WARN_DAYS.max}
                precision={0}
                style={{ width: '100%' }}
                suffix={warnMode === 'percent' ? '%' : dayWord(unit, lang, 2)}
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('适用范围（同时满足）', 'Applies to (all must hold)')}</Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t(
            '不设条件即适用于全部项目。同一时段（如签约→投产）有多条规则时，每个项目只采用条件最具体的一条，例如 10 亿元以上项目的规则会替代通用规则。',
            'No criteria = every project. When several rules cover the same span (e.g. signing → operation), a project takes only the most specific one, so a rule for projects of 1 bn yuan or more replaces the general one.',
          )}
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="family" label={t('项目类别', 'Project family')}>
              <Select
                allowClear
                placeholder={t('全部类别', 'Every family')}
                options={[
                  { value: 'INVESTMENT', label: t('招商引资项目', 'Investment projects') },
                  { value: 'GOVERNMENT', label: t('政府投资项目', 'Government projects') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="minInvestment"
              label={t('总投资不低于', 'Total investment at least')}
              extra={
                minInvestment
                  ? t(`= ${formatMoney(minInvestment, 'zh-CN')}；未填投资额的项目不适用`, `= ${formatMoney(minInvestment, 'en')}; projects without a figure do not match`)
                  : t('单位万元（10 亿元 = 100000 万元）', 'In 10k yuan (1 bn yuan = 100000)')
              }
              rules={[{ pattern: /^\d{1,14}(\.\d{1,2})?$/, message: t('请填写不超过两位小数的金额（万元）', 'An amount in 10k yuan with at most 2 decimals') }]}
            >
              <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('万元', '10k CNY')} placeholder={t('不限', 'Any')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="unitIds" label={t('单位（含下级单位）', 'Units (and below)')}>
              <TreeSelect
                multiple
                allowClear
                treeData={tree}
                treeDefaultExpandAll
                showSearch={{ treeNodeFilterProp: 'title' }}
                loading={units.isPending}
                placeholder={t('全部单位', 'Every unit')}
                maxTagCount="responsive"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="listIds" label={t('重点项目名单', 'Project lists')}>
              <Select
                mode="multiple"
                allowClear
                loading={lists.isPending}
                placeholder={t('不限名单', 'Any list')}
                showSearch={{ optionFilterProp: 'label' }}
                maxTagCount="responsive"
                options={(lists.data ?? []).map((l) => ({ value: l.id, label: `${name(l.nameZh, l.nameEn)}${l.year ? ` (${l.year})` : ''}` }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="projectTypes"
              label={t('项目类型代码', 'Project type codes')}
              extra={t('输入后按回车添加；须与项目的类型代码完全一致，如 industrial、infrastructure-energy', 'Press Enter after each; must equal the project’s type code, e.g. industrial, infrastructure-energy')}
            >
              <Select mode="tags" allowClear tokenSeparators={[',', '，', ' ']} placeholder={t('不限类型', 'Any type')} notFoundContent={null} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('备注', 'Note')}</Divider>
        <Form.Item name="note" label={t('备注（依据、出处等）', 'Note (basis, source …)')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
