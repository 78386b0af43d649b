import type { InstalledPackage, ListRequest, ListResponse, PackageDefinition } from '../../../api/cosmos-types.js';
import { normalizeAppId } from '../../../core/ids.js';
import { installedDefinition, CosmosLabel } from '../render/cosmos-labels.js';
import type { MarathonPort } from './ports.js';

/** The package.json fields Cosmos's list answers (ListHandler: packageDefinition without template, config, resource). */
const DETAILS = [
  'packagingVersion', 'name', 'version', 'maintainer', 'description', 'tags', 'selected', 'scm', 'website', 'framework',
  'preInstallNotes', 'postInstallNotes', 'postUninstallNotes', 'licenses',
] as const satisfies ReadonlyArray<keyof PackageDefinition>;

/**
 * Cosmos's ListHandler: the apps that carry DCOS_PACKAGE_NAME and a readable
 * DCOS_PACKAGE_DEFINITION (others are skipped, as Cosmos skips them), filtered by name
 * and app id, sorted by package name then app id, each with how its app is doing.
 */
export function listInstalled(marathon: MarathonPort, req: ListRequest): ListResponse {
  const appId = req.appId !== undefined ? normalizeAppId(req.appId) : undefined;
  const packages: InstalledPackage[] = [];
  for (const app of marathon.apps()) {
    const name = app.labels[CosmosLabel.name];
    if (name === undefined || (req.packageName !== undefined && name !== req.packageName) || (appId !== undefined && app.id !== appId)) continue;
    const pkg = installedDefinition(app.labels);
    if (!pkg) continue;
    const details = Object.fromEntries(DETAILS.filter((k) => pkg[k] !== undefined).map((k) => [k, pkg[k]])) as unknown as InstalledPackage['packageInformation']['packageDefinition'];
    const status = marathon.status(app.id);
    packages.push({
      appId: app.id,
      packageInformation: { packageDefinition: details, ...(pkg.resource ? { resourceDefinition: pkg.resource } : {}) },
      ...(status ? { status } : {}),
    });
  }
  packages.sort((a, b) => a.packageInformation.packageDefinition.name.localeCompare(b.packageInformation.packageDefinition.name) || a.appId.localeCompare(b.appId));
  return { packages };
}
