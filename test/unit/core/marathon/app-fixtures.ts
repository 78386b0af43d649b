import type { AppDefinition } from '../../../../src/core/marathon/app-definition.js';

/** The smallest valid app. */
export const MINIMAL = { id: '/web', cmd: 'sleep 1' };

/**
 * MINIMAL with `over` applied, as JSON would carry it: a field set to undefined is left
 * out.
 */
export function app(over: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ ...MINIMAL, ...over }).filter(([, v]) => v !== undefined));
}

/** MINIMAL normalized, with `over` applied: every default Marathon gives a field left out. */
export function normalized(over: Partial<AppDefinition> = {}): AppDefinition {
  return {
    id: '/web',
    cmd: 'sleep 1',
    args: null,
    user: null,
    instances: 1,
    cpus: 1,
    mem: 128,
    disk: 0,
    gpus: 0,
    env: {},
    labels: {},
    constraints: [],
    acceptedResourceRoles: ['*'],
    role: '*',
    portDefinitions: [{ port: 0, name: 'default', protocol: 'tcp', labels: {} }],
    requirePorts: false,
    fetch: [],
    healthChecks: [],
    readinessChecks: [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    backoffSeconds: 1,
    backoffFactor: 1.15,
    maxLaunchDelaySeconds: 300,
    killSelection: 'YOUNGEST_FIRST',
    taskKillGracePeriodSeconds: null,
    unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
    dependencies: [],
    container: null,
    networks: [{ mode: 'host' }],
    ...over,
  };
}

const checkDefaults = { gracePeriodSeconds: 300, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3, delaySeconds: 15, ignoreHttp1xx: false, ipProtocol: 'IPv4' as const };
const tcp = (over: { port: number; name?: string; labels?: Record<string, string> }) => ({ protocol: 'tcp' as const, labels: {}, ...over });
const dockerDefaults = { forcePullImage: false, privileged: false, parameters: [] };

/** A valid definition of each feature, and the full AppDefinition it normalizes to. */
export const VALID_DEFINITIONS: Array<{ feature: string; raw: Record<string, unknown>; normalized: AppDefinition }> = [
  { feature: 'a cmd and nothing else', raw: app(), normalized: normalized() },
  { feature: 'args instead of cmd, and a relative id', raw: { id: 'prod/web', args: ['sleep', '1'] }, normalized: normalized({ id: '/prod/web', cmd: null, args: ['sleep', '1'] }) },
  {
    feature: 'every scalar field',
    raw: app({
      user: 'nobody', instances: 3, cpus: 0.25, mem: 64, disk: 10, gpus: 1, env: { A: '1' },
      labels: { DCOS_DEPLOYMENT_TIMEOUT_SECONDS: '600', HAPROXY_GROUP: 'external' },
      upgradeStrategy: { minimumHealthCapacity: 0.5 }, backoffSeconds: 2, backoffFactor: 2, maxLaunchDelaySeconds: 60,
      killSelection: 'OLDEST_FIRST', taskKillGracePeriodSeconds: 30, unreachableStrategy: 'disabled',
    }),
    normalized: normalized({
      user: 'nobody', instances: 3, cpus: 0.25, mem: 64, disk: 10, gpus: 1, env: { A: '1' },
      labels: { DCOS_DEPLOYMENT_TIMEOUT_SECONDS: '600', HAPROXY_GROUP: 'external' },
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 1 }, backoffSeconds: 2, backoffFactor: 2, maxLaunchDelaySeconds: 60,
      killSelection: 'OLDEST_FIRST', taskKillGracePeriodSeconds: 30, unreachableStrategy: 'disabled',
    }),
  },
  {
    feature: 'an unreachable strategy with durations, and a single instance app',
    raw: app({ unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 600 }, labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' }, upgradeStrategy: { minimumHealthCapacity: 0, maximumOverCapacity: 0 } }),
    normalized: normalized({ unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 600 }, labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' }, upgradeStrategy: { minimumHealthCapacity: 0, maximumOverCapacity: 0 } }),
  },
  { feature: 'legacy ports', raw: app({ ports: [0, 8080] }), normalized: normalized({ portDefinitions: [tcp({ port: 0 }), tcp({ port: 8080 })] }) },
  {
    feature: 'named port definitions with fixed host ports (requirePorts)',
    raw: app({ portDefinitions: [{ port: 8080, name: 'http', labels: { VIP_0: '/web:80' } }, { port: 8081, protocol: 'udp,tcp' }], requirePorts: true }),
    normalized: normalized({ portDefinitions: [tcp({ port: 8080, name: 'http', labels: { VIP_0: '/web:80' } }), { port: 8081, protocol: 'udp,tcp', labels: {} }], requirePorts: true }),
  },
  {
    feature: 'ports and the same portDefinitions together (as GET returns them)',
    raw: app({ ports: [10000], portDefinitions: [{ port: 10000, name: 'http' }] }),
    normalized: normalized({ portDefinitions: [tcp({ port: 10000, name: 'http' })] }),
  },
  { feature: 'no ports at all', raw: app({ portDefinitions: [] }), normalized: normalized({ portDefinitions: [] }) },
  {
    feature: 'fetch with every field',
    raw: app({ fetch: [{ uri: 'https://example.com/app.tgz' }, { uri: 'file:///opt/tool', extract: false, executable: true, cache: true, destPath: 'bin/tool' }, { uri: '/opt/data.zip' }] }),
    normalized: normalized({
      fetch: [
        { uri: 'https://example.com/app.tgz', extract: true, executable: false, cache: false },
        { uri: 'file:///opt/tool', extract: false, executable: true, cache: true, destPath: 'bin/tool' },
        { uri: '/opt/data.zip', extract: true, executable: false, cache: false },
      ],
    }),
  },
  {
    feature: 'legacy uris (archives extracted, others not)',
    raw: app({ uris: ['http://example.com/app.tar.gz?v=1', 'hdfs://nn/conf.json'], fetch: [] }),
    normalized: normalized({
      fetch: [
        { uri: 'http://example.com/app.tar.gz?v=1', extract: true, executable: false, cache: false },
        { uri: 'hdfs://nn/conf.json', extract: false, executable: false, cache: false },
      ],
    }),
  },
  {
    feature: 'health checks of the Marathon protocols, COMMAND and one MESOS_HTTP',
    raw: app({
      ports: [0, 0],
      healthChecks: [
        {},
        { protocol: 'HTTPS', path: '/health', port: 8443, ignoreHttp1xx: true },
        { protocol: 'TCP', portIndex: 1, maxConsecutiveFailures: 0 },
        { protocol: 'COMMAND', command: { value: 'curl -f http://$HOST:$PORT0/' }, intervalSeconds: 10, timeoutSeconds: 5 },
        { protocol: 'MESOS_HTTP', path: '/ready', gracePeriodSeconds: 30, delaySeconds: 0 },
      ],
    }),
    normalized: normalized({
      portDefinitions: [tcp({ port: 0 }), tcp({ port: 0 })],
      healthChecks: [
        { protocol: 'HTTP', path: '/', portIndex: 0, ...checkDefaults },
        { protocol: 'HTTPS', path: '/health', port: 8443, ...checkDefaults, ignoreHttp1xx: true },
        { protocol: 'TCP', portIndex: 1, ...checkDefaults, maxConsecutiveFailures: 0 },
        { protocol: 'COMMAND', command: { value: 'curl -f http://$HOST:$PORT0/' }, ...checkDefaults, intervalSeconds: 10, timeoutSeconds: 5 },
        { protocol: 'MESOS_HTTP', path: '/ready', portIndex: 0, ...checkDefaults, gracePeriodSeconds: 30, delaySeconds: 0 },
      ],
    }),
  },
  {
    feature: 'a MESOS_HTTPS health check',
    raw: app({ healthChecks: [{ protocol: 'MESOS_HTTPS' }] }),
    normalized: normalized({ healthChecks: [{ protocol: 'MESOS_HTTPS', path: '/', portIndex: 0, ...checkDefaults }] }),
  },
  {
    feature: 'a MESOS_TCP health check over IPv6 in a DOCKER container on a bridge',
    raw: app({ container: { type: 'DOCKER', docker: { image: 'nginx' } }, networks: [{ mode: 'container/bridge' }], healthChecks: [{ protocol: 'MESOS_TCP', ipProtocol: 'IPv6' }] }),
    normalized: normalized({
      portDefinitions: [],
      container: { type: 'DOCKER', docker: { image: 'nginx', ...dockerDefaults }, portMappings: [{ containerPort: 0, hostPort: 0, servicePort: 0, protocol: 'tcp', name: 'default', labels: {} }], volumes: [] },
      networks: [{ mode: 'container/bridge' }],
      healthChecks: [{ protocol: 'MESOS_TCP', portIndex: 0, ...checkDefaults, ipProtocol: 'IPv6' }],
    }),
  },
  {
    feature: 'a general check over HTTP, with check.raml defaults (kafka, cassandra and hello-world from Universe carry one)',
    raw: app({ check: { http: { portIndex: 0, path: '/v1/health' } } }),
    normalized: normalized({ check: { http: { portIndex: 0, path: '/v1/health', scheme: 'HTTP' }, intervalSeconds: 60, timeoutSeconds: 20, delaySeconds: 15 } }),
  },
  {
    feature: 'general checks over TCP on a fixed port, and of a command',
    raw: app({ check: { tcp: { port: 9000 }, intervalSeconds: 5, timeoutSeconds: 2, delaySeconds: 0 } }),
    normalized: normalized({ check: { tcp: { port: 9000 }, intervalSeconds: 5, timeoutSeconds: 2, delaySeconds: 0 } }),
  },
  {
    feature: 'a general check of a command given as argv',
    raw: app({ check: { exec: { command: { argv: ['test', '-f', 'ready'] } } } }),
    normalized: normalized({ check: { exec: { command: { argv: ['test', '-f', 'ready'] } }, intervalSeconds: 60, timeoutSeconds: 20, delaySeconds: 15 } }),
  },
  {
    feature: 'a readiness check on a named port',
    raw: app({ portDefinitions: [{ port: 0, name: 'http-api' }], readinessChecks: [{}], }),
    normalized: normalized({
      portDefinitions: [tcp({ port: 0, name: 'http-api' })],
      readinessChecks: [{ name: 'readinessCheck', protocol: 'HTTP', path: '/', portName: 'http-api', intervalSeconds: 30, timeoutSeconds: 10, httpStatusCodesForReady: [200], preserveLastResponse: false }],
    }),
  },
  {
    feature: 'a readiness check with every field',
    raw: app({
      portDefinitions: [{ port: 0, name: 'admin' }],
      readinessChecks: [{ name: 'warm', protocol: 'HTTPS', path: '/warm', portName: 'admin', intervalSeconds: 5, timeoutSeconds: 2, httpStatusCodesForReady: [200, 204], preserveLastResponse: true }],
    }),
    normalized: normalized({
      portDefinitions: [tcp({ port: 0, name: 'admin' })],
      readinessChecks: [{ name: 'warm', protocol: 'HTTPS', path: '/warm', portName: 'admin', intervalSeconds: 5, timeoutSeconds: 2, httpStatusCodesForReady: [200, 204], preserveLastResponse: true }],
    }),
  },
  {
    feature: 'constraints of each operator (operators in any case)',
    raw: app({
      constraints: [
        ['hostname', 'UNIQUE'], ['rack_id', 'CLUSTER', 'rack-1'], ['@zone', 'GROUP_BY'], ['@region', 'group_by', '3'],
        ['rack_id', 'LIKE', 'rack-[1-3]'], ['rack_id', 'UNLIKE', 'rack-9'], ['@hostname', 'MAX_PER', '2'], ['level', 'is', '0.8'],
      ],
    }),
    normalized: normalized({
      constraints: [
        ['hostname', 'UNIQUE'], ['rack_id', 'CLUSTER', 'rack-1'], ['@zone', 'GROUP_BY'], ['@region', 'GROUP_BY', '3'],
        ['rack_id', 'LIKE', 'rack-[1-3]'], ['rack_id', 'UNLIKE', 'rack-9'], ['@hostname', 'MAX_PER', '2'], ['level', 'IS', '0.8'],
      ],
    }),
  },
  {
    feature: 'the public role: its resources accepted by default',
    raw: app({ role: 'slave_public' }),
    normalized: normalized({ role: 'slave_public', acceptedResourceRoles: ['*', 'slave_public'] }),
  },
  {
    feature: 'the public role, its resources only',
    raw: app({ role: 'slave_public', acceptedResourceRoles: ['slave_public'] }),
    normalized: normalized({ role: 'slave_public', acceptedResourceRoles: ['slave_public'] }),
  },
  {
    feature: 'dependencies, relative ones resolved against the app\'s group',
    raw: { id: '/prod/web', cmd: 'sleep 1', dependencies: ['db', '../shared/cache', '/ops/logs', './queue'] },
    normalized: normalized({ id: '/prod/web', dependencies: ['/prod/db', '/shared/cache', '/ops/logs', '/prod/queue'] }),
  },
  {
    feature: 'a MESOS container without an image, with host and sandbox volumes',
    raw: app({ container: { type: 'MESOS', volumes: [{ containerPath: '/data', hostPath: '/var/data', mode: 'RO' }, { containerPath: 'cache', hostPath: 'cache', mode: 'RW' }] } }),
    normalized: normalized({
      container: { type: 'MESOS', portMappings: [], volumes: [{ containerPath: '/data', hostPath: '/var/data', mode: 'RO' }, { containerPath: 'cache', hostPath: 'cache', mode: 'RW' }] },
    }),
  },
  {
    feature: 'a MESOS container running an image\'s entrypoint (no cmd)',
    raw: { id: '/web', container: { type: 'MESOS', docker: { image: 'nginx:1.25', forcePullImage: true } } },
    normalized: normalized({ cmd: null, container: { type: 'MESOS', docker: { ...dockerDefaults, image: 'nginx:1.25', forcePullImage: true }, portMappings: [], volumes: [] } }),
  },
  {
    feature: 'a DOCKER container (the default type) on the host network, with Docker parameters',
    raw: app({ container: { docker: { image: 'redis', privileged: true, parameters: [{ key: 'ulimit', value: 'nofile=1024' }] }, portMappings: [] } }),
    normalized: normalized({ container: { type: 'DOCKER', docker: { image: 'redis', forcePullImage: false, privileged: true, parameters: [{ key: 'ulimit', value: 'nofile=1024' }] }, portMappings: [], volumes: [] } }),
  },
  {
    feature: 'port mappings on the bridge network (hostPort 0 when left out)',
    raw: app({
      networks: [{ mode: 'container/bridge' }],
      container: { type: 'DOCKER', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, name: 'http', labels: { VIP_0: '/web:80' } }, { containerPort: 53, hostPort: 5353, servicePort: 10053, protocol: 'udp' }] },
    }),
    normalized: normalized({
      portDefinitions: [],
      networks: [{ mode: 'container/bridge' }],
      container: {
        type: 'DOCKER', docker: { image: 'nginx', ...dockerDefaults }, volumes: [],
        portMappings: [
          { containerPort: 80, hostPort: 0, servicePort: 0, protocol: 'tcp', name: 'http', labels: { VIP_0: '/web:80' } },
          { containerPort: 53, hostPort: 5353, servicePort: 10053, protocol: 'udp', labels: {} },
        ],
      },
    }),
  },
  {
    feature: 'a container network without a container: an empty MESOS one with the default mapping',
    raw: app({ networks: [{ name: 'dcos', labels: { team: 'a' } }] }),
    normalized: normalized({
      portDefinitions: [],
      networks: [{ mode: 'container', name: 'dcos', labels: { team: 'a' } }],
      container: { type: 'MESOS', portMappings: [{ containerPort: 0, servicePort: 0, protocol: 'tcp', name: 'default', labels: {} }], volumes: [] },
    }),
  },
  {
    feature: 'two container networks, a host port on one of them',
    raw: app({
      networks: [{ mode: 'container', name: 'a' }, { mode: 'container', name: 'b' }],
      container: { type: 'MESOS', portMappings: [{ containerPort: 8080, hostPort: 0, networkNames: ['a'] }, { containerPort: 9090 }] },
    }),
    normalized: normalized({
      portDefinitions: [],
      networks: [{ mode: 'container', name: 'a' }, { mode: 'container', name: 'b' }],
      container: {
        type: 'MESOS', volumes: [],
        portMappings: [
          { containerPort: 8080, hostPort: 0, servicePort: 0, protocol: 'tcp', labels: {}, networkNames: ['a'] },
          { containerPort: 9090, servicePort: 0, protocol: 'tcp', labels: {} },
        ],
      },
    }),
  },
  { feature: 'an empty networks list (host networking)', raw: app({ networks: [] }), normalized: normalized() },
  {
    feature: 'the refused fields with the value that asks for nothing (as Marathon GET returns them)',
    raw: app({
      executor: '//cmd', tty: false, secrets: {}, ipAddress: null, check: null, storeUrls: [], residency: null, resourceLimits: null, executorResources: null,
      user: null, container: null, taskKillGracePeriodSeconds: null, args: null,
    }),
    normalized: normalized(),
  },
];
