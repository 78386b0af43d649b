import { USER_NAME_PATTERN } from '../../task-limits.js';
import type { RuleContext } from './rule-context.js';
import { arrayOf, string } from './schema-parts.js';

/** cmd (wrapped in /bin/sh -c), args (an argv) and user (the agent-side user; null: the agent's own). */
export const COMMAND_SCHEMA = {
  cmd: { type: ['string', 'null'], minLength: 1 },
  args: { ...arrayOf(string), type: ['array', 'null'] },
  // An agent runs the task as this user: a name it can look up (an agent would refuse any other).
  user: { type: ['string', 'null'], minLength: 1, pattern: USER_NAME_PATTERN },
};

/**
 * AppValidation.containsCmdArgsOrContainer: exactly one of cmd and args, or neither
 * when the container names an image (its entrypoint runs). Marathon also takes a MESOS
 * container without an image and without a command; here such an app would run nothing,
 * so it is refused.
 */
export function commandRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/cmd', '/args')) return;
  const hasCmd = typeof raw.cmd === 'string';
  const hasArgs = Array.isArray(raw.args) && raw.args.length > 0;
  const marathon = "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.";
  if (hasCmd && hasArgs) problems.add('/', `${marathon} Not both 'cmd' and 'args': send one of them`);
  if (!hasCmd && !hasArgs && clean('/container') && typeof raw.container?.docker?.image !== 'string') {
    problems.add('/', `${marathon} Give 'cmd', 'args', or a container with docker.image`);
  }
  if (hasCmd && raw.cmd!.trim() === '') problems.add('/cmd', 'must not be blank: /bin/sh -c would run nothing');
  if (hasArgs && raw.args![0].trim() === '') problems.add('/args(0)', 'must name the program to run');
}
