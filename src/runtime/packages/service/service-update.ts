import type { PackageDefinition, ServiceUpdateRequest, ServiceUpdateResponse } from '../../../api/cosmos-types.js';
import { normalizeAppId } from '../../../core/ids.js';
import { cosmosError } from '../cosmos-error.js';
import { deepMerge } from '../render/options.js';
import type { PackageCollection, ResolvedPackage } from '../repository/package-collection.js';
import { installedDefinition, installedOptions, CosmosLabel } from '../render/cosmos-labels.js';
import { relayMarathon, withoutTemplateMetadata } from './package-service.js';
import type { PackageDeps, Renderer, ServiceApp } from './ports.js';

/**
 * Cosmos's /service/update (ServiceUpdateHandler), what `dcos package upgrade` calls: the
 * installed app is rendered again from its package with the stored options (replace
 * false: the given options merged over them; true: the given ones alone) and replaced
 * in one rolling deployment. Beyond Cosmos, whose open edition refuses any version
 * change, `packageVersion` moves the app to another version of the package, within what
 * that version's upgradesFrom (or the installed one's downgradesTo) allows.
 */
export async function updateService(d: PackageDeps, req: ServiceUpdateRequest): Promise<ServiceUpdateResponse> {
  const appId = normalizeAppId(req.appId);
  const app = d.marathon.app(appId);
  if (!app) throw cosmosError('MarathonAppNotFound', `Unable to locate service with marathon appId: [${appId}]`, { appId });
  const name = app.labels[CosmosLabel.name];
  if (name === undefined) throw cosmosError('PackageNotInstalled', `App [${appId}] was not installed from a package (it has no ${CosmosLabel.name} label)`, { appId });
  const current = await installedPackage(d.packages, app, name);
  const target = req.packageVersion === undefined || req.packageVersion === current.pkg.version
    ? current : await d.packages.resolve(name, req.packageVersion);
  if (target !== current) checkVersionChange(current.pkg, target.pkg);

  const stored = installedOptions(app.labels);
  const options = mergeStoredAndProvided(stored, req.options, req.replace);
  const rendered = renderKeepingId(d.render, target, current, stored ?? {}, options, appId);
  const { deploymentId } = await relayMarathon(() => d.marathon.replace(appId, withoutTemplateMetadata(rendered.app).app));
  return { package: target.pkg, resolvedOptions: rendered.resolvedOptions, marathonDeploymentId: deploymentId };
}

/** ServiceUpdateHandler.mergeStoredAndProvided. */
function mergeStoredAndProvided(stored: Record<string, unknown> | undefined, provided: Record<string, unknown> | undefined, replace: boolean): Record<string, unknown> {
  if (replace) return provided ?? {};
  if (stored === undefined) throw cosmosError('OptionsNotStored', 'The options of the current service were not stored');
  return provided === undefined ? stored : deepMerge(stored, provided);
}

/** The package revision the app runs: from the repositories, else the definition stored on the app itself. */
async function installedPackage(packages: PackageCollection, app: ServiceApp, name: string): Promise<ResolvedPackage> {
  const version = app.labels[CosmosLabel.version];
  try {
    return await packages.resolve(name, version);
  } catch (err) {
    const pkg = installedDefinition(app.labels);
    if (!pkg) throw err;
    return { pkg, repository: { name: 'installed', uri: app.labels[CosmosLabel.source] ?? '' } };
  }
}

function checkVersionChange(from: PackageDefinition, to: PackageDefinition): void {
  const allows = (list: string[] | undefined, version: string) => list === undefined || list.includes('*') || list.includes(version);
  const upgrade = to.releaseVersion >= from.releaseVersion;
  const ok = upgrade ? allows(to.upgradesFrom, from.version) : allows(from.downgradesTo, to.version);
  if (ok) return;
  const rule = upgrade ? `${to.version} upgradesFrom [${(to.upgradesFrom ?? []).join(', ')}]` : `${from.version} downgradesTo [${(from.downgradesTo ?? []).join(', ')}]`;
  throw cosmosError('VersionChangeNotAllowed', `Package [${to.name}] cannot change from version [${from.version}] to [${to.version}]: ${rule}`,
    { packageName: to.name, from: from.version, to: to.version });
}

/**
 * The app keeps its id. Cosmos refuses options that would render another id
 * (AppIdChanged); an app installed with --app-id renders another id from any options,
 * so it is rendered with that id, as it was installed.
 */
function renderKeepingId(render: Renderer, target: ResolvedPackage, current: ResolvedPackage, stored: Record<string, unknown>, options: Record<string, unknown>, appId: string) {
  const renderedId = (r: ReturnType<Renderer>) => (typeof r?.app.id === 'string' ? normalizeAppId(r.app.id) : undefined);
  const plain = render({ pkg: target.pkg, sourceUri: target.repository.uri, options });
  if (!plain) throw cosmosError('ServiceMarathonTemplateNotFound', `Package: [${target.pkg.name}] version: [${target.pkg.version}] does not have a Marathon template defined and can not be rendered`);
  const id = renderedId(plain);
  if (id === appId) return plain;
  const installedWithAppId = renderedId(render({ pkg: current.pkg, sourceUri: current.repository.uri, options: stored })) !== appId;
  if (!installedWithAppId) throw cosmosError('AppIdChanged', `The new appId ${id} must be equal to the old appId ${appId}`, { newAppId: id, oldAppId: appId });
  return { ...plain, app: { ...plain.app, id: appId } };
}
