import assert from 'node:assert/strict';
import { CosmosError } from '../../../../../src/runtime/packages/cosmos-error.js';
import { findJsonSyntaxError } from '../../../../../src/core/json-syntax.js';
import { renderPackage } from '../../../../../src/runtime/packages/render/render-package.js';
import { SOURCE, objectSchema, testPackage } from './helpers.js';

const renderTemplate = (template: string) => renderPackage({ pkg: testPackage({ template }), sourceUri: SOURCE })!.app;

const refusal = (type: string, message: RegExp | string) => (e: unknown) => {
  assert.ok(e instanceof CosmosError, String(e));
  assert.equal(e.type, type);
  assert.equal(e.status, 400);
  if (typeof message === 'string') assert.equal(e.message, message);
  else assert.match(e.message, message);
  return true;
};

describe('Cosmos checks of a rendered template', () => {
  it('refuses text that is not JSON with JsonParsingError naming the package, its release and where', () => {
    const pkg = testPackage({ template: '{\n  "id": "x",\n  "cpus": {{service.cpus}}\n}', config: objectSchema({ service: objectSchema({ cpus: { type: 'string', default: '' } }) }) });
    assert.throws(() => renderPackage({ pkg, sourceUri: SOURCE }), (e: CosmosError) => {
      refusal('JsonParsingError', /^Unable to parse the string as a JSON value: the Marathon template of package \[options-test\] release \[7\] rendered invalid JSON: expected json value got '}' \(line 4, column 1\)$/)(e);
      assert.deepEqual(Object.keys(e.data!), ['underlyingType', 'parsingErrorMessage', 'parsingInput']);
      assert.equal(e.data!.parsingInput, '{\n  "id": "x",\n  "cpus": \n}');
      return true;
    });
  });

  const notObjects: Array<[string, string]> = [['an array', '[{"id": "x"}]'], ['a string', '"app"'], ['a number', '42'], ['null', 'null']];
  for (const [what, template] of notObjects) {
    it(`refuses ${what} with MarathonTemplateMustBeJsonObject`, () =>
      assert.throws(() => renderTemplate(template), refusal('MarathonTemplateMustBeJsonObject', 'Rendered Marathon JSON must be a JSON object')));
  }

  const badLabels: Array<[string, string, RegExp]> = [
    ['a number label', '{"labels": {"idx": 0, "string": "value"}}', /label \[idx\] of the Marathon template of package \[options-test\] release \[7\] is a number/],
    ['a boolean label', '{"labels": {"ok": "x", "flag": true}}', /label \[flag\] .* is a boolean/],
    ['an object label', '{"labels": {"nested": {"a": "b"}}}', /label \[nested\] .* is a object/],
    ['labels that are an array', '{"labels": ["a"]}', /labels of .* is an array/],
  ];
  for (const [what, template, detail] of badLabels) {
    it(`refuses ${what} with Cosmos's JsonDecodingError (labels must be Map[String, String])`, () =>
      assert.throws(() => renderTemplate(template), (e: CosmosError) =>
        refusal('JsonDecodingError', /^Unable to decode the JSON value as a scala\.collection\.immutable\.Map: /)(e)
        && detail.test(e.message) && e.data!.typeName === 'scala.collection.immutable.Map' && typeof e.data!.decodeInput === 'string'));
  }

  it('takes absent or null labels as none: the app gets Cosmos\'s labels only', () => {
    for (const template of ['{"env": {"some": "thing"}}', '{"labels": null}']) {
      const app = renderTemplate(template);
      assert.deepEqual(Object.keys(app.labels as object), ['DCOS_PACKAGE_NAME', 'DCOS_PACKAGE_VERSION', 'DCOS_PACKAGE_SOURCE', 'DCOS_PACKAGE_OPTIONS', 'DCOS_PACKAGE_DEFINITION']);
    }
  });

  it('keeps string labels intact', () => {
    const labels = renderTemplate('{"labels": {"a": "A", "b": "B"}}').labels as Record<string, string>;
    assert.equal(labels.a, 'A');
    assert.equal(labels.b, 'B');
  });
});

describe('where a text stops being JSON (jawn-like message, line and column from 1)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['{"a": 1}', undefined],
    [' [1, -2.5e3, true, false, null, "\\u00e9\\n"] ', undefined],
    ['{"a": }', "expected json value got '}' (line 1, column 7)"],
    ['{"a": 1,\n "b": [1, 2,]}', "expected json value got ']' (line 2, column 13)"],
    ['{"a" 1}', "expected : got '1' (line 1, column 6)"],
    ['{"a": 1 "b": 2}', "expected , or } got '\"' (line 1, column 9)"],
    ['{"a": 1} x', "expected whitespace or eof got 'x' (line 1, column 10)"],
    ['{"a": "x', 'expected closing " got end of input (line 1, column 9)'],
    ['{"a": "\\q"}', "expected valid escape got 'q' (line 1, column 9)"],
    ['{"a": 01}', "expected , or } got '1' (line 1, column 8)"],
    ['', 'expected json value got end of input (line 1, column 1)'],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected ?? 'JSON'}`, () => {
      assert.equal(findJsonSyntaxError(text)?.message, expected);
      assert.equal(expected === undefined, (() => { try { JSON.parse(text); return true; } catch { return false; } })(), 'agrees with JSON.parse');
    });
  }
});
