import type { KillSelection } from '../../core/marathon/app-definition.js';
import { isActive } from '../../core/task-state.js';
import type { Instance } from './instance.js';
import type { StoredApp } from './stored-app.js';

export interface ConvergencePlan {
  /** Instances to kill now. */
  kill: Instance[];
  /** How many new tasks to launch as offers allow. */
  launch: number;
}

/**
 * What it takes to move an app from its instances to its definition; pure.
 *
 * Live instances are active ones the scheduler has not asked to kill; unreachable ones
 * do not count (they get replaced; if they come back, the surplus is killed).
 * Instances of an older config are replaced within the upgrade strategy (Marathon
 * deployments.md): old ones are kept while fewer than ⌈instances × minimumHealthCapacity⌉
 * new ones run, and at most instances × (1 + maximumOverCapacity) run at once.
 * A removed app (undefined) loses every live instance.
 */
export function planConvergence(app: StoredApp | undefined, instances: Instance[]): ConvergencePlan {
  const live = instances.filter((i) => isActive(i.state) && !i.killRequested);
  if (!app) return { kill: live, launch: 0 };

  const isCurrent = (i: Instance) => i.configVersion === app.versionInfo.lastConfigChangeAt;
  const current = live.filter(isCurrent);
  const old = live.filter((i) => !isCurrent(i));
  const kill: Instance[] = [];

  const surplus = Math.max(0, current.length - app.instances);
  kill.push(...chooseForKill(current, surplus, app.killSelection));
  const currentKept = current.length - surplus;
  const currentRunning = current.filter((i) => i.state === 'TASK_RUNNING' && !kill.includes(i)).length;

  const { minimumHealthCapacity, maximumOverCapacity } = app.upgradeStrategy;
  const keepOld = Math.max(0, Math.min(old.length, Math.ceil(app.instances * minimumHealthCapacity) - currentRunning));
  kill.push(...chooseForKill(old, old.length - keepOld, 'OLDEST_FIRST'));

  const capacity = app.instances + Math.floor(app.instances * maximumOverCapacity);
  let launch = Math.max(0, Math.min(app.instances - currentKept, capacity - (live.length - kill.length)));
  // No room above capacity and nothing to kill (maximumOverCapacity 0): give up one old instance to make progress.
  if (launch === 0 && currentKept < app.instances && kill.length === 0 && old.length > 0) {
    kill.push(...chooseForKill(old, 1, 'OLDEST_FIRST'));
    launch = 1;
  }
  return { kill, launch };
}

/** Not-yet-running instances go first; then by age as the app's killSelection says. */
export function chooseForKill(candidates: Instance[], count: number, selection: KillSelection): Instance[] {
  if (count <= 0) return [];
  const sorted = [...candidates].sort((a, b) => {
    const runningA = a.state === 'TASK_RUNNING' ? 1 : 0;
    const runningB = b.state === 'TASK_RUNNING' ? 1 : 0;
    if (runningA !== runningB) return runningA - runningB;
    return selection === 'YOUNGEST_FIRST' ? b.stagedAt - a.stagedAt : a.stagedAt - b.stagedAt;
  });
  return sorted.slice(0, count);
}
