/**
 * From rendered text to the Marathon app Cosmos sends (PackageDefinitionRenderer.renderTemplate,
 * extractLabels, decorateMarathonJson): the text must be a JSON object whose `labels`, when
 * present and not null, map names to strings; then the app id from --app-id, then the
 * template's labels, then Cosmos's own labels over them (later wins).
 */
import type { PackageDefinition } from '../../../api/cosmos-types.js';
import { cosmosError } from '../cosmos-error.js';
import { normalizeAppId } from '../../../core/ids.js';
import { findJsonSyntaxError } from '../../../core/json-syntax.js';
import { type JsonObject, isJsonObject } from './options.js';

const templateOf = (pkg: PackageDefinition) => `the Marathon template of package [${pkg.name}] release [${pkg.releaseVersion}]`;

/** The rendered text as a JSON object, or JsonParsingError / MarathonTemplateMustBeJsonObject. */
export function parseRenderedApp(pkg: PackageDefinition, rendered: string): JsonObject {
  let json: unknown;
  try {
    json = JSON.parse(rendered);
  } catch (error) {
    const syntax = findJsonSyntaxError(rendered);
    const detail = syntax?.message ?? (error as Error).message;
    throw cosmosError('JsonParsingError', `Unable to parse the string as a JSON value: ${templateOf(pkg)} rendered invalid JSON: ${detail}`, {
      underlyingType: 'org.typelevel.jawn.ParseException',
      parsingErrorMessage: detail,
      parsingInput: rendered,
    });
  }
  if (!isJsonObject(json)) throw cosmosError('MarathonTemplateMustBeJsonObject', 'Rendered Marathon JSON must be a JSON object');
  return json;
}

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/**
 * The template's labels: {} when absent or null; JsonDecodingError (Cosmos could not decode
 * them as a Map[String, String]) naming the first label that is not a string.
 */
export function templateLabels(pkg: PackageDefinition, app: JsonObject): Record<string, string> {
  const labels = app.labels;
  if (labels === undefined || labels === null) return {};
  const refuse = (problem: string) =>
    cosmosError('JsonDecodingError', `Unable to decode the JSON value as a scala.collection.immutable.Map: ${problem}`, {
      typeName: 'scala.collection.immutable.Map',
      decodingErrorMessage: problem,
      decodeInput: JSON.stringify(app),
    });
  if (!isJsonObject(labels)) throw refuse(`labels of ${templateOf(pkg)} is ${kindOf(labels)}; labels must be an object of strings`);
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string') throw refuse(`label [${key}] of ${templateOf(pkg)} is ${kindOf(value)}; label values must be strings`);
  }
  return labels as Record<string, string>;
}

/** id (when given: absolute, as Cosmos's AppId.apply makes it, and as Marathon stores ids), then the template's labels, then Cosmos's labels; keys keep their place, as circe's merge keeps them. */
export function decorateApp(app: JsonObject, labels: Record<string, string>, cosmosLabels: Record<string, string>, appId: string | undefined): JsonObject {
  if (appId !== undefined) app.id = normalizeAppId(appId);
  app.labels = Object.assign(labels, cosmosLabels);
  return app;
}
