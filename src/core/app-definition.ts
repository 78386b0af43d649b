import { normalizeAppId } from './ids.js';

/**
 * The Marathon app definition (docs/docs/rest-api/public/api/v2/types/app.raml), the
 * fields this scheduler acts on. Marathon's other fields are accepted only with the
 * value that means "not used" (an empty list, null), which they then keep, so a
 * definition round-trips unchanged; see app-validation.ts.
 */
export interface PortDefinition {
  port: number;
  name?: string;
  protocol?: 'tcp' | 'udp' | 'udp,tcp';
  labels?: Record<string, string>;
}

export type KillSelection = 'YOUNGEST_FIRST' | 'OLDEST_FIRST';

export interface UpgradeStrategy {
  minimumHealthCapacity: number;
  maximumOverCapacity: number;
}

export interface AppDefinition {
  id: string;
  cmd?: string | null;
  args?: string[] | null;
  instances: number;
  cpus: number;
  mem: number;
  disk: number;
  env: Record<string, string>;
  labels: Record<string, string>;
  portDefinitions: PortDefinition[];
  requirePorts: boolean;
  backoffSeconds: number;
  backoffFactor: number;
  maxLaunchDelaySeconds: number;
  taskKillGracePeriodSeconds?: number;
  killSelection: KillSelection;
  upgradeStrategy?: Partial<UpgradeStrategy>;
  /** Set by the scheduler: ISO timestamp of the current version. */
  version?: string;
  [unsupported: string]: unknown;
}

/** Marathon's defaults (app.raml), applied to every field the user leaves out. */
export const APP_DEFAULTS = {
  instances: 1,
  cpus: 1,
  mem: 128,
  disk: 0,
  backoffSeconds: 1,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300,
  requirePorts: false,
  killSelection: 'YOUNGEST_FIRST' as KillSelection,
};

/**
 * Applies Marathon's defaults to a definition that passed validateAppDefinition (app-validation.ts).
 * With neither `ports` nor `portDefinitions`, an app gets one dynamic port, as in Marathon.
 */
export function normalizeAppDefinition(raw: Record<string, unknown>): AppDefinition {
  const { ports, ...rest } = raw as Record<string, unknown> & { ports?: number[] };
  const portDefinitions: PortDefinition[] =
    (rest.portDefinitions as PortDefinition[] | undefined) ??
    (ports ? ports.map((port) => ({ port, protocol: 'tcp' as const })) : [{ port: 0, name: 'default', protocol: 'tcp' }]);
  return {
    ...APP_DEFAULTS,
    ...rest,
    id: normalizeAppId(String(rest.id)),
    env: (rest.env as Record<string, string>) ?? {},
    labels: (rest.labels as Record<string, string>) ?? {},
    portDefinitions: portDefinitions.map((pd) => ({ protocol: 'tcp', ...pd })),
  } as AppDefinition;
}
