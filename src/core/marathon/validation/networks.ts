import { at, reportDuplicates, type RuleContext } from './rule-context.js';
import { arrayOf, closedObject, networkName, stringMap } from './schema-parts.js';

/** network.raml Network; a network's mode defaults to "container". */
export const NETWORKS_SCHEMA = {
  networks: arrayOf(closedObject({ mode: { enum: ['host', 'container', 'container/bridge'] }, name: networkName, labels: stringMap })),
};

/**
 * NetworkValidation.ramlNetworksValidator, with its messages. There is no default
 * network name here (Marathon's --default_network_name), so a container network names
 * the network it joins.
 */
export function networkRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/networks') || !raw.networks) return;
  const networks = raw.networks.map((n) => ({ ...n, mode: n.mode ?? 'container' }));
  networks.forEach((n, i) => {
    if (n.mode === 'host' && (n.name || (n.labels && Object.keys(n.labels).length > 0))) {
      problems.add(at('/networks', i), 'Host networks may not have names or labels');
    }
    if (n.mode === 'container/bridge' && n.name) problems.add(at('/networks', i, 'name'), 'Bridge networks may not have names');
    if (n.mode === 'container' && !n.name) problems.add(at('/networks', i, 'name'), 'Network name must be specified when container network is selected.');
  });
  reportDuplicates(networks, (n) => n.name, (i, first) =>
    problems.add(at('/networks', i), `Duplicate networks are not allowed (network "${networks[i].name}" is also networks(${first}))`));
  const count = (mode: string) => networks.filter((n) => n.mode === mode).length;
  const host = count('host');
  const bridge = count('container/bridge');
  const container = count('container');
  const allowed = (host <= 1 && bridge === 0 && container === 0) || (host === 0 && bridge <= 1 && container === 0) || (host === 0 && bridge === 0);
  if (!allowed) problems.add('/networks', 'May specify a single host network, single bridge network, or else 1-to-n container networks');
}
