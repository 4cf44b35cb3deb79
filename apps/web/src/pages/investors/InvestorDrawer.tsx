import { useEffect, useState } from 'react';
import { Alert, App, Button, Col, Drawer, Form, Grid, Input, List, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { DuplicateCandidate, Investor, InvestorDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { LEAD_SOURCE_LABELS, ORIGIN_REGION_LABELS, OWNERSHIP_TYPE_LABELS, creditCodeHint } from '../../lib/service-desk';
import { applyDeskErrors, blankToNull, isStaleError } from '../project/service-desk/deskForm';
import { deskKeys } from '../project/service-desk/deskQueries';

interface Values {
  nameZh: string;
  nameEn?: string;
  creditCode?: string;
  ownershipType: string;
  parentId?: string | null;
  originRegion?: string | null;
  leadSource?: string | null;
  industry?: string;
  website?: string;
  note?: string;
}
const FIELDS = ['nameZh', 'nameEn', 'creditCode', 'ownershipType', 'parentId', 'originRegion', 'leadSource', 'industry', 'website', 'note'];

/** The (name, credit code) the user typed, settled for 400 ms. */
function useSettled<T>(value: T, ms = 400): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/**
 * New investor (新建客商) or edit one (with its version). While the name or credit code is typed, likely
 * duplicates are looked up (same credit code, or a similar name) and shown with links before saving.
 */
export function InvestorDrawer({
  open,
  investor,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The investor being edited (its version is sent); null to create one. */
  investor: Investor | null;
  onClose: () => void;
  onSaved: (saved: Investor) => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [existing, setExisting] = useState<{ id: string; nameZh: string } | null>(null);
  const [stale, setStale] = useState(false);
  const [parentSearch, setParentSearch] = useState('');
  const name = Form.useWatch('nameZh', form) ?? '';
  const code = Form.useWatch('creditCode', form) ?? '';
  const settled = useSettled(`${name.trim()}\u0000${creditCodeHint(code).code}`);
  const [qName, qCode] = settled.split('\u0000');
  const editing = !!investor;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    setExisting(null);
    setStale(false);
    form.resetFields();
    form.setFieldsValue(
      investor
        ? {
            nameZh: investor.nameZh,
            nameEn: investor.nameEn ?? '',
            creditCode: investor.creditCode ?? '',
            ownershipType: investor.ownershipType,
            parentId: investor.parentId,
            originRegion: investor.originRegion,
            leadSource: investor.leadSource,
            industry: investor.industry ?? '',
            website: investor.website ?? '',
            note: investor.note ?? '',
          }
        : { ownershipType: 'UNKNOWN' },
    );
  }, [open, investor, form]);

  // Only look when something changed from the saved record (editing) and there is enough to compare.
  const changed = !investor || qName !== investor.nameZh || (qCode && qCode !== (investor.creditCode ?? ''));
  const duplicates = useQuery({
    queryKey: ['investors', 'duplicates', qName, qCode, investor?.id ?? null],
    queryFn: () =>
      api
        .post<{ items: DuplicateCandidate[] }>('/investors/check-duplicates', {
          ...(qName ? { nameZh: qName } : {}),
          ...(qCode ? { creditCode: qCode } : {}),
          ...(investor ? { excludeId: investor.id } : {}),
        })
        .then((r) => r.items),
    enabled: open && !!changed && (qName.length >= 2 || qCode.length >= 6),
    staleTime: 30_000,
  });

  const parents = useQuery({
    queryKey: ['investors', 'picker', parentSearch],
    queryFn: () => api.get<{ id: string; nameZh: string }[]>('/investors', { q: parentSearch }),
    enabled: open,
    staleTime: 60_000,
  });
  const parentOptions = [
    ...(investor?.parentId && !(parents.data ?? []).some((p) => p.id === investor.parentId) ? [{ value: investor.parentId, label: (investor as Partial<InvestorDetail>).parent?.nameZh ?? t('（当前上级集团）', '(current parent)') }] : []),
    ...(parents.data ?? []).filter((p) => p.id !== investor?.id).map((p) => ({ value: p.id, label: p.nameZh })),
  ];

  const save = async (v: Values) => {
    setBusy(true);
    setFormError(null);
    setExisting(null);
    const body = {
      nameZh: v.nameZh.trim(),
      nameEn: blankToNull(v.nameEn),
      creditCode: blankToNull(v.creditCode) ? creditCodeHint(v.creditCode).code : null,
      ownershipType: v.ownershipType,
      parentId: v.parentId ?? null,
      originRegion: v.originRegion ?? null,
      leadSource: v.leadSource ?? null,
      industry: blankToNull(v.industry),
      website: blankToNull(v.website),
      note: blankToNull(v.note),
    };
    try {
      const saved = investor
        ? await api.patch<Investor>(`/investors/${investor.id}`, { ...body, version: investor.version })
        : await api.post<Investor>('/investors', Object.fromEntries(Object.entries(body).filter(([, x]) => x !== null)));
      message.success(investor ? t('客商信息已保存。', 'Investor saved.') : t('客商已创建。', 'Investor created.'));
      void qc.invalidateQueries({ queryKey: deskKeys.investors });
      onSaved(saved);
    } catch (e) {
      if (isStaleError(e)) setStale(true);
      else {
        if (e instanceof ApiError && e.code === 'DUPLICATE') {
          const ex = (e.details as { existing?: { id: string; nameZh: string } } | undefined)?.existing;
          if (ex) setExisting(ex);
        }
        if (!applyDeskErrors(form, e, FIELDS)) setFormError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const dupList = duplicates.data ?? [];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={editing ? t(`编辑客商：${investor.nameZh}`, `Edit investor: ${investor.nameZh}`) : t('新建客商', 'New investor')}
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={busy} disabled={stale} onClick={() => form.submit()} data-testid="investor-save">
            {editing ? t('保存', 'Save') : t('创建', 'Create')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)} onValuesChange={() => setFormError(null)} data-testid="investor-form">
        {stale && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 12 }}
            title={t('其他人已修改此客商，您的修改未保存。', 'Someone else changed this investor; your change was not saved.')}
            description={t('请关闭后重新打开编辑（将显示最新版本）。', 'Close and edit again to see the latest version.')}
            action={
              <Button
                size="small"
                onClick={() => {
                  if (investor) void qc.invalidateQueries({ queryKey: deskKeys.investor(investor.id) });
                  onClose();
                }}
              >
                {t('重新加载', 'Reload')}
              </Button>
            }
          />
        )}
        <Form.Item name="nameZh" label={t('企业名称（中文）', 'Name (Chinese)')} rules={[{ required: true, whitespace: true, message: t('请填写企业名称', 'Enter the name') }, { max: 200 }]}>
          <Input autoFocus maxLength={200} placeholder={t('营业执照上的全称', 'Full name as registered')} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('统一社会信用代码', 'Unified social credit code')}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const hint = creditCodeHint(v);
                return hint.ok ? Promise.resolve() : Promise.reject(new Error(label(hint.message)));
              },
            },
          ]}
          extra={t('18 位，含校验位；输入时会检查是否已有同一企业。', '18 characters with a check character; checked against existing investors as you type.')}
        >
          <Input maxLength={22} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        {(duplicates.isFetching || dupList.length > 0 || duplicates.isError) && (
          <Alert
            type={dupList.some((d) => d.reason === 'CREDIT_CODE') ? 'error' : 'warning'}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="investor-duplicates"
            title={
              duplicates.isFetching && !dupList.length ? (
                <Space>
                  <Spin size="small" />
                  {t('正在查找可能重复的客商…', 'Looking for likely duplicates…')}
                </Space>
              ) : duplicates.isError ? (
                t('重复检查失败，保存时仍会检查。', 'The duplicate check failed; saving still checks.')
              ) : (
                t(`可能已存在：${dupList.length} 个相似客商`, `Possibly already recorded: ${dupList.length} similar investor${dupList.length > 1 ? 's' : ''}`)
              )
            }
            description={
              dupList.length > 0 && (
                <List
                  size="small"
                  dataSource={dupList.slice(0, 8)}
                  renderItem={(d) => (
                    <List.Item style={{ padding: '2px 0' }}>
                      <Space wrap size={6}>
                        <Link to={`/investors/${d.id}`} target="_blank">
                          {d.nameZh}
                        </Link>
                        {d.creditCode && <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>{d.creditCode}</Typography.Text>}
                        {d.reason === 'CREDIT_CODE' ? (
                          <Tag color="red">{t('信用代码相同', 'Same credit code')}</Tag>
                        ) : (
                          <Tag color="gold">{t(`名称相似 ${Math.round(d.similarity * 100)}%`, `Similar name ${Math.round(d.similarity * 100)}%`)}</Tag>
                        )}
                      </Space>
                    </List.Item>
                  )}
                />
              )
            }
          />
        )}
        <Form.Item name="nameEn" label={t('英文名称', 'Name (English)')} rules={[{ max: 300 }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="ownershipType" label={t('企业性质', 'Ownership')} rules={[{ required: true }]}>
              <Select options={Object.entries(OWNERSHIP_TYPE_LABELS).map(([k, l]) => ({ value: k, label: label(l) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="parentId" label={t('所属集团（上级）', 'Parent group')}>
              <Select
                allowClear
                showSearch
                filterOption={false}
                onSearch={setParentSearch}
                loading={parents.isFetching}
                options={parentOptions}
                placeholder={t('输入名称搜索', 'Type to search')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="originRegion" label={t('来源地区', 'Origin region')}>
              <Select allowClear options={Object.entries(ORIGIN_REGION_LABELS).map(([k, l]) => ({ value: k, label: label(l) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="leadSource" label={t('线索来源', 'Lead source')}>
              <Select allowClear options={Object.entries(LEAD_SOURCE_LABELS).map(([k, l]) => ({ value: k, label: label(l) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="industry" label={t('行业', 'Industry')} rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="website" label={t('网站', 'Website')} rules={[{ max: 300 }]}>
              <Input maxLength={300} placeholder="www.example.com" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('备注', 'Note')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        {formError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={formError}
            description={
              existing && (
                <Link to={`/investors/${existing.id}`} target="_blank">
                  {t(`查看已有客商：${existing.nameZh}`, `Open the existing investor: ${existing.nameZh}`)}
                </Link>
              )
            }
          />
        )}
        {existing && !formError && (
          <Alert
            type="error"
            showIcon
            title={
              <Link to={`/investors/${existing.id}`} target="_blank">
                {t(`查看已有客商：${existing.nameZh}`, `Open the existing investor: ${existing.nameZh}`)}
              </Link>
            }
          />
        )}
      </Form>
    </Drawer>
  );
}
