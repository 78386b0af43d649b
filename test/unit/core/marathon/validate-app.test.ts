import assert from 'node:assert/strict';
import { isRollbackRequest, rollbackProblems, validateAppDefinition } from '../../../../src/core/marathon/validation/validate-app.js';
import { app, VALID_DEFINITIONS } from './app-fixtures.js';

describe('validateAppDefinition', () => {
  it('reports every problem, each with its Marathon path, not just the first', () => {
    const details = validateAppDefinition({ cpus: 0, mem: -1, instances: -2, env: { A: 1 }, portDefinitions: [{ port: 1, name: 'x' }, { port: 2, name: 'x' }] });
    assert.deepEqual(details.map((d) => d.path).sort(), ['/', '/cpus', '/env/A', '/id', '/instances', '/mem', '/portDefinitions(1)/name']);
  });

  it('lists all the messages of one path together', () => {
    assert.deepEqual(validateAppDefinition(app({ env: { '': { secret: 'db' } } })), [
      { path: '/env/', errors: ['an environment variable name must not be empty or contain "="', 'secret references ({"secret": …}) are refused: this cluster has no secret store; give the value as a string'] },
    ]);
  });

  it('keeps judging the other fields when one part has the wrong shape', () => {
    const details = validateAppDefinition(app({ args: ['x'], container: { type: 'DOCKER', docker: 'nginx' }, healthChecks: [{ protocol: 'COMMAND' }] }));
    assert.deepEqual(details.map((d) => d.path).sort(), ['/', '/container/docker', '/healthChecks(0)/command']);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [[1], null, 'x', 3]) assert.deepEqual(validateAppDefinition(body), [{ path: '/', errors: ['must be a JSON object'] }]);
  });

  it('never throws, whatever value stands at any place of a definition', () => {
    const odd: unknown[] = [null, 0, -1, 1.5, 2 ** 53, '', 'x', '\0', [], [null], [1], ['x'], [[]], [{}], {}, { a: null }, { secret: 'x' }, true];
    for (const { raw } of VALID_DEFINITIONS) {
      for (const path of pathsOf(raw)) {
        for (const value of odd) {
          const details = validateAppDefinition(replaced(raw, path, value));
          assert.ok(Array.isArray(details), `${path.join('.')} = ${JSON.stringify(value)}`);
        }
      }
    }
  });
});

describe('rollback requests (PUT /v2/apps/{id} with a version)', () => {
  it('are a version alone, or with the id', () => {
    assert.equal(isRollbackRequest({ version: '2024-01-01T00:00:00.000Z' }), true);
    assert.equal(isRollbackRequest({ id: '/web', version: '2024-01-01T00:00:00.000Z' }), true);
    assert.equal(isRollbackRequest({ id: '/web', version: '2024-01-01T00:00:00.000Z', cmd: null }), true, 'null is a field left out');
    assert.equal(isRollbackRequest({ version: '2024-01-01T00:00:00.000Z', instances: 2 }), false);
    assert.equal(isRollbackRequest({ id: '/web', cmd: 'x' }), false);
    assert.equal(isRollbackRequest({ version: 5 }), false);
    assert.equal(isRollbackRequest([]), false);
  });

  it("refuse a version mixed with other fields, with Marathon's message", () => {
    assert.deepEqual(rollbackProblems({ version: 'v', instances: 2 }), [{ path: '/', errors: ["The 'version' field may only be combined with the 'id' field."] }]);
    assert.deepEqual(rollbackProblems({ version: 'v', id: '/web' }), []);
    assert.deepEqual(rollbackProblems({ id: '/web', cmd: 'x' }), []);
  });

  it('get no special case from validateAppDefinition: a version there is read-only', () => {
    assert.equal(validateAppDefinition({ id: '/web', version: 'v' }).find((d) => d.path === '/version')?.errors.length, 1);
  });
});

/** Every path to a value inside `v` (object keys and array indexes), the root excluded. */
function pathsOf(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return v.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, item]) => [[...prefix, k], ...pathsOf(item, [...prefix, k])]);
  return [];
}

function replaced(root: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}
