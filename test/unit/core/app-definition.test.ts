import assert from 'node:assert/strict';
import { normalizeAppDefinition, validateAppDefinition } from '../../../src/core/app-definition.js';
import { appIdProblems, newTaskId, normalizeAppId } from '../../../src/core/ids.js';

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
    assert.deepEqual(app.portDefinitions, [{ port: 0, protocol: 'tcp' }, { port: 0, protocol: 'tcp' }]);
    assert.equal((app as Record<string, unknown>).ports, undefined);
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
