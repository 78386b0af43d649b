/**
 * Rendering a marathon.json.mustache the way Cosmos's mustache.java does (cosmos-universe.md
 * §3.3), on mustache.js. The context is converted first, as jsonToJava converts it, into
 * values whose mustache.js behaviour is mustache.java's:
 * - strings are JSON-escaped without their quotes (`"{{x}}"` is always a valid JSON string),
 *   except inside arrays, where they keep them;
 * - numbers become their Java text (1024.0 → "1024", 0.0001 → "1.0E-4"); being non-empty
 *   strings they are truthy, 0 included, as every non-Boolean object is in mustache.java;
 * - arrays print as List.toString (`["a", "b"]`, valid JSON for strings and numbers);
 * - objects print as Map.toString (`{k=v}`);
 * - `{{#asJson}}key{{/asJson}}` inserts the top-level string option `key` as raw text
 *   ("null" for anything else), and that text is rendered in turn (a TemplateFunction).
 * Nothing is HTML-escaped: `{{x}}`, `{{{x}}}` and `{{& x}}` are the same.
 * mustache.js parses; the walk over its parse tree is mustache.java's (lookup, truthiness,
 * a `true` section pushes `true`), which mustache.js's own render is not.
 */
import Mustache from 'mustache';
import { type JsonObject, isJsonObject } from './options.js';
import { javaNumber } from './java-values.js';

/** The text mustache.java prints for a converted value (String.valueOf). */
function javaString(value: unknown): string {
  return value === null || value === undefined ? 'null' : String(value);
}

/** Converted lists and maps print as Java's toString; being Symbol-keyed, it is out of a template's reach. */
const JAVA_LIST = Object.create(Array.prototype, {
  [Symbol.toPrimitive]: { value(this: unknown[]) { return `[${this.map(javaString).join(', ')}]`; } },
});
const JAVA_MAP = Object.create(null, {
  [Symbol.toPrimitive]: {
    value(this: JsonObject) {
      const entries: string[] = [];
      for (const key in this) entries.push(`${key}=${javaString(this[key])}`);
      return `{${entries.join(', ')}}`;
    },
  },
});

function toJavaList(items: unknown[]): unknown[] {
  const list = new Array(items.length);
  for (let i = 0; i < items.length; i++) list[i] = toJava(items[i], true);
  return Object.setPrototypeOf(list, JAVA_LIST);
}

function toJavaMap(object: JsonObject): JsonObject {
  const map: JsonObject = Object.create(JAVA_MAP);
  for (const key in object) map[key] = toJava(object[key], false);
  return map;
}

/** jsonToJava: one JSON value as the value mustache.java would see. */
export function toJava(value: unknown, inArray: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return inArray ? JSON.stringify(value) : JSON.stringify(value).slice(1, -1);
  if (typeof value === 'number') return javaNumber(value);
  if (Array.isArray(value)) return toJavaList(value);
  if (isJsonObject(value)) return toJavaMap(value);
  return value;
}

/** How deep asJson may render text that itself calls asJson: an option naming itself would recurse forever. */
const MAX_AS_JSON_DEPTH = 8;

/** `{{#asJson}}key{{/asJson}}`: the top-level string option `key` as raw text, "null" for anything else. */
function asJsonLambda(context: JsonObject): Lambda {
  let depth = 0;
  return (key, render) => {
    const value = Object.hasOwn(context, key) ? context[key] : undefined;
    if (typeof value !== 'string') return 'null';
    if (!value.includes('{{')) return value;
    if (depth >= MAX_AS_JSON_DEPTH) throw new TemplateError(`asJson of option ${JSON.stringify(key)} renders itself more than ${MAX_AS_JSON_DEPTH} levels deep`);
    depth++;
    try {
      return render(value);
    } finally {
      depth--;
    }
  };
}

/** A template (or text it renders) that mustache cannot parse or that cannot end. */
export class TemplateError extends Error {}

/**
 * The view of a context: converted, with the asJson lambda (which wins over an option of that
 * name, as in Cosmos). `javaResource`, when given, is an already converted `resource` to set
 * on it (the context has none), so a package's resource is converted once, not per render.
 */
