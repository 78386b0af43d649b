import { hasHostNetworking, normalizeNetworks } from '../normalize-networking.js';
import { NO_SECRET_STORE } from './env.js';
import { at, reportDuplicates, type RuleContext } from './rule-context.js';
import { anyPort, arrayOf, bool, closedObject, inCode, legacyName, name, nonEmptyString, protocol, string, stringMap } from './schema-parts.js';
import { volumeRules } from './volumes.js';

/** appContainer.raml Container (type defaults to DOCKER), DockerContainer, ContainerPortMapping. */
export const CONTAINER_SCHEMA = {
  container: {
    ...closedObject({
      type: { enum: ['MESOS', 'DOCKER'] },
      docker: closedObject({
        image: nonEmptyString,
        forcePullImage: bool,
        privileged: bool,
        parameters: arrayOf(closedObject({ key: nonEmptyString, value: string }, ['key', 'value'])),
        pullConfig: inCode,
        credential: inCode,
      }, ['image']),
      portMappings: arrayOf(closedObject({
        containerPort: anyPort, hostPort: anyPort, servicePort: anyPort, protocol, name: legacyName, labels: stringMap, networkNames: arrayOf(name),
      })),
      volumes: arrayOf({ type: 'object' }),
      linuxInfo: inCode,
    }),
    type: ['object', 'null'],
  },
};

/** Fields of `container` and `container.docker` that Marathon has and this cluster refuses, with the reason and what to send. */
const REFUSED_CONTAINER_FIELDS: Record<string, string> = {
  linuxInfo: 'is refused: the container runtime does not apply seccomp, IPC or shared-memory settings yet; leave it out',
};
const REFUSED_DOCKER_FIELDS: Record<string, string> = {
  pullConfig: `is refused: it names a secret and ${NO_SECRET_STORE}; pull public images, or leave it out`,
  credential: `is refused: Marathon no longer takes credentials this way (since 1.5), and pullConfig, which replaces it, needs a secret store (${NO_SECRET_STORE}); leave it out`,
};

/** Marathon's messages (AppValidation, AppValidationMessages). */
const NETWORK_NAME_REQUIRED = 'networkNames must be a single item list when hostPort is specified and more than 1 container network is defined';
const DOCKER_ONE_NETWORK = 'may only specify a single container network when using the Docker container engine';

/**
 * AppValidation.validContainer and validOldContainerAPI: DOCKER needs docker.image; the
 * Docker-CLI-only fields (parameters, privileged) only with DOCKER; port mappings only on
 * container networks, each name once, each networkName one of the app's networks.
 */
export function containerRules(ctx: RuleContext): void {
  const { raw, problems, clean } = ctx;
  const c = raw.container;
  if (!clean('/container') || !c) return;
  refuse(c as Record<string, unknown>, '/container', REFUSED_CONTAINER_FIELDS, problems);
  if (c.docker) refuse(c.docker as Record<string, unknown>, '/container/docker', REFUSED_DOCKER_FIELDS, problems);
  const type = c.type ?? 'DOCKER';
  if (type === 'DOCKER' && !c.docker) problems.add('/container/docker', 'not defined: container type DOCKER needs docker.image');
  if (type === 'MESOS' && c.docker) {
    if ((c.docker.parameters ?? []).length > 0) problems.add('/container/docker/parameters', 'must be empty: parameters go to the Docker CLI, which only container type DOCKER uses');
    if (c.docker.privileged) problems.add('/container/docker/privileged', 'is supported only with container type DOCKER: use false');
  }
  volumeRules(ctx);

  if (!clean('/networks')) return;
  const networks = normalizeNetworks(raw.networks);
  const containerNetworks = networks.filter((n) => n.mode === 'container');
  if (type === 'DOCKER' && containerNetworks.length > 1) problems.add('/networks', DOCKER_ONE_NETWORK);
  const mappings = c.portMappings ?? [];
  if (hasHostNetworking(networks)) {
    if (mappings.length > 0) problems.add('/container/portMappings', 'portMappings are not allowed with host-networking: use portDefinitions');
    return;
  }
  reportDuplicates(mappings, (m) => m.name, (i, first) =>
    problems.add(at('/container/portMappings', i, 'name'), `Port names must be unique. ("${mappings[i].name}" is also portMappings(${first}))`));
  const names = containerNetworks.map((n) => n.name);
  mappings.forEach((m, i) => {
    (m.networkNames ?? []).forEach((n, j) => {
      if (!names.includes(n)) problems.add(at('/container/portMappings', i, 'networkNames', j), `is not one of (${names.join(',')})`);
    });
    if (containerNetworks.length > 1 && m.hostPort !== undefined && (m.networkNames ?? []).length !== 1) {
      problems.add(at('/container/portMappings', i), NETWORK_NAME_REQUIRED);
    }
  });
}

function refuse(object: Record<string, unknown>, base: string, refused: Record<string, string>, problems: RuleContext['problems']): void {
  for (const [field, why] of Object.entries(refused)) {
    if (object[field] !== undefined && object[field] !== null) problems.add(at(base, field), why);
  }
}
