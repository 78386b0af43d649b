import type { StoredApp } from '../state/stored-app.js';
import { dependencyLevels } from '../groups/dependency-graph.js';
import type { GroupRecord } from '../groups/group.js';
import type { DeploymentAction, DeploymentStep } from './deployment.js';

export interface PlanInput {
  original: ReadonlyMap<string, StoredApp>;
  target: ReadonlyMap<string, StoredApp>;
  originalGroups: ReadonlyMap<string, GroupRecord>;
  targetGroups: ReadonlyMap<string, GroupRecord>;
  /** Scale actions that must kill these tasks (task kills with scale=true), by app. */
  tasksToKill?: ReadonlyMap<string, string[]>;
}

export type PlanResult = { ok: true; steps: DeploymentStep[]; affectedApps: string[] } | { ok: false; cycle: string[] };

/**
 * The steps of a deployment from the original apps to the target ones (Marathon's
 * DeploymentPlan): removed apps stop first, dependents before what they depend on
 * (one step per level, deepest first); new apps are started with 0 instances in one
 * step; then one step per dependency level, lowest first, scales new apps up and
 * restarts or scales changed ones. A step runs once the one before is done (its apps
 * healthy and ready), so an app starts after what it depends on is healthy.
 */
export function buildPlan(input: PlanInput): PlanResult {
  const targetLevels = dependencyLevels(input.target, input.targetGroups);
  if (!targetLevels.ok) return targetLevels;
  const originalLevels = dependencyLevels(input.original, input.originalGroups);
  const steps: DeploymentStep[] = [];

  const removed = [...input.original.keys()].filter((id) => !input.target.has(id));
  const stopLevels = originalLevels.ok ? originalLevels.levels : new Map<string, number>();
  for (const level of [...new Set(removed.map((id) => stopLevels.get(id) ?? 0))].sort((a, b) => b - a)) {
    steps.push({ actions: removed.filter((id) => (stopLevels.get(id) ?? 0) === level).sort().map((app) => ({ action: 'StopApplication', app })) });
  }

  const added = [...input.target.keys()].filter((id) => !input.original.has(id)).sort();
  if (added.length > 0) steps.push({ actions: added.map((app) => ({ action: 'StartApplication', app })) });

  const byLevel = new Map<number, DeploymentAction[]>();
  for (const [id, next] of [...input.target].sort(([a], [b]) => a.localeCompare(b))) {
    const action = actionFor(input.original.get(id), next, input.tasksToKill?.get(id));
    if (!action) continue;
    const level = targetLevels.levels.get(id) ?? 0;
    byLevel.set(level, [...(byLevel.get(level) ?? []), action]);
  }
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) steps.push({ actions: byLevel.get(level)! });

  const affected = new Set(steps.flatMap((s) => s.actions.map((a) => a.app)));
  return { ok: true, steps, affectedApps: [...affected].sort() };
}

function actionFor(prev: StoredApp | undefined, next: StoredApp, tasksToKill: string[] | undefined): DeploymentAction | undefined {
  if (!prev) return { action: 'ScaleApplication', app: next.id };
  if (prev.versionInfo.lastConfigChangeAt !== next.versionInfo.lastConfigChangeAt) return { action: 'RestartApplication', app: next.id };
  if (prev.instances !== next.instances || tasksToKill) {
    return { action: 'ScaleApplication', app: next.id, ...(tasksToKill ? { tasksToKill } : {}) };
  }
  return undefined;
}
