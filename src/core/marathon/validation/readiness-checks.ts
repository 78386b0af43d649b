import { READINESS_CHECK_DEFAULTS } from '../app-definition.js';
import { addressablePorts, normalizeNetworking } from '../normalize-networking.js';
import { at, type RuleContext } from './rule-context.js';
import { arrayOf, bool, closedObject, int32, legacyName, nonEmptyString } from './schema-parts.js';

/** readinessCheck.raml ReadinessCheck. */
export const READINESS_CHECKS_SCHEMA = {
  readinessChecks: arrayOf(closedObject({
    name: nonEmptyString,
    protocol: { enum: ['HTTP', 'HTTPS'] },
    path: { type: 'string', minLength: 1, maxLength: 1024 },
    portName: legacyName,
    intervalSeconds: int32(0),
    timeoutSeconds: int32(1),
    httpStatusCodesForReady: arrayOf({ type: 'integer', minimum: 100, maximum: 999 }, { minItems: 1, uniqueItems: true }),
    preserveLastResponse: bool,
  })),
};

/**
 * Marathon (AppValidation.complyWithReadinessCheckRules, readiness-checks.md): one
 * readiness check per app; its portName names a port of the app (a port definition,
 * or a port mapping on container networks); it times out before the next check is due.
 */
export function readinessCheckRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/readinessChecks') || !raw.readinessChecks) return;
  const checks = raw.readinessChecks;
  if (checks.length > 1) problems.add('/readinessChecks', `Marathon allows one readiness check per app, got ${checks.length}`);
  const portNames = clean('/portDefinitions', '/ports', '/container', '/networks')
    ? new Set(addressablePorts(normalizeNetworking(raw)).map((p) => p.name))
    : undefined;
  checks.forEach((c, i) => {
    const portName = c.portName ?? READINESS_CHECK_DEFAULTS.portName;
    if (portNames && !portNames.has(portName)) {
      problems.add(at('/readinessChecks', i, 'portName'), `No port definition reference for portName ${portName}`);
    }
    const interval = c.intervalSeconds ?? READINESS_CHECK_DEFAULTS.intervalSeconds;
    const timeout = c.timeoutSeconds ?? READINESS_CHECK_DEFAULTS.timeoutSeconds;
    if (timeout >= interval) problems.add(at('/readinessChecks', i, 'timeoutSeconds'), `must be less than intervalSeconds (${interval}), got ${timeout}`);
    if (c.path !== undefined && !c.path.startsWith('/')) problems.add(at('/readinessChecks', i, 'path'), `must start with "/": "${c.path}"`);
  });
}
