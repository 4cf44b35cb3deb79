import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, ApiError } from '../../../api/client';
import { useMe } from '../../../auth/auth';
import type {
  ApprovalItem,
  AssignableUser,
  Commitment,
  CommitmentDetail,
  Contact,
  InvestorDetail,
  InvestorListItem,
  InvestorRequest,
  InvestorRequestDetail,
  MyTask,
  Page,
  ServicePlan,
  TeamMember,
  TimelineEntry,
} from '../../../api/types';

/** Query keys of the service desk. Project parts sit under ['project', id] so the project page's refresh reaches them. */
export const deskKeys = {
  projectTimeline: (id: string) => ['project', id, 'desk', 'timeline'] as const,
  team: (id: string, ended: boolean) => ['project', id, 'desk', 'team', ended] as const,
  plan: (id: string) => ['project', id, 'desk', 'plan'] as const,
  projectContacts: (id: string) => ['project', id, 'desk', 'contacts'] as const,
  approvals: (id: string) => ['project', id, 'desk', 'approvals'] as const,
  requests: (id: string) => ['project', id, 'desk', 'requests'] as const,
  request: (id: string) => ['desk', 'request', id] as const,
  commitments: (id: string) => ['project', id, 'desk', 'commitments'] as const,
  commitment: (id: string) => ['desk', 'commitment', id] as const,
  investors: ['investors'] as const,
  investor: (id: string) => ['investors', id] as const,
  tasks: ['me', 'tasks'] as const,
  assignable: (unitId: string) => ['users', 'assignable', unitId] as const,
};

export function useProjectTimeline(projectId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...deskKeys.projectTimeline(projectId), page, pageSize],
    queryFn: () => api.get<Page<TimelineEntry>>(`/projects/${projectId}/timeline`, { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}
export function useInvestorTimeline(investorId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...deskKeys.investor(investorId), 'timeline', page, pageSize],
    queryFn: () => api.get<Page<TimelineEntry>>(`/investors/${investorId}/timeline`, { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}
export function useInvestors(q: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...deskKeys.investors, 'search', q, page, pageSize],
    queryFn: () => api.get<Page<InvestorListItem>>('/investors/search', { q, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}
export function useInvestor(id: string) {
  return useQuery({ queryKey: [...deskKeys.investor(id), 'detail'], queryFn: () => api.get<InvestorDetail>(`/investors/${id}`) });
}
export function useInvestorContacts(id: string, includeInactive: boolean, enabled = true) {
  return useQuery({
    queryKey: [...deskKeys.investor(id), 'contacts', includeInactive],
    queryFn: () => api.get<{ items: Contact[] }>(`/investors/${id}/contacts`, { includeInactive }).then((r) => r.items),
    enabled: enabled && !!id,
  });
}
export function useProjectContacts(projectId: string, includeInactive = false) {
  return useQuery({
    queryKey: [...deskKeys.projectContacts(projectId), includeInactive],
    queryFn: () => api.get<{ items: Contact[] }>(`/projects/${projectId}/contacts`, { includeInactive }).then((r) => r.items),
    enabled: !!projectId,
  });
}
export function useTeam(projectId: string, includeEnded: boolean) {
  return useQuery({
    queryKey: deskKeys.team(projectId, includeEnded),
    queryFn: () => api.get<{ items: TeamMember[] }>(`/projects/${projectId}/team`, { includeEnded }).then((r) => r.items),
  });
}
export function usePlan(projectId: string) {
  return useQuery({ queryKey: deskKeys.plan(projectId), queryFn: () => api.get<ServicePlan>(`/projects/${projectId}/service-plan`) });
}
/**
 * Who may take a follow-up or handle a record in `unitId`: GET /users/assignable (managers and up). Staff
 * may not list colleagues (403), so for them the list is just themselves, when they are assignable there.
 */
export function useAssignable(unitId: string | undefined) {
  const me = useMe();
  return useQuery({
    queryKey: [...deskKeys.assignable(unitId ?? ''), me.id],
    queryFn: async () => {
      if (me.role === 'staff') return [{ id: me.id, displayName: me.displayName, role: me.role, unit: { id: me.unit.id, nameZh: me.unit.nameZh } }];
      try {
        return await api.get<AssignableUser[]>('/users/assignable', { unitId });
      } catch (e) {
        // Not allowed to list colleagues: offer nobody rather than fail the form.
        if (e instanceof ApiError && e.status === 403) return [];
        throw e;
      }
    },
    enabled: !!unitId,
    staleTime: 5 * 60_000,
  });
}
export function useMyTasks(status: 'OPEN' | 'DONE' | 'CANCELLED') {
  return useQuery({
    queryKey: [...deskKeys.tasks, status],
    queryFn: () => api.get<{ today: string; items: MyTask[] }>('/me/tasks', { status }),
  });
}
export function useApprovals(projectId: string) {
  return useQuery({
    queryKey: deskKeys.approvals(projectId),
    queryFn: () => api.get<{ items: ApprovalItem[] }>(`/projects/${projectId}/approval-items`).then((r) => r.items),
  });
}
export function useRequests(projectId: string) {
  return useQuery({
    queryKey: deskKeys.requests(projectId),
    queryFn: () => api.get<{ items: InvestorRequest[] }>(`/projects/${projectId}/requests`).then((r) => r.items),
  });
}
export function useRequestDetail(id: string | null) {
  return useQuery({ queryKey: deskKeys.request(id ?? ''), queryFn: () => api.get<InvestorRequestDetail>(`/investor-requests/${id}`), enabled: !!id });
}
export function useCommitments(projectId: string) {
  return useQuery({
    queryKey: deskKeys.commitments(projectId),
    queryFn: () => api.get<{ items: Commitment[] }>(`/projects/${projectId}/commitments`).then((r) => r.items),
  });
}
export function useCommitmentDetail(id: string | null) {
  return useQuery({ queryKey: deskKeys.commitment(id ?? ''), queryFn: () => api.get<CommitmentDetail>(`/commitments/${id}`), enabled: !!id });
}

/** Refreshes a project's service-desk data (and its deadlines/alerts a moment later, as clocks are re-evaluated in the background). */
export function useDeskRefresh(projectId: string) {
  const qc = useQueryClient();
  return useCallback(
    (clocks = false) => {
      void qc.invalidateQueries({ queryKey: ['project', projectId, 'desk'] });
      void qc.invalidateQueries({ queryKey: ['project', projectId, 'audit'] });
      void qc.invalidateQueries({ queryKey: deskKeys.tasks });
      if (clocks) {
        setTimeout(() => {
          void qc.invalidateQueries({ queryKey: ['project', projectId] });
          void qc.invalidateQueries({ queryKey: ['alerts'] });
        }, 1500);
      }
    },
    [qc, projectId],
  );
}
