import type { KillSelection } from '../../../core/marathon/app-definition.js';
import { isActive, isTerminal } from '../../../core/task-state.js';
import { isHealthy, type Instance, type KillReason } from '../state/instance.js';
import type { StoredApp } from '../state/stored-app.js';
import type { DeploymentAction } from './deployment.js';
import type { EffectiveTarget } from './effective-target.js';

export interface ConvergencePlan {
  kill: Array<{ instance: Instance; reason: KillReason }>;
  /** How many new tasks to launch as offers allow. */
  launch: number;
  /** ms since epoch when the plan changes by itself (an unreachable task turns inactive or is expunged); absent: never. */
  wakeAt?: number;
}

/**
 * What it takes to move one app from its instances to its effective target; pure.
 *
 * Live instances count as the app's instances: active ones the scheduler has not asked to
 * kill, and unreachable ones until unreachableStrategy.inactiveAfterSeconds (then they are
 * replaced; after expungeAfterSeconds they are killed, which lands when their agent returns).
 *
 * A restart (replaceOld) replaces tasks of an older config within the upgrade strategy
 * (Marathon deployments.md, TaskReplaceActor): at every moment at least
 * ⌈instances × minimumHealthCapacity⌉ instances are healthy (running, passing their
 * health checks, and ready when readiness checks gate the deployment), and at most
 * ⌊instances × (1 + maximumOverCapacity)⌋ tasks exist, tasks still being killed
 * included. When both bounds are equal, one task over capacity is allowed, as Marathon
 * does, or the restart could never start. Without replaceOld only the count is kept.
 */
export function planConvergence(target: EffectiveTarget, instances: readonly Instance[], now: number): ConvergencePlan {
  if (target.kind === 'frozen') return { kill: [], launch: 0 };
  if (target.kind === 'stop') {
    return { kill: instances.filter((i) => !i.killRequested && !isTerminal(i.state)).map((instance) => ({ instance, reason: 'stop' })), launch: 0 };
  }
  const { spec, instances: n } = target;
  const kill: ConvergencePlan['kill'] = [];
  const { live, inactive, expunge, wakeAt } = classify(spec, instances, now);
  for (const instance of expunge) kill.push({ instance, reason: 'expunge' });
  const present = instances.filter((i) => !isTerminal(i.state) && !inactive.has(i)).length;

  if (!target.replaceOld) {
    const surplus = Math.max(0, live.length - n);
    const isCurrent = (i: Instance) => i.configVersion === spec.versionInfo.lastConfigChangeAt;
    for (const instance of chooseForKill(live, surplus, spec.killSelection, target.preferKill, isCurrent)) kill.push({ instance, reason: 'scale-down' });
    return { kill, launch: Math.max(0, n - live.length), wakeAt };
  }

  const isCurrent = (i: Instance) => i.configVersion === spec.versionInfo.lastConfigChangeAt;
  const current = live.filter(isCurrent);
  const old = live.filter((i) => !isCurrent(i));
  const surplus = Math.max(0, current.length - n);
  const surplusKills = chooseForKill(current, surplus, spec.killSelection, target.preferKill, () => true);
  for (const instance of surplusKills) kill.push({ instance, reason: 'scale-down' });
  const kept = current.filter((i) => !surplusKills.includes(i));

  const { minimumHealthCapacity, maximumOverCapacity } = spec.upgradeStrategy;
  const minHealthy = Math.ceil(n * minimumHealthCapacity);
  let maxCapacity = Math.floor(n * (1 + maximumOverCapacity));
  if (minHealthy === maxCapacity && old.length > 0) maxCapacity += 1;

  const healthyNew = kept.filter((i) => isAvailable(i, spec, target.inDeployment)).length;
  const oldHealthy = old.filter(isHealthy);
  for (const instance of old.filter((i) => !isHealthy(i))) kill.push({ instance, reason: 'replace' });
  const healthyKills = Math.min(oldHealthy.length, Math.max(0, healthyNew + oldHealthy.length - minHealthy));
  for (const instance of chooseForKill(oldHealthy, healthyKills, 'OLDEST_FIRST', new Set(), () => true)) kill.push({ instance, reason: 'replace' });

  const launch = Math.max(0, Math.min(n - kept.length, maxCapacity - present));
  return { kill, launch, wakeAt };
}

