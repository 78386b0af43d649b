/**
 * Rendering a marathon.json.mustache the way Cosmos's mustache.java does (cosmos-universe.md
 * §3.3), on mustache.js. The context is converted first, as jsonToJava converts it, into
 * values whose mustache.js behaviour is mustache.java's:
 * - strings are JSON-escaped without their quotes (`"{{x}}"` is always a valid JSON string),
 *   except inside arrays, where they keep them;
 * - numbers become their Java text (1024.0 → "1024", 0.0001 → "1.0E-4"); being non-empty
 *   strings they are truthy, 0 included, as every non-Boolean object is in mustache.java;
 * - arrays print as List.toString (`["a", "b"]`, valid JSON for strings and numbers) and
 *   answer `isEmpty` and `size`, the List methods templates call through reflection;
 * - objects print as Map.toString (`{k=v}`) and expose their keys only, as Maps do;
 * - neither has a prototype, so no JavaScript method is reachable from a template;
 * - `{{#asJson}}key{{/asJson}}` inserts the top-level string option `key` as raw text
 *   ("null" for anything else), and that text is rendered in turn (a TemplateFunction).
 * Nothing is HTML-escaped: `{{x}}`, `{{{x}}}` and `{{& x}}` are the same.
 */
import Mustache from 'mustache';
import { type JsonObject, isJsonObject } from './options-merge.js';
import { javaNumber } from './java-values.js';

/** The text mustache.java prints for a converted value (String.valueOf). */
function javaString(value: unknown): string {
  return value === null || value === undefined ? 'null' : String(value);
}

function toJavaList(items: unknown[]): unknown[] {
  const list = items.map((item) => toJava(item, true));
  Object.setPrototypeOf(list, null);
  Object.defineProperties(list, {
    isEmpty: { value: list.length === 0 },
    size: { value: String(list.length) },
    [Symbol.toPrimitive]: { value: () => `[${Array.prototype.map.call(list, javaString).join(', ')}]` },
  });
  return list;
}

function toJavaMap(object: JsonObject): JsonObject {
  const map: JsonObject = Object.create(null);
  for (const [key, item] of Object.entries(object)) map[key] = toJava(item, false);
  Object.defineProperty(map, Symbol.toPrimitive, {
    value: () => `{${Object.entries(map).map(([key, item]) => `${key}=${javaString(item)}`).join(', ')}}`,
  });
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

/** mustache.js calls a function found in the view, then calls what it returns with the section's text. */
function asJsonLambda(context: JsonObject) {
  return () => (key: string, render: (template: string) => string) => {
    const value = Object.hasOwn(context, key) ? context[key] : undefined;
    if (typeof value !== 'string') return 'null';
    return value.includes('{{') ? render(value) : value;
  };
}

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

const config = { escape: (text: string) => text };

/** Renders with mustache.js, whose parse cache keys on the template text, so each template is parsed once. */
export function renderMustache(template: string, view: JsonObject): string {
  return Mustache.render(template, view, undefined, config);
}
