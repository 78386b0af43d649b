import type { TaskHealthCheck } from '../../../core/framework.js';
import { commandProbe } from './command-probe.js';
import { httpProbe } from './http-probe.js';
import type { Probe, ProbeResult, ProbeTarget } from './probe.js';
import { tcpProbe } from './tcp-probe.js';

/** The probe of each protocol: the one place a check's protocol is dispatched on. */
export const runProbe: Probe = (check: TaskHealthCheck, target: ProbeTarget, signal: AbortSignal): Promise<ProbeResult> => {
  switch (check.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return httpProbe(check, target, signal);
    case 'TCP':
      return tcpProbe(check, target, signal);
    case 'COMMAND':
      return commandProbe(check, target, signal);
  }
};
