import { requiredCapabilities } from '../../../core/marathon/app-definition.js';
import { isTerminal } from '../../../core/task-state.js';
import type { PlacementRequest } from '../../placement/placement.js';
import type { Instance } from '../state/instance.js';
import type { StoredApp } from '../state/stored-app.js';

/** What placement needs to put `count` more tasks of an app: its resources, ports, constraints, roles, capabilities, and where its tasks already are. */
export function placementRequest(app: StoredApp, count: number, instances: readonly Instance[]): PlacementRequest {
  return {
    key: app.id, count, targetInstances: app.instances, cpus: app.cpus, mem: app.mem, disk: app.disk, gpus: app.gpus,
    ...(app.requirePorts ? { fixedPorts: app.portDefinitions.map((d) => d.port) } : {}),
    portCount: app.portDefinitions.length,
    constraints: app.constraints,
    acceptedRoles: app.acceptedResourceRoles,
    capabilities: requiredCapabilities(app),
    existing: instances.filter((i) => !i.killRequested && !isTerminal(i.state)).map((i) => ({ agentId: i.agentId, hostname: i.host, attributes: i.agentAttributes })),
  };
}
