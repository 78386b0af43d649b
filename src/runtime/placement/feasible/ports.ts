import type { PortRange } from '../../../core/resources.js';
import { countPorts } from '../../../core/resources.js';
import type { FeasibilityStage, Rejection } from '../placement.js';
import { shortfall } from './shortfall.js';

/**
 * Host ports. With requirePorts (`fixedPorts`) exactly those ports must be free in the
 * offer; otherwise `portCount` distinct ports must be, wherever they are (the stack picks
 * them at random when it places).
 */
export const portsStage: FeasibilityStage = {
  name: 'ports',
  reasons: ['InsufficientPorts'],
  bind({ fixedPorts, portCount }) {
    if (fixedPorts) {
      if (fixedPorts.length === 0) return undefined;
      const wanted = `needs host port${fixedPorts.length === 1 ? '' : 's'} ${fixedPorts.join(', ')}`;
      return (_candidate, left): Rejection | undefined => {
        const taken = fixedPorts.filter((port) => !holds(left.ports, port));
        if (taken.length === 0) return undefined;
        return {
          reason: 'InsufficientPorts',
          message: `insufficient ports (${wanted}; not free: ${taken.join(', ')})`,
          cause: `insufficient ports (${wanted})`,
        };
      };
    }
    if (portCount === 0) return undefined;
    return (_candidate, left) => {
      const free = countPorts(left.ports);
      return free < portCount ? shortfall('InsufficientPorts', 'ports', portCount, free) : undefined;
    };
  },
};

function holds(ranges: PortRange[], port: number): boolean {
  for (const [begin, end] of ranges) if (port >= begin && port <= end) return true;
  return false;
}