export function mustacheView(context: JsonObject, javaResource?: unknown): JsonObject {
  const view = toJavaMap(context);
  if (javaResource !== undefined) view.resource = javaResource;
  Object.defineProperty(view, 'asJson', { value: asJsonLambda(context) });
  return view;
}

/** A TemplateFunction: the section's raw text in, text out that is rendered in turn over the same scopes. */
type Lambda = (text: string, render: (template: string) => string) => string;

/** mustache.js's parse tree: [type, value, start, end, children?, closing tag start?]. */
type Token = [string, string, number, number, Token[]?, number?];

const MISSING = Symbol('missing');

/**
 * What a name segment reaches in one value, as mustache.java's reflection reaches it: a
 * map's keys (Maps expose no methods), List.isEmpty() and size(), String.isEmpty() and
 * length(); nothing else (no JavaScript property or method).
 */
function member(scope: unknown, name: string): unknown {
  if (Array.isArray(scope)) return name === 'isEmpty' ? scope.length === 0 : name === 'size' ? String(scope.length) : MISSING;
  if (typeof scope === 'string') return name === 'isEmpty' ? scope.length === 0 : name === 'length' ? String(scope.length) : MISSING;
  if (typeof scope === 'object' && scope !== null && Object.hasOwn(scope, name)) return (scope as JsonObject)[name];
  return MISSING;
}

const segmentsCache = new Map<string, string[]>();

/**
 * mustache.java's lookup: the first segment in the innermost scope that has it, the rest
 * inside what it found; when a later segment is missing the next scope out is tried, and
 * a null on the way ends the search with null.
 */
function lookup(scopes: unknown[], name: string): unknown {
  if (name === '.') return scopes[scopes.length - 1];
  let segments = segmentsCache.get(name);
  if (!segments) {
    segments = name.split('.');
    segmentsCache.set(name, segments);
  }
  next: for (let i = scopes.length - 1; i >= 0; i--) {
    let value = member(scopes[i], segments[0]);
    if (value === MISSING) continue;
    for (let k = 1; k < segments.length; k++) {
      if (value === null || value === undefined) return null;
      value = member(value, segments[k]);
      if (value === MISSING) continue next;
    }
    return value;
  }
  return undefined;
}

/** mustache.java's falsey: null, false, "" and an empty list; everything else (0 included) is truthy. */
function falsy(value: unknown): boolean {
  return value === null || value === undefined || value === false || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Parses lambda results (user data) without caching them: only package templates belong in mustache.js's cache. */
const uncachedWriter = Object.assign(new Mustache.Writer(), { templateCache: undefined });

function renderTokens(tokens: Token[], scopes: unknown[], template: string): string {
  let out = '';
  for (const token of tokens) {
    const type = token[0];
    if (type === 'text') out += token[1];
    else if (type === 'name' || type === '&') {
      const value = lookup(scopes, token[1]);
      if (value !== null && value !== undefined && typeof value !== 'function') out += String(value);
    } else if (type === '#') {
      const value = lookup(scopes, token[1]);
      const children = token[4]!;
      if (typeof value === 'function') {
        const render = (text: string) => renderTokens(parseTemplate(() => uncachedWriter.parse(text) as Token[]), scopes, text);
        out += (value as Lambda)(template.slice(token[3], token[5]), render);
      } else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) out += renderTokens(children, [...scopes, value[i]], template);
      } else if (!falsy(value)) out += renderTokens(children, [...scopes, value], template);
    } else if (type === '^') {
      const value = lookup(scopes, token[1]);
      if (falsy(value)) out += renderTokens(token[4]!, scopes, template);
    }
    // '!' comments and '=' delimiter changes print nothing; Cosmos's factory loads no partials ('>').
  }
  return out;
}

/**
 * Renders a template over a view. mustache.js parses it (and caches the parse by the
 * template's text, so each template is parsed once); the tree is then walked with
 * mustache.java's lookup and truthiness rather than mustache.js's.
 */
export function renderMustache(template: string, view: JsonObject): string {
  return renderTokens(parseTemplate(() => Mustache.parse(template) as unknown as Token[]), [view], template);
}

function parseTemplate(parse: () => Token[]): Token[] {
  try {
    return parse();
  } catch (e) {
    throw new TemplateError((e as Error).message);
  }
}
