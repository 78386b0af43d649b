import { normalizeAppId } from '../ids.js';
import {
  APP_DEFAULTS, HEALTH_CHECK_DEFAULTS, READINESS_CHECK_DEFAULTS,
  type AppDefinition, type Artifact, type HealthCheck, type PortDefinition, type ReadinessCheck,
} from './app-definition.js';

/**
 * Turns a definition that passed validateAppDefinition (validation/validate-app.ts) into
 * an AppDefinition: Marathon's defaults for every field left out, legacy `ports` into
 * portDefinitions and legacy `uris` into fetch. With neither `ports` nor
 * `portDefinitions`, an app gets one dynamic port, as in Marathon.
 */
export function normalizeAppDefinition(raw: Record<string, unknown>): AppDefinition {
  const r = raw as Record<string, any>;
  const portDefinitions: PortDefinition[] = (
    r.portDefinitions ??
    (r.ports ? (r.ports as number[]).map((port) => ({ port })) : [{ port: 0, name: 'default' }])
  ).map((pd: Partial<PortDefinition>) => ({ protocol: 'tcp', labels: {}, ...pd }));
  const fetch: Artifact[] = (r.fetch ?? (r.uris ?? []).map((uri: string) => ({ uri }))).map((a: Partial<Artifact>) => ({
    extract: true, executable: false, cache: false, ...a,
  }));
  return {
    id: normalizeAppId(String(r.id)),
    cmd: r.cmd ?? null,
    args: r.args ?? null,
    user: r.user ?? null,
    instances: r.instances ?? APP_DEFAULTS.instances,
    cpus: r.cpus ?? APP_DEFAULTS.cpus,
    mem: r.mem ?? APP_DEFAULTS.mem,
    disk: r.disk ?? APP_DEFAULTS.disk,
    gpus: r.gpus ?? APP_DEFAULTS.gpus,
    env: r.env ?? {},
    labels: r.labels ?? {},
    constraints: r.constraints ?? [],
    acceptedResourceRoles: r.acceptedResourceRoles ?? [...APP_DEFAULTS.acceptedResourceRoles],
    role: r.role ?? APP_DEFAULTS.role,
    portDefinitions,
    requirePorts: r.requirePorts ?? APP_DEFAULTS.requirePorts,
    fetch,
    healthChecks: (r.healthChecks ?? []).map((h: Partial<HealthCheck>) => normalizeHealthCheck(h)),
    readinessChecks: (r.readinessChecks ?? []).map((c: Partial<ReadinessCheck>) => ({ ...READINESS_CHECK_DEFAULTS, ...c })),
    upgradeStrategy: { ...APP_DEFAULTS.upgradeStrategy, ...(r.upgradeStrategy ?? {}) },
    backoffSeconds: r.backoffSeconds ?? APP_DEFAULTS.backoffSeconds,
    backoffFactor: r.backoffFactor ?? APP_DEFAULTS.backoffFactor,
    maxLaunchDelaySeconds: r.maxLaunchDelaySeconds ?? APP_DEFAULTS.maxLaunchDelaySeconds,
    killSelection: r.killSelection ?? APP_DEFAULTS.killSelection,
    taskKillGracePeriodSeconds: r.taskKillGracePeriodSeconds ?? null,
    unreachableStrategy: r.unreachableStrategy ?? APP_DEFAULTS.unreachableStrategy,
    dependencies: (r.dependencies ?? []).map((d: string) => d),
    container: r.container ?? null,
    networks: r.networks ?? [{ mode: 'host' }],
  };
}

function normalizeHealthCheck(h: Partial<HealthCheck>): HealthCheck {
  const protocol = h.protocol ?? HEALTH_CHECK_DEFAULTS.protocol;
  const http = protocol === 'HTTP' || protocol === 'HTTPS' || protocol === 'MESOS_HTTP' || protocol === 'MESOS_HTTPS';
  const network = protocol !== 'COMMAND';
  const { path: _p, ...defaults } = HEALTH_CHECK_DEFAULTS;
  return {
    ...defaults,
    ...h,
    protocol,
    ...(http ? { path: h.path ?? HEALTH_CHECK_DEFAULTS.path } : {}),
    ...(network && h.port === undefined ? { portIndex: h.portIndex ?? 0 } : {}),
  };
}
