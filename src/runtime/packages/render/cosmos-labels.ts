/**
 * The labels Cosmos puts on every app it renders, over the template's own labels of the
 * same name (PackageDefinitionRenderer.nonOverridableLabels; cosmos-universe.md §3.4),
 * and their decoding: uninstall finds apps by DCOS_PACKAGE_NAME, update reads the user's
 * options from DCOS_PACKAGE_OPTIONS and the package from DCOS_PACKAGE_DEFINITION.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PackageDefinition } from '../../../api/cosmos-types.js';
import { packageProblems } from '../repository/package-validation.js';
import { isJsonObject, type JsonObject } from './options.js';
import { encodePackageDefinition } from './stored-package.js';

export const CosmosLabel = {
  name: 'DCOS_PACKAGE_NAME',
  version: 'DCOS_PACKAGE_VERSION',
  source: 'DCOS_PACKAGE_SOURCE',
  options: 'DCOS_PACKAGE_OPTIONS',
  definition: 'DCOS_PACKAGE_DEFINITION',
  /** Set by templates, not by Cosmos: the Mesos framework the app's scheduler registers (uninstall tears it down). */
  frameworkName: 'DCOS_PACKAGE_FRAMEWORK_NAME',
} as const;

/** The media type of a stored package definition, by packaging version (universe/MediaTypes.scala). */
function packageMediaType(pkg: PackageDefinition): string {
  return `application/vnd.dcos.universe.package+json;charset=utf-8;version=v${pkg.packagingVersion.split('.')[0]}`;
}

/**
 * base64 of the compact JSON with null-valued keys dropped (encodeForLabel, circe's
 * dropNullValues printer). JSON.stringify drops a key whose replacer answer is undefined
 * and writes null for such an array element, which is what circe does with nulls in arrays.
 */
export function encodeForLabel(json: unknown): string {
  return Buffer.from(JSON.stringify(json, (_key, value: unknown) => (value === null ? undefined : value)), 'utf8').toString('base64');
}

/**
 * The StorageEnvelope of a package definition: Cosmos's encoding of it, compact JSON,
 * gzipped, base64 in `data`; the envelope's metadata names its media type and encoding.
 */
function storageEnvelope(pkg: PackageDefinition): JsonObject {
  const data = gzipSync(Buffer.from(JSON.stringify(encodePackageDefinition(pkg)), 'utf8'));
  return {
    metadata: { 'Content-Type': packageMediaType(pkg), 'Content-Encoding': 'gzip' },
    data: data.toString('base64'),
  };
}

/** gzip is the costly part of a render and depends on the package alone: once per definition object. */
const definitionLabels = new WeakMap<PackageDefinition, string>();

function definitionLabel(pkg: PackageDefinition): string {
  let label = definitionLabels.get(pkg);
  if (label === undefined) {
    label = encodeForLabel(storageEnvelope(pkg));
    definitionLabels.set(pkg, label);
  }
  return label;
}

/** The five labels; `options` are the user's own options (never the merged ones), {} when none were given. */
export function nonOverridableLabels(pkg: PackageDefinition, sourceUri: string, options: JsonObject | undefined): Record<string, string> {
  return {
    [CosmosLabel.name]: pkg.name,
    [CosmosLabel.version]: pkg.version,
    [CosmosLabel.source]: sourceUri,
    [CosmosLabel.options]: encodeForLabel(options ?? {}),
    [CosmosLabel.definition]: definitionLabel(pkg),
  };
}

/**
 * The user's options as installed, or undefined when the label is absent or damaged (any
 * /v2/apps client can write labels): update then refuses with OptionsNotStored.
 */
export function installedOptions(labels: Record<string, string>): JsonObject | undefined {
  const raw = labels[CosmosLabel.options];
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package definition an app was installed from, or undefined when the label is
 * absent or is no valid package (Cosmos's list skips such apps; update does not trust it).
 */
export function installedDefinition(labels: Record<string, string>): PackageDefinition | undefined {
  const raw = labels[CosmosLabel.definition];
  if (!raw) return undefined;
  try {
    const envelope = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { metadata?: Record<string, string>; data?: unknown };
    if (typeof envelope?.data !== 'string') return undefined;
    let bytes = Buffer.from(envelope.data, 'base64');
    if (envelope.metadata?.['Content-Encoding'] === 'gzip') bytes = gunzipSync(bytes, { maxOutputLength: 16 * 1024 * 1024 });
    const stored: unknown = JSON.parse(bytes.toString('utf8'));
    if (!isJsonObject(stored)) return undefined;
    // Cosmos's encoding writes absent fields as null.
    const pkg = Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== null));
    return packageProblems(pkg, { releaseVersion: false }).length === 0 ? pkg as unknown as PackageDefinition : undefined;
  } catch {
    return undefined;
  }
}
