/**
 * A package definition as Cosmos's model writes it back to JSON (universe/PackageDefinition.scala:
 * V2Package, V3Package, V4Package, V5Package with circe's derived encoders). That is what
 * DCOS_PACKAGE_DEFINITION stores and what the template sees as `resource`, so it differs
 * from the repository entry the same ways Cosmos's does:
 * - the fields of the packaging version's case class, in its declaration order; fields the
 *   class lacks are dropped (a 2.0 package's top-level `images`, `command` from 4.0 on);
 * - an absent optional field is written as `null`; absent `tags` as `[]`;
 * - resource keeps only assets, images (and cli from 3.0), each with every field of its class.
 */
import type { PackageDefinition } from '../../../api/cosmos-types.js';
import { type JsonObject, isJsonObject } from './options.js';

type Encoder = (value: unknown) => unknown;

const orNull = (value: unknown) => (value === undefined ? null : value);

/** A case class: every field in order, each encoded when present, else null. */
function record(fields: Record<string, Encoder | null>): Encoder {
  return (value) => {
    const source = isJsonObject(value) ? value : {};
    const out: JsonObject = {};
    for (const [field, encode] of Object.entries(fields)) {
      const present = source[field];
      out[field] = present === undefined || present === null ? null : encode ? encode(present) : present;
    }
    return out;
  };
}

const list = (item: Encoder): Encoder => (value) => (Array.isArray(value) ? value.map(item) : null);

const binary = record({ kind: null, url: null, contentHash: list(record({ algo: null, value: null })) });
const architectures = record({ 'x86-64': binary });
const cli = record({ binaries: record({ windows: architectures, linux: architectures, darwin: architectures }) });
const images = record({ 'icon-small': null, 'icon-medium': null, 'icon-large': null, screenshots: null });
const assets = record({ uris: null, container: record({ docker: null }) });
const v2Resource = record({ assets, images });
const v3Resource = record({ assets, images, cli });

const head = ['packagingVersion', 'name', 'version', 'releaseVersion', 'maintainer', 'description'];
const notes = ['selected', 'scm', 'website', 'framework', 'preInstallNotes', 'postInstallNotes', 'postUninstallNotes', 'licenses'];

/** The fields of each packaging version's case class, in declaration order. */
const FIELDS: Record<PackageDefinition['packagingVersion'], string[]> = {
  '2.0': [...head, 'marathon', 'tags', ...notes, 'resource', 'config', 'command'],
  '3.0': [...head, 'tags', ...notes, 'minDcosReleaseVersion', 'marathon', 'resource', 'config', 'command', 'lastUpdated', 'hasKnownIssues'],
  '4.0': [...head, 'tags', ...notes, 'minDcosReleaseVersion', 'marathon', 'resource', 'config', 'lastUpdated', 'hasKnownIssues', 'upgradesFrom', 'downgradesTo'],
  '5.0': [...head, 'tags', ...notes, 'minDcosReleaseVersion', 'marathon', 'resource', 'config', 'upgradesFrom', 'downgradesTo', 'manager', 'lastUpdated', 'hasKnownIssues'],
};

const FIELD_ENCODERS: Record<string, Encoder> = {
  licenses: list(record({ name: null, url: null })),
  marathon: record({ v2AppMustacheTemplate: null }),
  command: record({ pip: null }),
  manager: record({ packageName: null, minPackageVersion: null }),
};

/** `resource` as Cosmos's model encodes it (pkgDef.resourceJson), or undefined when the package has none. */
export function encodeResource(pkg: PackageDefinition): JsonObject | undefined {
  if (!pkg.resource) return undefined;
  return (pkg.packagingVersion === '2.0' ? v2Resource : v3Resource)(pkg.resource) as JsonObject;
}

/** The whole definition as Cosmos encodes it (the JSON inside the StorageEnvelope). */
export function encodePackageDefinition(pkg: PackageDefinition): JsonObject {
  const source = pkg as unknown as JsonObject;
  const out: JsonObject = {};
  for (const field of FIELDS[pkg.packagingVersion]) {
    const value = source[field];
    if (field === 'tags') out.tags = value ?? [];
    else if (field === 'resource') out.resource = orNull(encodeResource(pkg));
    else if (value === undefined || value === null) out[field] = null;
    else out[field] = FIELD_ENCODERS[field] ? FIELD_ENCODERS[field](value) : value;
  }
  return out;
}
