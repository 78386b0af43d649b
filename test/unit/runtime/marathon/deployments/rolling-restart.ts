import { normalizeAppDefinition } from '../../../../../src/core/marathon/normalize-app.js';
import { planConvergence } from '../../../../../src/runtime/marathon/deployments/convergence.js';
import type { EffectiveTarget } from '../../../../../src/runtime/marathon/deployments/effective-target.js';
import { isHealthy, type Instance } from '../../../../../src/runtime/marathon/state/instance.js';
import type { StoredApp } from '../../../../../src/runtime/marathon/state/stored-app.js';

/**
 * A rolling restart driven by planConvergence alone, step by step: kills land one step
 * after they are asked for, launched tasks run one step later and become healthy the
 * step after (ready too, when asked). Records, at every step, how many tasks exist and
 * how many of them are healthy — what the upgrade strategy promises about.
 */
export function simulateRestart(o: { instances: number; minimumHealthCapacity: number; maximumOverCapacity: number; healthChecks?: boolean; readiness?: boolean }) {
  const base = normalizeAppDefinition({
    id: '/web', cmd: 'v2', instances: o.instances,
    upgradeStrategy: { minimumHealthCapacity: o.minimumHealthCapacity, maximumOverCapacity: o.maximumOverCapacity },
    ...(o.healthChecks ? { healthChecks: [{ protocol: 'MESOS_HTTP' }] } : {}),
    ...(o.readiness ? { portDefinitions: [{ port: 0, name: 'http-api' }], readinessChecks: [{}] } : {}),
  });
  const spec: StoredApp = { ...base, version: 'v2', versionInfo: { lastScalingAt: 'v2', lastConfigChangeAt: 'v2' } };
  const target: EffectiveTarget = { kind: 'run', spec, instances: o.instances, replaceOld: true, preferKill: new Set(), inDeployment: true };
  let seq = 0;
  const task = (config: string, state: Instance['state']): Instance => ({
    taskId: `t${seq++}`, appId: '/web', agentId: 'a', host: 'h', agentAttributes: {}, ports: [31000], resources: { cpus: 0, mem: 0, disk: 0, ports: [] },
    state, stagedAt: seq, version: config, configVersion: config, healthChecks: o.healthChecks ? spec.healthChecks : [],
    ...(o.healthChecks ? { healthy: state === 'TASK_RUNNING' } : {}),
    ...(config === 'v2' && o.readiness ? { ready: false } : {}),
  });
  let instances: Instance[] = Array.from({ length: o.instances }, () => task('v1', 'TASK_RUNNING'));
  const samples: Array<{ total: number; healthy: number }> = [];
  const sample = () => samples.push({ total: instances.filter((i) => i.state !== 'TASK_KILLED').length, healthy: instances.filter((i) => !i.killRequested && isHealthy(i) && (i.configVersion === 'v1' || !o.readiness || i.ready)).length });
  sample();
  for (let step = 0; step < 1000; step++) {
    const plan = planConvergence(target, instances, 0);
    // Tasks asked to die last step are gone now; new tasks run, then turn healthy (and ready).
    instances = instances.filter((i) => !i.killRequested).map((i) => {
      if (i.state === 'TASK_STAGING') return { ...i, state: 'TASK_RUNNING', ...(o.healthChecks ? { healthy: false } : {}) };
      if (o.healthChecks && i.healthy === false) return { ...i, healthy: true };
      if (o.readiness && i.ready === false && isHealthy(i)) return { ...i, ready: true };
      return i;
    });
    const killed = new Set(plan.kill.map((k) => k.instance.taskId));
    instances = instances.map((i) => (killed.has(i.taskId) ? { ...i, killRequested: true } : i));
    for (let k = 0; k < plan.launch; k++) instances.push(task('v2', 'TASK_STAGING'));
    sample();
    const done = instances.length === o.instances && instances.every((i) => i.configVersion === 'v2' && !i.killRequested && isHealthy(i) && (!o.readiness || i.ready));
    if (done) return { samples, steps: step + 1, finished: true };
  }
  return { samples, steps: 1000, finished: false };
}
