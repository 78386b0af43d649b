import type { StoredApp } from '../state/stored-app.js';
import { parentPathId } from '../../../core/ids.js';
import { ancestorsOf, isUnder, type GroupRecord } from './group.js';

/** A group of the tree (groups.raml Group): its apps and subgroups directly under it. */
export interface GroupNode {
  id: string;
  apps: StoredApp[];
  groups: GroupNode[];
  dependencies: string[];
  enforceRole: boolean;
  /** The newest version of anything in it (its own record, its apps, its subgroups). */
  version: string;
}

const EPOCH = new Date(0).toISOString();

/**
 * The group tree Marathon shows, built from the apps (whose ids name their groups) and
 * the explicit group records (which add empty groups and dependencies). The root is "/".
 */
export function buildGroupTree(apps: ReadonlyMap<string, StoredApp>, groups: ReadonlyMap<string, GroupRecord>): GroupNode {
  const nodes = new Map<string, GroupNode>();
  const node = (id: string): GroupNode => {
    let n = nodes.get(id);
    if (!n) {
      const rec = groups.get(id);
      n = { id, apps: [], groups: [], dependencies: rec?.dependencies ?? [], enforceRole: rec?.enforceRole ?? false, version: rec?.version ?? EPOCH };
      nodes.set(id, n);
      if (id !== '/') node(parentPathId(id)).groups.push(n);
    }
    return n;
  };
  node('/');
  for (const id of [...groups.keys()].sort()) node(id);
  for (const app of [...apps.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    for (const g of ancestorsOf(app.id)) node(g);
    node(parentPathId(app.id)).apps.push(app);
  }
  const settle = (n: GroupNode): string => {
    n.groups.sort((a, b) => a.id.localeCompare(b.id));
    const versions = [n.version, ...n.apps.map((a) => a.version), ...n.groups.map(settle)];
    n.version = versions.reduce((a, b) => (a > b ? a : b), EPOCH);
    return n.version;
  };
  settle(nodes.get('/')!);
  return nodes.get('/')!;
}

export function findGroup(root: GroupNode, id: string): GroupNode | undefined {
  if (root.id === id) return root;
  for (const g of root.groups) if (isUnder(id, g.id)) return findGroup(g, id);
  return undefined;
}

/** Every app in the group and its subgroups. */
export function appsUnder(node: GroupNode): StoredApp[] {
  return [...node.apps, ...node.groups.flatMap(appsUnder)];
}
