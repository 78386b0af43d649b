import type { Logger } from 'pino';
import type { PackageRepository } from '../../api/cosmos-types.js';
import type { Clock } from '../../core/clock.js';
import type { StateStore } from '../state/state-store.js';
import type { PackagesApi } from './api/packages-api.js';
import { renderPackage } from './render/render-package.js';
import { repositoryReader } from './repository/read-repository.js';
import { RepositoryCache } from './repository/repository-cache.js';
import { RepositoryPackageCollection } from './repository/repository-package-collection.js';
import { StoredRepositoryList } from './repository/stored-repository-list.js';
import { listInstalled } from './service/installed-packages.js';
import { PackageService } from './service/package-service.js';
import type { FrameworkPort, MarathonPort, PackageDeps } from './service/ports.js';
import { updateService } from './service/service-update.js';
import { uninstallPackage } from './service/uninstall.js';

export interface PackagesOptions {
  store: StateStore;
  clock: Clock;
  log: Logger;
  marathon: MarathonPort;
  frameworks: FrameworkPort;
  /** The repository list of a cluster that never changed it. */
  defaultRepositories: PackageRepository[];
}

/**
 * Composes the package service: the repository list in the store, one cache of
 * repository reads shared by the list (which reads a repository before adding it) and
 * the collection, the Cosmos renderer, and the handlers over the services scheduler.
 */
export async function createPackages(o: PackagesOptions): Promise<PackagesApi> {
  const cache = new RepositoryCache({ read: repositoryReader(), clock: o.clock });
  const repositories = new StoredRepositoryList({ store: o.store, defaults: o.defaultRepositories, cache });
  const packages = new RepositoryPackageCollection({ repositories: () => repositories.list(), cache });
  const deps: PackageDeps = { packages, marathon: o.marathon, frameworks: o.frameworks, render: renderPackage };
  const service = new PackageService(deps);
  return {
    search: (query) => service.search(query),
    describe: (req) => service.describe(req),
    listVersions: (req) => service.listVersions(req),
    render: (req) => service.render(req),
    install: async (req) => {
      const res = await service.install(req);
      o.log.info({ packageName: res.packageName, packageVersion: res.packageVersion, appId: res.appId }, 'package installed');
      return res;
    },
    uninstall: async (req) => {
      const res = await uninstallPackage(deps, req);
      o.log.info({ packageName: req.packageName, appIds: res.results.map((r) => r.appId) }, 'package uninstalled');
      return res;
    },
    list: async (req) => listInstalled(o.marathon, req),
    serviceUpdate: (req) => updateService(deps, req),
    repositories,
  };
}
