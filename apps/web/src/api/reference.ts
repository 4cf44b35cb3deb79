import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Cluster, NamedList, Unit } from './types';

/** Reference data every screen shares; cached for the session (it changes rarely). */
export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: () => api.get<Unit[]>('/units'), staleTime: 10 * 60_000 });
}
export function useClusters() {
  return useQuery({
    queryKey: ['clusters'],
    queryFn: () => api.get<{ version: unknown; items: Cluster[] }>('/clusters').then((r) => r.items),
    staleTime: 10 * 60_000,
  });
}
export function useLists() {
  return useQuery({ queryKey: ['lists'], queryFn: () => api.get<NamedList[]>('/lists'), staleTime: 10 * 60_000 });
}

export interface UnitNode {
  value: string;
  title: string;
  key: string;
  children?: UnitNode[];
}

/** The flat unit list (tree order, parentId links) as a tree for TreeSelect, limited to a subtree when `rootPath` is given. */
export function unitTree(units: Unit[], nameOf: (u: Unit) => string, rootPath?: string): UnitNode[] {
  const inScope = rootPath ? units.filter((u) => u.path.startsWith(rootPath)) : units;
  const ids = new Set(inScope.map((u) => u.id));
  const nodes = new Map<string, UnitNode>(inScope.map((u) => [u.id, { value: u.id, key: u.id, title: nameOf(u) }]));
  const roots: UnitNode[] = [];
  for (const u of inScope) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId && ids.has(u.parentId) ? nodes.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
