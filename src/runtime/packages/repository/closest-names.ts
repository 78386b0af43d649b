/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Up to `max` names near `name`, nearest first (then by name): a name is near when it is
 * within a third of the longer name's length in edits, and at least 2 (so a swap of
 * two letters, `kafak` for `kafka`, counts) or when one contains the other.
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const query = name.toLowerCase();
  const near: Array<{ name: string; d: number }> = [];
  for (const c of new Set(candidates)) {
    const lc = c.toLowerCase();
    const d = editDistance(query, lc);
    const limit = Math.max(2, Math.floor(Math.max(query.length, lc.length) / 3));
    if (d <= limit || (Math.min(query.length, lc.length) >= 3 && (lc.includes(query) || query.includes(lc)))) near.push({ name: c, d });
  }
  return near
    .sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .slice(0, max)
    .map((x) => x.name);
}
