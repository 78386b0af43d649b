import { CHECK_PATH_PATTERN, MAX_CHECK_COMMAND_LENGTH, MAX_CHECK_PATH_LENGTH, MAX_CHECK_TIMER_SECONDS } from '../../task-limits.js';
import type { HealthCheck } from '../app-definition.js';
import { normalizeHealthCheck } from '../normalize-app.js';
import { addressablePorts, normalizeNetworking } from '../normalize-networking.js';
import { at, canonicalJson, reportDuplicates, type RuleContext } from './rule-context.js';
import { anyPort, arrayOf, bool, closedObject, int32, nonEmptyString, port, string } from './schema-parts.js';

/**
 * healthCheck.raml AppHealthCheck. An interval or timeout of 0 would check without
 * pause or fail every check, so both are at least 1 second here.
 */
export const HEALTH_CHECKS_SCHEMA = {
  healthChecks: arrayOf(closedObject({
    protocol: { enum: ['HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP'] },
    path: { type: 'string', maxLength: MAX_CHECK_PATH_LENGTH, pattern: CHECK_PATH_PATTERN },
    portIndex: anyPort,
    port,
    command: closedObject({ value: { ...nonEmptyString, maxLength: MAX_CHECK_COMMAND_LENGTH } }, ['value']),
    gracePeriodSeconds: int32(0),
    intervalSeconds: { ...int32(1), maximum: MAX_CHECK_TIMER_SECONDS },
    timeoutSeconds: { ...int32(1), maximum: MAX_CHECK_TIMER_SECONDS },
    maxConsecutiveFailures: int32(0),
    delaySeconds: { ...int32(0), maximum: MAX_CHECK_TIMER_SECONDS },
    ignoreHttp1xx: bool,
    ipProtocol: { enum: ['IPv4', 'IPv6'] },
  })),
};

const HTTP = new Set(['HTTP', 'HTTPS', 'MESOS_HTTP', 'MESOS_HTTPS']);
const MESOS_NETWORK = new Set(['MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP']);

/** Marathon's messages (AppValidation, AppValidationMessages). */
const PORT_INDEX = 'Health check port indices must address an element of the ports array or container port mappings.';
const IP_PROTOCOL = 'IPv6 can only be used for container type DOCKER and Mesos http/https/tcp health checks';
const ONE_MESOS = 'AppDefinition can contain at most one Mesos health check';

/**
 * Each check's fields must fit its protocol (health-checks.md): COMMAND runs
 * command.value and checks no port; the others check `port` or the task port at
 * `portIndex`, which must exist; `path` only for the HTTP protocols, ignoreHttp1xx only
 * for Marathon's HTTP and HTTPS. At most one MESOS_HTTP/HTTPS/TCP check (COMMAND checks
 * do not count, as in Marathon), and no check twice.
 */
export function healthCheckRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/healthChecks') || !raw.healthChecks) return;
  const checks = raw.healthChecks;
  const networking = clean('/portDefinitions', '/ports', '/container', '/networks') ? normalizeNetworking(raw) : undefined;
  checks.forEach((h, i) => checkRules(h, (field) => (field ? at('/healthChecks', i, field) : at('/healthChecks', i)), networking, problems));

  let mesosChecks = 0;
  checks.forEach((h, i) => {
    if (MESOS_NETWORK.has(h.protocol ?? 'HTTP') && ++mesosChecks === 2) problems.add(at('/healthChecks', i), ONE_MESOS);
  });
  reportDuplicates(checks, (h) => canonicalJson(normalizeHealthCheck(h)), (i, first) =>
    problems.add(at('/healthChecks', i), `is the same check as healthChecks(${first}): give each check once`));
}

function checkRules(
  h: Partial<HealthCheck>, path: (field?: string) => string, networking: ReturnType<typeof normalizeNetworking> | undefined,
  problems: RuleContext['problems'],
): void {
  const protocol = h.protocol ?? 'HTTP';
  if (protocol === 'COMMAND') {
    if (!h.command) problems.add(path('command'), 'is required with protocol COMMAND: {"value": "<shell command>"}');
    for (const field of ['port', 'portIndex'] as const) {
      if (h[field] !== undefined) problems.add(path(field), 'is not for protocol COMMAND, which runs a command: leave it out');
    }
  } else {
    if (h.command) problems.add(path('command'), `is only for protocol COMMAND, not ${protocol}`);
    if (h.port !== undefined && h.portIndex !== undefined) problems.add(path('portIndex'), 'give port or portIndex, not both');
    const count = networking ? addressablePorts(networking).length : undefined;
    const index = h.portIndex ?? 0;
    if (count !== undefined && h.port === undefined && index >= count) {
      problems.add(path('portIndex'), `${PORT_INDEX} (the app has ${count} ports: portIndex ${index} names none of them)`);
    }
  }
  if (h.path !== undefined) {
    if (!HTTP.has(protocol)) problems.add(path('path'), `is only for HTTP, HTTPS, MESOS_HTTP and MESOS_HTTPS checks, not ${protocol}`);
    else if (!h.path.startsWith('/')) problems.add(path('path'), `must start with "/": "${h.path}"`);
  }
  if (h.ignoreHttp1xx === true && protocol !== 'HTTP' && protocol !== 'HTTPS') {
    problems.add(path('ignoreHttp1xx'), `applies only to HTTP and HTTPS checks, not ${protocol}: use false`);
  }
  if (h.ipProtocol === 'IPv6' && (!MESOS_NETWORK.has(protocol) || (networking && networking.container?.type !== 'DOCKER'))) {
    problems.add(path('ipProtocol'), IP_PROTOCOL);
  }
}
