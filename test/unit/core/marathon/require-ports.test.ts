import assert from 'node:assert/strict';
import { validateAppDefinition } from '../../../../src/core/marathon/validation/validate-app.js';

describe('requirePorts', () => {
  it('takes port 0 as Marathon does: the port gets a service port, which is then the host port too (Universe packages such as jenkins ask for it)', () => {
    for (const app of [
      { id: '/a', cmd: 'x', requirePorts: true, portDefinitions: [{ port: 8080 }, { port: 0 }] },
      { id: '/a', cmd: 'x', requirePorts: true, ports: [0] },
      { id: '/a', cmd: 'x', requirePorts: true },
    ]) assert.deepEqual(validateAppDefinition(app), [], JSON.stringify(app));
  });

  it('applies only to host networking', () => {
    const problems = validateAppDefinition({ id: '/a', cmd: 'x', requirePorts: true, networks: [{ mode: 'container/bridge' }], container: { type: 'MESOS' } });
    assert.deepEqual(problems.map((p) => p.path), ['/requirePorts']);
  });
});
