import { NOTIFIER_EVENTS, type NotifierEvent } from '../../core/notifier-config.js';

/**
 * The JSON Schema of cluster.yaml (draft-07, checked by ajv). It states shapes and
 * ranges; what needs the whole file (quorum size, duplicate hosts, port overlaps, key
 * files) is in semantic-checks.ts. templates/cluster.example.yaml documents every key.
 *
 * Two annotations drive the messages users read (schema-problems.ts):
 *   x-expect   noun phrase completing "must be …" for any violation of that node's own
 *              constraints (type, range, pattern), so a port says "must be an integer
 *              from 1 to 65535" whether it was "abc", 0 or 2.5;
 *   x-example  a one-line YAML fragment offered as a hint when the type is wrong or the
 *              key is missing.
 * `additionalProperties: false` on every mapping: an unknown key is an error (a typo in
 * `keyFile` must not silently fall back to a default).
 */

/** Defaults applied by compile.ts; the example file states the same values. */
export const CLUSTER_FILE_DEFAULTS = {
  ssh: { user: 'root', port: 22 },
  ports: { master: 5050, agent: 5051, tasks: '31000-32000' },
  paths: { install: '/opt/dcos', state: '/var/lib/dcos', config: '/etc/dcos' },
  options: { agentPingTimeoutMs: 15_000, sshParallelism: 20, upgradeBatchSize: 1, connectTimeoutMs: 10_000, placement: 'spread' as 'spread' | 'binpack' },
} as const;

/** Names become directory names in $DCOS_DIR (cli/config.ts accepts a superset). */
export const CLUSTER_NAME_PATTERN = '^(?!.*\\.\\.)[a-z0-9][a-z0-9._-]{0,62}$';

const port = (example: number) => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  'x-expect': 'an integer from 1 to 65535',
  'x-example': `${example}`,
});

const intRange = (min: number, max: number, example: number) => ({
  type: 'integer',
  minimum: min,
  maximum: max,
  'x-expect': `an integer from ${min} to ${max}`,
  'x-example': `${example}`,
});

/** Host names, IPv4 and IPv6 addresses; ports and users have keys of their own. */
const hostName = (example: string) => ({
  type: 'string',
  pattern: '^[A-Za-z0-9_.:-]{1,253}$',
  'x-expect': "a host name or IP address (letters, digits, '.', '-', ':')",
  'x-example': example,
});

const sshUser = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,31}$',
  'x-expect': 'a user name (letters, digits, "_", "." and "-")',
  'x-example': 'root',
};

const keyFile = {
  type: 'string',
  minLength: 1,
  'x-expect': 'the path of a private key file',
  'x-example': '~/.ssh/id_ed25519',
};

/** The format of hostKey is checked in semantic-checks.ts, where the hint can name the mistake. */
const hostKey = {
  type: 'string',
  'x-expect': 'an OpenSSH SHA256 fingerprint',
  'x-example': 'SHA256:tkKMcGKa+Pu+1VRNRsB2lL2ydAgXQ7958m/1ScdSxIM',
};

/** Daemons' directories on the nodes: absolute, and spelled so they never need quoting in a shell. */
const remotePath = (example: string) => ({
  type: 'string',
  pattern: '^/[A-Za-z0-9._/-]*$',
  'x-expect': "an absolute path (letters, digits, '.', '_', '-' and '/')",
  'x-example': example,
});

const positiveNumber = (example: string) => ({
  type: 'number',
  exclusiveMinimum: 0,
  'x-expect': 'a number greater than 0',
  'x-example': example,
});

const sshOverrides = {
  port: port(22),
  user: sshUser,
  keyFile,
  hostKey,
};

const masterNode = {
  type: 'object',
  additionalProperties: false,
  required: ['host'],
  properties: {
    host: hostName('10.0.0.1'),
    ...sshOverrides,
    address: hostName('10.0.0.1'),
  },
  'x-expect': 'a mapping with at least `host`',
  'x-example': '- host: 10.0.0.1',
};

const agentNode = {
  type: 'object',
  additionalProperties: false,
  required: ['host'],
  properties: {
    ...masterNode.properties,
    attributes: {
      type: 'object',
      // Mesos attribute text: Marathon constraints (`rack:GROUP_BY`) match on these.
      propertyNames: {
        pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$',
        'x-expect': "an attribute name (letters, digits, '_', '.' and '-')",
      },
      additionalProperties: {
        type: ['string', 'number'],
        pattern: '^[A-Za-z0-9_/.-]{1,255}$',
        'x-expect': "a string (letters, digits, '_', '/', '.' and '-') or a number",
        'x-example': 'r1',
      },
      'x-expect': 'a mapping of attribute names to values',
      'x-example': 'attributes: {rack: r1, zone: a}',
    },
    resources: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cpus: positiveNumber('4'),
        mem: { ...positiveNumber('8192'), 'x-expect': 'a number of MiB greater than 0' },
        disk: { type: 'number', minimum: 0, 'x-expect': 'a number of MiB, 0 or more', 'x-example': '102400' },
      },
      'x-expect': 'a mapping of cpus, mem (MiB) and disk (MiB)',
      'x-example': 'resources: {cpus: 4, mem: 8192}',
    },
  },
  'x-expect': 'a mapping with at least `host`',
  'x-example': '- host: 10.0.0.11',
};

