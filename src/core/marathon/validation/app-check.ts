import { CHECK_PATH_PATTERN, MAX_CHECK_COMMAND_LENGTH, MAX_CHECK_PATH_LENGTH, MAX_CHECK_TIMER_SECONDS } from '../../task-limits.js';
import { addressablePorts, normalizeNetworking } from '../normalize-networking.js';
import type { RuleContext } from './rule-context.js';
import { anyPort, arrayOf, closedObject, int32, nonEmptyString, port } from './schema-parts.js';

const portChoice = { portIndex: anyPort, port };
const timer = (min: number) => ({ ...int32(min), maximum: MAX_CHECK_TIMER_SECONDS });

/**
 * check.raml AppCheck: a Mesos general check, run by the agent, that reports what it
 * finds (the task's checkResult) and never kills. An interval or timeout of 0 would check
 * without pause or fail every run, so both are at least 1 second here.
 */
export const APP_CHECK_SCHEMA = {
  check: {
    ...closedObject({
      http: closedObject({
        ...portChoice,
        path: { type: 'string', maxLength: MAX_CHECK_PATH_LENGTH, pattern: CHECK_PATH_PATTERN },
        scheme: { enum: ['HTTP', 'HTTPS'] },
      }),
      tcp: closedObject(portChoice),
      exec: closedObject({
        command: closedObject({
          shell: { ...nonEmptyString, maxLength: MAX_CHECK_COMMAND_LENGTH },
          argv: { ...arrayOf({ type: 'string' }), minItems: 1 },
        }),
      }, ['command']),
      intervalSeconds: timer(1),
      timeoutSeconds: timer(1),
      delaySeconds: timer(0),
    }),
    type: ['object', 'null'],
  },
};

/** check.raml: "Must specify a single type of check, http, tcp, or exec"; the port must be one of the app's; a command is shell or argv. */
export function appCheckRules({ raw, problems, clean }: RuleContext): void {
  const check = raw.check;
  if (!clean('/check') || !check) return;
  const kinds = (['http', 'tcp', 'exec'] as const).filter((k) => check[k] !== undefined && check[k] !== null);
  if (kinds.length !== 1) problems.add('/check', `must specify a single type of check, http, tcp, or exec (got ${kinds.length === 0 ? 'none' : kinds.join(', ')})`);
  const command = check.exec?.command;
  if (command && (command.shell === undefined) === (command.argv === undefined)) problems.add('/check/exec/command', 'specify either shell or argv, never both');
  for (const kind of ['http', 'tcp'] as const) {
    const c = check[kind];
    if (!c) continue;
    if (c.port !== undefined && c.portIndex !== undefined) problems.add(`/check/${kind}/portIndex`, 'give port or portIndex, not both');
    if (c.port !== undefined || !clean('/portDefinitions', '/ports', '/container', '/networks')) continue;
    const count = addressablePorts(normalizeNetworking(raw)).length;
    const index = c.portIndex ?? 0;
    if (index >= count) problems.add(`/check/${kind}/portIndex`, `must address one of the app's ports (the app has ${count}: portIndex ${index} names none of them)`);
  }
  if (check.http?.path !== undefined && !check.http.path.startsWith('/')) problems.add('/check/http/path', `must start with "/": "${check.http.path}"`);
}
