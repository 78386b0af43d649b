import type {
  Artifact, Container, ContainerVolume, DockerContainer, HealthCheck, KillSelection, Network, PortDefinition, PortMapping,
  ReadinessCheck, UpgradeStrategy,
} from './app-definition.js';

/**
 * An app definition as a client sends it, in the shapes validation/app-schema.ts admits:
 * every field optional, legacy forms (`ports`, `uris`) allowed. Code reads a part of it
 * with these types only where the schema found that part sound (RuleContext.clean).
 * normalize-app.ts turns a valid one into an AppDefinition.
 */
export interface RawApp {
  id?: string;
  cmd?: string | null;
  args?: string[] | null;
  user?: string | null;
  instances?: number;
  cpus?: number;
  mem?: number;
  disk?: number;
  gpus?: number;
  env?: Record<string, unknown>;
  labels?: Record<string, string>;
  constraints?: string[][];
  acceptedResourceRoles?: string[];
  role?: string;
  portDefinitions?: Partial<PortDefinition>[];
  ports?: number[];
  requirePorts?: boolean;
  fetch?: RawArtifact[];
  uris?: string[];
  healthChecks?: Partial<HealthCheck>[];
  check?: RawAppCheck | null;
  readinessChecks?: Partial<ReadinessCheck>[];
  upgradeStrategy?: Partial<UpgradeStrategy>;
  backoffSeconds?: number;
  backoffFactor?: number;
  maxLaunchDelaySeconds?: number;
  killSelection?: KillSelection;
  taskKillGracePeriodSeconds?: number | null;
  unreachableStrategy?: 'disabled' | { inactiveAfterSeconds?: number; expungeAfterSeconds?: number };
  dependencies?: string[];
  container?: RawContainer | null;
  networks?: Partial<Network>[];
  /** Refused and read-only fields (validation/refused-fields.ts): present only with the value that asks for nothing. */
  [other: string]: unknown;
}

export type RawArtifact = Partial<Artifact> & { uri: string };

export interface RawContainer {
  type?: Container['type'];
  docker?: Partial<DockerContainer> & { image: string };
  portMappings?: Partial<PortMapping>[];
  volumes?: Partial<ContainerVolume>[];
}

export interface RawAppCheck {
  http?: { portIndex?: number; port?: number; path?: string; scheme?: 'HTTP' | 'HTTPS' } | null;
  tcp?: { portIndex?: number; port?: number } | null;
  exec?: { command: { shell?: string; argv?: string[] } } | null;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  delaySeconds?: number;
}
