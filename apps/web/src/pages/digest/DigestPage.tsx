import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Select, Skeleton, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { DigestPreview, User } from '../../api/types';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { useErrorText } from '../../components/QueryState';
import { ROLE_LABELS } from '../../lib/domain';
import { businessToday } from '../../lib/format';
import { inertLinks } from '../../lib/mail-html';
import { addWeeks, formatIsoWeek, lastCompleteWeek, mondayOf, parseIsoWeek, recentWeeks, sundayOf, type IsoWeek } from '../../lib/iso-week';
import { PreferencesCard, usePreferences } from './PreferencesCard';

const WEEKS_LISTED = 52;

/** Monday–Sunday of a week: 「11月16日–22日」 or "11-16 – 11-22". */
function formatWeekRange(w: IsoWeek, lang: string): string {
  const from = mondayOf(w);
  const to = sundayOf(w);
  if (lang === 'en') return `${from.slice(5)} – ${to.slice(5)}`;
  const [m1, d1] = from.slice(5).split('-').map(Number);
  const [m2, d2] = to.slice(5).split('-').map(Number);
  return `${m1}月${d1}日–${m1 === m2 ? '' : `${m2}月`}${d2}日`;
}

/** 每周简报: preview the weekly digest for any week (admins for anyone), and one's own email preferences. */
export function DigestPage() {
  const { t, lang, label } = useI18n();
  const me = useMe();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const latest = useMemo(() => lastCompleteWeek(businessToday()), []);
  const week: IsoWeek = parseIsoWeek(params.get('week') ?? '') ?? latest;
  const weekText = formatIsoWeek(week);
  const isAdmin = me.role === 'admin';
  const userId = isAdmin ? (params.get('userId') ?? me.id) : me.id;
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.get<User[]>('/users'), enabled: isAdmin });
  const [tab, setTab] = useState('html');

  const preview = useQuery({
    queryKey: ['digest-preview', userId, weekText],
    queryFn: () => api.get<DigestPreview>('/digests/preview', { format: 'json', week: weekText, userId: userId === me.id ? undefined : userId }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const setWeek = (w: IsoWeek) => set({ week: formatIsoWeek(w) === formatIsoWeek(latest) ? undefined : formatIsoWeek(w) });

  const weekRange = (w: IsoWeek) => formatWeekRange(w, lang);
  const weekOptions = useMemo(() => {
    const list = recentWeeks(latest, WEEKS_LISTED);
    if (!list.some((w) => formatIsoWeek(w) === weekText)) list.push(week);
    return list.map((w) => ({ value: formatIsoWeek(w), label: lang === 'en' ? `${formatIsoWeek(w)} (${formatWeekRange(w, lang)})` : `${formatIsoWeek(w)}（${formatWeekRange(w, lang)}）` }));
  }, [latest, week, weekText, lang]);
  const atLatest = formatIsoWeek(week) >= formatIsoWeek(latest);
  const target = userId === me.id ? me : users.data?.find((u) => u.id === userId);
  const prefs = usePreferences();
  const targetEmail = userId === me.id ? (prefs.data ? prefs.data.email : me.email) : target?.email;

  return (
    <>
      <PageHeader
        title={t('每周简报', 'Weekly digest')}
        sub={t(
          '每周一自动发送上一周的项目简报：新增和未处理的预警、督办、阶段变化、未来 14 天到期的节点和未报送月调度的项目。此处只预览，不会发送。',
          'Every Monday the digest of the week before goes out: new and open alerts, escalations, stage changes, deadlines in the next 14 days and missing monthly reports. This page only previews; nothing is sent.',
        )}
      />
      <Row gutter={16} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card
            size="small"
            title={
              <Space wrap size={8}>
                <Space.Compact>
                  <Tooltip title={t('上一周', 'Previous week')}>
                    <Button icon={<LeftOutlined />} aria-label={t('上一周', 'Previous week')} onClick={() => setWeek(addWeeks(week, -1))} />
                  </Tooltip>
                  <Select
                    value={weekText}
                    options={weekOptions}
                    onChange={(v: string) => setWeek(parseIsoWeek(v) ?? latest)}
                    style={{ width: 262 }}
                    aria-label={t('简报周次', 'Digest week')}
                    showSearch={{ optionFilterProp: 'label' }}
                  />
                  <Tooltip title={atLatest ? t('已是最近一个完整周', 'This is the last complete week') : t('下一周', 'Next week')}>
                    <Button icon={<RightOutlined />} aria-label={t('下一周', 'Next week')} disabled={atLatest} onClick={() => setWeek(addWeeks(week, 1))} />
                  </Tooltip>
                </Space.Compact>
                {isAdmin ? (
                  <Select
                    value={userId}
                    style={{ width: 240 }}
                    loading={users.isPending}
                    aria-label={t('预览谁的简报', 'Whose digest')}
                    showSearch={{ optionFilterProp: 'label' }}
                    onChange={(v: string) => set({ userId: v === me.id ? undefined : v })}
                    options={(users.data ?? [{ ...me }]).map((u) => ({
                      value: u.id,
                      label: `${u.displayName} · ${label(ROLE_LABELS[u.role])}${u.id === me.id ? t('（我）', ' (me)') : ''}`,
                    }))}
                  />
                ) : (
                  <Typography.Text type="secondary">{t(`收件人：${me.displayName}（本人）`, `Recipient: ${me.displayName} (you)`)}</Typography.Text>
                )}
                {!atLatest || params.get('week') ? null : <Tag>{t('最近一个完整周', 'last complete week')}</Tag>}
              </Space>
            }
            extra={
              <Button type="text" icon={<ReloadOutlined />} loading={preview.isFetching} onClick={() => void preview.refetch()} aria-label={t('重新生成预览', 'Render again')} />
            }
          >
            {users.isError && isAdmin && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('用户列表加载失败，只能预览本人的简报', 'The user list could not load; only your own digest can be previewed')}
                description={errorText(users.error)}
                action={
                  <Button size="small" onClick={() => void users.refetch()}>
                    {t('重试', 'Retry')}
                  </Button>
                }
              />
            )}
            {preview.isPending ? (
              <Skeleton active paragraph={{ rows: 10 }} />
            ) : preview.isError && !preview.data ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={t('简报预览生成失败', 'The digest preview could not be rendered')}
                description={errorText(preview.error)}
                action={
                  <Button size="small" onClick={() => void preview.refetch()}>
                    {t('重试', 'Retry')}
                  </Button>
                }
              />
            ) : preview.data ? (
              <>
                {preview.isError && (
                  <Alert
                    type="error"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('所选周次的预览生成失败，下面仍是上一次的预览', 'The chosen week failed to render; the previous preview is still shown')}
                    description={errorText(preview.error)}
                  />
                )}
                <div style={{ marginBottom: 8 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('主题', 'Subject')}
                  </Typography.Text>
                  <Typography.Title level={5} style={{ margin: 0 }}>
                    {preview.data.subject}
                  </Typography.Title>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(
                      `${preview.data.week}（${weekRange(parseIsoWeek(preview.data.week) ?? week)}）· 收件人：${target?.displayName ?? '—'}${targetEmail ? ` <${targetEmail}>` : '（未填写邮箱，不会发送）'}`,
                      `${preview.data.week} (${weekRange(parseIsoWeek(preview.data.week) ?? week)}) · to ${target?.displayName ?? '—'}${targetEmail ? ` <${targetEmail}>` : ' (no email address: nothing is sent)'}`,
                    )}
                  </Typography.Text>
                </div>
                <Tabs
                  activeKey={tab}
                  onChange={setTab}
                  size="small"
                  items={[
                    {
                      key: 'html',
                      label: t('邮件样式', 'As email'),
                      children: (
                        <div data-testid="digest-preview" style={{ opacity: preview.isFetching ? 0.6 : 1, transition: 'opacity .2s' }}>
                          <iframe
                            title={t('简报预览', 'Digest preview')}
                            sandbox=""
                            srcDoc={inertLinks(preview.data.html)}
                            style={{ width: '100%', height: 'calc(100vh - 370px)', minHeight: 400, border: '1px solid #f0f0f0', borderRadius: 6, background: '#f3f4f6', display: 'block' }}
                          />
                        </div>
                      ),
                    },
                    {
                      key: 'text',
                      label: t('纯文本', 'Plain text'),
                      children: (
                        <pre
                          tabIndex={0}
                          style={{
                            whiteSpace: 'pre-wrap',
                            wordBreak: 'break-word',
                            margin: 0,
                            padding: 12,
                            background: '#fafafa',
                            border: '1px solid #f0f0f0',
                            borderRadius: 6,
                            height: 'calc(100vh - 370px)',
                            minHeight: 400,
                            overflow: 'auto',
                            fontSize: 13,
                          }}
                        >
                          {preview.data.text}
                        </pre>
                      ),
                    },
                  ]}
                />
              </>
            ) : null}
          </Card>
        </Col>
        <Col flex="300px">
          <PreferencesCard previewingOthers={isAdmin} />
        </Col>
      </Row>
    </>
  );
}
