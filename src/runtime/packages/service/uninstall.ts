import type { UninstallRequest, UninstallResponse, UninstallResult } from '../../../api/cosmos-types.js';
import { normalizeAppId } from '../../../core/ids.js';
import { cosmosError } from '../cosmos-error.js';
import { installedDefinition, CosmosLabel } from '../render/cosmos-labels.js';
import type { FrameworkPort, MarathonPort, PackageDeps, ServiceApp } from './ports.js';
import { relayMarathon } from './package-service.js';

/**
 * Cosmos's UninstallHandler (reference/cosmos-universe.md §4): the apps labelled with the
 * package's name (only `appId` when given; all of them only with `all`), each removed
 * with force, then the Mesos framework its DCOS_PACKAGE_FRAMEWORK_NAME names torn down.
 * SDK services (DCOS_COMMONS_UNINSTALL) are removed the same way: no SDK scheduler runs
 * here to run an uninstall plan.
 */
export async function uninstallPackage(d: PackageDeps, req: UninstallRequest): Promise<UninstallResponse> {
  const apps = candidates(d.marathon, req);
  if (apps.length > 1 && req.all !== true) {
    throw cosmosError('AmbiguousAppId', `Multiple apps named [${req.packageName}] are installed: [${apps.map((a) => a.id).join(', ')}]`,
      { packageName: req.packageName, appIds: apps.map((a) => a.id) });
  }
  const results: UninstallResult[] = [];
  for (const app of apps) {
    await relayMarathon(() => d.marathon.remove(app.id));
    const version = app.labels[CosmosLabel.version];
    const frameworkName = app.labels[CosmosLabel.frameworkName];
    if (frameworkName) await tearDownFramework(d.frameworks, req.packageName, version, frameworkName);
    results.push({
      packageName: req.packageName, appId: app.id,
      ...(version !== undefined ? { packageVersion: version } : {}),
      ...await notes(d, app, version),
    });
  }
  return { results };
}

function candidates(marathon: MarathonPort, req: UninstallRequest): ServiceApp[] {
  const named = (apps: ServiceApp[]) => apps.filter((a) => a.labels[CosmosLabel.name] === req.packageName);
  if (req.appId !== undefined) {
    const id = normalizeAppId(req.appId);
    const app = marathon.app(id);
    if (!app) throw cosmosError('UninstallNonExistentAppForPackage', `Package [${req.packageName}] with id [${id}] is not installed`, { packageName: req.packageName, appId: id });
    const apps = named([app]);
    if (apps.length === 0) throw notInstalled(req.packageName);
    return apps;
  }
  const apps = named(marathon.apps());
  if (apps.length === 0) throw notInstalled(req.packageName);
  return apps;
}

const notInstalled = (packageName: string) => cosmosError('PackageNotInstalled', `Package [${packageName}] is not installed`, { packageName });

async function tearDownFramework(frameworks: FrameworkPort, packageName: string, version: string | undefined, name: string): Promise<void> {
  const ids = frameworks.idsNamed(name);
  if (ids.length > 1) {
    throw cosmosError('MultipleFrameworkIds',
      `Uninstalled package [${packageName}] version [${version ?? ''}]\nUnable to shutdown [${packageName}] service framework with name [${name}] because there are multiple framework ids matching this name: [${ids.join(', ')}]`,
      { packageName, packageVersion: version, frameworkName: name, frameworkIds: ids });
  }
  if (ids.length === 1) await frameworks.teardown(ids[0]);
}

/** postUninstallNotes from the package in the repositories, else from the definition the app was installed from. */
async function notes(d: PackageDeps, app: ServiceApp, version: string | undefined): Promise<{ postUninstallNotes?: string }> {
  const fromRepo = await d.packages.resolve(app.labels[CosmosLabel.name], version).then((r) => r.pkg, () => undefined);
  const text = (fromRepo ?? installedDefinition(app.labels))?.postUninstallNotes;
  return text !== undefined ? { postUninstallNotes: text } : {};
}
