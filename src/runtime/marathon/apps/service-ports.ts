import type { PortDefinition } from '../../../core/marathon/app-definition.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';

/** Marathon's service port range (--local_port_min/--local_port_max). */
export const SERVICE_PORT_MIN = 10000;
export const SERVICE_PORT_MAX = 20000;

/**
 * Gives every port definition with port 0 a service port unique in the cluster, as
 * Marathon does; load balancers (marathon-lb) bind these. Non-zero ports are kept. An
 * update that asks for port 0 again keeps the port it had at that index, so a load
 * balancer's port does not move with every redeploy.
 */
export function assignServicePorts(defs: readonly PortDefinition[], inUse: ReadonlySet<number>, previous: readonly PortDefinition[] = []): PortDefinition[] {
  const taken = new Set(inUse);
  for (const d of defs) if (d.port !== 0) taken.add(d.port);
  let next = SERVICE_PORT_MIN;
  return defs.map((d, k) => {
    if (d.port !== 0) return d;
    const before = previous[k]?.port;
    if (before !== undefined && before >= SERVICE_PORT_MIN && before <= SERVICE_PORT_MAX && !taken.has(before)) {
      taken.add(before);
      return { ...d, port: before };
    }
    while (taken.has(next) && next <= SERVICE_PORT_MAX) next++;
    if (next > SERVICE_PORT_MAX) {
      throw new DcosError(ErrorCodes.INVALID_DEFINITION, 'Object is not valid', {
        details: [{ path: `/portDefinitions(${k})/port`, errors: [`no free service port left in ${SERVICE_PORT_MIN}-${SERVICE_PORT_MAX}`] }],
      });
    }
    taken.add(next);
    return { ...d, port: next };
  });
}
