import {
  CosmosMediaTypes as M,
  type DescribeResponse, type InstallRequest, type InstallResponse, type ListResponse, type ListVersionsResponse,
  type PackageRepository, type RenderRequest, type RenderResponse, type RepositoryListResponse, type SearchResponse,
  type ServiceUpdateRequest, type ServiceUpdateResponse, type UninstallRequest, type UninstallResponse,
} from './cosmos-types.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';

/**
 * Typed client for the Cosmos-compatible package service of the master (cosmos-types.ts).
 * Every route is a POST whose body carries the route's versioned request media type and
 * whose answer is asked for in its response media type (Cosmos answers 415/406 otherwise).
 * Errors are DcosErrors with Cosmos's `type` and `data` in `extra` (http-client.ts).
 */
export class CosmosClient {
  readonly http: HttpClient;

  constructor(opts: HttpClientOptions | HttpClient) {
    this.http = opts instanceof HttpClient ? opts : new HttpClient(opts);
  }

  private post<T>(path: string, request: string, response: string, body: unknown): Promise<T> {
    return this.http.json<T>('POST', path, body, { 'content-type': request, accept: `${response},${M.error}` });
  }

  search(query?: string): Promise<SearchResponse> {
    return this.post('/package/search', M.searchRequest, M.searchResponse, query === undefined ? {} : { query });
  }

  describe(packageName: string, packageVersion?: string): Promise<DescribeResponse> {
    return this.post('/package/describe', M.describeRequest, M.describeResponse, { packageName, packageVersion });
  }

  /** version → releaseVersion of every version of the package in the repositories. */
  /** version → releaseVersion; `all` false: only the version an install would take. */
  async listVersions(packageName: string, all = true): Promise<Record<string, string>> {
    const r = await this.post<ListVersionsResponse>('/package/list-versions', M.listVersionsRequest, M.listVersionsResponse, { packageName, includePackageVersions: all });
    return r.results;
  }

  render(req: RenderRequest): Promise<RenderResponse> {
    return this.post('/package/render', M.renderRequest, M.renderResponse, req);
  }

  install(req: InstallRequest): Promise<InstallResponse> {
    return this.post('/package/install', M.installRequest, M.installResponse, req);
  }

  uninstall(req: UninstallRequest): Promise<UninstallResponse> {
    return this.post('/package/uninstall', M.uninstallRequest, M.uninstallResponse, req);
  }

  list(filter: { packageName?: string; appId?: string } = {}): Promise<ListResponse> {
    return this.post('/package/list', M.listRequest, M.listResponse, filter);
  }

  /** Cosmos's /service/update: a new version and/or options for an installed package's app. */
  serviceUpdate(req: ServiceUpdateRequest): Promise<ServiceUpdateResponse> {
    return this.post('/cosmos/service/update', M.serviceUpdateRequest, M.serviceUpdateResponse, req);
  }

  /** Adds a repository at `index` (the end when absent); answers the list after the change. */
  async repositoryAdd(name: string, uri: string, index?: number): Promise<PackageRepository[]> {
    const body = index === undefined ? { name, uri } : { name, uri, index };
    return (await this.post<RepositoryListResponse>('/package/repository/add', M.repositoryAddRequest, M.repositoryAddResponse, body)).repositories;
  }

  async repositoryDelete(name: string): Promise<PackageRepository[]> {
    return (await this.post<RepositoryListResponse>('/package/repository/delete', M.repositoryDeleteRequest, M.repositoryDeleteResponse, { name })).repositories;
  }

  async repositoryList(): Promise<PackageRepository[]> {
    return (await this.post<RepositoryListResponse>('/package/repository/list', M.repositoryListRequest, M.repositoryListResponse, {})).repositories;
  }
}
