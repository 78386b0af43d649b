import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { NodeRole } from '../cluster-file/cluster-spec.js';
import { packageRoot } from '../package-root.js';
import { shellArg } from './shell-quote.js';
import { serviceName } from './layout.js';

/**
 * How a daemon runs on a host: a systemd unit rendered from templates/systemd/ where
 * systemd is PID 1, otherwise dcos-supervise started in a session of its own
 * (supervisorCommand). Both restart the daemon when it dies and neither carries a
 * secret: daemons read their tokens from files named by their flags.
 */
export interface UnitView {
  /** Absolute path of the node binary (<install>/current/node/bin/node). */
  nodeBinary: string;
  /** Absolute path of the daemon's entry point (<install>/current/bin/dcos-agent.js). */
  entry: string;
  /** The daemon's arguments, as argv (each is escaped here). */
  args: string[];
  workingDirectory: string;
  user: string;
  description: string;
}

const templates = new Map<string, string>();

function template(service: string): string {
  let text = templates.get(service);
  if (text === undefined) {
    text = readFileSync(join(packageRoot(), 'templates', 'systemd', `${service}.service.mustache`), 'utf8');
    templates.set(service, text);
  }
  return text;
}

function invalid(what: string, value: string, why: string): DcosError {
  return new DcosError(ErrorCodes.INTERNAL, `cannot write a unit with ${what} ${JSON.stringify(value)}: ${why}`);
}

// A newline would end the setting and start another one of the caller's choosing.
const CONTROL = /[\u0000-\u001f\u007f]/;

function plainValue(what: string, value: string): string {
  if (CONTROL.test(value)) throw invalid(what, value, 'it holds a control character');
  return value.replace(/%/g, '%%'); // %x is a unit specifier everywhere in a unit file
}

function absolutePath(what: string, value: string): string {
  if (!value.startsWith('/')) throw invalid(what, value, 'not an absolute path');
  return value;
}

const SYSTEMD_BARE = /^[A-Za-z0-9_@+=:,./-]+$/;

/**
 * One word of an ExecStart= command line (systemd.service "Command lines"): kept bare
 * when it holds only characters with no meaning there, otherwise double-quoted with `\`
 * and `"` backslash-escaped, `$` doubled (no environment expansion) and `%` doubled (no
 * specifier). A lone `;` would separate commands and is written `\;`.
 */
export function systemdArg(arg: string): string {
  if (CONTROL.test(arg)) throw invalid('the argument', arg, 'it holds a control character');
  if (arg === ';') return '\\;';
  if (SYSTEMD_BARE.test(arg)) return arg;
  const escaped = arg.replace(/[\\"$%]/g, (c) => (c === '$' ? '$$' : c === '%' ? '%%' : `\\${c}`));
  return `"${escaped}"`;
}

/** The unit file of a role's daemon (public agents run the agent's unit). */
export function renderUnit(role: NodeRole, view: UnitView): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*\$?$/.test(view.user)) throw invalid('the user', view.user, 'not a user name');
  const execStart = [absolutePath('the node binary', view.nodeBinary), absolutePath('the entry point', view.entry), ...view.args]
    .map(systemdArg)
    .join(' ');
  return Mustache.render(template(serviceName(role)), {
    execStart,
    user: view.user,
    workingDirectory: plainValue('the working directory', absolutePath('the working directory', view.workingDirectory)),
    description: plainValue('the description', view.description),
  });
}

export interface SupervisorCommandOptions {
  /** Absolute path of the node binary that runs the supervisor. */
  nodeBinary: string;
  /** <install>/current/bin/dcos-supervise.js */
  supervisorEntry: string;
  /** The service: dcos-master or dcos-agent. */
  name: string;
  /** <state>/run/<name>.supervisor.pid */
  pidfile: string;
  /** <state>/run/<name>.pid */
  childPidfile: string;
  /** <state>/log/<name>.log: the daemon's output and the supervisor's own lines. */
  logFile: string;
  /** The daemon's command line: [node, entry, ...flags]. */
  command: string[];
  minBackoffMs?: number;
  maxBackoffMs?: number;
  stopGraceMs?: number;
}

/**
 * The sh command that starts dcos-supervise for a daemon where there is no systemd:
 * `setsid -f` forks it into a new session (no controlling terminal, not in the SSH
 * session's process group) and returns at once, with stdin from /dev/null and its
 * output appended to the log, so the SSH channel closes and the supervisor outlives it.
 * A supervisor already running for `name` (by its pidfile) refuses to start a second.
 */
export function supervisorCommand(opts: SupervisorCommandOptions): string {
  if (opts.command.length === 0) throw new DcosError(ErrorCodes.INTERNAL, `no command to supervise for ${opts.name}`);
  const words = [
    'setsid', '-f', opts.nodeBinary, opts.supervisorEntry,
    '--name', opts.name,
    '--pidfile', opts.pidfile,
    '--child-pidfile', opts.childPidfile,
    '--log', opts.logFile,
    // Pidfiles name processes by pid and start time, so a stop never hits a recycled pid.
    '--pidfile-start-time',
  ];
  if (opts.minBackoffMs !== undefined) words.push('--min-backoff-ms', String(opts.minBackoffMs));
  if (opts.maxBackoffMs !== undefined) words.push('--max-backoff-ms', String(opts.maxBackoffMs));
  if (opts.stopGraceMs !== undefined) words.push('--stop-grace-ms', String(opts.stopGraceMs));
  words.push('--', ...opts.command);
  return `${words.map(shellArg).join(' ')} </dev/null >>${shellArg(opts.logFile)} 2>&1`;
}
