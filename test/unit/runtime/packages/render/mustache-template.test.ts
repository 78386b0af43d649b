import assert from 'node:assert/strict';
import Mustache from 'mustache';
import { javaDouble, javaNumber } from '../../../../../src/runtime/packages/render/java-values.js';
import { mustacheView, renderMustache } from '../../../../../src/runtime/packages/render/mustache-template.js';

const render = (template: string, context: Record<string, unknown>) => renderMustache(template, mustacheView(context));

describe('Cosmos mustache semantics (mustache.java as PackageDefinitionRenderer configures it)', () => {
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    // 1. no HTML escaping
    ['does not HTML-escape {{x}}', '{{x}}', { x: '<a>Foo&Bar Inc.</a>' }, '<a>Foo&Bar Inc.</a>'],
    ['renders {{x}}, {{{x}}} and {{& x}} the same', '{{x}}|{{{x}}}|{{& x}}', { x: 'a&b' }, 'a&b|a&b|a&b'],
    // 2. strings JSON-escaped without quotes, except inside arrays
    ['JSON-escapes a string without its quotes', '"{{x}}"', { x: 'a"b\\c\nd\te' }, '"a\\"b\\\\c\\nd\\te"'],
    ['escapes control characters as \\u00XX', '"{{x}}"', { x: '\u0001' }, '"\\u0001"'],
    ['keeps the quotes of strings inside arrays', '{{#list}}{{.}};{{/list}}', { list: ['a', 'b'] }, '"a";"b";'],
    ['renders an empty string as nothing', '"{{x}}"', { x: '' }, '""'],
    // numbers
    ['renders an integral number without ".0"', '{{a}} {{b}} {{c}}', { a: 1024, b: 1024.0, c: -3 }, '1024 1024 -3'],
    ['renders a fractional number as Java Double.toString', '{{a}} {{b}} {{c}} {{d}}', { a: 0.5, b: 0.0001, c: 12345678.5, d: 1e-7 }, '0.5 1.0E-4 1.23456785E7 1.0E-7'],
    ['renders a huge integral number with all its digits', '{{a}}', { a: 1e21 }, '1000000000000000000000'],
    ['renders booleans as true/false', '{{t}} {{f}}', { t: true, f: false }, 'true false'],
    ['renders null and missing names as nothing', '[{{n}}][{{missing}}][{{a.b.c}}]', { n: null }, '[][][]'],
    // arrays: List.toString and isEmpty
    ['renders an array as Java List.toString, valid JSON for strings and numbers', '{{list}}', { list: ['a', 'b'] }, '["a", "b"]'],
    ['renders nested arrays as nested List.toString', '{{c}}', { c: [['hostname', 'UNIQUE'], ['zone', 'GROUP_BY', '3']] }, '[["hostname", "UNIQUE"], ["zone", "GROUP_BY", "3"]]'],
    ['renders numbers, booleans and null in arrays as Java does', '{{list}}', { list: [1, 2.5, true, null] }, '[1, 2.5, true, null]'],
    ['renders an empty array as []', '{{list}}', { list: [] }, '[]'],
    ['exposes List.isEmpty: {{^list.isEmpty}} renders for a non-empty list', '{{^list.isEmpty}}has{{/list.isEmpty}}', { list: ['x'] }, 'has'],
    ['exposes List.isEmpty: {{^list.isEmpty}} renders nothing for an empty list', '{{^list.isEmpty}}has{{/list.isEmpty}}', { list: [] }, ''],
    ['exposes List.size', '{{list.size}}', { list: [1, 2, 3] }, '3'],
    ['iterates a non-empty list section once per element', '{{#list}}<{{name}}>{{/list}}', { list: [{ name: 'a' }, { name: 'b' }] }, '<a><b>'],
    ['reaches no JavaScript array method or property from a template', '[{{list.map}}][{{list.length}}]', { list: [1] }, '[][]'],
    ['exposes String.length and String.isEmpty, of the escaped text as Java sees it', '{{s.length}} {{s.isEmpty}} {{e.isEmpty}}', { s: 'a"b', e: '' }, '4 false true'],
    // objects: Map.toString
    ['renders an object as Java Map.toString', '{{o}}', { o: { a: 1, b: 'x', c: [1], d: { e: null } } }, '{a=1, b=x, c=[1], d={e=null}}'],
    ['reaches no JavaScript object method from a template', '[{{o.toString}}][{{o.constructor}}][{{o.hasOwnProperty}}]', { o: { a: 1 } }, '[][][]'],
    // 3. truthiness
    ['treats the number 0 as truthy', '{{#n}}yes{{/n}}{{^n}}no{{/n}}', { n: 0 }, 'yes'],
    ['treats false, "", null, missing and [] as falsy', '{{^f}}1{{/f}}{{^s}}2{{/s}}{{^n}}3{{/n}}{{^m}}4{{/m}}{{^l}}5{{/l}}', { f: false, s: '', n: null, l: [] }, '12345'],
    ['treats a non-empty string and an object as truthy, pushed once as the context', '{{#s}}[{{.}}]{{/s}}{{#o}}[{{k}}]{{/o}}', { s: 'v', o: { k: 'w' } }, '[v][w]'],
    ['pushes true as the context of its section, as mustache.java does', '{{#t}}[{{.}}]{{/t}}', { t: true }, '[true]'],
    // 4. dotted names
    ['resolves dotted names through nested objects, "-" allowed', '{{resource.assets.uris.jre-tar-gz}}', { resource: { assets: { uris: { 'jre-tar-gz': 'https://x/jre.tgz' } } } }, 'https://x/jre.tgz'],
    ['renders a missing name with a "-" as nothing (cloudflare-argotunnel\'s {{package-name}})', '"{{package-name}}"', {}, '""'],
    ['falls back to outer scopes when a dotted name is missing in the inner one', '{{#o}}{{a.b}}{{/o}}', { o: { a: {} }, a: { b: 'outer' } }, 'outer'],
    ['stops at a null met on the way of a dotted name', '{{#o}}[{{a.b}}]{{/o}}', { o: { a: null }, a: { b: 'outer' } }, '[]'],
    ['prints nothing for a partial: Cosmos loads none', '[{{> other}}]', {}, '[]'],
    // 6. asJson
    ['asJson inserts a top-level string option as raw JSON', '{{#asJson}}extra{{/asJson}}', { extra: '{"a": [1, 2]}' }, '{"a": [1, 2]}'],
    ['asJson inserts null for a missing key or a value that is not a string', '{{#asJson}}missing{{/asJson}} {{#asJson}}n{{/asJson}} {{#asJson}}o{{/asJson}}', { n: 5, o: { a: 1 } }, 'null null null'],
    ['asJson looks up top-level keys only, not dotted names', '{{#asJson}}service.extra{{/asJson}}', { service: { extra: '{}' } }, 'null'],
    ['asJson renders the inserted text as a template in turn (a TemplateFunction)', '{{#asJson}}extra{{/asJson}}', { extra: '{"id": "{{name}}"}', name: 'svc' }, '{"id": "svc"}'],
    ['asJson wins over an option named asJson', '{{#asJson}}extra{{/asJson}}', { asJson: 'mine', extra: '1' }, '1'],
    // 7. comments and the implicit iterator
    ['drops comments', '{{! a comment }}x', {}, 'x'],
  ];
  for (const [rule, template, context, expected] of cases) {
    it(rule, () => assert.equal(render(template, context), expected));
  }

  it('parses each template text once (mustache.js cache), and keeps asJson\'s user text out of that cache', () => {
    const original = Mustache.templateCache;
    const store = new Map<string, string[]>();
    let parses = 0;
    Mustache.templateCache = {
      set: (key: string, tokens: string[]) => { parses++; store.set(key, tokens); },
      get: (key: string) => store.get(key),
      clear: () => store.clear(),
    } as unknown as typeof Mustache.templateCache;
    try {
      for (let x = 0; x < 3; x++) assert.equal(render('{"v": "{{x}}", "e": {{#asJson}}extra{{/asJson}}}', { x, extra: `{"n": "{{x}}-${x}"}` }), `{"v": "${x}", "e": {"n": "${x}-${x}"}}`);
      assert.equal(parses, 1);
    } finally {
      Mustache.templateCache = original;
    }
  });
});

describe('Java number text (BigInteger for integral numbers, else Double.toString)', () => {
  const cases: Array<[number, string]> = [
    [0, '0'], [-0, '0'], [1024, '1024'], [2 ** 53, '9007199254740992'], [0.5, '0.5'], [0.001, '0.001'],
    [0.0001, '1.0E-4'], [1.5e-10, '1.5E-10'], [9999999.5, '9999999.5'], [12345678.5, '1.23456785E7'], [-0.25, '-0.25'],
  ];
  for (const [n, expected] of cases) it(`prints ${n} as ${expected}`, () => assert.equal(javaNumber(n), expected));
  it('Double.toString always has a fraction digit', () => assert.equal(javaDouble(2), '2.0'));
});
