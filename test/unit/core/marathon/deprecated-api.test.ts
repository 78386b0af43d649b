import assert from 'node:assert/strict';
import type { RawApp } from '../../../../src/core/marathon/raw-app.js';
import { normalizeAppDefinition } from '../../../../src/core/marathon/normalize-app.js';
import { validateAppDefinition } from '../../../../src/core/marathon/validation/validate-app.js';

/** Universe's redis/2 template, as Cosmos renders it: the deprecated docker network and port mappings. */
const redis: RawApp = {
  id: '/redis', cpus: 1, mem: 1024, instances: 1,
  container: { type: 'DOCKER', docker: { image: 'redis:4.0', network: 'BRIDGE', portMappings: [{ containerPort: 6379, hostPort: 0, protocol: 'tcp', name: 'redis' }] } as never },
};

describe("Marathon's deprecated docker API (AppNormalization.forDeprecated)", () => {
  it('takes container.docker.network and docker.portMappings, and stores them as networks and container.portMappings', () => {
    assert.deepEqual(validateAppDefinition(redis), []);
    const app = normalizeAppDefinition(redis);
    assert.deepEqual(app.networks, [{ mode: 'container/bridge' }]);
    assert.deepEqual(app.container?.portMappings?.map((m) => [m.containerPort, m.hostPort, m.name]), [[6379, 0, 'redis']]);
    assert.equal((app.container?.docker as unknown as Record<string, unknown>).network, undefined);
    assert.equal((app.container?.docker as unknown as Record<string, unknown>).portMappings, undefined);
  });

  it('takes HOST as host networking and USER as a container network', () => {
    const host = normalizeAppDefinition({ id: '/a', container: { type: 'DOCKER', docker: { image: 'x', network: 'HOST' } as never } });
    assert.deepEqual(host.networks, [{ mode: 'host' }]);
    const user: RawApp = { id: '/a', container: { type: 'DOCKER', docker: { image: 'x', network: 'USER' } as never } };
    assert.deepEqual(normalizeAppDefinition(user).networks, [{ mode: 'container' }]);
  });

  it('stores what validates again unchanged (GET → PUT round-trips)', () => {
    const app = normalizeAppDefinition(redis);
    assert.deepEqual(validateAppDefinition(app), []);
    assert.deepEqual(normalizeAppDefinition(app as never), app);
  });
});
