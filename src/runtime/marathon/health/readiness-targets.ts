import type { EffectiveTarget } from '../deployments/effective-target.js';
import type { Instance } from '../state/instance.js';
import type { ReadinessTarget } from './readiness-checker.js';

/** The app's deployment step waits on its readiness checks. */
export function waitsOnReadiness(target: EffectiveTarget): target is Extract<EffectiveTarget, { kind: 'run' }> {
  return target.kind === 'run' && target.inDeployment && target.spec.readinessChecks.length > 0;
}

/**
 * The tasks whose readiness is checked now: of an app whose running deployment step
 * waits on readiness checks, the tasks of the current config that run, pass their health
 * checks (if any) and are not ready yet. Each check's URL uses the port its portName names.
 */
export function readinessTargets(target: EffectiveTarget, instances: readonly Instance[]): ReadinessTarget[] {
  if (!waitsOnReadiness(target)) return [];
  const { spec } = target;
  return instances
    .filter((i) => !i.killRequested && !i.ready && i.state === 'TASK_RUNNING' && i.configVersion === spec.versionInfo.lastConfigChangeAt)
    .filter((i) => i.healthChecks.length === 0 || i.healthy === true)
    .map((i) => ({
      taskId: i.taskId,
      checks: spec.readinessChecks.map((check) => {
        const index = spec.portDefinitions.findIndex((p) => p.name === check.portName);
        return { check, url: `${check.protocol.toLowerCase()}://${i.host}:${i.ports[index] ?? 0}${check.path}` };
      }),
    }));
}
