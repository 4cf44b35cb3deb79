/**
 * The project edit form's data rules: which fields it edits, the PATCH body (only the fields the user
 * changed, empty text sent as null so it clears), and — after a 409 STALE_VERSION — how the user's edit
 * compares with the server's current copy, so it can be re-applied on top of the new version.
 */
import type { Project } from '../api/types';
import { deepEqual } from './diff';

export const EDITABLE_FIELDS = [
  'nameZh',
  'nameEn',
  'location',
  'projectType',
  'totalInvestment',
  'capacity',
  'description',
  'sponsorLeader',
  'responsibleLeader',
  'serviceTeam',
  'jobsPlanned',
  'family',
  'clusterIds',
  'listIds',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export type EditValues = {
  nameZh: string;
  nameEn: string | null;
  location: string | null;
  projectType: string | null;
  totalInvestment: string | null;
  capacity: string | null;
  description: string | null;
  sponsorLeader: string | null;
  responsibleLeader: string | null;
  serviceTeam: string | null;
  jobsPlanned: number | null;
  family: Project['family'];
  clusterIds: string[];
  listIds: string[];
};

type ProjectFields = Pick<Project, Exclude<EditableField, 'clusterIds' | 'listIds'>> & {
  clusters: { id: string }[];
  lists: { id: string }[];
};

/** The form's values for a project as the server has it. */
export function editValuesOf(p: ProjectFields): EditValues {
  return {
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    location: p.location,
    projectType: p.projectType,
    totalInvestment: p.totalInvestment,
    capacity: p.capacity,
    description: p.description,
    sponsorLeader: p.sponsorLeader,
    responsibleLeader: p.responsibleLeader,
    serviceTeam: p.serviceTeam,
    jobsPlanned: p.jobsPlanned,
    family: p.family,
    clusterIds: p.clusters.map((c) => c.id).sort(),
    listIds: p.lists.map((l) => l.id).sort(),
  };
}

/** One field as it would be sent: text trimmed and empty text as null; id lists sorted; numbers kept. */
export function normaliseField(field: EditableField, value: unknown): unknown {
  if (field === 'clusterIds' || field === 'listIds') return [...((value as string[] | null | undefined) ?? [])].sort();
  if (field === 'jobsPlanned') return value === '' || value === undefined || value === null ? null : Number(value);
  if (typeof value === 'string') {
    const s = value.trim();
    return s === '' ? null : s;
  }
  return value ?? null;
}

export type EditPayload = Partial<Record<EditableField, unknown>>;

/** The fields the user changed relative to the copy they started from, normalised for the API. */
export function editPayload(base: EditValues, values: Partial<Record<EditableField, unknown>>): EditPayload {
  const out: EditPayload = {};
  for (const field of EDITABLE_FIELDS) {
    if (!(field in values)) continue;
    const next = normaliseField(field, values[field]);
    if (!deepEqual(next, normaliseField(field, base[field]))) out[field] = next;
  }
  return out;
}

export interface ConflictRow {
  field: EditableField;
  /** The value the user's edit leaves the field at. */
  mine: unknown;
  /** The server's current value. */
  theirs: unknown;
  /** The value the user started from. */
  base: unknown;
  changedByMe: boolean;
  changedByThem: boolean;
}

/**
 * The fields where the user's edit (their start copy plus their changes) and the server's current copy
 * differ. Re-applying sends only the user's changes, so the other person's changes to the remaining
 * fields are kept.
 */
export function conflictRows(base: EditValues, payload: EditPayload, theirs: EditValues): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const field of EDITABLE_FIELDS) {
    const b = normaliseField(field, base[field]);
    const t = normaliseField(field, theirs[field]);
    const changedByMe = field in payload;
    const mine = changedByMe ? payload[field] : b;
    if (deepEqual(mine, t)) continue;
    rows.push({ field, mine, theirs: t, base: b, changedByMe, changedByThem: !deepEqual(b, t) });
  }
  return rows;
}
