import { hasHostNetworking, normalizeNetworks } from '../normalize-networking.js';
import { at, reportDuplicates, type RuleContext } from './rule-context.js';
import { anyPort, arrayOf, bool, closedObject, legacyName, protocol, stringMap } from './schema-parts.js';

/** network.raml PortDefinition (port 0: a dynamic host port and an assigned service port), legacy `ports`. */
export const PORTS_SCHEMA = {
  portDefinitions: arrayOf(closedObject({ port: anyPort, name: legacyName, protocol, labels: stringMap })),
  ports: arrayOf(anyPort),
  requirePorts: bool,
};

/**
 * AppValidation's port rules: port names unique, non-zero ports unique, `ports` and
 * `portDefinitions` together only when they list the same ports (GET returns both),
 * port definitions only with host networking. requirePorts asks for host ports equal to
 * the service ports (a port 0 gets one assigned, as in Marathon), so it needs host
 * networking (where Marathon would set it false without a word).
 */
export function portRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/portDefinitions', '/ports', '/requirePorts')) return;
  const { portDefinitions, ports } = raw;
  const listed = portDefinitions ? portDefinitions.map((pd) => pd.port ?? 0) : ports;
  const where = portDefinitions ? (i: number) => at('/portDefinitions', i, 'port') : (i: number) => at('/ports', i);

  if (portDefinitions && ports && JSON.stringify(listed) !== JSON.stringify(ports)) {
    problems.add('/', 'cannot specify both ports and port definitions (unless they list the same ports): send portDefinitions only');
  }
  if (portDefinitions) {
    reportDuplicates(portDefinitions, (pd) => pd.name, (i, first) =>
      problems.add(at('/portDefinitions', i, 'name'), `Port names must be unique. ("${portDefinitions[i].name}" is also portDefinitions(${first}))`));
  }
  if (listed) {
    reportDuplicates(listed, (p) => (p === 0 ? undefined : String(p)), (i, first) =>
      problems.add(where(i), `Ports must be unique. (${listed[i]} is also ${portDefinitions ? 'portDefinitions' : 'ports'}(${first}))`));
  }

  if (!clean('/networks')) return;
  const host = hasHostNetworking(normalizeNetworks(raw.networks));
  if (!host && listed && listed.length > 0) {
    problems.add(portDefinitions ? '/portDefinitions' : '/ports', 'portDefinitions are only allowed with host-networking: use container.portMappings');
  }
  // With requirePorts a port 0 is no error (Marathon): it gets a service port, which is then the host port too.
  if (raw.requirePorts === true && !host) problems.add('/requirePorts', 'applies only to host networking: use false, or give container.portMappings fixed hostPorts');
}
