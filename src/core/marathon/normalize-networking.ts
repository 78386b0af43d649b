import type { Container, Network, PortDefinition, PortMapping } from './app-definition.js';
import type { RawApp, RawContainer } from './raw-app.js';

/**
 * Networks, ports and the container of an app, as Marathon's AppNormalization
 * (forDeprecated and forPostValidation) resolves them. They depend on each other:
 * host networking uses portDefinitions, the other modes container.portMappings.
 */
export interface Networking {
  networks: Network[];
  portDefinitions: PortDefinition[];
  requirePorts: boolean;
  container: Container | null;
}

/** Apps.DefaultPortDefinitions: one dynamic port named "default". */
const DEFAULT_PORT_DEFINITIONS: Partial<PortDefinition>[] = [{ port: 0, name: 'default' }];
/** Apps.DefaultPortMappings: one mapping named "default". */
const DEFAULT_PORT_MAPPINGS: Partial<PortMapping>[] = [{ name: 'default' }];

export function hasHostNetworking(networks: Network[]): boolean {
  return networks.every((n) => n.mode === 'host');
}

/** No networks (or []) is host networking; a network's mode defaults to "container" (network.raml). */
export function normalizeNetworks(raw: RawApp['networks']): Network[] {
  if (!raw || raw.length === 0) return [{ mode: 'host' }];
  return raw.map((n) => {
    const mode = n.mode ?? 'container';
    if (mode === 'host') return { mode };
    return {
      mode,
      ...(n.name !== undefined ? { name: n.name } : {}),
      ...(n.labels && Object.keys(n.labels).length > 0 ? { labels: { ...n.labels } } : {}),
    };
  });
}

/**
 * With host networking: portDefinitions, else legacy ports, else one dynamic port.
 * Other modes have no port definitions (their ports are container.portMappings).
 */
export function normalizePortDefinitions(raw: Pick<RawApp, 'portDefinitions' | 'ports'>, networks: Network[]): PortDefinition[] {
  if (!hasHostNetworking(networks)) return [];
  const given: Partial<PortDefinition>[] = raw.portDefinitions ?? raw.ports?.map((port) => ({ port })) ?? DEFAULT_PORT_DEFINITIONS;
  return given.map((pd) => ({
    port: pd.port ?? 0,
    ...(pd.name !== undefined ? { name: pd.name } : {}),
    protocol: pd.protocol ?? 'tcp',
    labels: { ...(pd.labels ?? {}) },
  }));
}

/**
 * A container with its defaults (type DOCKER, as appContainer.raml says). Apps on
 * container networks without a container get an empty MESOS one, as in Marathon. Port
 * mappings belong to container networks: one default mapping when none were given;
 * with container/bridge a missing hostPort is 0 (a dynamic host port).
 */
export function normalizeContainer(raw: RawContainer | null | undefined, networks: Network[]): Container | null {
  const host = hasHostNetworking(networks);
  if (!raw && host) return null;
  const c: RawContainer = raw ?? { type: 'MESOS' };
  const bridge = networks.some((n) => n.mode === 'container/bridge');
  const mappings = host ? [] : (c.portMappings ?? DEFAULT_PORT_MAPPINGS);
  return {
    type: c.type ?? 'DOCKER',
    ...(c.docker
      ? {
          docker: {
            image: c.docker.image,
            forcePullImage: c.docker.forcePullImage ?? false,
            privileged: c.docker.privileged ?? false,
            parameters: (c.docker.parameters ?? []).map((p) => ({ key: p.key, value: p.value })),
          },
        }
      : {}),
    portMappings: mappings.map((m) => normalizePortMapping(m, bridge)),
    volumes: (c.volumes ?? []).map((v) => ({ containerPath: String(v.containerPath), hostPath: String(v.hostPath), mode: v.mode ?? 'RW' })),
  };
}

function normalizePortMapping(m: Partial<PortMapping>, bridge: boolean): PortMapping {
  const hostPort = m.hostPort ?? (bridge ? 0 : undefined);
  return {
    containerPort: m.containerPort ?? 0,
    ...(hostPort !== undefined ? { hostPort } : {}),
    servicePort: m.servicePort ?? 0,
    protocol: m.protocol ?? 'tcp',
    ...(m.name !== undefined ? { name: m.name } : {}),
    labels: { ...(m.labels ?? {}) },
    ...(m.networkNames && m.networkNames.length > 0 ? { networkNames: [...m.networkNames] } : {}),
  };
}

/** requirePorts applies only to host networking (Marathon sets it false otherwise; validation refuses true there). */
export function normalizeNetworking(raw: RawApp): Networking {
  const networks = normalizeNetworks(raw.networks);
  return {
    networks,
    portDefinitions: normalizePortDefinitions(raw, networks),
    requirePorts: hasHostNetworking(networks) ? (raw.requirePorts ?? false) : false,
    container: normalizeContainer(raw.container, networks),
  };
}

/**
 * The ports a health check's portIndex addresses (Marathon's portIndices): the port
 * mappings of a container that has some, else the port definitions.
 */
export function addressablePorts(n: Pick<Networking, 'portDefinitions' | 'container'>): Array<{ name?: string }> {
  const mappings = n.container?.portMappings ?? [];
  return mappings.length > 0 ? mappings : n.portDefinitions;
}
