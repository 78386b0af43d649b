import { canonicalPathId, normalizeAppId, parentPathId } from '../ids.js';
import {
  APP_CHECK_DEFAULTS, APP_DEFAULTS, HEALTH_CHECK_DEFAULTS, READINESS_CHECK_DEFAULTS,
  type AppCheck, type AppDefinition, type Artifact, type Constraint, type ConstraintOperator, type HealthCheck, type ReadinessCheck,
  type UnreachableStrategy,
} from './app-definition.js';
import { translateDeprecatedApi } from './deprecated-api.js';
import { normalizeNetworking } from './normalize-networking.js';
import type { RawApp, RawAppCheck, RawArtifact } from './raw-app.js';

/**
 * Turns a definition that passed validateAppDefinition (validation/validate-app.ts) into
 * an AppDefinition, as Marathon's AppNormalization does: Marathon's defaults for every
 * field left out, legacy `ports` into portDefinitions and legacy `uris` into fetch, the
 * deprecated docker network and port mappings into networks and container.portMappings,
 * dependencies resolved to absolute ids. The result validates again unchanged and
 * normalizing it again changes nothing (GET → PUT round-trips).
 */
export function normalizeAppDefinition(given: RawApp): AppDefinition {
  const raw = translateDeprecatedApi(given as Record<string, unknown>).raw as RawApp;
  const id = normalizeAppId(String(raw.id));
  const role = raw.role ?? APP_DEFAULTS.role;
  return {
    id,
    cmd: raw.cmd ?? null,
    args: raw.args && raw.args.length > 0 ? [...raw.args] : null,
    user: raw.user ?? null,
    instances: raw.instances ?? APP_DEFAULTS.instances,
    cpus: raw.cpus ?? APP_DEFAULTS.cpus,
    mem: raw.mem ?? APP_DEFAULTS.mem,
    disk: raw.disk ?? APP_DEFAULTS.disk,
    gpus: raw.gpus ?? APP_DEFAULTS.gpus,
    env: { ...((raw.env ?? {}) as Record<string, string>) },
    labels: { ...(raw.labels ?? {}) },
    constraints: (raw.constraints ?? []).map(normalizeConstraint),
    acceptedResourceRoles: raw.acceptedResourceRoles ? [...raw.acceptedResourceRoles] : defaultAcceptedResourceRoles(role),
    role,
    ...normalizeNetworking(raw),
    fetch: normalizeFetch(raw),
    healthChecks: (raw.healthChecks ?? []).map(normalizeHealthCheck),
    ...(raw.check ? { check: normalizeAppCheck(raw.check) } : {}),
    readinessChecks: (raw.readinessChecks ?? []).map(normalizeReadinessCheck),
    upgradeStrategy: { ...APP_DEFAULTS.upgradeStrategy, ...(raw.upgradeStrategy ?? {}) },
    backoffSeconds: raw.backoffSeconds ?? APP_DEFAULTS.backoffSeconds,
    backoffFactor: raw.backoffFactor ?? APP_DEFAULTS.backoffFactor,
    maxLaunchDelaySeconds: raw.maxLaunchDelaySeconds ?? APP_DEFAULTS.maxLaunchDelaySeconds,
    killSelection: raw.killSelection ?? APP_DEFAULTS.killSelection,
    taskKillGracePeriodSeconds: raw.taskKillGracePeriodSeconds ?? null,
    unreachableStrategy: normalizeUnreachableStrategy(raw.unreachableStrategy),
    dependencies: (raw.dependencies ?? []).map((d) => resolveDependency(d, id)),
  };
}

/**
 * Marathon's default accepted roles are all the roles of the framework: unreserved
 * resources, plus those of the app's own role when it has one.
 */
export function defaultAcceptedResourceRoles(role: string): string[] {
  return role === '*' ? [...APP_DEFAULTS.acceptedResourceRoles] : ['*', role];
}

/**
 * A relative dependency ("db", "../db") names an app or group beside the app: it is
 * resolved against the app's group (its parent path), as Marathon resolves the ids
 * inside a group.
 */
export function resolveDependency(dependency: string, appId: string): string {
  return canonicalPathId(dependency, parentPathId(normalizeAppId(appId)));
}

/** Operators are case-insensitive in Marathon (it upper-cases them); a missing value stays missing. */
export function normalizeConstraint(c: string[]): Constraint {
  const [field, operator, value] = c;
  const op = operator.toUpperCase() as ConstraintOperator;
  return value === undefined ? [field, op] : [field, op, value];
}

/** Fetcher-extractable extensions (state/FetchUri.scala supportedFileTypes). */
const EXTRACTABLE = ['.tar', '.tar.gz', '.tar.bz2', '.tar.xz', '.gz', '.tgz', '.tbz2', '.txz', '.zip'];

