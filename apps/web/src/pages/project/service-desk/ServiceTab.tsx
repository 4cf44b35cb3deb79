import { useMemo, useState } from 'react';
import { Button, Card } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Project } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { ActivityForm } from './ActivityForm';
import { ServiceTimeline } from './ServiceTimeline';
import { useDeskRefresh, useInvestorContacts, useProjectContacts, useProjectTimeline } from './deskQueries';

/** 服务动态: the project's merged timeline, and the form to record a visit, negotiation, meeting, call or note. */
export function ServiceTab({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [recording, setRecording] = useState(false);
  const timeline = useProjectTimeline(project.id, page, pageSize);
  const refresh = useDeskRefresh(project.id);
  const projectContacts = useProjectContacts(project.id);
  const investorContacts = useInvestorContacts(project.investorId ?? '', false, !!project.investorId);
  const contacts = useMemo(() => [...(projectContacts.data ?? []), ...(investorContacts.data ?? [])], [projectContacts.data, investorContacts.data]);

  return (
    <Card
      size="small"
      title={t('服务动态', 'Service timeline')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="activity-add">
            {t('记录走访/洽谈', 'Record a visit')}
          </Button>
        )
      }
      data-testid="project-timeline"
    >
      <ServiceTimeline
        query={timeline}
        page={page}
        pageSize={pageSize}
        onPage={(p, s) => {
          setPage(p);
          setPageSize(s);
        }}
        emptyText={t('暂无服务记录。走访、洽谈、会议、电话和阶段变更、预警会按时间汇总在这里。', 'Nothing yet. Visits, negotiations, meetings, calls, stage changes and alerts are listed here by date.')}
      />
      {canWrite && (
        <ActivityForm
          open={recording}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setPage(1);
            refresh();
          }}
          target={{ projectId: project.id }}
          unitId={project.unitId}
          contacts={contacts}
        />
      )}
    </Card>
  );
}
