import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDcosError } from '../../../src/cli/errors.js';
import { jsonSyntaxProblem, readOptionsFile } from '../../../src/cli/input.js';
import { repositoriesToImport } from '../../../src/cli/repo-import.js';
import { ErrorCodes } from '../../../src/core/errors.js';

describe('options files (--options FILE)', () => {
  const syntax: Array<[string, number, number, string]> = [
    ['{\n  "service": {\n    "name": "x",\n  }\n}', 4, 3, 'Expected double-quoted property name'],
    ['{"a": }', 1, 7, "Unexpected token '}'"],
    ['{\n "a": [1, 2,, 3]\n}', 2, 13, "Unexpected token ','"],
    ['{"a": 1', 1, 8, "Expected ',' or '}' after property value"],
    ['{"a":1} x', 1, 9, 'Unexpected non-whitespace character after JSON'],
    ['{"né": tru}', 1, 11, "Unexpected token '}'"],
  ];
  for (const [text, line, column, reason] of syntax) {
    it(`places the error of ${JSON.stringify(text)} at line ${line}, column ${column}`, () => {
      assert.deepEqual(jsonSyntaxProblem(text), { line, column, reason });
    });
  }

  it('finds no problem in valid JSON', () => assert.equal(jsonSyntaxProblem('{"a": [1, {"b": null}]}'), undefined));

  describe('reading', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'dcos-options-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    it('answers the object as written', async () => {
      assert.deepEqual(await readOptionsFile(file('ok.json', '{"service": {"name": "k"}}')), { service: { name: 'k' } });
    });

    const refused: Array<[string, string | undefined, (path: string) => string]> = [
      ['missing.json', undefined, (p) => `cannot read the options file ${p}: no such file`],
      ['empty.json', '  \n', (p) => `the options file ${p} is empty: it must hold a JSON object, e.g. {"service": {"name": "x"}}`],
      ['bad.json', '{\n  "a": 1,\n}', (p) => `the options file ${p} is not valid JSON: line 3, column 1: Expected double-quoted property name`],
      ['array.json', '[]', (p) => `the options file ${p} must hold a JSON object (e.g. {"service": {"name": "x"}}), got an array`],
      ['number.json', '3', (p) => `the options file ${p} must hold a JSON object (e.g. {"service": {"name": "x"}}), got a number`],
    ];
    for (const [name, text, message] of refused) {
      it(`refuses ${name} as a usage error naming the file`, async () => {
        const path = text === undefined ? join(dir, name) : file(name, text);
        await assert.rejects(readOptionsFile(path), (err: unknown) => isDcosError(err, ErrorCodes.BAD_REQUEST) && (err as Error).message === message(path));
      });
    }
  });
});

describe('repository files (package repo import FILE)', () => {
  it('reads what repo list --json prints', () => {
    const repositories = [{ name: 'mine', uri: 'https://a/repo' }, { name: 'Universe', uri: 'https://u/repo' }];
    assert.deepEqual(repositoriesToImport({ repositories }, 'r.json'), repositories);
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown field', { repositories: [{ name: 'a', uri: 'u' }], extra: 1 }, 'r.json: unknown field extra: the file holds {"repositories": [{"name", "uri"}, ...]}'],
    ['no list', { repositories: {} }, 'r.json: /repositories must be an array of {"name", "uri"}'],
    ['an empty list', { repositories: [] }, 'r.json: no repositories found to import'],
    [
      'bad entries, every one named',
      { repositories: [{ name: '', uri: 'u' }, 'x', { name: 'a', uri: 'u', index: 0 }, { name: 'a', uri: 'v' }] },
      'r.json is not a repository list:\n/repositories/0/name: must be a non-empty string\n/repositories/1: must be an object {"name", "uri"}\n/repositories/2/index: unknown field\n/repositories/3/name: a is given more than once',
    ],
  ];
  for (const [what, doc, message] of refused) {
    it(`refuses ${what} before adding any`, () => {
      assert.throws(() => repositoriesToImport(doc, 'r.json'), (err: unknown) => isDcosError(err, ErrorCodes.BAD_REQUEST) && (err as Error).message === message);
    });
  }
});
