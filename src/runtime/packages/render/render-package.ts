/**
 * The Cosmos renderer (PackageDefinitionRenderer.renderMarathonV2App; cosmos-universe.md §3):
 * a Universe package and the user's options in, the Marathon app Cosmos would send out.
 *
 *   1. no Marathon template → undefined (a CLI-only package; options are not looked at);
 *   2. resolved = defaults(config) ⊕ options;
 *   3. resolved validated against config.json (OptionsNotAllowed, JsonSchemaMismatch);
 *   4. the template rendered over resolved ⊕ {resource} (resource.json wins over a user's
 *      `resource` option where they collide);
 *   5. the text parsed as a JSON object with string labels;
 *   6. id from appId, the template's labels, then Cosmos's five labels over them.
 *
 * What depends on the package alone is computed once per package object (the template text,
 * the converted resource, the gzipped DCOS_PACKAGE_DEFINITION, the compiled schema, the
 * defaults); treat a PackageDefinition passed here as immutable.
 */
import type { PackageDefinition } from '../../../api/cosmos-types.js';
import { cosmosError } from '../cosmos-error.js';
import { nonOverridableLabels } from './cosmos-labels.js';
import { decorateApp, parseRenderedApp, templateLabels } from './marathon-app.js';
import { mustacheView, renderMustache, TemplateError, toJava } from './mustache-template.js';
import { type JsonObject, deepMerge, resolveOptions } from './options.js';
import { assertValidOptions } from './options-validation.js';
import { encodeResource } from './stored-package.js';

export { validateOptions } from './options-validation.js';

export interface RenderInput {
  pkg: PackageDefinition;
  /** The repository URI the package came from: the DCOS_PACKAGE_SOURCE label. */
  sourceUri: string;
  /** The user's options exactly as given (DCOS_PACKAGE_OPTIONS encodes these, never the merged ones). */
  options?: Record<string, unknown>;
  /** --app-id: replaces the template's id (a leading "/" added if missing). */
  appId?: string;
}

export interface RenderedApp {
  /** The Marathon app: template rendered, then id from appId, then Cosmos's labels over the template's. */
  app: Record<string, unknown>;
  /** defaults ⊕ user options (what the template saw, without resource). */
  resolvedOptions: Record<string, unknown>;
}

interface PackageParts {
  template: string;
  /** resource as Cosmos's model encodes it, raw and converted for mustache */
  resource?: { json: JsonObject; java: unknown };
}

const partsCache = new WeakMap<PackageDefinition, PackageParts>();

function partsOf(pkg: PackageDefinition, template: string): PackageParts {
  let parts = partsCache.get(pkg);
  if (!parts) {
    const json = encodeResource(pkg);
    parts = { template: Buffer.from(template, 'base64').toString('utf8'), ...(json ? { resource: { json, java: toJava(json, false) } } : {}) };
    partsCache.set(pkg, parts);
  }
  return parts;
}

/** resolved ⊕ {resource}, converted; the package's converted resource is reused unless a user option collides with it. */
function viewOf(parts: PackageParts, resolved: JsonObject): JsonObject {
  if (!parts.resource) return mustacheView(resolved);
  if ('resource' in resolved) return mustacheView(deepMerge(resolved, { resource: parts.resource.json }));
  return mustacheView(resolved, parts.resource.java);
}

/** Undefined when the package has no Marathon template (a CLI-only package). */
export function renderPackage(input: RenderInput): RenderedApp | undefined {
  const { pkg, sourceUri, options, appId } = input;
  if (!pkg.marathon) return undefined;
  const parts = partsOf(pkg, pkg.marathon.v2AppMustacheTemplate);
  const resolvedOptions = resolveOptions(pkg, options);
  assertValidOptions(pkg, resolvedOptions);
  let text: string;
  try {
    text = renderMustache(parts.template, viewOf(parts, resolvedOptions));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    throw cosmosError('MarathonTemplateNotRenderable', `The Marathon template of package [${pkg.name}] release [${pkg.releaseVersion}] cannot be rendered: ${e.message}`,
      { packageName: pkg.name, releaseVersion: pkg.releaseVersion, cause: e.message });
  }
  const app = parseRenderedApp(pkg, text);
  const labels = templateLabels(pkg, app);
  return { app: decorateApp(app, labels, nonOverridableLabels(pkg, sourceUri, options), appId), resolvedOptions };
}
