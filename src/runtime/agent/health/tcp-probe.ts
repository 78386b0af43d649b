import { connect } from 'node:net';
import type { TaskHealthCheck } from '../../../core/framework.js';
import { abortCause, failureOf, type ProbeResult, type ProbeTarget } from './probe.js';

/** TCP checks: healthy once a connection to <host>:<port> is established; it is closed at once. */
export function tcpProbe(check: TaskHealthCheck, target: ProbeTarget, signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => done({ kind: 'unhealthy', cause: abortCause(signal) });
    const socket = connect({ host: target.host, port: check.port ?? 0, family: check.ipProtocol === 'IPv6' ? 6 : 4 });
    socket.once('connect', () => done({ kind: 'healthy' }));
    socket.once('error', (err) => done(failureOf(err)));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