/** Launched by the deployment that started at `since` (ms), rather than running before it. */
export function launchedSince(i: Instance, since: number): boolean {
  return i.stagedAt >= since;
}

/** Healthy, and ready when the app has readiness checks and a deployment waits on them. */
export function isAvailable(i: Instance, spec: StoredApp, inDeployment: boolean): boolean {
  return isHealthy(i) && (!inDeployment || spec.readinessChecks.length === 0 || i.ready === true);
}

/**
 * Done when the app's instances are what the action asked for: the count, every task the
 * deployment launched healthy (and ready), no task of an older config after a restart,
 * and the tasks being killed gone. Tasks that ran before the deployment (`since`) only
 * have to run, as Marathon's TaskStartActor waits for the tasks it starts: an old task
 * that is unhealthy under maxConsecutiveFailures 0, or was never readiness-checked,
 * cannot hold a scale-up forever. Stop is done when no task runs (a kill waiting for an
 * unreachable agent does not hold it up: the master keeps that kill until the agent returns).
 */
export function isActionDone(action: DeploymentAction, target: EffectiveTarget, instances: readonly Instance[], now: number, since: number): boolean {
  if (action.action === 'StartApplication' || action.action === 'ResolveArtifacts') return true;
  if (action.action === 'StopApplication' || target.kind === 'stop') {
    return instances.every((i) => isTerminal(i.state) || (i.killRequested && !isActive(i.state)));
  }
  if (target.kind !== 'run') return false;
  const { spec } = target;
  const { live } = classify(spec, instances, now);
  const settling = instances.some((i) => i.killRequested && isActive(i.state));
  if (settling || live.length !== target.instances) return false;
  if (!live.every((i) => (launchedSince(i, since) ? isAvailable(i, spec, true) : i.state === 'TASK_RUNNING'))) return false;
  return action.action !== 'RestartApplication' || live.every((i) => i.configVersion === spec.versionInfo.lastConfigChangeAt);
}

function classify(spec: StoredApp, instances: readonly Instance[], now: number) {
  const live: Instance[] = [];
  const inactive = new Set<Instance>();
  const expunge: Instance[] = [];
  let wakeAt: number | undefined;
  const wake = (at: number) => { wakeAt = wakeAt === undefined ? at : Math.min(wakeAt, at); };
  for (const i of instances) {
    if (i.killRequested) continue;
    if (i.state !== 'TASK_UNREACHABLE') {
      if (isActive(i.state)) live.push(i);
      continue;
    }
    const strategy = spec.unreachableStrategy;
    if (strategy === 'disabled') {
      live.push(i);
      continue;
    }
    const since = i.unreachableSince ?? now;
    const inactiveAt = since + strategy.inactiveAfterSeconds * 1000;
    const expungeAt = since + strategy.expungeAfterSeconds * 1000;
    if (now >= expungeAt) {
      expunge.push(i);
      inactive.add(i);
    } else if (now >= inactiveAt) {
      inactive.add(i);
      wake(expungeAt);
    } else {
      live.push(i);
      wake(inactiveAt);
    }
  }
  return { live, inactive, expunge, wakeAt };
}

/**
 * Which `count` instances go: the ones a task kill named first, then those not running
 * yet, then those of an older config, then by age as killSelection says.
 */
export function chooseForKill(
  candidates: readonly Instance[], count: number, selection: KillSelection, prefer: ReadonlySet<string>, isCurrent: (i: Instance) => boolean,
): Instance[] {
  if (count <= 0) return [];
  const rank = (i: Instance) => [prefer.has(i.taskId) ? 0 : 1, i.state === 'TASK_RUNNING' ? 1 : 0, isCurrent(i) ? 1 : 0];
  const sorted = [...candidates].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k] - rb[k];
    return selection === 'YOUNGEST_FIRST' ? b.stagedAt - a.stagedAt : a.stagedAt - b.stagedAt;
  });
  return sorted.slice(0, count);
}
