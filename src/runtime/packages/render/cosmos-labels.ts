/**
 * The labels Cosmos puts on every app it renders, over the template's own labels of the
 * same name (PackageDefinitionRenderer.nonOverridableLabels; cosmos-universe.md §3.4).
 * Later tooling reads them back: uninstall finds apps by DCOS_PACKAGE_NAME, update reads
 * the user's options from DCOS_PACKAGE_OPTIONS and the package from DCOS_PACKAGE_DEFINITION.
 */
import { gzipSync } from 'node:zlib';
import type { PackageDefinition } from '../../../api/cosmos-types.js';
import type { JsonObject } from './options.js';
import { encodePackageDefinition } from './stored-package.js';

export const CosmosLabel = {
  name: 'DCOS_PACKAGE_NAME',
  version: 'DCOS_PACKAGE_VERSION',
  source: 'DCOS_PACKAGE_SOURCE',
  options: 'DCOS_PACKAGE_OPTIONS',
  definition: 'DCOS_PACKAGE_DEFINITION',
} as const;

/** The media type of a stored package definition, by packaging version (universe/MediaTypes.scala). */
export function packageMediaType(pkg: PackageDefinition): string {
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
export function storageEnvelope(pkg: PackageDefinition): JsonObject {
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
