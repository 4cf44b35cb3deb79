import { useState } from 'react';
import { Alert, App, Button, Col, Empty, Form, Input, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Contact } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { QueryState, useErrorText } from '../../components/QueryState';
import { CONTACT_ROLE_LABELS, CONTACT_ROLE_SIDE, CONTACT_SIDES, CONTACT_SIDE_LABELS, isValidPhone, type ContactRole } from '../../lib/service-desk';
import { applyDeskErrors, blankToNull, isStaleError } from '../project/service-desk/deskForm';
import { deskKeys, useInvestorContacts, useProjectContacts } from '../project/service-desk/deskQueries';

interface Values {
  side: 'INVESTOR' | 'GOVERNMENT';
  role: ContactRole;
  name: string;
  title?: string;
  organisation?: string;
  phone?: string;
  email?: string;
  note?: string;
}
const ROLES = Object.keys(CONTACT_ROLE_LABELS) as ContactRole[];

/**
 * 联系人 of an investor (or of one project, with `projectId`): both sides (企业方 / 政府方), add, edit (with
 * version), deactivate (kept for history).
 */
export function ContactsPanel({ investorId, projectId, canWrite }: { investorId?: string; projectId?: string; canWrite: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [inactive, setInactive] = useState(false);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const side = Form.useWatch('side', form);
  const base = projectId ? `/projects/${projectId}/contacts` : `/investors/${investorId}/contacts`;
  const investorContacts = useInvestorContacts(investorId ?? '', inactive, !projectId);
  const projectContacts = useProjectContacts(projectId ?? '', inactive);
  const contacts = projectId ? projectContacts : investorContacts;
  const refresh = () => void qc.invalidateQueries({ queryKey: projectId ? ['project', projectId, 'desk'] : deskKeys.investor(investorId ?? '') });

  const save = async (v: Values) => {
    setBusy('save');
    setFormError(null);
    const body = {
      side: v.side,
      role: v.role,
      name: v.name.trim(),
      title: blankToNull(v.title),
      organisation: blankToNull(v.organisation),
      phone: blankToNull(v.phone),
      email: blankToNull(v.email),
      note: blankToNull(v.note),
    };
    try {
      if (editing === 'new') await api.post(base, Object.fromEntries(Object.entries(body).filter(([, x]) => x !== null)));
      else if (editing) await api.patch(`${base}/${editing.id}`, { ...body, version: editing.version });
      message.success(t('联系人已保存。', 'Contact saved.'));
      refresh();
      setEditing(null);
    } catch (e) {
      if (isStaleError(e)) {
        message.warning(t('此联系人已被他人修改，已刷新，请重新编辑。', 'Someone else changed this contact; it has been reloaded — edit it again.'));
        setEditing(null);
        refresh();
      } else if (!applyDeskErrors(form, e, ['side', 'role', 'name', 'title', 'organisation', 'phone', 'email', 'note'])) setFormError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const deactivate = async (c: Contact) => {
    setBusy(c.id);
    try {
      await api.delete(`${base}/${c.id}`);
      message.success(t('联系人已停用（保留历史记录）。', 'Contact deactivated (kept for history).'));
      refresh();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const roleLabel = (r: string) => label(CONTACT_ROLE_LABELS[r as ContactRole] ?? { zh: r, en: r });

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <Switch checked={inactive} onChange={setInactive} id={`contacts-inactive-${projectId ?? investorId}`} />
          <label htmlFor={`contacts-inactive-${projectId ?? investorId}`}>{t('显示已停用', 'Show deactivated')}</label>
        </Space>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormError(null);
              setEditing('new');
            }}
            data-testid="contact-add"
          >
            {t('添加联系人', 'Add contact')}
          </Button>
        )}
      </Space>
      <QueryState query={contacts} isEmpty={(d) => d.length === 0} empty={<Empty description={t('暂无联系人。', 'No contacts yet.')} />}>
        {(items) => (
          <Table<Contact>
            size="small"
            rowKey="id"
            dataSource={items}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              { title: t('方', 'Side'), dataIndex: 'side', width: 90, render: (s: string) => <Tag color={s === 'INVESTOR' ? 'geekblue' : 'volcano'}>{label(CONTACT_SIDE_LABELS[s])}</Tag> },
              { title: t('角色', 'Role'), dataIndex: 'role', width: 120, render: roleLabel },
              {
                title: t('姓名', 'Name'),
                key: 'name',
                render: (_: unknown, c) => (
                  <Space size={4} wrap>
                    <Typography.Text strong delete={!c.active}>
                      {c.name}
                    </Typography.Text>
                    {c.title && <Typography.Text type="secondary">{c.title}</Typography.Text>}
                    {!c.active && <Tag>{t('已停用', 'Inactive')}</Tag>}
                  </Space>
                ),
              },
              { title: t('单位', 'Organisation'), dataIndex: 'organisation', ellipsis: true, render: (v: string | null) => v ?? '' },
              { title: t('电话', 'Phone'), dataIndex: 'phone', width: 140, render: (v: string | null) => (v ? <a href={`tel:${v}`}>{v}</a> : '') },
              { title: t('邮箱', 'Email'), dataIndex: 'email', width: 180, ellipsis: true, render: (v: string | null) => (v ? <a href={`mailto:${v}`}>{v}</a> : '') },
              ...(canWrite
                ? [
                    {
                      title: t('操作', 'Actions'),
                      key: 'actions',
                      width: 130,
                      render: (_: unknown, c: Contact) =>
                        c.active && (
                          <Space size={0}>
                            <Button
                              size="small"
                              type="link"
                              onClick={() => {
                                setFormError(null);
                                setEditing(c);
                              }}
                            >
                              {t('编辑', 'Edit')}
                            </Button>
                            <Popconfirm
                              title={t('停用此联系人？', 'Deactivate this contact?')}
                              description={t('停用后不再出现在选择列表中，历史记录保留。', 'It no longer appears in pickers; its history is kept.')}
                              okText={t('停用', 'Deactivate')}
                              cancelText={t('取消', 'Cancel')}
                              onConfirm={() => deactivate(c)}
                            >
                              <Button size="small" type="link" danger loading={busy === c.id}>
                                {t('停用', 'Deactivate')}
                              </Button>
                            </Popconfirm>
                          </Space>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('添加联系人', 'Add a contact') : t('编辑联系人', 'Edit contact')}
        onCancel={() => setEditing(null)}
        okText={t('保存', 'Save')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ htmlType: 'submit', loading: busy === 'save' }}
        destroyOnHidden
        modalRender={(node) => (
          <Form<Values>
            form={form}
            layout="vertical"
            clearOnDestroy
            initialValues={
              editing && editing !== 'new'
                ? { ...editing, title: editing.title ?? '', organisation: editing.organisation ?? '', phone: editing.phone ?? '', email: editing.email ?? '', note: editing.note ?? '' }
                : { side: 'INVESTOR', role: 'LIAISON' }
            }
            onFinish={(v) => void save(v)}
            onValuesChange={(changed: Partial<Values>) => {
              setFormError(null);
              if (changed.side) {
                const role = form.getFieldValue('role') as ContactRole | undefined;
                if (role && CONTACT_ROLE_SIDE[role] !== changed.side) form.setFieldValue('role', undefined);
              }
            }}
          >
            {node}
          </Form>
        )}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="side" label={t('方', 'Side')} rules={[{ required: true }]}>
              <Select options={CONTACT_SIDES.map((s) => ({ value: s, label: label(CONTACT_SIDE_LABELS[s]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true, message: t('请选择角色', 'Choose a role') }]}>
              <Select options={ROLES.filter((r) => !side || CONTACT_ROLE_SIDE[r] === side).map((r) => ({ value: r, label: roleLabel(r) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true, whitespace: true, message: t('请填写姓名', 'Enter the name') }, { max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="title" label={t('职务', 'Title')} rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="organisation" label={t('单位', 'Organisation')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('电话', 'Phone')}
              extra={t('手机号或带区号的座机，如 0471-6901234', 'Mobile, or landline with area code, e.g. 0471-6901234')}
              rules={[
                {
                  validator: (_, v: string | undefined) =>
                    !v?.trim() || isValidPhone(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('电话格式不正确', 'Not a valid phone number'))),
                },
              ]}
            >
              <Input maxLength={30} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('邮箱', 'Email')} rules={[{ type: 'email', message: t('邮箱格式不正确', 'Not an email address') }]}>
              <Input maxLength={254} inputMode="email" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon role="alert" title={formError} />}
      </Modal>
    </>
  );
}
