import assert from 'node:assert/strict';
import { deepMerge, extractDefaults, resolveOptions } from '../../../../../src/runtime/packages/render/options.js';
import { objectSchema, testPackage } from './helpers.js';

describe('Cosmos options: defaults from config.json', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['a property with a default gives it', objectSchema({ cpus: { type: 'number', default: 0.5 } }), { cpus: 0.5 }],
    ['a property without a default is absent', objectSchema({ cpus: { type: 'number' }, mem: { default: 256 } }), { mem: 256 }],
    ['an object property gathers its children\'s defaults', objectSchema({ service: objectSchema({ name: { default: 'x' }, user: { type: 'string' } }) }), { service: { name: 'x' } }],
    ['an object with no defaults below it is absent, not {}', objectSchema({ humio: objectSchema({ host: { type: 'string' } }, { required: ['host'] }) }), {}],
    ['a property with a default AND properties uses the default', objectSchema({ service: { type: 'object', default: { a: 1 }, properties: { b: { default: 2 } } } }), { service: { a: 1 } }],
    ['a null default is a default', objectSchema({ secret: { default: null } }), { secret: null }],
    ['defaults inside items, oneOf and $ref are not read', objectSchema({
      list: { type: 'array', items: objectSchema({ a: { default: 1 } }) },
      either: { oneOf: [{ default: 1 }] },
      ref: { $ref: '#/definitions/x' },
    }), {}],
    ['non-object property schemas are skipped', { properties: { a: true, b: 'text', c: { default: [] } } }, { c: [] }],
    ['a schema without properties has no defaults', { type: 'object' }, {}],
  ];
  for (const [rule, schema, expected] of cases) {
    it(rule, () => assert.deepEqual(extractDefaults(schema), expected));
  }
});

describe('Cosmos options: circe deep merge (user options over defaults)', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
    ['objects merge key by key', { service: { name: 'a', cpus: 1 } }, { service: { cpus: 2 } }, { service: { name: 'a', cpus: 2 } }],
    ['arrays are replaced whole, not merged', { constraints: [['a', 'UNIQUE'], ['b', 'LIKE', 'x']] }, { constraints: [['c', 'UNIQUE']] }, { constraints: [['c', 'UNIQUE']] }],
    ['a scalar replaces an object', { service: { name: 'a' } }, { service: 'plain' }, { service: 'plain' }],
    ['an object replaces a scalar', { service: 'plain' }, { service: { name: 'a' } }, { service: { name: 'a' } }],
    ['null replaces a value (it is a value)', { service: { name: 'a' } }, { service: { name: null } }, { service: { name: null } }],
    ['keys only in the options are added', { a: 1 }, { b: { c: 2 } }, { a: 1, b: { c: 2 } }],
  ];
  for (const [rule, target, fragment, expected] of cases) {
    it(rule, () => assert.deepEqual(deepMerge(target, fragment), expected));
  }

  it('gives a fresh document: changing the result changes neither input', () => {
    const target = { service: { name: 'a', list: [1] } };
    const fragment = { extra: { deep: [2] } };
    const merged = deepMerge(target, fragment) as { service: { list: number[] }; extra: { deep: number[] } };
    merged.service.list.push(9);
    merged.extra.deep.push(9);
    assert.deepEqual(target, { service: { name: 'a', list: [1] } });
    assert.deepEqual(fragment, { extra: { deep: [2] } });
  });

  it('resolves defaults ⊕ options for a package, and repeated resolutions do not share state', () => {
    const pkg = testPackage({ template: '{}', config: objectSchema({ service: objectSchema({ name: { default: 'svc' }, tags: { default: ['x'] } }) }) });
    const first = resolveOptions(pkg, { service: { name: 'mine' } }) as { service: { tags: string[] } };
    first.service.tags.push('changed');
    assert.deepEqual(resolveOptions(pkg, undefined), { service: { name: 'svc', tags: ['x'] } });
    assert.deepEqual(resolveOptions(testPackage({ template: '{}' }), { a: 1 }), { a: 1 });
  });
});
