import { useEffect, useState } from 'react';
import { Button, Card, Empty, Input, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { InvestorListItem } from '../../api/types';
import { useMe } from '../../auth/auth';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/AppShell';
import { QueryState } from '../../components/QueryState';
import { canWriteProjects } from '../../lib/domain';
import { LEAD_SOURCE_LABELS, ORIGIN_REGION_LABELS, OWNERSHIP_TYPE_LABELS } from '../../lib/service-desk';
import { useInvestors } from '../project/service-desk/deskQueries';
import { InvestorDrawer } from './InvestorDrawer';

/** 客商管理 (/investors): search by name or credit code, paged; 新建客商 with duplicate detection. Query, page and size in the URL. */
export function InvestorsPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [10, 20, 50, 100].includes(Number(params.get('size'))) ? Number(params.get('size')) : 20;
  const [text, setText] = useState(q);
  const [creating, setCreating] = useState(false);
  const investors = useInvestors(q, page, pageSize);
  const canWrite = canWriteProjects(me.role);

  useEffect(() => setText(q), [q]);
  const setQuery = (next: { q?: string; page?: number; size?: number }) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) {
          if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'size' && v === 20)) p.delete(k);
          else p.set(k, String(v));
        }
        return p;
      },
      { replace: true },
    );

  // Search as the user types (settled for 300 ms), back to page 1.
  useEffect(() => {
    if (text.trim() === q) return;
    const h = setTimeout(() => setQuery({ q: text.trim(), page: 1 }), 300);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const code = (l: Record<string, { zh: string; en: string }>, v: string | null) => (v ? label(l[v] ?? { zh: v, en: v }) : <Typography.Text type="secondary">—</Typography.Text>);

  return (
    <div data-testid="investor-list">
      <PageHeader
        title={t('客商管理', 'Investors')}
        sub={t('投资企业及其集团关系、联系人和服务动态。', 'Investing enterprises, their groups, contacts and service activity.')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="investor-new">
              {t('新建客商', 'New investor')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setQuery({ q: v.trim(), page: 1 })}
          placeholder={t('企业名称或统一社会信用代码', 'Name or unified social credit code')}
          aria-label={t('搜索客商', 'Search investors')}
          style={{ maxWidth: 420, marginBottom: 12 }}
        />
        <QueryState
          query={investors}
          rows={8}
          isEmpty={(d) => d.total === 0}
          empty={<Empty description={q ? t(`没有与「${q}」匹配的客商。`, `No investor matches “${q}”.`) : t('还没有客商。', 'No investors yet.')} />}
        >
          {(data) => (
            <Table<InvestorListItem>
              size="small"
              rowKey="id"
              dataSource={data.items}
              loading={investors.isPlaceholderData}
              tableLayout="fixed"
              scroll={{ x: 1000 }}
              onRow={(r) => ({ onDoubleClick: () => navigate(`/investors/${r.id}`) })}
              pagination={{
                current: page,
                pageSize,
                total: data.total,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (n) => t(`共 ${n} 家`, `${n} investors`),
                onChange: (p, s) => setQuery({ page: s !== pageSize ? 1 : p, size: s }),
              }}
              columns={[
                {
                  title: t('企业名称', 'Name'),
                  key: 'name',
                  ellipsis: true,
                  render: (_: unknown, r) => (
                    <div style={{ minWidth: 0 }}>
                      <Link to={`/investors/${r.id}`}>{r.nameZh}</Link>
                      {r.nameEn && (
                        <div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                            {r.nameEn}
                          </Typography.Text>
                        </div>
                      )}
                    </div>
                  ),
                },
                { title: t('企业性质', 'Ownership'), dataIndex: 'ownershipType', width: 110, render: (v: string) => <Tag>{label(OWNERSHIP_TYPE_LABELS[v] ?? { zh: v, en: v })}</Tag> },
                { title: t('来源地区', 'Origin'), dataIndex: 'originRegion', width: 150, ellipsis: true, render: (v: string | null) => code(ORIGIN_REGION_LABELS, v) },
                { title: t('线索来源', 'Lead source'), dataIndex: 'leadSource', width: 130, ellipsis: true, render: (v: string | null) => code(LEAD_SOURCE_LABELS, v) },
                {
                  title: t('统一社会信用代码', 'Credit code'),
                  dataIndex: 'creditCode',
                  width: 190,
                  render: (v: string | null) => (v ? <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
                },
                { title: t('项目数', 'Projects'), dataIndex: 'projectCount', width: 80, align: 'right' },
              ]}
            />
          )}
        </QueryState>
      </Card>
      <InvestorDrawer
        open={creating}
        investor={null}
        onClose={() => setCreating(false)}
        onSaved={(saved) => {
          setCreating(false);
          navigate(`/investors/${saved.id}`);
        }}
      />
    </div>
  );
}
