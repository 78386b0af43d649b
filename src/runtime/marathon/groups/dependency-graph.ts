import type { StoredApp } from '../state/stored-app.js';
import { ancestorsOf, isUnder, type GroupRecord } from './group.js';

export type DependencyLevels = { ok: true; levels: Map<string, number> } | { ok: false; cycle: string[] };

/**
 * The apps' dependency levels (Marathon's runSpecsByLongestPath): an app with no
 * dependencies is at level 0; otherwise one more than the deepest app it depends on.
 * An app depends on the apps it names and on every app under a group it names, and
 * inherits the dependencies of the groups it is in. Names of apps or groups that do not
 * exist add no edge, as in Marathon. A cycle is reported with its path.
 */
export function dependencyLevels(apps: ReadonlyMap<string, StoredApp>, groups: ReadonlyMap<string, GroupRecord>): DependencyLevels {
  const appIds = [...apps.keys()];
  const edges = new Map<string, string[]>();
  for (const app of apps.values()) {
    const named = [...app.dependencies, ...ancestorsOf(app.id).flatMap((g) => groups.get(g)?.dependencies ?? [])];
    const deps = new Set<string>();
    for (const dep of named) {
      if (apps.has(dep)) deps.add(dep);
      else for (const other of appIds) if (isUnder(other, dep)) deps.add(other);
    }
    deps.delete(app.id);
    edges.set(app.id, [...deps]);
  }
  const levels = new Map<string, number>();
  const onPath: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string): number | string[] => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return [...onPath.slice(onPath.indexOf(id)), id];
    visiting.add(id);
    onPath.push(id);
    let level = 0;
    for (const dep of edges.get(id) ?? []) {
      const l = visit(dep);
      if (Array.isArray(l)) return l;
      level = Math.max(level, l + 1);
    }
    onPath.pop();
    visiting.delete(id);
    levels.set(id, level);
    return level;
  };
  for (const id of appIds) {
    const l = visit(id);
    if (Array.isArray(l)) return { ok: false, cycle: l };
  }
  return { ok: true, levels };
}
