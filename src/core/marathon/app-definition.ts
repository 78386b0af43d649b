/**
 * The Marathon app definition (docs/docs/rest-api/public/api/v2/types/app.raml and the
 * types it uses), as the scheduler keeps it once validated and normalized: every field
 * present, defaults applied, legacy forms (`ports`, `uris`) turned into their current
 * ones. What the user sent is validated by validation/validate-app.ts and turned into
 * this by normalize-app.ts; GET returns it in this shape, so a definition round-trips.
 */
export type PathId = string;

export type PortProtocol = 'tcp' | 'udp' | 'udp,tcp';

export interface PortDefinition {
  /** Service port: unique in the cluster, assigned from 10000 when 0 was asked (load balancers bind it). */
  port: number;
  name?: string;
  protocol: PortProtocol;
  labels: Record<string, string>;
}

/** An artifact the fetcher puts in the sandbox before the task starts (artifact.raml). */
export interface Artifact {
  uri: string;
  extract: boolean;
  executable: boolean;
  cache: boolean;
  /** Path inside the sandbox (relative); the file name of the URI when absent. */
  destPath?: string;
}

export type HealthCheckProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'COMMAND' | 'MESOS_HTTP' | 'MESOS_HTTPS' | 'MESOS_TCP';

/** healthCheck.raml AppHealthCheck, defaults applied. */
export interface HealthCheck {
  protocol: HealthCheckProtocol;
  /** HTTP(S) protocols only; default "/". */
  path?: string;
  /** Index into the task's ports; set unless `port` is (default 0 for network protocols). */
  portIndex?: number;
  /** A fixed port instead of portIndex. */
  port?: number;
  /** COMMAND only. */
  command?: { value: string };
  gracePeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** 0: never kill for failed checks. */
  maxConsecutiveFailures: number;
  delaySeconds: number;
  ignoreHttp1xx: boolean;
  ipProtocol: 'IPv4' | 'IPv6';
}

/** check.raml AppCheck (a Mesos general check), defaults applied: exactly one of http, tcp, exec. */
export interface AppCheck {
  http?: { portIndex?: number; port?: number; path?: string; scheme: 'HTTP' | 'HTTPS' };
  tcp?: { portIndex?: number; port?: number };
  exec?: { command: { shell: string } | { argv: string[] } };
  intervalSeconds: number;
  timeoutSeconds: number;
  delaySeconds: number;
}

/** readinessCheck.raml, defaults applied. */
export interface ReadinessCheck {
  name: string;
  protocol: 'HTTP' | 'HTTPS';
  path: string;
  /** A port name of portDefinitions (or container portMappings). */
  portName: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  httpStatusCodesForReady: number[];
  preserveLastResponse: boolean;
}

export type ConstraintOperator = 'UNIQUE' | 'CLUSTER' | 'GROUP_BY' | 'LIKE' | 'UNLIKE' | 'MAX_PER' | 'IS';

/** [field, operator] or [field, operator, value] (constraint.raml AppConstraint). Field: "hostname", "@hostname", "@region", "@zone" or an agent attribute. */
export type Constraint = [field: string, operator: ConstraintOperator, value?: string];

export interface UpgradeStrategy {
  minimumHealthCapacity: number;
  maximumOverCapacity: number;
}

/** unreachableStrategy.raml: "disabled" never replaces an unreachable instance. */
export type UnreachableStrategy = 'disabled' | { inactiveAfterSeconds: number; expungeAfterSeconds: number };

export type KillSelection = 'YOUNGEST_FIRST' | 'OLDEST_FIRST';

export interface DockerParameter {
  key: string;
  value: string;
}

/** appContainer.raml DockerContainer, defaults applied. */
export interface DockerContainer {
  image: string;
  forcePullImage: boolean;
  privileged: boolean;
  parameters: DockerParameter[];
  /** Registry credentials from a secret (a secret store is needed). */
  pullConfig?: { secret: string };
  credential?: { principal: string; secret?: string };
}

export interface PortMapping {
  containerPort: number;
  /** 0 or absent: a dynamic host port from the offer (absent with container networks: no host port). */
  hostPort?: number;
  servicePort: number;
  protocol: PortProtocol;
  name?: string;
  labels: Record<string, string>;
  networkNames?: string[];
}

/**
 * A host volume (volumes.raml AppHostVolume, where hostPath is required): an absolute
 * hostPath is a directory of the agent; a relative one is a directory of the task's
 * sandbox (Mesos SANDBOX_PATH), which never reaches outside it.
 */
