import type { InstalledAppStatus } from '../../../api/cosmos-types.js';
import type { RenderInput, RenderedApp } from '../render/render-package.js';
import type { PackageCollection } from '../repository/package-collection.js';

/**
 * What the package service needs of the cluster. Cosmos talks to Marathon and Mesos over
 * HTTP; here the master wires these to the in-process services scheduler and framework
 * manager, so an install is a Marathon deployment like any other.
 */

export interface ServiceApp {
  id: string;
  labels: Record<string, string>;
  instances: number;
  env: Record<string, unknown>;
}

/** How an app is doing: what `package install`, `package list` and `service list` show. */
export type AppStatus = InstalledAppStatus;

export interface MarathonPort {
  apps(): ServiceApp[];
  app(id: string): ServiceApp | undefined;
  status(id: string): AppStatus | undefined;
  /** POST /v2/apps. Throws Marathon's errors (DcosError: 409 the id exists, 422 invalid, with details). */
  create(app: Record<string, unknown>): Promise<{ appId: string; deploymentId: string }>;
  /**
   * PUT /v2/apps/{id}?force=true&partialUpdate=false, as Cosmos's /service/update sends it:
   * the whole definition, in one rolling deployment that replaces any the app is in (an
   * install that waits is fixed by upgrading it with better options).
   */
  replace(appId: string, app: Record<string, unknown>): Promise<{ deploymentId: string }>;
  /** DELETE /v2/apps/{id}?force=true */
  remove(appId: string): Promise<{ deploymentId: string }>;
}

export interface FrameworkPort {
  /** Ids of the registered frameworks with this name. */
  idsNamed(name: string): string[];
  /** Mesos's /master/teardown: kills the framework's tasks and removes it. */
  teardown(frameworkId: string): Promise<void>;
}

export type Renderer = (input: RenderInput) => RenderedApp | undefined;

/** What the package handlers (install, uninstall, list, update) work with. */
export interface PackageDeps {
  packages: PackageCollection;
  marathon: MarathonPort;
  frameworks: FrameworkPort;
  render: Renderer;
}
