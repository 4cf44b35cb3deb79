/** Small SQL helpers shared by the repositories. */

/** Escapes LIKE wildcards (`\`, `%`, `_`) so a value matches literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching every string that starts with `prefix` (a unit path: the unit and its subtree). */
export function likePrefix(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}

/**
 * The rows of a statement. TypeORM answers an UPDATE or DELETE (with RETURNING) as `[rows, affected]`
 * and an INSERT or SELECT as `rows`; this gives the rows in every case.
 */
export function returned<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
}
