import type {
  DescribeRequest, DescribeResponse, InstallRequest, InstallResponse, ListRequest, ListResponse, ListVersionsRequest, ListVersionsResponse,
  PackageRepository, RenderRequest, RenderResponse, SearchResponse, ServiceUpdateRequest, ServiceUpdateResponse, UninstallRequest, UninstallResponse,
} from '../../../api/cosmos-types.js';

/** Everything the /package and /service routes call; each throws CosmosError for what Cosmos answers as an error. */
export interface PackagesApi {
  search(query?: string): Promise<SearchResponse>;
  describe(req: DescribeRequest): Promise<DescribeResponse>;
  listVersions(req: ListVersionsRequest): Promise<ListVersionsResponse>;
  render(req: RenderRequest): Promise<RenderResponse>;
  install(req: InstallRequest): Promise<InstallResponse>;
  uninstall(req: UninstallRequest): Promise<UninstallResponse>;
  list(req: ListRequest): Promise<ListResponse>;
  serviceUpdate(req: ServiceUpdateRequest): Promise<ServiceUpdateResponse>;
  repositories: {
    list(): Promise<PackageRepository[]>;
    add(repository: PackageRepository, index?: number): Promise<PackageRepository[]>;
    delete(which: { name?: string; uri?: string }): Promise<PackageRepository[]>;
  };
}
