import { Empty, Pagination, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Page, TimelineEntry } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { QueryState } from '../../../components/QueryState';
import { describeTimelineEntry, timelineWhen } from '../../../lib/service-desk';


/**
 * The merged timeline (stage changes, milestones, alerts, activities, follow-ups), newest first, paged by the
 * server. With `projectNames`, each entry links to its project (the investor timeline spans several).
 */
export function ServiceTimeline({
  query,
  page,
  pageSize,
  onPage,
  projectNames,
  emptyText,
}: {
  query: UseQueryResult<Page<TimelineEntry>>;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  projectNames?: Map<string, string>;
  emptyText: string;
}) {
  const { t, label } = useI18n();
  return (
    <QueryState query={query} rows={6} isEmpty={(d) => d.total === 0} empty={<Empty description={emptyText} />}>
      {(data) => (
        <div style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          <Timeline
            style={{ marginTop: 8 }}
            items={data.items.map((e, i) => {
              const v = describeTimelineEntry(e);
              return {
                key: `${e.ref.type}:${e.ref.id}:${e.kind}:${i}`,
                color: v.color,
                content: (
                  <div data-testid="timeline-entry">
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                      {timelineWhen(e.at)}
                    </Typography.Text>
                    <Space wrap size={6}>
                      <Tag color={v.color} style={{ marginInlineEnd: 0 }}>
                        {label(v.label)}
                      </Tag>
                      <Typography.Text strong={v.category === 'activity'} style={{ whiteSpace: 'pre-wrap' }}>
                        {label(v.title)}
                      </Typography.Text>
                    </Space>
                    {v.detail && (
                      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                        {v.category === 'activity' ? t('成果：', 'Outcome: ') : ''}
                        {label(v.detail)}
                      </Typography.Paragraph>
                    )}
                    {projectNames && e.projectId && (
                      <div style={{ fontSize: 12 }}>
                        <Link to={`/projects/${e.projectId}?tab=service`}>{projectNames.get(e.projectId) ?? t('项目', 'Project')}</Link>
                      </div>
                    )}
                  </div>
                ),
              };
            })}
          />
          {data.total > pageSize && (
            <Pagination
              size="small"
              current={page}
              pageSize={pageSize}
              total={data.total}
              onChange={onPage}
              showSizeChanger={false}
              showTotal={(n) => t(`共 ${n} 条`, `${n} entries`)}
              style={{ textAlign: 'right' }}
            />
          )}
        </div>
      )}
    </QueryState>
  );
}
