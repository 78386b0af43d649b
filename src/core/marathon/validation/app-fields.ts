/**
 * Marathon app fields this scheduler does not act on yet. Each is accepted only with the
 * value that asks for nothing (what Marathon clients send when they do not use it, and
 * what a GET → edit → PUT round trip carries); any other value is refused by name, with
 * the reason, instead of being stored and ignored.
 */
export interface NotActedOn {
  accepts(value: unknown): boolean;
  refusal: string;
}

const isEmptyList = (v: unknown) => Array.isArray(v) && v.length === 0;
const isAbsent = (v: unknown) => v === null || v === undefined;
const isEmptyObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

function notYet(accepts: (v: unknown) => boolean, what: string): NotActedOn {
  return { accepts, refusal: `is not supported yet: ${what}` };
}

export const NOT_ACTED_ON: Record<string, NotActedOn> = {
  user: notYet(isAbsent, 'tasks run as the agent\'s user; leave "user" out or null'),
  gpus: notYet((v) => v === 0 || isAbsent(v), 'no agent offers GPUs; use 0'),
  constraints: notYet((v) => isEmptyList(v) || isAbsent(v), 'placement constraints are not evaluated yet; use []'),
  acceptedResourceRoles: notYet(
    (v) => isAbsent(v) || isEmptyList(v) || (Array.isArray(v) && v.length === 1 && v[0] === '*'),
    'agents offer only unreserved resources (role "*"); use ["*"] or leave it out',
  ),
  role: notYet((v) => v === '*' || isAbsent(v), 'the services scheduler runs in role "*"; use "*" or leave it out'),
  healthChecks: notYet((v) => isEmptyList(v) || isAbsent(v), 'health checks are not run yet; use []'),
  readinessChecks: notYet((v) => isEmptyList(v) || isAbsent(v), 'readiness checks are not run yet; use []'),
  check: notYet(isAbsent, 'task checks are not run yet'),
  dependencies: notYet((v) => isEmptyList(v) || isAbsent(v), 'dependencies between apps are not ordered yet; use []'),
  fetch: notYet((v) => isEmptyList(v) || isAbsent(v), 'no agent has a fetcher yet; use []'),
  uris: notYet((v) => isEmptyList(v) || isAbsent(v), 'no agent has a fetcher yet; use []'),
  storeUrls: notYet((v) => isEmptyList(v) || isAbsent(v), 'there is no artifact store; use []'),
  container: notYet(isAbsent, 'no agent runs containers yet (a container app would run its cmd on the host); leave "container" out'),
  networks: notYet(
    (v) => isAbsent(v) || isEmptyList(v) || (Array.isArray(v) && v.length === 1 && (v[0] as { mode?: unknown })?.mode === 'host' && Object.keys(v[0] as object).length === 1),
    'tasks use the host network only; use [{"mode": "host"}] or leave it out',
  ),
  ipAddress: notYet(isAbsent, 'an IP address per task needs container networking'),
  secrets: notYet((v) => isEmptyObject(v) || isAbsent(v), 'this cluster has no secret store; use {}'),
  unreachableStrategy: notYet(
    (v) => isAbsent(v) || (typeof v === 'object' && JSON.stringify(v) === '{"inactiveAfterSeconds":0,"expungeAfterSeconds":0}'),
    'tasks on an unreachable agent are replaced as soon as the agent is declared unreachable, and the surplus is killed when it returns; leave it out',
  ),
  executor: notYet((v) => v === '' || v === '//cmd' || isAbsent(v), 'tasks run under the command executor; use "//cmd" or leave it out'),
  executorResources: notYet(isAbsent, 'the command executor has no resources of its own'),
  resourceLimits: notYet(isAbsent, 'tasks are not limited above cpus and mem yet'),
  residency: notYet(isAbsent, 'it is deprecated, and there are no persistent volumes'),
  tty: notYet((v) => v === false || isAbsent(v), 'tasks get no terminal; use false'),
};

/**
 * Fields Marathon returns on GET that a client cannot set. `version` in a PUT is
 * Marathon's rollback, which comes with app versions.
 */
const status = 'is read-only status (GET returns it); leave it out of a request';
export const READ_ONLY: Record<string, string> = {
  version: 'is set by the scheduler; rolling back to an earlier version is not supported yet',
  versionInfo: 'is set by the scheduler (read-only)',
  tasksStaged: status,
  tasksRunning: status,
  tasksHealthy: status,
  tasksUnhealthy: status,
  deployments: status,
  tasks: status,
  lastTaskFailure: status,
  taskStats: status,
  readinessCheckResults: status,
};
