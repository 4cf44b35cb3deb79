/** Queries and cache invalidation shared by the alert inbox and the alert page. */
import { useCallback } from 'react';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Query } from '../../api/client';
import type { Alert, AlertDetail, AlertLevel, AssignableUser, Deadline, Page, Project } from '../../api/types';

export const alertKeys = {
  all: ['alerts'] as const,
  list: (q: Query) => ['alerts', 'list', q] as const,
  count: (q: Query) => ['alerts', 'count', q] as const,
  detail: (id: string) => ['alert', id] as const,
};

export function useAlertList(query: Query) {
  return useQuery({
    queryKey: alertKeys.list(query),
    queryFn: () => api.get<Page<Alert>>('/alerts', query),
    placeholderData: keepPreviousData,
    refetchInterval: 120_000,
  });
}

export interface AlertCounts {
  ESCALATED: number | undefined;
  OVERDUE: number | undefined;
  WARNING: number | undefined;
  /** Open alerts nobody has acknowledged yet (all levels). */
  unacknowledged: number | undefined;
  isPending: boolean;
  isError: boolean;
  refetch: () => void;
}

/** Open alerts in scope by level: small GET /alerts?pageSize=1 queries that read only `total`. */
export function useAlertCounts(scope: { unitId?: string; assigneeId?: string; projectId?: string }): AlertCounts {
  const specs: { key: keyof Omit<AlertCounts, 'isPending' | 'isError' | 'refetch'>; query: Query }[] = [
    ...(['ESCALATED', 'OVERDUE', 'WARNING'] as AlertLevel[]).map((level) => ({
      key: level,
      query: { ...scope, level, status: ['OPEN', 'ACKNOWLEDGED'], page: 1, pageSize: 1 } as Query,
    })),
    { key: 'unacknowledged', query: { ...scope, status: 'OPEN', page: 1, pageSize: 1 } },
  ];
  const results = useQueries({
    queries: specs.map((s) => ({
      queryKey: alertKeys.count(s.query),
      queryFn: () => api.get<Page<Alert>>('/alerts', s.query).then((p) => p.total),
      refetchInterval: 120_000,
    })),
  });
  return {
    ESCALATED: results[0].data,
    OVERDUE: results[1].data,
    WARNING: results[2].data,
    unacknowledged: results[3].data,
    isPending: results.some((r) => r.isPending),
    isError: results.some((r) => r.isError),
    refetch: () => results.forEach((r) => void r.refetch()),
  };
}

export function useAlert(id: string | undefined) {
  return useQuery({
    queryKey: alertKeys.detail(id ?? ''),
    queryFn: () => api.get<AlertDetail>(`/alerts/${id}`),
    enabled: !!id,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/** Staff and managers an alert of `unitId` may be assigned to (GET /users/assignable). */
export function useAssignable(unitId: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ['users', 'assignable', unitId],
    queryFn: () => api.get<AssignableUser[]>('/users/assignable', { unitId: unitId ?? undefined }),
    enabled: enabled && !!unitId,
    staleTime: 5 * 60_000,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useProject(id: string | null | undefined) {
  return useQuery({
    queryKey: ['project', id],
    queryFn: () => api.get<Project>(`/projects/${id}`),
    enabled: !!id,
    staleTime: 60_000,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useProjectDeadlines(projectId: string | null | undefined) {
  return useQuery({
    queryKey: ['project', projectId, 'deadlines'],
    queryFn: () => api.get<{ items: Deadline[] }>(`/projects/${projectId}/deadlines`).then((r) => r.items),
    enabled: !!projectId,
    staleTime: 60_000,
  });
}

/**
 * After any alert action: the alert itself, every list and count, the bell, and what shows the project's
 * light (its deadlines, the ledger, the dashboard) are stale.
 */
export function useInvalidateAlerts() {
  const queryClient = useQueryClient();
  return useCallback(
    (projectIds: readonly string[] = []) => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['alert'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: ['projects'] });
      for (const id of new Set(projectIds)) void queryClient.invalidateQueries({ queryKey: ['project', id] });
    },
    [queryClient],
  );
}
