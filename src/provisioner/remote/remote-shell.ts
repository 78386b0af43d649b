import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { ExecResult, SshSession } from '../ssh/ssh-session.js';

/**
 * Runs a script on a host: the script goes on stdin of `sh -s` (as root, or through
 * `sudo -n` for another user), so it needs no quoting and nothing of it shows in the
 * host's process list beyond `sh -s`.
 */
export async function runScript(session: SshSession, script: string, opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
  const shell = session.target.user === 'root' ? 'sh -s' : 'sudo -n sh -s';
  return session.exec(shell, { stdin: script, timeoutMs: opts.timeoutMs ?? 120_000 });
}

/** Like runScript, but a non-zero exit is an error naming the host, the step and the script's stderr. */
export async function runScriptOk(session: SshSession, what: string, script: string, opts: { timeoutMs?: number } = {}): Promise<string> {
  const r = await runScript(session, script, opts);
  if (r.code !== 0) {
    const stderr = r.stderr.trim().split('\n').slice(-5).join(' | ');
    throw new DcosError(ErrorCodes.PROVISION, `${what} failed on ${session.target.user}@${session.target.host} (exit ${r.code})${stderr ? `: ${stderr}` : ''}`);
  }
  return r.stdout;
}
