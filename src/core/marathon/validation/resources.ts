import type { RuleContext } from './rule-context.js';
import { int32, scalar } from './schema-parts.js';

/** app.raml: instances and gpus are int32 ≥ 0, cpus ≥ 0.001, mem and disk ≥ 0 (MiB). */
export const RESOURCES_SCHEMA = {
  instances: int32(0),
  cpus: scalar(0.001),
  mem: scalar(0),
  disk: scalar(0),
  gpus: int32(0),
};

/**
 * GPUs are accepted: such an app waits for an agent that offers them. Marathon's
 * complyWithGpuRules: only the Mesos containerizer gives a task GPUs.
 */
export function resourceRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/gpus', '/container')) return;
  if ((raw.gpus ?? 0) > 0 && raw.container && (raw.container.type ?? 'DOCKER') === 'DOCKER') {
    problems.add('/gpus', 'GPU resources only work with the Mesos containerizer: use container type MESOS');
  }
}
