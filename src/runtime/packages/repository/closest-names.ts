import { editDistance } from '../../../core/edit-distance.js';

/**
 * Up to `max` names near `name`, nearest first (then by name): a name is near when it is
 * within a third of the longer name's length in edits (a swap of two letters, `kafak`
 * for `kafka`, is one), at least 1, or when one contains the other.
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const query = name.toLowerCase();
  const near: Array<{ name: string; d: number }> = [];
  for (const c of new Set(candidates)) {
    const lc = c.toLowerCase();
    const d = editDistance(query, lc);
    const limit = Math.max(1, Math.floor(Math.max(query.length, lc.length) / 3));
    if (d <= limit || (Math.min(query.length, lc.length) >= 3 && (lc.includes(query) || query.includes(lc)))) near.push({ name: c, d });
  }
  return near
    .sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .slice(0, max)
    .map((x) => x.name);
}
