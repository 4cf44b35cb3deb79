import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api/client';
import type {
  Alert,
  AuditEntry,
  Deadline,
  Milestone,
  MoneyRecord,
  Page,
  ProgressReport,
  Project,
  ProjectIssue,
  StageTransition,
} from '../../api/types';

/** Query keys of one project's data; everything sits under ['project', id] so one call refreshes it all. */
export const projectKeys = {
  all: (id: string) => ['project', id] as const,
  detail: (id: string) => ['project', id, 'detail'] as const,
  history: (id: string) => ['project', id, 'history'] as const,
  milestones: (id: string) => ['project', id, 'milestones'] as const,
  deadlines: (id: string) => ['project', id, 'deadlines'] as const,
  money: (id: string) => ['project', id, 'money'] as const,
  progress: (id: string) => ['project', id, 'progress'] as const,
  issues: (id: string) => ['project', id, 'issues'] as const,
  audit: (id: string, page?: number, pageSize?: number) =>
    (page === undefined ? ['project', id, 'audit'] : ['project', id, 'audit', page, pageSize]) as readonly unknown[],
  alerts: (id: string) => ['alerts', 'project', id] as const,
};

export const fetchProject = (id: string) => api.get<Project>(`/projects/${id}`);

export function useProject(id: string) {
  return useQuery({ queryKey: projectKeys.detail(id), queryFn: () => fetchProject(id) });
}
export function useHistory(id: string) {
  return useQuery({
    queryKey: projectKeys.history(id),
    queryFn: () => api.get<{ items: StageTransition[] }>(`/projects/${id}/history`).then((r) => r.items),
  });
}
export function useMilestones(id: string) {
  return useQuery({
    queryKey: projectKeys.milestones(id),
    queryFn: () => api.get<{ items: Milestone[] }>(`/projects/${id}/milestones`).then((r) => r.items),
  });
}
export function useDeadlines(id: string) {
  return useQuery({
    queryKey: projectKeys.deadlines(id),
    queryFn: () => api.get<{ items: Deadline[] }>(`/projects/${id}/deadlines`).then((r) => r.items),
  });
}
export function useMoney(id: string) {
  return useQuery({
    queryKey: projectKeys.money(id),
    queryFn: () => api.get<{ items: MoneyRecord[] }>(`/projects/${id}/money-records`).then((r) => r.items),
  });
}
export function useProgress(id: string) {
  return useQuery({
    queryKey: projectKeys.progress(id),
    queryFn: () => api.get<{ items: ProgressReport[] }>(`/projects/${id}/progress-reports`).then((r) => r.items),
  });
}
export function useIssues(id: string) {
  return useQuery({
    queryKey: projectKeys.issues(id),
    queryFn: () => api.get<{ items: ProjectIssue[] }>(`/projects/${id}/issues`).then((r) => r.items),
  });
}
export function useAudit(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: projectKeys.audit(id, page, pageSize),
    queryFn: () => api.get<Page<AuditEntry>>(`/projects/${id}/audit`, { page, pageSize }),
    placeholderData: (previous) => previous,
  });
}
/** The project's alerts that still need attention (open or acknowledged). */
export function useOpenAlerts(id: string) {
  return useQuery({
    queryKey: projectKeys.alerts(id),
    queryFn: () => api.get<Page<Alert>>('/alerts', { projectId: id, status: ['OPEN', 'ACKNOWLEDGED'], pageSize: 200 }),
  });
}

type Part = 'detail' | 'history' | 'milestones' | 'deadlines' | 'money' | 'progress' | 'issues' | 'audit' | 'alerts';

function invalidate(qc: QueryClient, id: string, parts: readonly Part[]) {
  for (const part of parts) {
    if (part === 'alerts') {
      void qc.invalidateQueries({ queryKey: ['alerts'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    } else if (part === 'audit') void qc.invalidateQueries({ queryKey: projectKeys.audit(id) });
    else void qc.invalidateQueries({ queryKey: projectKeys[part](id) });
  }
}

/**
 * Refreshes what a change touched. Clocks are re-evaluated in the background within a second or two of
 * a change, so deadlines and alerts are fetched once more after 1.5 s when `clocks` is set.
 */
export function useRefresh(id: string) {
  const qc = useQueryClient();
  return useCallback(
    (parts: readonly Part[], options: { clocks?: boolean; lists?: boolean } = {}) => {
      invalidate(qc, id, parts);
      if (options.lists) {
        void qc.invalidateQueries({ queryKey: ['projects'] });
        void qc.invalidateQueries({ queryKey: ['dashboard'] });
      }
      if (options.clocks) setTimeout(() => invalidate(qc, id, ['deadlines', 'alerts']), 1500);
    },
    [qc, id],
  );
}
