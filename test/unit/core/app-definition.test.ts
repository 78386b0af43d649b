import assert from 'node:assert/strict';
import { normalizeAppDefinition } from '../../../src/core/marathon/normalize-app.js';
import { validateAppDefinition } from '../../../src/core/marathon/validation/validate-app.js';
import { appIdProblems, MAX_APP_ID_LENGTH, newTaskId, normalizeAppId } from '../../../src/core/ids.js';
import { isSafeId } from '../../../src/runtime/agent/sandbox.js';

describe('app definition', () => {
  it('accepts a minimal app with cmd', () => {
    assert.deepEqual(validateAppDefinition({ id: '/web', cmd: 'sleep 1' }), []);
  });

  it('accepts args instead of cmd', () => {
    assert.deepEqual(validateAppDefinition({ id: 'web', args: ['sleep', '1'] }), []);
  });

  it('reports every problem, each with its Marathon path', () => {
    const details = validateAppDefinition({ cpus: 0, mem: -1, instances: -2, env: { A: 1 }, portDefinitions: [{ port: 1, name: 'x' }, { port: 2, name: 'x' }] });
    const paths = details.map((d) => d.path).sort();
    assert.deepEqual(paths, ['/', '/cpus', '/env/A', '/id', '/instances', '/mem', '/portDefinitions(1)/name']);
  });

  it('rejects both cmd and args', () => {
    const [detail] = validateAppDefinition({ id: 'a', cmd: 'x', args: ['y'] });
    assert.equal(detail.path, '/');
    assert.match(detail.errors[0], /not both/);
  });

  it('rejects a body that is not an object', () => {
    assert.deepEqual(validateAppDefinition([1]), [{ path: '/', errors: ['must be a JSON object'] }]);
  });

  it('turns legacy ports into port definitions', () => {
    const app = normalizeAppDefinition({ id: 'a', cmd: 'x', ports: [0, 0] });
    assert.deepEqual(app.portDefinitions, [{ port: 0, protocol: 'tcp', labels: {} }, { port: 0, protocol: 'tcp', labels: {} }]);
    assert.equal((app as unknown as Record<string, unknown>).ports, undefined);
  });
});

describe('ids', () => {
  it('makes app ids absolute', () => {
    assert.equal(normalizeAppId('a/b/'), '/a/b');
  });

  it('rejects uppercase, underscores and dot segments', () => {
    assert.equal(appIdProblems('/Web').length, 1);
    assert.equal(appIdProblems('/a_b').length, 1);
    assert.equal(appIdProblems('/a/../b').length, 1);
    assert.deepEqual(appIdProblems('/prod/web-1.v2'), []);
  });

  it('makes task ids from the app path, as Marathon does', () => {
    assert.match(newTaskId('/prod/web'), /^prod_web\.[0-9a-f-]{36}$/);
  });
});

