import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ReevaluationRunStatus, User } from '../../api/types';

/** Every user account (admin only). */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: ['users'], queryFn: () => api.get<User[]>('/users'), enabled });
}

/** A background re-evaluation, polled every second until it is done. */
export function useReevaluationRun(runId: string | null) {
  return useQuery({
    queryKey: ['reevaluation-run', runId],
    queryFn: () => api.get<ReevaluationRunStatus>(`/reevaluation-runs/${runId}`),
    enabled: !!runId,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.status === 'DONE' || q.state.status === 'error' ? false : 1000),
  });
}
