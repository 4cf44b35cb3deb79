import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Dashboard } from '../../api/types';

/** GET /dashboard over one unit subtree (the user's own unit when `unitId` is undefined). */
export function useDashboard(unitId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['dashboard', unitId ?? 'own'],
    queryFn: () => api.get<Dashboard>('/dashboard', { unitId }),
    enabled,
    staleTime: 60_000,
    // Switching units keeps the last figures on screen (dimmed) until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}