describe('app definition: never accepted and ignored', () => {
  const valid = { id: '/web', cmd: 'sleep 1' };
  const errorsAt = (raw: Record<string, unknown>, path: string) => validateAppDefinition(raw).find((d) => d.path === path)?.errors ?? [];

  it('refuses an unknown field by name', () => {
    assert.deepEqual(validateAppDefinition({ ...valid, instance: 3 }), [
      { path: '/instance', errors: ['is not a field of a Marathon app definition here (unknown field)'] },
    ]);
    assert.match(errorsAt({ ...valid, upgradeStrategy: { minimumHealthCapacity: 1, surge: 2 } }, '/upgradeStrategy/surge')[0], /unknown field/);
    assert.match(errorsAt({ ...valid, portDefinitions: [{ port: 0, hostPort: 8080 }] }, '/portDefinitions(0)/hostPort')[0], /unknown field/);
  });

  it('accepts the fields it does not act on only with the value that asks for nothing', () => {
    const quiet = {
      ...valid, user: null, gpus: 0, constraints: [], acceptedResourceRoles: ['*'], role: '*', healthChecks: [], readinessChecks: [],
      dependencies: [], fetch: [], uris: [], storeUrls: [], container: null, networks: [{ mode: 'host' }], ipAddress: null,
      secrets: {}, executor: '//cmd', tty: false, residency: null, resourceLimits: null, check: null,
    };
    assert.deepEqual(validateAppDefinition(quiet), []);
  });

  for (const [field, value, reason] of [
    ['constraints', [['hostname', 'UNIQUE']], /placement constraints/],
    ['healthChecks', [{ protocol: 'HTTP', path: '/' }], /health checks/],
    ['readinessChecks', [{ protocol: 'HTTP' }], /readiness checks/],
    ['fetch', [{ uri: 'https://example.com/a.tgz' }], /fetcher/],
    ['uris', ['https://example.com/a.tgz'], /fetcher/],
    ['container', { type: 'DOCKER', docker: { image: 'nginx' } }, /containers/],
    ['user', 'nobody', /agent's user/],
    ['dependencies', ['/db'], /dependencies/],
    ['unreachableStrategy', { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 }, /unreachable/],
    ['unreachableStrategy', 'disabled', /unreachable/],
    ['gpus', 1, /GPUs/],
    ['role', 'slave_public', /role "\*"/],
    ['acceptedResourceRoles', ['slave_public'], /unreserved/],
    ['networks', [{ mode: 'container/bridge' }], /host network/],
    ['executor', '/opt/my-executor', /command executor/],
    ['tty', true, /terminal/],
    ['secrets', { db: { source: 'db-pass' } }, /secret store/],
  ] as const) {
    it(`refuses ${field}: ${JSON.stringify(value)} as not supported yet, by name`, () => {
      const [message] = errorsAt({ ...valid, [field]: value }, `/${field}`);
      assert.match(message ?? '', /^is not supported yet: /);
      assert.match(message, reason);
    });
  }

  it('refuses env secret references while there is no secret store', () => {
    assert.match(errorsAt({ ...valid, env: { PASSWORD: { secret: 'db' } } }, '/env/PASSWORD')[0], /no secret store/);
  });

  it('refuses the read-only fields GET returns, and a version (rollback comes later)', () => {
    assert.match(errorsAt({ ...valid, tasksRunning: 2 }, '/tasksRunning')[0], /read-only/);
    assert.match(errorsAt({ ...valid, deployments: [] }, '/deployments')[0], /read-only/);
    assert.match(errorsAt({ ...valid, version: '2024-01-01T00:00:00.000Z' }, '/version')[0], /rolling back .* not supported yet/);
  });

  it("checks the upgrade strategy's shape and ranges (both 0..1)", () => {
    assert.deepEqual(errorsAt({ ...valid, upgradeStrategy: 'x' }, '/upgradeStrategy'), ['must be of type object']);
    assert.deepEqual(errorsAt({ ...valid, upgradeStrategy: { minimumHealthCapacity: 5 } }, '/upgradeStrategy/minimumHealthCapacity'), ['must be 1 or less']);
    assert.deepEqual(errorsAt({ ...valid, upgradeStrategy: { maximumOverCapacity: -0.5 } }, '/upgradeStrategy/maximumOverCapacity'), ['must be 0 or more']);
    assert.deepEqual(validateAppDefinition({ ...valid, upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 } }), []);
  });

  it("keeps numbers in Marathon's ranges: int32 counts and seconds, finite resources", () => {
    assert.deepEqual(errorsAt({ ...valid, instances: 1e300 }, '/instances'), ['must be 2147483647 or less']);
    assert.deepEqual(errorsAt({ ...valid, cpus: 1e308 }, '/cpus'), ['must be 1000000000000 or less']);
    assert.ok(errorsAt({ ...valid, mem: JSON.parse('1e309') }, '/mem').length > 0, 'Infinity, as JSON.parse reads 1e309');
    assert.deepEqual(errorsAt({ ...valid, backoffSeconds: 1.5 }, '/backoffSeconds'), ['must be of type integer']);
    assert.deepEqual(errorsAt({ ...valid, maxLaunchDelaySeconds: 2 ** 31 }, '/maxLaunchDelaySeconds'), ['must be 2147483647 or less']);
    assert.deepEqual(errorsAt({ ...valid, taskKillGracePeriodSeconds: -1 }, '/taskKillGracePeriodSeconds'), ['must be 0 or more']);
    assert.deepEqual(errorsAt({ ...valid, backoffFactor: 0.5 }, '/backoffFactor'), ['must be 1 or more']);
  });
});

describe('app definition: what an agent would refuse at launch is refused here', () => {
  const valid = { id: '/web', cmd: 'sleep 1' };
  const errorsAt = (raw: Record<string, unknown>, path: string) => validateAppDefinition(raw).find((d) => d.path === path)?.errors ?? [];

  it('an id so long that its task ids could not name a sandbox', () => {
    const longest = `/${'a'.repeat(MAX_APP_ID_LENGTH - 1)}`;
    assert.deepEqual(validateAppDefinition({ ...valid, id: longest }), []);
    assert.ok(isSafeId(newTaskId(longest)), 'the longest id makes task ids the agent accepts');
    assert.match(errorsAt({ ...valid, id: `${longest}b` }, '/id')[0], new RegExp(`at most ${MAX_APP_ID_LENGTH} characters`));
    assert.match(errorsAt({ ...valid, id: `/${'a'.repeat(80)}/${'b'.repeat(90)}` }, '/id')[0], /at most/);
  });

  it('a blank cmd, and args that name no program', () => {
    assert.match(errorsAt({ id: '/w', cmd: ' \t' }, '/cmd')[0], /must not be blank/);
    assert.match(errorsAt({ id: '/w', args: ['', 'x'] }, '/args(0)')[0], /name the program/);
  });

  it('environment names with "=" or nothing in them, and NUL anywhere', () => {
    assert.match(errorsAt({ ...valid, env: { 'A=B': 'x' } }, '/env/A=B')[0], /must not be empty or contain "="/);
    assert.match(errorsAt({ ...valid, env: { '': 'x' } }, '/env/')[0], /must not be empty/);
    assert.deepEqual(errorsAt({ ...valid, env: { A: 'x\0y' } }, '/env/A'), ['must not contain NUL characters']);
    assert.deepEqual(errorsAt({ ...valid, env: { 'A\0': 'x' } }, '/env/A\0'), ['names must not contain NUL characters']);
    assert.deepEqual(errorsAt({ id: '/w', args: ['sleep', '1\0'] }, '/args(1)'), ['must not contain NUL characters']);
    assert.deepEqual(errorsAt({ id: '/w', cmd: 'echo \0' }, '/cmd'), ['must not contain NUL characters']);
    assert.deepEqual(errorsAt({ ...valid, labels: { tier: '\0' } }, '/labels/tier'), ['must not contain NUL characters']);
  });
});
