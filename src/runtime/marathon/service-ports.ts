import type { PortDefinition } from '../../core/marathon/app-definition.js';

/** Marathon's service port range (--local_port_min/--local_port_max). */
export const SERVICE_PORT_MIN = 10000;
export const SERVICE_PORT_MAX = 20000;

/**
 * Gives every port definition with port 0 a service port unique in the cluster, as
 * Marathon does; load balancers (marathon-lb) bind these. Non-zero ports are kept.
 */
export function assignServicePorts(defs: PortDefinition[], inUse: Set<number>): PortDefinition[] {
  const taken = new Set(inUse);
  for (const d of defs) if (d.port !== 0) taken.add(d.port);
  let next = SERVICE_PORT_MIN;
  return defs.map((d) => {
    if (d.port !== 0) return d;
    while (taken.has(next) && next <= SERVICE_PORT_MAX) next++;
    if (next > SERVICE_PORT_MAX) throw new Error(`no free service port left in ${SERVICE_PORT_MIN}-${SERVICE_PORT_MAX}`);
    taken.add(next);
    return { ...d, port: next };
  });
}