/** Legacy uris are extracted when their path names an archive (FetchUri.isExtract). */
export function isExtractable(uri: string): boolean {
  const path = uri.replace(/[?#].*$/, '');
  return EXTRACTABLE.some((ext) => path.endsWith(ext));
}

function normalizeFetch(raw: RawApp): Artifact[] {
  const given: RawArtifact[] = raw.fetch && raw.fetch.length > 0 ? raw.fetch : (raw.uris ?? []).map((uri) => ({ uri, extract: isExtractable(uri) }));
  return given.map((a) => ({
    uri: a.uri,
    extract: a.extract ?? true,
    executable: a.executable ?? false,
    cache: a.cache ?? false,
    ...(a.destPath !== undefined ? { destPath: a.destPath } : {}),
  }));
}

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'MESOS_HTTP', 'MESOS_HTTPS']);

/**
 * Defaults per protocol (healthCheck.raml, AppNormalization.normalizeHealthChecks): HTTP
 * protocols get path "/"; every protocol but COMMAND checks a port, portIndex 0 unless
 * `port` is given.
 */
export function normalizeHealthCheck(h: Partial<HealthCheck>): HealthCheck {
  const protocol = h.protocol ?? HEALTH_CHECK_DEFAULTS.protocol;
  const check: HealthCheck = {
    protocol,
    gracePeriodSeconds: h.gracePeriodSeconds ?? HEALTH_CHECK_DEFAULTS.gracePeriodSeconds,
    intervalSeconds: h.intervalSeconds ?? HEALTH_CHECK_DEFAULTS.intervalSeconds,
    timeoutSeconds: h.timeoutSeconds ?? HEALTH_CHECK_DEFAULTS.timeoutSeconds,
    maxConsecutiveFailures: h.maxConsecutiveFailures ?? HEALTH_CHECK_DEFAULTS.maxConsecutiveFailures,
    delaySeconds: h.delaySeconds ?? HEALTH_CHECK_DEFAULTS.delaySeconds,
    ignoreHttp1xx: h.ignoreHttp1xx ?? HEALTH_CHECK_DEFAULTS.ignoreHttp1xx,
    ipProtocol: h.ipProtocol ?? HEALTH_CHECK_DEFAULTS.ipProtocol,
  };
  if (protocol === 'COMMAND') return { ...check, command: { value: String(h.command?.value) } };
  if (HTTP_PROTOCOLS.has(protocol)) check.path = h.path ?? HEALTH_CHECK_DEFAULTS.path;
  if (h.port !== undefined) check.port = h.port;
  else check.portIndex = h.portIndex ?? 0;
  return check;
}

/** check.raml defaults; the port index defaults to 0, as for health checks. */
export function normalizeAppCheck(c: RawAppCheck): AppCheck {
  const timers = {
    intervalSeconds: c.intervalSeconds ?? APP_CHECK_DEFAULTS.intervalSeconds,
    timeoutSeconds: c.timeoutSeconds ?? APP_CHECK_DEFAULTS.timeoutSeconds,
    delaySeconds: c.delaySeconds ?? APP_CHECK_DEFAULTS.delaySeconds,
  };
  const target = (t: { port?: number; portIndex?: number }) => (t.port !== undefined ? { port: t.port } : { portIndex: t.portIndex ?? 0 });
  if (c.http) return { http: { ...target(c.http), ...(c.http.path !== undefined ? { path: c.http.path } : {}), scheme: c.http.scheme ?? APP_CHECK_DEFAULTS.scheme }, ...timers };
  if (c.tcp) return { tcp: target(c.tcp), ...timers };
  const command = c.exec!.command;
  return { exec: { command: command.argv ? { argv: [...command.argv] } : { shell: String(command.shell) } }, ...timers };
}

export function normalizeReadinessCheck(c: Partial<ReadinessCheck>): ReadinessCheck {
  const d = READINESS_CHECK_DEFAULTS;
  return {
    name: c.name ?? d.name,
    protocol: c.protocol ?? d.protocol,
    path: c.path ?? d.path,
    portName: c.portName ?? d.portName,
    intervalSeconds: c.intervalSeconds ?? d.intervalSeconds,
    timeoutSeconds: c.timeoutSeconds ?? d.timeoutSeconds,
    httpStatusCodesForReady: [...(c.httpStatusCodesForReady ?? d.httpStatusCodesForReady)],
    preserveLastResponse: c.preserveLastResponse ?? d.preserveLastResponse,
  };
}

function normalizeUnreachableStrategy(u: RawApp['unreachableStrategy']): UnreachableStrategy {
  if (u === 'disabled') return u;
  return { inactiveAfterSeconds: u?.inactiveAfterSeconds ?? 0, expungeAfterSeconds: u?.expungeAfterSeconds ?? 0 };
}
