import type {
  DescribeRequest, DescribeResponse, InstallRequest, InstallResponse, ListVersionsRequest, ListVersionsResponse,
  RenderRequest, RenderResponse, SearchResponse,
} from '../../../api/cosmos-types.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import { cosmosError } from '../cosmos-error.js';
import type { RenderedApp } from '../render/render-package.js';
import type { ResolvedPackage } from '../repository/package-collection.js';
import type { PackageDeps } from './ports.js';

/**
 * Cosmos's package handlers over the repositories and the services scheduler: search,
 * describe, list-versions, render and install (PackageInstallHandler: resolve, render,
 * POST the app). Uninstall, list and update are in their own files.
 */
export class PackageService {
  constructor(private readonly d: PackageDeps) {}

  async search(query?: string): Promise<SearchResponse> {
    return { packages: await this.d.packages.search(query) };
  }

  async describe(req: DescribeRequest): Promise<DescribeResponse> {
    return { package: (await this.d.packages.resolve(req.packageName, req.packageVersion)).pkg };
  }

  /**
   * Every version → releaseVersion of the package. Cosmos reads includePackageVersions and
   * ignores it; here false answers the version an install would take alone.
   */
  async listVersions(req: ListVersionsRequest): Promise<ListVersionsResponse> {
    if (req.includePackageVersions) return { results: await this.d.packages.versions(req.packageName) };
    const { pkg } = await this.d.packages.resolve(req.packageName);
    return { results: { [pkg.version]: String(pkg.releaseVersion) } };
  }

  async render(req: RenderRequest): Promise<RenderResponse> {
    const resolved = await this.d.packages.resolve(req.packageName, req.packageVersion);
    const rendered = this.renderResolved(resolved, req);
    if (!rendered) {
      throw cosmosError('ServiceMarathonTemplateNotFound',
        `Package: [${resolved.pkg.name}] version: [${resolved.pkg.version}] does not have a Marathon template defined and can not be rendered`,
        { packageName: resolved.pkg.name, packageVersion: resolved.pkg.version });
    }
    return { marathonJson: rendered.app };
  }

  async install(req: InstallRequest): Promise<InstallResponse> {
    const resolved = await this.d.packages.resolve(req.packageName, req.packageVersion);
    const { pkg } = resolved;
    const base = {
      packageName: pkg.name, packageVersion: pkg.version,
      ...(pkg.postInstallNotes !== undefined ? { postInstallNotes: pkg.postInstallNotes } : {}),
      ...(pkg.resource?.cli ? { cli: pkg.resource.cli } : {}),
    };
    const rendered = this.renderResolved(resolved, req);
    // A package without a template installs nothing on the cluster (a CLI-only package).
    if (!rendered) return base;
    const { app, warnings } = withoutTemplateMetadata(rendered.app);
    // MarathonPackageRunner: Marathon's 409 (the id is taken) is PackageAlreadyInstalled.
    const created = await relayMarathon(() => this.d.marathon.create(app), { conflict: () => cosmosError('PackageAlreadyInstalled', 'Package is already installed', { appId: app.id }) });
    return { ...base, appId: created.appId, deploymentId: created.deploymentId, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  private renderResolved(resolved: ResolvedPackage, req: { options?: Record<string, unknown>; appId?: string }): RenderedApp | undefined {
    return this.d.render({ pkg: resolved.pkg, sourceUri: resolved.repository.uri, options: req.options, appId: req.appId });
  }
}

/**
 * Top-level fields of old Universe templates that describe the package, not the app
 * (nginx/6 and marathon-lb/45 carry `maintainer`). Marathon 1.x dropped every unknown
 * field without a word; this cluster refuses unknown fields, so these known ones are left
 * out of the app, and the install says so.
 */
const TEMPLATE_METADATA = ['maintainer'] as const;

export function withoutTemplateMetadata(app: Record<string, unknown>): { app: Record<string, unknown>; warnings: string[] } {
  const present = TEMPLATE_METADATA.filter((f) => f in app);
  if (present.length === 0) return { app, warnings: [] };
  const rest = Object.fromEntries(Object.entries(app).filter(([k]) => !present.includes(k as typeof present[number])));
  return { app: rest, warnings: present.map((f) => `left out the template's "${f}": it describes the package, and is no field of a Marathon app`) };
}

/**
 * Marathon's refusals as Cosmos relays them (MarathonPackageRunner): MarathonBadResponse
 * with Marathon's message, status and details, so the user sees which field of the
 * rendered app is wrong, or which deployments lock it.
 */
export async function relayMarathon<T>(call: () => Promise<T>, on: { conflict?: () => Error } = {}): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof DcosError)) throw err;
    if (err.code === ErrorCodes.CONFLICT && on.conflict) throw on.conflict();
    if (err.status >= 400 && err.status < 500) {
      throw cosmosError('MarathonBadResponse', err.message, {
        marathonStatus: err.status, ...(err.details ? { details: err.details } : {}), ...(err.extra ?? {}),
      });
    }
    throw err;
  }
}