/** The chat notifier (core/notifier-config.ts); the file is read by the checks (notification-checks.ts), not here. */
const notifications = {
  type: 'object',
  additionalProperties: false,
  required: ['webhookUrlFile'],
  properties: {
    webhookUrlFile: {
      type: 'string',
      minLength: 1,
      'x-expect': 'the path of a file that holds the webhook URL',
      'x-example': '~/.dcos/prod-webhook-url',
    },
    events: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        type: 'string',
        enum: [...NOTIFIER_EVENTS],
        'x-expect': `one of ${NOTIFIER_EVENTS.join(', ')}`,
        'x-example': 'deployment_failed',
      },
      'x-expect': 'a list of events, each named once',
      'x-example': 'events: [deployment_failed, task_failed]',
    },
  },
  'x-expect': 'a mapping with `webhookUrlFile` and optionally `events`',
  'x-example': 'notifications: {webhookUrlFile: ~/.dcos/prod-webhook-url}',
};

const nodeList = (item: object, example: string) => ({
  type: 'array',
  items: item,
  'x-expect': 'a list of nodes',
  'x-example': example,
});

export const CLUSTER_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'masters'],
  properties: {
    name: {
      type: 'string',
      pattern: CLUSTER_NAME_PATTERN,
      'x-expect': "a cluster name of 1 to 63 lowercase letters, digits, '.', '_' and '-', starting with a letter or digit",
      'x-example': 'prod',
    },
    ssh: {
      type: 'object',
      additionalProperties: false,
      properties: { user: sshUser, port: port(22), keyFile },
      'x-expect': 'a mapping of SSH defaults (user, port, keyFile)',
      'x-example': 'ssh: {user: root, keyFile: ~/.ssh/id_ed25519}',
    },
    masters: nodeList(masterNode, 'masters: [{host: 10.0.0.1}]'),
    agents: nodeList(agentNode, 'agents: [{host: 10.0.0.11}]'),
    publicAgents: nodeList(agentNode, 'publicAgents: [{host: 10.0.0.21}]'),
    ports: {
      type: 'object',
      additionalProperties: false,
      properties: {
        master: port(5050),
        agent: port(5051),
        tasks: {
          type: 'string',
          'x-expect': 'a port range "FIRST-LAST"',
          'x-example': '"31000-32000"',
        },
      },
      'x-expect': 'a mapping of ports (master, agent, tasks)',
      'x-example': 'ports: {master: 5050, agent: 5051, tasks: "31000-32000"}',
    },
    paths: {
      type: 'object',
      additionalProperties: false,
      properties: {
        install: remotePath('/opt/dcos'),
        state: remotePath('/var/lib/dcos'),
        config: remotePath('/etc/dcos'),
      },
      'x-expect': 'a mapping of directories (install, state, config)',
      'x-example': 'paths: {install: /opt/dcos, state: /var/lib/dcos, config: /etc/dcos}',
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        agentPingTimeoutMs: intRange(1_000, 3_600_000, 15_000),
        sshParallelism: intRange(1, 100, 20),
        upgradeBatchSize: intRange(1, 1_000, 1),
        connectTimeoutMs: intRange(100, 600_000, 10_000),
        placement: { enum: ['spread', 'binpack'], 'x-expect': 'spread or binpack', 'x-example': 'spread' },
      },
      'x-expect': 'a mapping of options',
      'x-example': 'options: {sshParallelism: 20}',
    },
    notifications,
  },
  'x-expect': 'a mapping (start from templates/cluster.example.yaml)',
  'x-example': 'name: prod',
} as const;

/** The raw file as the schema admits it (before defaults). */
export interface RawSsh {
  host: string;
  port?: number;
  user?: string;
  keyFile?: string;
  hostKey?: string;
  address?: string;
}

export interface RawAgent extends RawSsh {
  attributes?: Record<string, string | number>;
  resources?: { cpus?: number; mem?: number; disk?: number };
}

export interface RawClusterFile {
  name: string;
  ssh?: { user?: string; port?: number; keyFile?: string };
  masters: RawSsh[];
  agents?: RawAgent[];
  publicAgents?: RawAgent[];
  ports?: { master?: number; agent?: number; tasks?: string };
  paths?: { install?: string; state?: string; config?: string };
  options?: Partial<typeof CLUSTER_FILE_DEFAULTS.options>;
  notifications?: { webhookUrlFile: string; events?: NotifierEvent[] };
}
