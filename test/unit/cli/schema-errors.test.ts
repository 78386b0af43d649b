import assert from 'node:assert/strict';
import type { SchemaError } from '../../../src/api/cosmos-types.js';
import { renderError } from '../../../src/cli/errors.js';
import { explainCosmosError, formatSchemaMismatch, optionPath } from '../../../src/cli/schema-errors.js';
import { DcosError, ErrorCodes } from '../../../src/core/errors.js';

const fge = (pointer: string, keyword: string, message: string, more: Partial<SchemaError> = {}): SchemaError => ({
  level: 'error', schema: { loadingURI: '#', pointer: `/properties${pointer}` }, instance: { pointer }, domain: 'validation', keyword, message, ...more,
});

describe('JsonSchemaMismatch explained', () => {
  const paths: Array<[string, string]> = [['/service/mem', 'service.mem'], ['/a~1b/c~0d', 'a/b.c~d'], ['', '(the options as a whole)']];
  for (const [pointer, path] of paths) {
    it(`names the option at ${JSON.stringify(pointer)} as ${path}`, () => assert.equal(optionPath(pointer), path));
  }

  it('gives one block per failing option: its path, what was expected, what was found (the value given), and its description', () => {
    const errors = [
      fge('/service/mem', 'type', 'instance type (string) does not match any allowed primitive type (allowed: ["integer","number"])', { found: 'string', expected: ['integer', 'number'], description: 'Memory (MB) of the scheduler' }),
      fge('/service/cpus', 'minimum', 'numeric instance is lower than the required minimum (minimum: 0.1, found: 0)', { minimum: 0.1 }),
    ];
    const lines = formatSchemaMismatch(errors, { options: { service: { mem: 'lots', cpus: 0 } }, optionsFile: 'k.json', packageName: 'kafka' });
    assert.deepEqual(lines, [
      'service.mem',
      '  expected: integer or number',
      '  found:    string "lots"',
      '  about:    Memory (MB) of the scheduler',
      'service.cpus',
      '  expected: at least 0.1',
      '  found:    0',
      'Fix them in k.json; `dcos package describe kafka --config` shows every option with its type and default.',
    ]);
  });

  it("names each missing required option and each unknown option in its own block; a value not given is the package's default", () => {
    const errors = [
      fge('/marathon-slack', 'required', 'object has missing required properties (["slack_webhook_url"])', { required: ['slack_webhook_url'], missing: ['slack_webhook_url'] }),
      fge('/service', 'additionalProperties', 'object instance has properties which are not allowed by the schema: ["nmae","usr"]', { unwanted: ['nmae', 'usr'] }),
      fge('/service/role', 'enum', 'instance value not found in enum', { enum: ['*', 'kafka-role'] }),
      { ...fge('/properties/x', 'desription', 'the following keywords are unknown and will be ignored: [desription]'), level: 'warning', domain: 'syntax' },
    ] as SchemaError[];
    assert.deepEqual(formatSchemaMismatch(errors), [
      'marathon-slack.slack_webhook_url',
      '  missing:  required, and the package gives it no default',
      'service.nmae',
      "  unknown:  the package's options have no such option",
      'service.usr',
      "  unknown:  the package's options have no such option",
      'service.role',
      '  expected: one of "*", "kafka-role"',
      "  found:    the package's default",
      'Give the options in a JSON file with --options FILE; `dcos package describe PACKAGE --config` shows every option with its type and default.',
    ]);
  });

  it("turns a JsonSchemaMismatch from the package service into one error whose message holds the explanation, rendered under 'Error:'", () => {
    const server = new DcosError(ErrorCodes.BAD_REQUEST, 'POST /package/install: Options JSON failed validation', {
      status: 400,
      extra: { type: 'JsonSchemaMismatch', data: { errors: [fge('/service/mem', 'type', 'bad type', { found: 'string', expected: ['integer'] })] } },
    });
    const explained = explainCosmosError(server, { options: { service: { mem: 'x' } }, optionsFile: 'o.json', packageName: 'kafka' });
    const rendered = renderError(explained, { json: false });
    assert.equal(rendered.exitCode, 2);
    assert.equal(
      rendered.stderr,
      [
        'Error: POST /package/install: Options JSON failed validation: 1 option is wrong',
        '  service.mem',
        '    expected: integer',
        '    found:    string "x"',
        '  Fix it in o.json; `dcos package describe kafka --config` shows every option with its type and default.',
        '',
      ].join('\n'),
    );
  });

  it('leaves every other error as it is', () => {
    const other = new DcosError(ErrorCodes.BAD_REQUEST, 'Package [x] not found', { extra: { type: 'PackageNotFound' } });
    assert.equal(explainCosmosError(other), other);
    const plain = new Error('boom');
    assert.equal(explainCosmosError(plain), plain);
  });
});
