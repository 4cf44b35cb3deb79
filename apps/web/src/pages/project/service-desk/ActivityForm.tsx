import { useState } from 'react';
import { Alert, App, Button, type ButtonProps, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { Activity, Contact } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { useErrorText } from '../../../components/QueryState';
import { businessToday } from '../../../lib/format';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, splitParticipants } from '../../../lib/service-desk';
import { useAssignable } from './deskQueries';
import { applyDeskErrors, blankToNull } from './deskForm';

interface FollowUpValues {
  title: string;
  dueDate: Dayjs | null;
  assigneeId: string;
}
interface Values {
  kind: string;
  occurredOn: Dayjs;
  participants?: string;
  contactIds?: string[];
  summary: string;
  outcome?: string;
  followUps?: FollowUpValues[];
}

/**
 * 记录走访/洽谈: kind, date (today or earlier, Asia/Shanghai), participants, summary, outcome, and optional
 * follow-ups (title, due date, assignee from the unit's assignable staff). Posts to the project or investor.
 */
export function ActivityForm({
  open,
  onClose,
  onSaved,
  target,
  unitId,
  contacts,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
  target: { projectId: string } | { investorId: string };
  /** Whose staff may take follow-ups: the project's unit (or the recorder's unit for investor-level activities). */
  unitId: string;
  contacts?: Contact[];
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const assignable = useAssignable(open ? unitId : undefined);
  const today = businessToday();

  const save = async (v: Values) => {
    setBusy(true);
    setFormError(null);
    const path = 'projectId' in target ? `/projects/${target.projectId}/activities` : `/investors/${target.investorId}/activities`;
    try {
      const participants = splitParticipants(v.participants);
      const created = await api.post<Activity>(path, {
        kind: v.kind,
        occurredOn: v.occurredOn.format('YYYY-MM-DD'),
        ...(participants.length ? { participants } : {}),
        ...(v.contactIds?.length ? { contactIds: v.contactIds } : {}),
        summary: v.summary.trim(),
        ...(blankToNull(v.outcome) ? { outcome: blankToNull(v.outcome) } : {}),
        ...(v.followUps?.length
          ? { followUps: v.followUps.map((f) => ({ title: f.title.trim(), dueDate: f.dueDate!.format('YYYY-MM-DD'), assigneeId: f.assigneeId })) }
          : {}),
      });
      const n = created.followUps?.length ?? 0;
      message.success(n ? t(`已记录，并创建 ${n} 项待办。`, `Recorded, with ${n} follow-up${n > 1 ? 's' : ''}.`) : t('已记录。', 'Recorded.'));
      onSaved();
      onClose();
    } catch (e) {
      if (!applyDeskErrors(form, e, ['kind', 'occurredOn', 'participants', 'contactIds', 'summary', 'outcome', 'followUps'])) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const userOptions = (assignable.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.unit.nameZh}）` }));

  return (
    <Modal
      open={open}
      title={t('记录走访/洽谈', 'Record a visit or meeting')}
      onCancel={onClose}
      okText={t('保存记录', 'Save')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ htmlType: 'submit', loading: busy, 'data-testid': 'activity-save' } as ButtonProps}
      width={720}
      destroyOnHidden
      modalRender={(node) => (
        <Form<Values>
          form={form}
          layout="vertical"
          clearOnDestroy
          initialValues={{ kind: 'VISIT', occurredOn: dayjs(today), followUps: [] }}
          onFinish={(v) => void save(v)}
          onValuesChange={() => setFormError(null)}
          data-testid="activity-form"
        >
          {node}
        </Form>
      )}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label={t('类型', 'Kind')} rules={[{ required: true }]}>
            <Select options={ACTIVITY_KINDS.map((k) => ({ value: k, label: label(ACTIVITY_KIND_LABELS[k]) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="occurredOn"
            label={t('日期', 'Date')}
            rules={[{ required: true, message: t('请选择日期', 'Choose the date') }]}
            extra={t('不能晚于今天', 'Today or earlier')}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="participants" label={t('参加人员', 'Participants')} extra={t('多人用逗号或顿号分隔', 'Separate names with commas')} rules={[{ max: 5000 }]}>
        <Input placeholder={t('如：张局长、企业王总', 'e.g. Director Zhang, Mr Wang of the investor')} />
      </Form.Item>
      {contacts && contacts.length > 0 && (
        <Form.Item name="contactIds" label={t('联系人', 'Contacts who took part')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={contacts.filter((c) => c.active).map((c) => ({ value: c.id, label: [c.name, c.title, c.organisation].filter(Boolean).join(' · ') }))}
          />
        </Form.Item>
      )}
      <Form.Item name="summary" label={t('内容摘要', 'Summary')} rules={[{ required: true, whitespace: true, message: t('请填写内容摘要', 'Enter a summary') }, { max: 10000 }]}>
        <Input.TextArea rows={3} maxLength={10000} />
      </Form.Item>
      <Form.Item name="outcome" label={t('成果/结论', 'Outcome')} rules={[{ max: 10000 }]}>
        <Input.TextArea rows={2} maxLength={10000} />
      </Form.Item>
      <Typography.Text strong>{t('后续待办', 'Follow-ups')}</Typography.Text>
      <Form.List name="followUps">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((f, i) => (
              <Row key={f.key} gutter={8} align="top" wrap>
                <Col xs={24} md={10}>
                  <Form.Item
                    name={[f.name, 'title']}
                    label={t(`待办 ${i + 1}`, `Follow-up ${i + 1}`)}
                    rules={[{ required: true, whitespace: true, message: t('请填写待办事项', 'Enter the task') }, { max: 300 }]}
                  >
                    <Input maxLength={300} placeholder={t('如：协调供电公司确认接入方案', 'e.g. confirm the grid connection with the power company')} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={[f.name, 'dueDate']} label={t('期限', 'Due')} rules={[{ required: true, message: t('请选择期限', 'Choose a due date') }]}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={7}>
                  <Form.Item name={[f.name, 'assigneeId']} label={t('负责人', 'Assignee')} rules={[{ required: true, message: t('请选择负责人', 'Choose who does it') }]}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      options={userOptions}
                      popupMatchSelectWidth={false}
                      loading={assignable.isPending}
                      notFoundContent={assignable.isError ? t('人员列表加载失败', 'Could not load people') : t('无可指派人员', 'Nobody to assign')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t(`移除第 ${i + 1} 项待办`, `Remove follow-up #${i + 1}`)}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  />
                </Col>
              </Row>
            ))}
            <Form.Item>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', dueDate: null, assigneeId: undefined })} disabled={fields.length >= 20}>
                {t('添加待办', 'Add a follow-up')}
              </Button>
            </Form.Item>
          </div>
        )}
      </Form.List>
      {formError && (
        <Space style={{ width: '100%' }} orientation="vertical">
          <Alert type="error" showIcon role="alert" title={formError} />
        </Space>
      )}
    </Modal>
  );
}