export interface ContainerVolume {
  containerPath: string;
  hostPath: string;
  mode: 'RO' | 'RW';
  /** Marathon's persistent, external and secret volumes: refused by validation until a later issue. */
  [other: string]: unknown;
}

export interface Container {
  type: 'MESOS' | 'DOCKER';
  docker?: DockerContainer;
  portMappings: PortMapping[];
  volumes: ContainerVolume[];
}

export type NetworkMode = 'host' | 'container' | 'container/bridge';

export interface Network {
  mode: NetworkMode;
  name?: string;
  labels?: Record<string, string>;
}

/** versionInfo.raml */
export interface VersionInfo {
  lastScalingAt: string;
  lastConfigChangeAt: string;
}

/** An app definition that passed validation, with every field resolved. */
export interface AppDefinition {
  id: PathId;
  cmd: string | null;
  args: string[] | null;
  /** The agent-side user the task runs as; null: the agent's own user. */
  user: string | null;
  instances: number;
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
  env: Record<string, string>;
  labels: Record<string, string>;
  constraints: Constraint[];
  acceptedResourceRoles: string[];
  role: string;
  portDefinitions: PortDefinition[];
  requirePorts: boolean;
  fetch: Artifact[];
  healthChecks: HealthCheck[];
  /** A general check: reported in the task's checkResult, never a reason to kill. Absent: none. */
  check?: AppCheck;
  readinessChecks: ReadinessCheck[];
  upgradeStrategy: UpgradeStrategy;
  backoffSeconds: number;
  backoffFactor: number;
  maxLaunchDelaySeconds: number;
  killSelection: KillSelection;
  /** SIGTERM → SIGKILL delay; null: the agent's default (3 s). */
  taskKillGracePeriodSeconds: number | null;
  unreachableStrategy: UnreachableStrategy;
  dependencies: PathId[];
  container: Container | null;
  networks: Network[];
}

/** Marathon's defaults (app.raml and the types it uses), applied to every field the user leaves out. */
export const APP_DEFAULTS = {
  instances: 1,
  cpus: 1,
  mem: 128,
  disk: 0,
  gpus: 0,
  backoffSeconds: 1,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300,
  requirePorts: false,
  killSelection: 'YOUNGEST_FIRST' as KillSelection,
  acceptedResourceRoles: ['*'],
  role: '*',
  upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 } as UpgradeStrategy,
  unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 } as UnreachableStrategy,
};

export const HEALTH_CHECK_DEFAULTS = {
  protocol: 'HTTP' as HealthCheckProtocol,
  path: '/',
  gracePeriodSeconds: 300,
  intervalSeconds: 60,
  timeoutSeconds: 20,
  maxConsecutiveFailures: 3,
  delaySeconds: 15,
  ignoreHttp1xx: false,
  ipProtocol: 'IPv4' as const,
};

/** check.raml defaults. */
export const APP_CHECK_DEFAULTS = { intervalSeconds: 60, timeoutSeconds: 20, delaySeconds: 15, scheme: 'HTTP' as const };

export const READINESS_CHECK_DEFAULTS = {
  name: 'readinessCheck',
  protocol: 'HTTP' as const,
  path: '/',
  portName: 'http-api',
  intervalSeconds: 30,
  timeoutSeconds: 10,
  httpStatusCodesForReady: [200],
  preserveLastResponse: false,
};

/**
 * Labels this project reads beyond marathon-lb's: documented in docs/marathon.md.
 * DEPLOYMENT_TIMEOUT_LABEL: seconds after which a deployment of the app whose new
 * tasks never became healthy and ready rolls back by itself.
 */
export const DEPLOYMENT_TIMEOUT_LABEL = 'DCOS_DEPLOYMENT_TIMEOUT_SECONDS';

/**
 * What an agent must advertise to run a task of an app. Placement puts tasks only on
 * agents with every capability their app needs; until one has them, the app waits with
 * that reason (never runs differently from what was asked).
 */
export type AgentCapability = 'fetcher' | 'containers' | 'container-networks' | 'gpus';

export function requiredCapabilities(app: Pick<AppDefinition, 'fetch' | 'container' | 'gpus' | 'networks'>): AgentCapability[] {
  const needs: AgentCapability[] = [];
  if (app.fetch.length > 0) needs.push('fetcher');
  if (app.container && (app.container.docker || app.container.volumes.length > 0 || app.container.type === 'DOCKER')) needs.push('containers');
  if (app.networks.some((n) => n.mode !== 'host')) needs.push('container-networks');
  if (app.gpus > 0) needs.push('gpus');
  return needs;
}
