import assert from 'node:assert/strict';
import { MAX_APP_ID_LENGTH } from '../../../../src/core/ids.js';
import { validateAppDefinition } from '../../../../src/core/marathon/validation/validate-app.js';
import { app } from './app-fixtures.js';

type Case = [what: string, over: Record<string, unknown>, path: string, message: string];

const docker = (over: Record<string, unknown> = {}) => ({ type: 'DOCKER', docker: { image: 'nginx', ...over } });
const mesos = (over: Record<string, unknown> = {}) => ({ type: 'MESOS', ...over });
const bridge = [{ mode: 'container/bridge' }];
const twoNetworks = [{ mode: 'container', name: 'a' }, { mode: 'container', name: 'b' }];
const hc = (check: Record<string, unknown>) => ({ healthChecks: [check] });
const rc = (check: Record<string, unknown>) => ({ portDefinitions: [{ port: 0, name: 'http-api' }], readinessChecks: [check] });
const constraint = (...c: string[]) => ({ constraints: [c] });
const volume = (v: Record<string, unknown>) => ({ container: mesos({ volumes: [v] }) });

/**
 * Each case: a definition (the minimal app with `over` applied; undefined leaves a field
 * out), the path Marathon reports the problem at, and words of the message.
 */
const CASES: Record<string, Case[]> = {
  'id': [
    ['no id', { id: undefined }, '/id', 'is required'],
    ['uppercase letters', { id: '/Web' }, '/id', 'invalid characters'],
    ['an underscore', { id: '/a_b' }, '/id', 'invalid characters'],
    ['the root', { id: '/' }, '/id', 'must not be empty'],
    ['a ".." segment', { id: '/a/../b' }, '/id', 'invalid characters'],
    ['a reserved last segment', { id: '/web/versions' }, '/id', 'reserved keywords: restart, tasks, versions'],
    ['so long that task ids could not name a sandbox', { id: `/${'a'.repeat(MAX_APP_ID_LENGTH)}` }, '/id', `at most ${MAX_APP_ID_LENGTH} characters`],
    ['not a string', { id: 7 }, '/id', 'must be of type string'],
  ],
  'cmd, args and user': [
    ['both cmd and args', { args: ['sleep', '1'] }, '/', "Not both 'cmd' and 'args'"],
    ['neither cmd nor args', { cmd: undefined }, '/', "must either contain one of 'cmd' or 'args'"],
    ['neither, and a container without an image', { cmd: undefined, container: mesos() }, '/', 'a container with docker.image'],
    ['an empty cmd', { cmd: '' }, '/cmd', 'must not be empty'],
    ['a blank cmd', { cmd: ' \t' }, '/cmd', 'must not be blank'],
    ['args that name no program', { cmd: undefined, args: ['', 'x'] }, '/args(0)', 'must name the program to run'],
    ['args that are not strings', { cmd: undefined, args: ['sleep', 1] }, '/args(1)', 'must be of type string'],
    ['an empty user', { user: '' }, '/user', 'must not be empty'],
    ['a user that is not a string', { user: 0 }, '/user', 'must be of type string,null'],
  ],
  'resources': [
    ['cpus below 0.001', { cpus: 0 }, '/cpus', 'must be 0.001 or more'],
    ['cpus beyond any machine', { cpus: 1e308 }, '/cpus', 'must be 1000000000000 or less'],
    ['negative mem', { mem: -1 }, '/mem', 'must be 0 or more'],
    ['infinite mem (JSON 1e309)', { mem: JSON.parse('1e309') }, '/mem', 'must be'],
    ['disk as a string', { disk: '10' }, '/disk', 'must be of type number'],
    ['a fraction of an instance', { instances: 1.5 }, '/instances', 'must be of type integer'],
    ['instances beyond int32', { instances: 2 ** 31 }, '/instances', 'must be 2147483647 or less'],
    ['negative gpus', { gpus: -1 }, '/gpus', 'must be 0 or more'],
    ['gpus in a DOCKER container', { gpus: 1, container: docker() }, '/gpus', 'GPU resources only work with the Mesos containerizer'],
  ],
  'env and secrets': [
    ['a value that is not a string', { env: { A: 1 } }, '/env/A', 'must be of type string'],
    ['a secret reference', { env: { PASSWORD: { secret: 'db' } } }, '/env/PASSWORD', 'no secret store'],
    ['a name with "="', { env: { 'A=B': 'x' } }, '/env/A=B', 'must not be empty or contain "="'],
    ['an empty name', { env: { '': 'x' } }, '/env/', 'must not be empty'],
    ['a value with NUL', { env: { A: 'x\0y' } }, '/env/A', 'must not contain NUL characters'],
    ['a name with NUL', { env: { 'A\0': 'x' } }, '/env/A\0', 'names must not contain NUL characters'],
    ['env that is not an object', { env: 'A=1' }, '/env', 'must be of type object'],
    ['secrets declared', { secrets: { db: { source: 'db-pass' } } }, '/secrets', 'this cluster has no secret store'],
  ],
  'labels': [
    ['a value that is not a string', { labels: { tier: 1 } }, '/labels/tier', 'must be of type string'],
    ['a deployment timeout that is not a number', { labels: { DCOS_DEPLOYMENT_TIMEOUT_SECONDS: 'ten' } }, '/labels/DCOS_DEPLOYMENT_TIMEOUT_SECONDS', 'must be a positive integer number of seconds'],
    ['a deployment timeout of 0', { labels: { DCOS_DEPLOYMENT_TIMEOUT_SECONDS: '0' } }, '/labels/DCOS_DEPLOYMENT_TIMEOUT_SECONDS', 'positive integer'],
    ['a fractional deployment timeout', { labels: { DCOS_DEPLOYMENT_TIMEOUT_SECONDS: '1.5' } }, '/labels/DCOS_DEPLOYMENT_TIMEOUT_SECONDS', 'positive integer'],
    ['a single instance app of two', { instances: 2, labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' }, upgradeStrategy: { minimumHealthCapacity: 0, maximumOverCapacity: 0 } }, '/instances', 'Single instance app may only have one instance'],
    ['a single instance app that upgrades side by side', { labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' } }, '/upgradeStrategy/minimumHealthCapacity', 'must be 0 for a single instance app'],
    ['the migration API without its labels', { labels: { DCOS_MIGRATION_API_VERSION: 'v1' } }, '/labels', 'DCOS_PACKAGE_FRAMEWORK_NAME and DCOS_MIGRATION_API_PATH must be defined'],
  ],
  'ports': [
    ['port names twice', { portDefinitions: [{ port: 0, name: 'http' }, { port: 0, name: 'http' }] }, '/portDefinitions(1)/name', 'Port names must be unique.'],
    ['a port twice', { portDefinitions: [{ port: 8080 }, { port: 8080 }] }, '/portDefinitions(1)/port', 'Ports must be unique.'],
    ['a legacy port twice', { ports: [8080, 0, 8080] }, '/ports(2)', 'Ports must be unique.'],
    ['ports and other portDefinitions', { ports: [0], portDefinitions: [{ port: 80 }] }, '/', 'cannot specify both ports and port definitions'],
    ['a port above 65535', { portDefinitions: [{ port: 70000 }] }, '/portDefinitions(0)/port', 'must be 65535 or less'],
    ['a port name in capitals', { portDefinitions: [{ port: 0, name: 'HTTP' }] }, '/portDefinitions(0)/name', 'must match'],
    ['a protocol other than tcp or udp', { portDefinitions: [{ port: 0, protocol: 'sctp' }] }, '/portDefinitions(0)/protocol', 'must be one of tcp, udp, udp,tcp'],
    ['a hostPort in a port definition', { portDefinitions: [{ port: 0, hostPort: 8080 }] }, '/portDefinitions(0)/hostPort', 'unknown field'],
    ['requirePorts with a dynamic port', { requirePorts: true, portDefinitions: [{ port: 8080 }, { port: 0 }] }, '/portDefinitions(1)/port', 'must not be 0 with requirePorts'],
    ['requirePorts with a dynamic legacy port', { requirePorts: true, ports: [0] }, '/ports(0)', 'must not be 0 with requirePorts'],
    ['requirePorts with the default port', { requirePorts: true }, '/requirePorts', 'needs the host ports listed'],
    ['requirePorts on a container network', { requirePorts: true, networks: bridge, container: docker() }, '/requirePorts', 'applies only to host networking'],
    ['port definitions on a container network', { portDefinitions: [{ port: 0 }], networks: bridge, container: docker() }, '/portDefinitions', 'portDefinitions are only allowed with host-networking'],
  ],
  'fetch and uris': [
    ['an empty uri', { fetch: [{ uri: '' }] }, '/fetch(0)/uri', 'must not be empty'],
    ['no uri', { fetch: [{ extract: true }] }, '/fetch(0)/uri', 'is required'],
    ['a scheme the fetcher does not take', { fetch: [{ uri: 'gopher://example.com/x' }] }, '/fetch(0)/uri', 'the fetcher does not take "gopher" URIs'],
    ['a space in the uri', { fetch: [{ uri: 'https://example.com/a b.tgz' }] }, '/fetch(0)/uri', 'URI has invalid syntax.'],
    ['a relative path', { fetch: [{ uri: 'app.tgz' }] }, '/fetch(0)/uri', 'nor an absolute path'],
    ['an absolute destPath', { fetch: [{ uri: 'https://example.com/a', destPath: '/etc/passwd' }] }, '/fetch(0)/destPath', 'must be a relative path inside the sandbox'],
    ['a destPath out of the sandbox', { fetch: [{ uri: 'https://example.com/a', destPath: 'a/../../x' }] }, '/fetch(0)/destPath', 'without ".."'],
    ['extract as a string', { fetch: [{ uri: 'https://example.com/a', extract: 'yes' }] }, '/fetch(0)/extract', 'must be of type boolean'],
    ['an unknown artifact field', { fetch: [{ uri: 'https://example.com/a', outputFile: 'x' }] }, '/fetch(0)/outputFile', 'unknown field'],
    ['uris and fetch together', { uris: ['https://example.com/a'], fetch: [{ uri: 'https://example.com/b' }] }, '/uris', 'may not be set in conjunction with fetch'],
    ['a legacy uri of bad syntax', { uris: ['http://exa mple.com/'] }, '/uris(0)', 'URI has invalid syntax.'],
  ],
  'health checks': [
    ['a portIndex beyond the ports', { ports: [0, 0], healthChecks: [{ protocol: 'TCP', portIndex: 2 }] }, '/healthChecks(0)/portIndex', 'Health check port indices must address an element of the ports array or container port mappings.'],
    ['a network check of an app without ports', { portDefinitions: [], healthChecks: [{ protocol: 'MESOS_HTTP' }] }, '/healthChecks(0)/portIndex', 'must address an element'],
    ['a portIndex beyond the port mappings', { networks: bridge, container: docker({}), healthChecks: [{ portIndex: 1 }] }, '/healthChecks(0)/portIndex', 'must address an element'],
    ['COMMAND without a command', hc({ protocol: 'COMMAND' }), '/healthChecks(0)/command', 'is required with protocol COMMAND'],
    ['COMMAND with an empty command', hc({ protocol: 'COMMAND', command: { value: '' } }), '/healthChecks(0)/command/value', 'must not be empty'],
    ['COMMAND with a port', hc({ protocol: 'COMMAND', command: { value: 'true' }, portIndex: 0 }), '/healthChecks(0)/portIndex', 'is not for protocol COMMAND'],
    ['a command for another protocol', hc({ protocol: 'TCP', command: { value: 'true' } }), '/healthChecks(0)/command', 'is only for protocol COMMAND'],
    ['a path for TCP', hc({ protocol: 'TCP', path: '/health' }), '/healthChecks(0)/path', 'is only for HTTP, HTTPS, MESOS_HTTP and MESOS_HTTPS checks'],
    ['a path without "/"', hc({ path: 'health' }), '/healthChecks(0)/path', 'must start with "/"'],
    ['port and portIndex both', hc({ port: 8080, portIndex: 0 }), '/healthChecks(0)/portIndex', 'give port or portIndex, not both'],
    ['port 0', hc({ port: 0 }), '/healthChecks(0)/port', 'must be 1 or more'],
    ['two MESOS_* checks', { healthChecks: [{ protocol: 'MESOS_HTTP' }, { protocol: 'COMMAND', command: { value: 'true' } }, { protocol: 'MESOS_TCP' }] }, '/healthChecks(2)', 'AppDefinition can contain at most one Mesos health check'],
    ['IPv6 for a Marathon check', hc({ ipProtocol: 'IPv6' }), '/healthChecks(0)/ipProtocol', 'IPv6 can only be used for container type DOCKER and Mesos http/https/tcp health checks'],
    ['IPv6 without a DOCKER container', hc({ protocol: 'MESOS_HTTP', ipProtocol: 'IPv6' }), '/healthChecks(0)/ipProtocol', 'IPv6 can only be used'],
    ['ignoreHttp1xx for a Mesos check', hc({ protocol: 'MESOS_HTTP', ignoreHttp1xx: true }), '/healthChecks(0)/ignoreHttp1xx', 'applies only to HTTP and HTTPS checks'],
    ['a protocol Marathon does not have', hc({ protocol: 'UDP' }), '/healthChecks(0)/protocol', 'must be one of HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP'],
    ['an interval of 0', hc({ intervalSeconds: 0 }), '/healthChecks(0)/intervalSeconds', 'must be 1 or more'],
    ['a negative grace period', hc({ gracePeriodSeconds: -1 }), '/healthChecks(0)/gracePeriodSeconds', 'must be 0 or more'],
    ['the same check twice', { healthChecks: [{ protocol: 'HTTP' }, { path: '/' }] }, '/healthChecks(1)', 'is the same check as healthChecks(0)'],
    ['an unknown field', hc({ portName: 'http' }), '/healthChecks(0)/portName', 'unknown field'],
  ],
  'readiness checks': [
    ['two readiness checks', { ...rc({}), readinessChecks: [{}, { name: 'second' }] }, '/readinessChecks', 'one readiness check per app'],
    ['the default port name, which the app does not have', { readinessChecks: [{}] }, '/readinessChecks(0)/portName', 'No port definition reference for portName http-api'],
    ['a port name on a container network that no mapping has', { networks: bridge, container: docker(), readinessChecks: [{ portName: 'web' }] }, '/readinessChecks(0)/portName', 'No port definition reference for portName web'],
    ['a timeout as long as the interval', rc({ intervalSeconds: 10, timeoutSeconds: 10 }), '/readinessChecks(0)/timeoutSeconds', 'must be less than intervalSeconds (10)'],
    ['a timeout of 0', rc({ timeoutSeconds: 0 }), '/readinessChecks(0)/timeoutSeconds', 'must be 1 or more'],
    ['a status code below 100', rc({ httpStatusCodesForReady: [99] }), '/readinessChecks(0)/httpStatusCodesForReady(0)', 'must be 100 or more'],
    ['no status codes', rc({ httpStatusCodesForReady: [] }), '/readinessChecks(0)/httpStatusCodesForReady', 'must not be empty'],
    ['a status code twice', rc({ httpStatusCodesForReady: [200, 204, 200] }), '/readinessChecks(0)/httpStatusCodesForReady(2)', 'repeats item (0)'],
    ['a protocol other than HTTP(S)', rc({ protocol: 'TCP' }), '/readinessChecks(0)/protocol', 'must be one of HTTP, HTTPS'],
    ['a path without "/"', rc({ path: 'ready' }), '/readinessChecks(0)/path', 'must start with "/"'],
    ['an empty name', rc({ name: '' }), '/readinessChecks(0)/name', 'must not be empty'],
  ],
  'constraints': [
    ['a field alone', constraint('hostname'), '/constraints(0)', 'Each constraint must have either 2 or 3 fields'],
    ['four parts', constraint('hostname', 'LIKE', 'a', 'b'), '/constraints(0)', 'Each constraint must have either 2 or 3 fields'],
    ['an operator Marathon does not have', constraint('hostname', 'IN', '{a,b}'), '/constraints(0)', 'operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS'],
    ['UNIQUE with a value', constraint('hostname', 'UNIQUE', 'x'), '/constraints(0)', 'UNIQUE does not accept a value'],
    ['CLUSTER without a value', constraint('rack_id', 'CLUSTER'), '/constraints(0)', 'CLUSTER needs a value here'],
    ['GROUP_BY with a word', constraint('rack_id', 'GROUP_BY', 'three'), '/constraints(0)', 'GROUP BY must define an integer value or else no value at all'],
    ['MAX_PER without a value', constraint('rack_id', 'MAX_PER'), '/constraints(0)', 'MAX_PER requires an integer value'],
    ['MAX_PER of 0', constraint('rack_id', 'MAX_PER', '0'), '/constraints(0)', 'a positive number of tasks'],
    ['LIKE without a value', constraint('rack_id', 'LIKE'), '/constraints(0)', 'LIKE and UNLIKE require a non-empty, regular expression value'],
    ['UNLIKE with a broken regular expression', constraint('rack_id', 'UNLIKE', 'rack-['), '/constraints(0)', 'is not a valid regular expression'],
    ['IS with a value Mesos text cannot hold', constraint('rack_id', 'IS', 'rack 1'), '/constraints(0)', 'IS only supports Mesos text and float values'],
    ['IS without a value', constraint('rack_id', 'IS'), '/constraints(0)', 'IS only supports Mesos text and float values'],
    ['an empty field', constraint('', 'UNIQUE'), '/constraints(0)', 'missing field for constraint declaration'],
    ['a field Marathon does not know', constraint('@rack', 'UNIQUE'), '/constraints(0)', 'is neither hostname, @hostname, @region, @zone nor an agent attribute name'],
    ['the same constraint twice', { constraints: [['hostname', 'UNIQUE'], ['hostname', 'unique']] }, '/constraints(1)', 'is the same constraint as constraints(0)'],
    ['a constraint that is not a list', { constraints: ['hostname:UNIQUE'] }, '/constraints(0)', 'must be of type array'],
  ],
  'upgrade, backoff, kill and unreachable strategies': [
    ['a capacity above 1', { upgradeStrategy: { minimumHealthCapacity: 5 } }, '/upgradeStrategy/minimumHealthCapacity', 'must be 1 or less'],
    ['a negative capacity', { upgradeStrategy: { maximumOverCapacity: -0.5 } }, '/upgradeStrategy/maximumOverCapacity', 'must be 0 or more'],
    ['an unknown strategy field', { upgradeStrategy: { surge: 2 } }, '/upgradeStrategy/surge', 'unknown field'],
    ['a strategy that is not an object', { upgradeStrategy: 'rolling' }, '/upgradeStrategy', 'must be of type object'],
    ['a backoff factor below 1', { backoffFactor: 0.5 }, '/backoffFactor', 'must be 1 or more'],
    ['an infinite backoff factor (JSON 1e309)', { backoffFactor: JSON.parse('1e309') }, '/backoffFactor', 'must be 1000 or less'],
    ['fractional backoff seconds', { backoffSeconds: 1.5 }, '/backoffSeconds', 'must be of type integer'],
    ['a launch delay beyond int32', { maxLaunchDelaySeconds: 2 ** 31 }, '/maxLaunchDelaySeconds', 'must be 2147483647 or less'],
    ['a kill selection Marathon does not have', { killSelection: 'RANDOM' }, '/killSelection', 'must be one of YOUNGEST_FIRST, OLDEST_FIRST'],
    ['a negative kill grace period', { taskKillGracePeriodSeconds: -1 }, '/taskKillGracePeriodSeconds', 'must be 0 or more'],
    ['inactive after the expunge', { unreachableStrategy: { inactiveAfterSeconds: 600, expungeAfterSeconds: 60 } }, '/unreachableStrategy/inactiveAfterSeconds', 'inactiveAfterSeconds (600) must be less or equal to expungeAfterSeconds, which is 60'],
    ['a strategy word other than "disabled"', { unreachableStrategy: 'enabled' }, '/unreachableStrategy', 'must be "disabled" or {"inactiveAfterSeconds"'],
    ['a negative duration', { unreachableStrategy: { inactiveAfterSeconds: -1 } }, '/unreachableStrategy/inactiveAfterSeconds', 'must be 0 or more'],
  ],
  'dependencies': [
    ['a dependency that is not a path id', { dependencies: ['Bad_Id'] }, '/dependencies(0)', 'invalid characters'],
    ['the app itself', { dependencies: ['web'] }, '/dependencies(0)', 'an app cannot depend on itself'],
    ['the root', { dependencies: ['/'] }, '/dependencies(0)', 'resolves to the root group'],
    ['a dependency twice', { id: '/prod/web', dependencies: ['db', '/prod/db'] }, '/dependencies(1)', 'names /prod/db again, as dependencies(0) does'],
    ['dot segments in an absolute dependency', { dependencies: ['/a/../b'] }, '/dependencies(0)', 'an absolute path must not contain "." or ".." segments'],
    ['a reserved last segment', { dependencies: ['db/tasks'] }, '/dependencies(0)', 'reserved keywords'],
    ['an empty dependency', { dependencies: [''] }, '/dependencies(0)', 'must not be empty'],
  ],
  'roles': [
    ['a role the agents do not offer', { role: 'prod' }, '/role', '"prod" is not a role this cluster\'s agents offer: use "*" (unreserved resources) or "slave_public"'],
    ['an empty role', { role: '' }, '/role', 'must not be empty'],
    ['accepting a role no agent offers', { acceptedResourceRoles: ['ads'] }, '/acceptedResourceRoles(0)', 'can only contain the roles this cluster\'s agents offer'],
    ['accepting no role', { acceptedResourceRoles: [] }, '/acceptedResourceRoles', 'must not be empty'],
    ['accepting a role twice', { acceptedResourceRoles: ['*', '*'] }, '/acceptedResourceRoles(1)', 'repeats item (0)'],
  ],
  'container': [
    ['a type Marathon does not have', { container: { type: 'RKT' } }, '/container/type', 'must be one of MESOS, DOCKER'],
    ['DOCKER without docker', { container: { type: 'DOCKER' } }, '/container/docker', 'not defined: container type DOCKER needs docker.image'],
    ['the default type (DOCKER) without docker', { container: {} }, '/container/docker', 'not defined'],
    ['docker without an image', { container: { type: 'DOCKER', docker: {} } }, '/container/docker/image', 'is required'],
    ['an empty image', { container: docker({ image: '' }) }, '/container/docker/image', 'must not be empty'],
    ['Docker parameters in a MESOS container', { container: mesos({ docker: { image: 'nginx', parameters: [{ key: 'a', value: 'b' }] } }) }, '/container/docker/parameters', 'must be empty'],
    ['a privileged MESOS container', { container: mesos({ docker: { image: 'nginx', privileged: true } }) }, '/container/docker/privileged', 'is supported only with container type DOCKER'],
    ['a Docker parameter without a key', { container: docker({ parameters: [{ key: '', value: 'b' }] }) }, '/container/docker/parameters(0)/key', 'must not be empty'],
    ['a pull config', { container: docker({ pullConfig: { secret: 'cfg' } }) }, '/container/docker/pullConfig', 'no secret store'],
    ['registry credentials', { container: docker({ credential: { principal: 'me', secret: 'pw' } }) }, '/container/docker/credential', 'no longer takes credentials this way'],
    ['the deprecated docker network', { container: docker({ network: 'BRIDGE' }) }, '/container/docker/network', 'is deprecated: use networks'],
    ['the deprecated docker port mappings', { container: docker({ portMappings: [{ containerPort: 80 }] }) }, '/container/docker/portMappings', 'is deprecated: use container.portMappings'],
    ['an unknown docker field', { container: docker({ entrypoint: 'x' }) }, '/container/docker/entrypoint', 'unknown field'],
    ['linux settings', { container: mesos({ linuxInfo: { seccomp: { unconfined: true } } }) }, '/container/linuxInfo', 'does not apply seccomp'],
    ['a persistent volume', volume({ containerPath: 'data', mode: 'RW', persistent: { size: 100 } }), '/container/volumes(0)', 'persistent volumes are refused: no volume provider yet'],
    ['an external volume', volume({ containerPath: '/data', mode: 'RW', external: { name: 'v', provider: 'dvdi' } }), '/container/volumes(0)', 'external volumes are refused: no volume provider yet'],
    ['a secret volume', volume({ containerPath: 'secret', secret: 'db' }), '/container/volumes(0)', 'secret volumes are refused: no volume provider yet'],
    ['a host volume without hostPath', volume({ containerPath: '/data', mode: 'RW' }), '/container/volumes(0)/hostPath', 'is required'],
    ['a host volume without mode', volume({ containerPath: '/data', hostPath: '/srv' }), '/container/volumes(0)/mode', 'is required'],
    ['a mode other than RO or RW', volume({ containerPath: '/data', hostPath: '/srv', mode: 'RX' }), '/container/volumes(0)/mode', 'must be one of RO, RW'],
    ['a sandbox volume that climbs out of the sandbox', volume({ containerPath: 'data', hostPath: '../../etc', mode: 'RO' }), '/container/volumes(0)/hostPath', 'must not climb out of it'],
    ['an unknown volume field', volume({ containerPath: '/data', hostPath: '/srv', mode: 'RO', shared: true }), '/container/volumes(0)/shared', 'unknown field'],
    ['a path mounted twice', { container: mesos({ volumes: [{ containerPath: '/d', hostPath: '/a', mode: 'RO' }, { containerPath: '/d', hostPath: '/b', mode: 'RO' }] }) }, '/container/volumes(1)/containerPath', 'is mounted twice'],
    ['port mappings with host networking', { networks: [{ mode: 'host' }], container: { ...docker(), portMappings: [{ containerPort: 80 }] } }, '/container/portMappings', 'portMappings are not allowed with host-networking'],
    ['a port mapping name twice', { networks: bridge, container: { ...docker(), portMappings: [{ name: 'web' }, { name: 'web' }] } }, '/container/portMappings(1)/name', 'Port names must be unique.'],
    ['a port mapping on a network the app is not on', { networks: twoNetworks, container: mesos({ portMappings: [{ networkNames: ['c'] }] }) }, '/container/portMappings(0)/networkNames(0)', 'is not one of (a,b)'],
    ['a host port on two container networks without naming one', { networks: twoNetworks, container: mesos({ portMappings: [{ containerPort: 80, hostPort: 0 }] }) }, '/container/portMappings(0)', 'networkNames must be a single item list when hostPort is specified and more than 1 container network is defined'],
    ['a DOCKER container on two container networks', { networks: twoNetworks, container: docker() }, '/networks', 'may only specify a single container network when using the Docker container engine'],
    ['an unknown port mapping field', { networks: bridge, container: { ...docker(), portMappings: [{ port: 80 }] } }, '/container/portMappings(0)/port', 'unknown field'],
    ['a container port above 65535', { networks: bridge, container: { ...docker(), portMappings: [{ containerPort: 65536 }] } }, '/container/portMappings(0)/containerPort', 'must be 65535 or less'],
  ],
  'networks': [
    ['a host network with a name', { networks: [{ mode: 'host', name: 'x' }] }, '/networks(0)', 'Host networks may not have names or labels'],
    ['a bridge network with a name', { networks: [{ mode: 'container/bridge', name: 'x' }] }, '/networks(0)/name', 'Bridge networks may not have names'],
    ['a container network without a name', { networks: [{ mode: 'container' }] }, '/networks(0)/name', 'Network name must be specified when container network is selected.'],
    ['a network twice', { networks: [{ name: 'a' }, { name: 'a' }] }, '/networks(1)', 'Duplicate networks are not allowed'],
    ['host and bridge together', { networks: [{ mode: 'host' }, { mode: 'container/bridge' }] }, '/networks', 'May specify a single host network, single bridge network, or else 1-to-n container networks'],
    ['two host networks', { networks: [{ mode: 'host' }, { mode: 'host' }] }, '/networks', 'May specify a single host network'],
    ['a mode Marathon does not have', { networks: [{ mode: 'overlay' }] }, '/networks(0)/mode', 'must be one of host, container, container/bridge'],
    ['a network name in capitals', { networks: [{ name: 'Dcos' }] }, '/networks(0)/name', 'must match'],
  ],
  'refused fields': [
    ['an IP address per task (deprecated)', { ipAddress: { networkName: 'dcos' } }, '/ipAddress', 'is deprecated: use networks'],
    ['a generalized check', { check: { exec: { command: { shell: 'true' } } } }, '/check', 'generalized checks are not run; use healthChecks'],
    ['a custom executor', { executor: '/opt/my-executor' }, '/executor', 'custom executors are not run'],
    ['executor resources', { executorResources: { cpus: 0.1 } }, '/executorResources', 'the command executor has no resources of its own'],
    ['resource limits', { resourceLimits: { cpus: 'unlimited' } }, '/resourceLimits', 'until tasks get cgroup limits'],
    ['residency', { residency: { taskLostBehavior: 'WAIT_FOREVER' } }, '/residency', 'deprecated'],
    ['store URLs', { storeUrls: ['https://example.com/store'] }, '/storeUrls', 'there is no artifact store'],
    ['a terminal', { tty: true }, '/tty', 'tasks get no terminal'],
    ['an unknown field', { instance: 3 }, '/instance', 'is not a field of a Marathon app definition here (unknown field)'],
  ],
  'read-only fields': [
    ['a version', { version: '2024-01-01T00:00:00.000Z' }, '/version', 'to roll back, PUT {"version": "<version>"} alone'],
    ['version info', { versionInfo: { lastScalingAt: 'x', lastConfigChangeAt: 'y' } }, '/versionInfo', 'read-only'],
    ['task counts', { tasksRunning: 2 }, '/tasksRunning', 'read-only status'],
    ['deployments', { deployments: [] }, '/deployments', 'read-only status'],
    ['tasks', { tasks: [] }, '/tasks', 'read-only status'],
    ['the last task failure', { lastTaskFailure: {} }, '/lastTaskFailure', 'read-only status'],
  ],
  'NUL characters': [
    ['in cmd', { cmd: 'echo \0' }, '/cmd', 'must not contain NUL characters'],
    ['in args', { cmd: undefined, args: ['sleep', '1\0'] }, '/args(1)', 'must not contain NUL characters'],
    ['in a label', { labels: { tier: '\0' } }, '/labels/tier', 'must not contain NUL characters'],
    ['in a health check command', hc({ protocol: 'COMMAND', command: { value: 'true\0' } }), '/healthChecks(0)/command/value', 'must not contain NUL characters'],
  ],
};

describe('validateAppDefinition: invalid definitions', () => {
  for (const [family, cases] of Object.entries(CASES)) {
    describe(family, () => {
      for (const [what, over, path, message] of cases) {
        it(`refuses ${what} at ${path}`, () => {
          const details = validateAppDefinition(app(over));
          const errors = details.find((d) => d.path === path)?.errors ?? [];
          assert.ok(errors.some((e) => e.includes(message)), `expected "${message}" at ${path}, got ${JSON.stringify(details)}`);
        });
      }
    });
  }

  it('has at least 70 cases, in every family of fields', () => {
    assert.ok(Object.values(CASES).flat().length >= 70);
  });
});
