import type { StoredApp } from '../state/stored-app.js';
import { actionsOf, type Deployment } from './deployment.js';

/**
 * What one app converges to right now, given the deployment that affects it (if any).
 * - frozen: the app's step has not come yet: nothing is launched or killed, so apps
 *   start in dependency order and a dependent waits for what it depends on;
 * - run: keep `instances` tasks of `spec`; with `replaceOld`, tasks of an older config
 *   are replaced within the upgrade strategy (a restart); without it (scaling, or no
 *   deployment), they stay, as in Marathon after a cancelled deployment;
 * - stop: every task is killed.
 */
export type EffectiveTarget =
  | { kind: 'frozen' }
  | { kind: 'run'; spec: StoredApp; instances: number; replaceOld: boolean; preferKill: ReadonlySet<string>; inDeployment: boolean }
  | { kind: 'stop' };

const NONE: ReadonlySet<string> = new Set();

/** `spec`: the app as stored now (undefined once removed); `deployment`: the running deployment that affects it. */
export function effectiveTarget(appId: string, spec: StoredApp | undefined, deployment: Deployment | undefined): EffectiveTarget {
  const steady = (): EffectiveTarget =>
    spec ? { kind: 'run', spec, instances: spec.instances, replaceOld: false, preferKill: NONE, inDeployment: false } : { kind: 'stop' };
  if (!deployment) return steady();
  const actions = actionsOf(deployment, appId);
  if (actions.length === 0) return steady();
  const reached = actions.filter((a) => a.step <= deployment.stepIndex);
  const last = reached[reached.length - 1]?.action;
  if (!last) return { kind: 'frozen' };
  if (last.action === 'StopApplication' || !spec) return { kind: 'stop' };
  switch (last.action) {
    case 'StartApplication':
    case 'ResolveArtifacts':
      return { kind: 'run', spec, instances: 0, replaceOld: false, preferKill: NONE, inDeployment: true };
    case 'ScaleApplication':
      return { kind: 'run', spec, instances: spec.instances, replaceOld: false, preferKill: new Set(last.tasksToKill ?? []), inDeployment: true };
    case 'RestartApplication':
      return { kind: 'run', spec, instances: spec.instances, replaceOld: true, preferKill: NONE, inDeployment: true };
  }
}
