import type { PackageDefinition } from '../../src/api/cosmos-types.js';

/**
 * A deterministic Universe index (`{"packages": [...]}`, v4 shape) of `count` packages,
 * sized like real Universe entries: a Marathon template of a few KB (base64, as
 * gen_universe.py writes it), a config.json schema with a dozen options, a resource.json
 * with assets and images. Same arguments, same bytes. For repository tests and the
 * package-search benchmark ("an index of 10,000 packages is searched without loading
 * package templates it does not need").
 */
export interface UniverseIndexOptions {
  /** Package revisions in the index. Default 10,000. */
  count?: number;
  /** Revisions per package name (releaseVersion 0..n-1). Default 1. */
  revisionsPerPackage?: number;
  /** Seed of the pseudo-random choices. Default 1. */
  seed?: number;
}

const WORDS = ['data', 'stream', 'cache', 'queue', 'search', 'graph', 'metrics', 'log', 'proxy', 'store', 'batch', 'ml', 'web', 'auth', 'mesh', 'sql'];
const TAGS = ['database', 'nosql', 'analytics', 'messaging', 'monitoring', 'security', 'networking', 'storage', 'bigdata', 'ci'];

/** mulberry32: small, fast, and the same on every platform. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateUniverseIndex(opts: UniverseIndexOptions = {}): { packages: PackageDefinition[] } {
  const count = opts.count ?? 10_000;
  const perName = opts.revisionsPerPackage ?? 1;
  const rnd = random(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const packages: PackageDefinition[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(i / perName);
    const rev = i % perName;
    const name = `${pick(WORDS)}-${pick(WORDS)}-${n.toString(36).padStart(4, '0')}`;
    const version = `${1 + (n % 5)}.${rev}.${Math.floor(rnd() * 20)}`;
    packages.push({
      packagingVersion: '4.0',
      name: perName > 1 ? `pkg-${n.toString(36).padStart(4, '0')}` : name,
      version,
      releaseVersion: rev,
      maintainer: `team-${n % 97}@example.com`,
      description: `A ${pick(WORDS)} service for ${pick(WORDS)} workloads, number ${n}, with ${pick(TAGS)} support.`,
      tags: [pick(TAGS), pick(TAGS)],
      selected: n % 50 === 0,
      framework: n % 3 === 0,
      website: `https://example.com/${name}`,
      postInstallNotes: `${name} is being installed.`,
      minDcosReleaseVersion: '1.10',
      marathon: { v2AppMustacheTemplate: Buffer.from(template(name, 2000 + Math.floor(rnd() * 3000))).toString('base64') },
      config: config(name),
      resource: {
        assets: {
          uris: { 'jre-tar-gz': `https://downloads.example.com/jre-${n}.tar.gz`, [`${name}-bin`]: `https://downloads.example.com/${name}/${version}.tgz` },
          container: { docker: { [name]: `example/${name}:${version}` } },
        },
        images: { 'icon-small': `https://icons.example.com/${name}-small.png`, 'icon-medium': `https://icons.example.com/${name}-medium.png`, 'icon-large': `https://icons.example.com/${name}-large.png` },
      },
    });
  }
  return { packages };
}

/** A Marathon template of about `size` bytes, shaped like an SDK scheduler's. */
function template(name: string, size: number): string {
  const env: string[] = [];
  for (let k = 0, length = 0; length < size - 600; k++) {
    const line = `    "OPTION_${k}": "{{service.option_${k % 12}}}"`;
    env.push(line);
    length += line.length + 2;
  }
  return `{
  "id": "{{service.name}}",
  "cpus": {{service.cpus}},
  "mem": {{service.mem}},
  "instances": 1,
  "cmd": "./bootstrap && ./${name}-scheduler",
  "labels": { "DCOS_PACKAGE_FRAMEWORK_NAME": "{{service.name}}", "DCOS_SERVICE_NAME": "{{service.name}}" },
  "container": { "type": "DOCKER", "docker": { "image": "{{resource.assets.container.docker.${name}}}" } },
  "env": {
${env.join(',\n')}
  },
  "fetch": [ { "uri": "{{resource.assets.uris.jre-tar-gz}}" } ],
  "healthChecks": [ { "protocol": "MESOS_HTTP", "path": "/v1/health", "gracePeriodSeconds": 900 } ]
}
`;
}

function config(name: string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (let k = 0; k < 12; k++) options[`option_${k}`] = { type: 'string', description: `Option ${k} of ${name}.`, default: `value-${k}` };
  return {
    type: 'object',
    properties: {
      service: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'The name of the service instance', default: name },
          cpus: { type: 'number', description: 'CPU shares of the scheduler', default: 1, minimum: 0.1 },
          mem: { type: 'integer', description: 'Memory of the scheduler (MiB)', default: 1024, minimum: 256 },
          ...options,
        },
        required: ['name', 'cpus', 'mem'],
      },
    },
  };
}
