/**
 * Install options as Cosmos resolves them (cosmos-universe.md §3.1):
 * `defaults(config) ⊕ userOptions`, where defaults are read from config.json the way
 * JsonSchema.extractDefaultsFromSchema reads them and ⊕ is circe's deepMerge.
 */
import type { PackageDefinition } from '../../../api/cosmos-types.js';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The document of defaults a config.json schema declares: for each object under
 * `properties`, its `default` if it has one (even when it also has `properties`), else
 * the defaults of its own `properties` when there is at least one; otherwise it is absent.
 * Defaults under `items`, `oneOf`, `anyOf`, `$ref` are not read, as in Cosmos.
 */
export function extractDefaults(schema: JsonObject): JsonObject {
  return filterDefaults(schema.properties) ?? {};
}

function filterDefaults(properties: unknown): JsonObject | undefined {
  if (!isJsonObject(properties)) return undefined;
  const defaults: JsonObject = {};
  let found = false;
  for (const [name, property] of Object.entries(properties)) {
    if (!isJsonObject(property)) continue;
    const value = 'default' in property ? property.default : filterDefaults(property.properties);
    if (value === undefined) continue;
    defaults[name] = value;
    found = true;
  }
  return found ? defaults : undefined;
}

/**
 * circe's `deepMerge`: keys of `fragment` win, except that two objects under the same key
 * are merged recursively; arrays and scalars are replaced whole. Returns a fresh document
 * (objects and arrays copied), so callers may change it without touching either input.
 */
export function deepMerge(target: JsonObject, fragment: JsonObject): JsonObject {
  const merged = copyJson(target) as JsonObject;
  for (const key in fragment) {
    const existing = merged[key];
    const value = fragment[key];
    setKey(merged, key, isJsonObject(existing) && isJsonObject(value) ? deepMerge(existing, value) : copyJson(value));
  }
  return merged;
}

function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: JsonObject = {};
  for (const key in value) setKey(copy, key, copyJson((value as JsonObject)[key]));
  return copy;
}

/** `object[key] = value`, except that a "__proto__" key (JSON.parse makes it an own key) stays a key. */
function setKey(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

const defaultsCache = new WeakMap<JsonObject, JsonObject>();

/** The defaults of a config.json, read once per config object (treat the result as read-only). */
export function defaultsOf(config: JsonObject): JsonObject {
  let defaults = defaultsCache.get(config);
  if (!defaults) {
    defaults = extractDefaults(config);
    defaultsCache.set(config, defaults);
  }
  return defaults;
}

/** `{} ⊕ defaults(config) ⊕ options` (PackageDefinitionRenderer.mergeDefaultAndUserOptions). */
export function resolveOptions(pkg: PackageDefinition, options: JsonObject | undefined): JsonObject {
  return deepMerge(pkg.config ? defaultsOf(pkg.config) : {}, options ?? {});
}
