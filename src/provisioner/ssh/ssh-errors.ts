import type { SshTarget } from '../cluster-file/cluster-spec.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { targetLabel } from './host-key-trust.js';

/**
 * Turns what ssh2 or the socket reported into one line a person can act on, always
 * starting with the host: `ssh root@127.0.0.9:22: connection refused`.
 */
export function sshError(target: SshTarget, problem: string, cause?: unknown): DcosError {
  return new DcosError(ErrorCodes.SSH, `ssh ${targetLabel(target)}: ${problem}`, cause === undefined ? {} : { cause });
}

/** ssh2 tags its errors with a `level`: client-socket, client-timeout, client-authentication, handshake, protocol… */
interface Ssh2Error extends Error {
  level?: string;
  code?: string | number;
}

export function connectError(target: SshTarget, err: Ssh2Error, opts: { timeoutMs: number }): DcosError {
  const code = typeof err.code === 'string' ? err.code : undefined;
  switch (code) {
    case 'ECONNREFUSED': return sshError(target, 'connection refused', err);
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return sshError(target, `cannot resolve host name "${target.host}"`, err);
    case 'EHOSTUNREACH': return sshError(target, 'host unreachable', err);
    case 'ENETUNREACH': return sshError(target, 'network unreachable', err);
    case 'ETIMEDOUT': return sshError(target, `connection timed out after ${seconds(opts.timeoutMs)}`, err);
    case 'ECONNRESET': return sshError(target, 'connection reset by the host during the handshake', err);
    default: break;
  }
  if (err.level === 'client-timeout') {
    return sshError(target, `no SSH handshake within ${seconds(opts.timeoutMs)} (host down, filtered, or not an SSH server)`, err);
  }
  if (err.level === 'client-authentication') {
    const keys = target.keyFile === undefined ? 'the keys of ssh-agent were' : `the key ${target.keyFile} was`;
    return sshError(target, `${keys} rejected (authentication failed): add the public key to ~${target.user}/.ssh/authorized_keys on the host`, err);
  }
  if (err.level === 'client-dns') return sshError(target, `cannot resolve host name "${target.host}"`, err);
  return sshError(target, err.message || String(err), err);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
