/**
 * Validation of the resolved options against config.json, as
 * PackageDefinitionRenderer.validateOptionsAgainstSchema does it (cosmos-universe.md §3.2):
 *
 * | config.json | defaults ⊕ options non-empty | result                                   |
 * |-------------|------------------------------|------------------------------------------|
 * | no          | no                           | valid, nothing checked                   |
 * | yes         | no                           | valid, nothing checked (humio-agent)     |
 * | no          | yes                          | OptionsNotAllowed                        |
 * | yes         | yes                          | the merged document against the schema  |
 *
 * Cosmos validates with fge in draft-04; ajv-draft-04 stands in for it, reporting every
 * failure (allErrors) and ignoring keywords it does not know (strict false), as fge does.
 */
import Ajv04Module from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { PackageDefinition, SchemaError } from '../../../api/cosmos-types.js';
import { cosmosError } from '../cosmos-error.js';
import { type JsonObject, resolveOptions } from './options.js';
import { toSchemaErrors } from './schema-errors.js';

/**
 * formats are not checked: fge checks a few (uri, email, hostname, ipv4/6, date-time) but
 * no Universe config in the fixtures uses one, and ajv-formats is not a dependency.
 */
/** ajv-draft-04 is CommonJS: under NodeNext its class is the module's `default`. */
const Ajv04 = Ajv04Module.default;
const ajv = new Ajv04({ strict: false, allErrors: true, verbose: true, validateFormats: false, logger: false });

/** A compiled schema, or why config.json is not a schema (fge's "syntax" domain). */
type Compiled = { validate: ValidateFunction } | { syntaxErrors: SchemaError[] };
const compiled = new WeakMap<JsonObject, Compiled>();

function syntaxError(pointer: string, keyword: string, message: string): SchemaError {
  return { level: 'error', schema: { loadingURI: '#', pointer }, instance: { pointer: '' }, domain: 'syntax', keyword, message };
}

function compile(config: JsonObject): Compiled {
  // A root "$schema" naming some other draft (Universe configs often say "http://json-schema.org/schema#")
  // does not change how Cosmos validates: fge reads every config as draft-04.
  const { $schema: _ignored, ...schema } = config;
  if (!ajv.validateSchema(schema)) {
    return { syntaxErrors: (ajv.errors ?? []).map((e: ErrorObject) => syntaxError(e.instancePath, e.keyword, `config.json is not a draft-04 schema: ${e.message}`)) };
  }
  try {
    return { validate: ajv.compile(schema) };
  } catch (error) {
    return { syntaxErrors: [syntaxError('', 'schema', `config.json cannot be compiled: ${(error as Error).message}`)] };
  } finally {
    // ajv keeps every compiled schema object; the WeakMap above is the only cache wanted.
    ajv.removeSchema(schema);
  }
}

function compiledSchema(config: JsonObject): Compiled {
  let entry = compiled.get(config);
  if (!entry) {
    entry = compile(config);
    compiled.set(config, entry);
  }
  return entry;
}

/**
 * The failures of an already merged document (defaults ⊕ options), following the table
 * above: [] when valid or skipped; OptionsNotAllowed when there is a document but no schema.
 */
export function mergedOptionsErrors(pkg: PackageDefinition, merged: JsonObject): SchemaError[] {
  if (Object.keys(merged).length === 0) return [];
  if (!pkg.config) throw cosmosError('OptionsNotAllowed', 'No schema available to validate the provided options');
  const entry = compiledSchema(pkg.config);
  if ('syntaxErrors' in entry) return entry.syntaxErrors;
  return entry.validate(merged) ? [] : toSchemaErrors(entry.validate.errors ?? []);
}

/**
 * The schema failures of defaults ⊕ options (empty: valid, or validation skipped as Cosmos
 * skips it). Throws OptionsNotAllowed when options are given to a package without config.json.
 */
export function validateOptions(pkg: PackageDefinition, options: Record<string, unknown>): SchemaError[] {
  return mergedOptionsErrors(pkg, resolveOptions(pkg, options));
}

/** Throws JsonSchemaMismatch (Cosmos's message, the failures in data.errors) unless the document passes. */
export function assertValidOptions(pkg: PackageDefinition, merged: JsonObject): void {
  const errors = mergedOptionsErrors(pkg, merged);
  if (errors.length > 0) throw cosmosError('JsonSchemaMismatch', 'Options JSON failed validation', { errors });
}
