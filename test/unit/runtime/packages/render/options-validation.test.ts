import assert from 'node:assert/strict';
import type { SchemaError } from '../../../../../src/api/cosmos-types.js';
import { CosmosError } from '../../../../../src/runtime/packages/cosmos-error.js';
import { renderPackage, validateOptions } from '../../../../../src/runtime/packages/render/render-package.js';
import { SOURCE, fixturePackage, objectSchema, testPackage } from './helpers.js';

/** The shape of marathon-slack's config: the webhook is required and has no default; its siblings have defaults. */
const slackConfig = objectSchema({
  service: objectSchema({ name: { type: 'string', default: 'marathon-slack' } }),
  'marathon-slack': objectSchema({
    slack_webhook_url: { type: 'string', description: 'The Slack webhook URL' },
    channel: { type: 'string', default: '#general', description: 'The channel to post to' },
  }, { required: ['slack_webhook_url'] }),
}, { required: ['marathon-slack'] });

const strictConfig = objectSchema({
  service: objectSchema({
    name: { type: 'string', default: 'svc', description: 'The service name', pattern: '^[a-z][a-z0-9-]*$' },
    cpus: { type: 'number', default: 1, minimum: 0.1, description: 'CPU shares' },
    count: { type: 'integer', default: 1, maximum: 10, description: 'How many instances' },
    level: { type: 'string', default: 'INFO', enum: ['INFO', 'DEBUG'], description: 'Log level' },
  }, { additionalProperties: false, description: 'The service' }),
});

const only = (errors: SchemaError[]) => {
  assert.equal(errors.length, 1, JSON.stringify(errors));
  return errors[0];
};

describe('Cosmos options validation: when it runs (PackageDefinitionRenderer.validateOptionsAgainstSchema)', () => {
  const noDefaults = objectSchema({ a: { type: 'string' } }, { required: ['a'] });
  const cases: Array<[string, Parameters<typeof testPackage>[0], Record<string, unknown>, 'valid' | 'OptionsNotAllowed' | 'invalid']> = [
    ['no config.json and no options: valid, nothing checked', {}, {}, 'valid'],
    ['config.json whose defaults are empty and no options: skipped, even though the schema requires a key', { config: noDefaults }, {}, 'valid'],
    ['no config.json but options: OptionsNotAllowed', {}, { a: 'x' }, 'OptionsNotAllowed'],
    ['config.json and options: the merged document is checked', { config: noDefaults }, { b: 1 }, 'invalid'],
  ];
  for (const [rule, parts, options, outcome] of cases) {
    it(rule, () => {
      const pkg = testPackage({ template: '{}', ...parts });
      if (outcome === 'OptionsNotAllowed') {
        assert.throws(() => validateOptions(pkg, options), (e: CosmosError) =>
          e.type === 'OptionsNotAllowed' && e.status === 400 && e.message === 'No schema available to validate the provided options');
      } else {
        assert.equal(validateOptions(pkg, options).length === 0, outcome === 'valid');
      }
    });
  }

  it('a required option without default fails through the parent its siblings\' defaults create (marathon-slack)', () => {
    const error = only(validateOptions(testPackage({ template: '{}', config: slackConfig }), {}));
    assert.deepEqual(error, {
      level: 'error',
      schema: { loadingURI: '#', pointer: '/properties/marathon-slack' },
      instance: { pointer: '/marathon-slack' },
      domain: 'validation',
      keyword: 'required',
      message: 'object has missing required properties (["slack_webhook_url"])',
      required: ['slack_webhook_url'],
      missing: ['slack_webhook_url'],
      description: 'The Slack webhook URL',
    });
    assert.deepEqual(validateOptions(testPackage({ template: '{}', config: slackConfig }), { 'marathon-slack': { slack_webhook_url: 'https://hooks' } }), []);
  });

  it('a required option under an object with no defaults is not checked until that object is given (humio-agent)', () => {
    const humio = fixturePackage('humio-agent');
    assert.deepEqual(validateOptions(humio, {}), []);
    const error = only(validateOptions(humio, { humio: { host: 'go.humio.com' } }));
    assert.equal(error.instance.pointer, '/humio');
    assert.deepEqual(error.missing, ['dataspace', 'ingestToken']);
    assert.equal(error.description, 'dataspace: Name of Humio dataspace; ingestToken: Humio ingest token');
  });

  it('renderPackage refuses invalid options with JsonSchemaMismatch, the failures in data.errors', () => {
    assert.throws(() => renderPackage({ pkg: testPackage({ template: '{}', config: slackConfig }), sourceUri: SOURCE }), (e: CosmosError) =>
      e.type === 'JsonSchemaMismatch' && e.status === 400 && e.message === 'Options JSON failed validation'
      && (e.data?.errors as SchemaError[])[0].keyword === 'required');
  });
});

