import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { ExecResult, SshSession } from '../ssh/ssh-session.js';

/**
 * Runs a script on a host: the script goes on stdin of `sh -s` (as root, or through
 * `sudo -n` for another user), so it needs no quoting and nothing of it shows in the
 * host's process list beyond `sh -s`. The time limit is enforced on the host by
 * `timeout` (coreutils), which the login shell execs directly: one process fewer than
 * a generic wrapper, and each sshd session costs ~100 ms of a busy host's CPU.
 */
export const TIMED_OUT = 124;

export async function runScript(session: SshSession, script: string, opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
  const seconds = Math.max(1, Math.ceil((opts.timeoutMs ?? 120_000) / 1000));
  const shell = `timeout -k 1 ${seconds} sh -s`;
  return session.exec(session.target.user === 'root' ? shell : `sudo -n ${shell}`, { stdin: script });
}

/** Like runScript, but a non-zero exit is an error naming the host, the step and the script's stderr. */
export async function runScriptOk(session: SshSession, what: string, script: string, opts: { timeoutMs?: number } = {}): Promise<string> {
  const r = await runScript(session, script, opts);
  if (r.code !== 0) {
    const where = `${session.target.user}@${session.target.host}`;
    if (r.code === TIMED_OUT) throw new DcosError(ErrorCodes.PROVISION, `${what} did not finish within ${Math.ceil((opts.timeoutMs ?? 120_000) / 1000)} s on ${where}`);
    const stderr = r.stderr.trim().split('\n').slice(-5).join(' | ');
    throw new DcosError(ErrorCodes.PROVISION, `${what} failed on ${where} (exit ${r.code})${stderr ? `: ${stderr}` : ''}`);
  }
  return r.stdout;
}
