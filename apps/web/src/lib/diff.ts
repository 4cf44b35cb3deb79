/**
 * Before/after comparison of two JSON records (audit entries, an edit against the server's copy): the
 * leaves that differ, by dotted path. Arrays are compared as whole values (a list of clusters either
 * changed or did not), objects are walked.
 */
export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Dotted path of the leaf, e.g. "totalInvestment" or "investor.nameZh". */
  path: string;
  before: unknown;
  after: unknown;
  kind: ChangeKind;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values (key order does not matter; undefined and a missing key are equal). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!deepEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

const isAbsent = (v: unknown) => v === undefined || v === null;

export interface DiffOptions {
  /** Key names skipped at any depth (e.g. "updatedAt"). */
  ignore?: readonly string[];
}

/**
 * The changed leaves from `before` to `after`, in the order keys first appear (after's keys, then keys only
 * before has). Either side may be null (a creation has no before, a deletion no after): every leaf of the
 * other side is then added or removed. Null and a missing key count as the same "no value".
 */
export function diffObjects(before: unknown, after: unknown, options: DiffOptions = {}): FieldChange[] {
  const ignore = new Set(options.ignore ?? []);
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) || isPlainObject(b)) {
      if ((isPlainObject(a) || isAbsent(a)) && (isPlainObject(b) || isAbsent(b))) {
        const left = isPlainObject(a) ? a : {};
        const right = isPlainObject(b) ? b : {};
        const keys = [...Object.keys(right), ...Object.keys(left).filter((k) => !(k in right))];
        for (const key of keys) {
          if (ignore.has(key)) continue;
          walk(left[key], right[key], path ? `${path}.${key}` : key);
        }
        return;
      }
    }
    if (isAbsent(a) && isAbsent(b)) return;
    if (deepEqual(a, b)) return;
    const kind: ChangeKind = isAbsent(a) ? 'added' : isAbsent(b) ? 'removed' : 'changed';
    out.push({ path, before: a ?? null, after: b ?? null, kind });
  };
  walk(before, after, '');
  return out;
}

/** A short, readable rendering of a JSON value for a diff table. */
export function formatDiffValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (value.every((v) => isPlainObject(v) && typeof v.nameZh === 'string')) return value.map((v) => (v as { nameZh: string }).nameZh).join('、');
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.map((v) => formatDiffValue(v)).join('、');
    return JSON.stringify(value);
  }
  if (isPlainObject(value) && typeof value.nameZh === 'string') return value.nameZh;
  return JSON.stringify(value);
}