describe('Cosmos options validation: failures told as fge tells them', () => {
  const pkg = testPackage({ template: '{}', config: strictConfig });
  const cases: Array<[string, Record<string, unknown>, Partial<SchemaError>]> = [
    ['additionalProperties false: the unknown keys, sorted, as unwanted', { service: { zeta: 1, alpha: 2 } }, {
      keyword: 'additionalProperties', instance: { pointer: '/service' }, schema: { loadingURI: '#', pointer: '/properties/service' },
      message: 'object instance has properties which are not allowed by the schema: ["alpha","zeta"]', unwanted: ['alpha', 'zeta'], description: 'The service',
    }],
    ['a type mismatch: the type found and the types allowed', { service: { cpus: 'two' } }, {
      keyword: 'type', instance: { pointer: '/service/cpus' }, schema: { loadingURI: '#', pointer: '/properties/service/properties/cpus' },
      message: 'instance type (string) does not match any allowed primitive type (allowed: ["number"])', found: 'string', expected: ['number'], description: 'CPU shares',
    }],
    ['a fractional number where an integer is wanted is found as "number"', { service: { count: 1.5 } }, {
      keyword: 'type', found: 'number', expected: ['integer'], message: 'instance type (number) does not match any allowed primitive type (allowed: ["integer"])',
    }],
    ['below minimum: the minimum and the number found', { service: { cpus: 0.05 } }, {
      keyword: 'minimum', instance: { pointer: '/service/cpus' }, minimum: 0.1, found: 0.05,
      message: 'numeric instance is lower than the required minimum (minimum: 0.1, found: 0.05)',
    }],
    ['above maximum: the maximum and the number found', { service: { count: 11 } }, {
      keyword: 'maximum', maximum: 10, found: 11, message: 'numeric instance is greater than the required maximum (maximum: 10, found: 11)',
    }],
    ['not in enum: the allowed values', { service: { level: 'TRACE' } }, {
      keyword: 'enum', enum: ['INFO', 'DEBUG'], description: 'Log level',
      message: 'instance value ("TRACE") not found in enum (possible values: ["INFO","DEBUG"])',
    }],
    ['no pattern match: the pattern', { service: { name: 'Bad_Name' } }, {
      keyword: 'pattern', pattern: '^[a-z][a-z0-9-]*$', description: 'The service name',
      message: 'ECMA 262 regex "^[a-z][a-z0-9-]*$" does not match input string "Bad_Name"',
    }],
  ];
  for (const [rule, options, expected] of cases) {
    it(rule, () => {
      const error = only(validateOptions(pkg, options));
      assert.equal(error.level, 'error');
      assert.equal(error.domain, 'validation');
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(error[key as keyof SchemaError], value, key);
    });
  }

  it('reports every failing path at once, not only the first', () => {
    const errors = validateOptions(pkg, { service: { cpus: 0, count: 'many', level: 'TRACE', extra: true } });
    assert.deepEqual(errors.map((e) => `${e.keyword} ${e.instance.pointer}`).sort(), [
      'additionalProperties /service', 'enum /service/level', 'minimum /service/cpus', 'type /service/count',
    ]);
  });

  it('tells a config.json that is not a draft-04 schema as a syntax error instead of failing', () => {
    const broken = testPackage({ template: '{}', config: objectSchema({ a: { type: 'string', default: 'x', required: true } }) });
    const error = validateOptions(broken, {})[0];
    assert.equal(error.domain, 'syntax');
    assert.match(error.message, /config\.json is not a draft-04 schema/);
  });

  it('reads a root "$schema" naming another draft as draft-04, as fge does', () => {
    const withSchema = testPackage({ template: '{}', config: { $schema: 'http://json-schema.org/schema#', ...objectSchema({ a: { type: 'integer', default: 1 } }) } });
    assert.deepEqual(validateOptions(withSchema, {}), []);
    assert.equal(validateOptions(withSchema, { a: 'x' })[0].keyword, 'type');
  });
});
