import type { ValidationDetail } from '../errors.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Docker's network types (DockerNetwork) as the canonical networks they mean (NetworkTranslation without ipAddress). */
const DOCKER_NETWORKS: Record<string, Json[]> = {
  HOST: [{ mode: 'host' }],
  BRIDGE: [{ mode: 'container/bridge' }],
  USER: [{ mode: 'container' }],
};

/**
 * Marathon's AppNormalization.forDeprecated, for the deprecated API that Marathon 1.x
 * still takes and that Universe packages use (redis, nginx, marathon-lb, chronos):
 * container.docker.network becomes `networks`, container.docker.portMappings becomes
 * container.portMappings. Marathon's refusals when both APIs are mixed are kept.
 * Definitions without them come back as they are (the same object).
 */
export function translateDeprecatedApi(raw: Json): { raw: Json; problems: ValidationDetail[] } {
  const container = raw.container;
  const docker = isObject(container) ? container.docker : undefined;
  if (!isObject(container) || !isObject(docker) || (docker.network === undefined && docker.portMappings === undefined)) return { raw, problems: [] };
  const problems: ValidationDetail[] = [];
  const { network, portMappings, ...restOfDocker } = docker;
  const out: Json = { ...raw, container: { ...container, docker: restOfDocker } };
  const outContainer = out.container as Json;
  if (portMappings !== undefined && portMappings !== null) {
    const canonical = container.portMappings;
    const given = (v: unknown) => Array.isArray(v) && v.length > 0;
    if (given(canonical) && given(portMappings)) problems.push({ path: '/container/docker/portMappings', errors: ['cannot specify both portMappings and docker.portMappings'] });
    else if (given(portMappings) || canonical === undefined) outContainer.portMappings = portMappings;
  }
  if (network !== undefined && network !== null) {
    const networks = typeof network === 'string' ? DOCKER_NETWORKS[network] : undefined;
    if (!networks) problems.push({ path: '/container/docker/network', errors: [`unsupported docker network type ${JSON.stringify(network)} (HOST, BRIDGE or USER)`] });
    else if (Array.isArray(raw.networks) && raw.networks.length > 0) problems.push({ path: '/networks', errors: ['cannot mix deprecated and canonical network APIs (container.docker.network and networks)'] });
    else out.networks = networks;
  }
  return { raw: out, problems };
}
