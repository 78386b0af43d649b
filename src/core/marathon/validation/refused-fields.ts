import type { RuleContext } from './rule-context.js';

/**
 * Marathon app fields this cluster does not act on. Each is accepted only with the value
 * that asks for nothing (what clients send when they do not use it, and what a GET →
 * edit → PUT round trip carries); any other value is refused by name, with the reason and
 * what to send instead, never stored and ignored. Refused parts of other fields live with
 * their family: env secrets and `secrets` (env.ts), container.linuxInfo and docker
 * pullConfig, credential, network, portMappings (container.ts), volumes other than host
 * volumes (volumes.ts).
 */
export interface RefusedField {
  accepts(value: unknown): boolean;
  refusal: string;
}

const isAbsent = (v: unknown) => v === null || v === undefined;
const isEmptyList = (v: unknown) => isAbsent(v) || (Array.isArray(v) && v.length === 0);

export const REFUSED_FIELDS: Record<string, RefusedField> = {
  ipAddress: { accepts: isAbsent, refusal: 'is deprecated: use networks, e.g. [{"mode": "container", "name": "<network>"}]' },
  executor: {
    accepts: (v) => isAbsent(v) || v === '' || v === '//cmd',
    refusal: 'is refused: tasks run under the command executor, custom executors are not run; use "//cmd", "" or leave it out',
  },
  executorResources: { accepts: isAbsent, refusal: 'is refused: the command executor has no resources of its own; leave it out' },
  resourceLimits: { accepts: isAbsent, refusal: 'is refused: tasks are not held to their cpus and mem yet (no cgroup limits), so there is no limit to raise; leave it out' },
  residency: { accepts: isAbsent, refusal: 'is refused: it is deprecated, has no effect in Marathon, and there are no persistent volumes; leave it out' },
  storeUrls: { accepts: isEmptyList, refusal: 'is refused: there is no artifact store; use fetch' },
  tty: { accepts: (v) => isAbsent(v) || v === false, refusal: 'is refused: tasks get no terminal; use false or leave it out' },
};

/**
 * Fields Marathon returns on GET that a definition cannot set. A rollback (PUT with
 * `version` alone, rollback.ts) is told apart by the app service before validation.
 */
const STATUS = 'is read-only status (GET returns it); leave it out of a request';
export const READ_ONLY_FIELDS: Record<string, string> = {
  version: 'is set by the scheduler; to roll back, PUT {"version": "<version>"} alone (with "id" at most)',
  versionInfo: 'is set by the scheduler (read-only); leave it out of a request',
  tasksStaged: STATUS,
  tasksRunning: STATUS,
  tasksHealthy: STATUS,
  tasksUnhealthy: STATUS,
  deployments: STATUS,
  tasks: STATUS,
  lastTaskFailure: STATUS,
  taskStats: STATUS,
  readinessCheckResults: STATUS,
};

export function refusedFieldRules({ raw, problems }: RuleContext): void {
  for (const [field, rule] of Object.entries(REFUSED_FIELDS)) {
    if (field in raw && !rule.accepts(raw[field])) problems.add(`/${field}`, rule.refusal);
  }
  for (const [field, why] of Object.entries(READ_ONLY_FIELDS)) {
    if (field in raw) problems.add(`/${field}`, why);
  }
}
