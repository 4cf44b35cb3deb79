/**
 * The client-side search of the admin lists: every word of the query must occur (case-insensitive) in
 * one of the record's fields, so 「新城 专员」 finds the staff of 新城区 and "xincheng staff" works too.
 */
export function searchWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s,，、]+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

export function matchesSearch(fields: readonly (string | null | undefined)[], query: string): boolean {
  const words = searchWords(query);
  if (!words.length) return true;
  const hay = fields.filter((f): f is string => !!f).map((f) => f.toLowerCase());
  return words.every((w) => hay.some((f) => f.includes(w)));
}

/**
 * A tree filtered by a predicate: matching nodes keep their whole subtree, and the ancestors of a match
 * stay so the match can be seen in place. Returns the kept tree and the keys of every kept node that has
 * children (to expand them).
 */
export function filterTree<T extends { key: string; children?: T[] }>(nodes: readonly T[], match: (node: T) => boolean): { tree: T[]; expanded: string[] } {
  const expanded: string[] = [];
  const walk = (list: readonly T[]): T[] => {
    const out: T[] = [];
    for (const node of list) {
      if (match(node)) {
        out.push(node);
        continue;
      }
      const kids = node.children ? walk(node.children) : [];
      if (kids.length) {
        expanded.push(node.key);
        out.push({ ...node, children: kids });
      }
    }
    return out;
  };
  return { tree: walk(nodes), expanded };
}
