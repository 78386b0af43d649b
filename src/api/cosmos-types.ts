/**
 * The wire contract of the package service, after Cosmos (dcos/cosmos, rpc/v1..v3 models)
 * and the Universe repository format (mesosphere/universe, repo/meta/schema). Field names,
 * shapes and media types are Cosmos's, so existing clients (dcos-cli, scripts) work
 * unchanged. /work/shared/reference/cosmos-universe.md has the rules with sources.
 */

/** A Universe package definition: package.json plus what gen_universe.py adds (packagingVersion 2.0 to 5.0). */
export interface PackageDefinition {
  packagingVersion: '2.0' | '3.0' | '4.0' | '5.0';
  name: string;
  version: string;
  /** The revision directory's number; orders a package's revisions (higher is newer). */
  releaseVersion: number;
  maintainer: string;
  description: string;
  tags: string[];
  selected?: boolean;
  scm?: string;
  website?: string;
  framework?: boolean;
  preInstallNotes?: string;
  postInstallNotes?: string;
  postUninstallNotes?: string;
  licenses?: Array<{ name: string; url: string }>;
  /** 2.0 only; later versions keep images in resource.images. */
  images?: PackageImages;
  minDcosReleaseVersion?: string;
  upgradesFrom?: string[];
  downgradesTo?: string[];
  manager?: { packageName: string; minPackageVersion?: string };
  hasKnownIssues?: boolean;
  lastUpdated?: number;
  /** The Marathon app template: standard base64 (with padding) of marathon.json.mustache's bytes. */
  marathon?: { v2AppMustacheTemplate: string };
  /** config.json: a draft-04 JSON Schema of the install options. */
  config?: Record<string, unknown>;
  resource?: PackageResource;
  /** command.json (2.0 and 3.0 only, deprecated): pip requirements of a CLI. */
  command?: { pip: string[] };
}

export interface PackageImages {
  'icon-small'?: string;
  'icon-medium'?: string;
  'icon-large'?: string;
  screenshots?: string[];
}

export interface PackageResource {
  assets?: { uris?: Record<string, string>; container?: { docker?: Record<string, string> } };
  images?: PackageImages;
  cli?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A repository in the search order: index 0 is searched first. */
export interface PackageRepository {
  name: string;
  uri: string;
}

/** Cosmos's error body (rpc/v1/model/ErrorResponse): `type` is the error's class name. */
export interface CosmosErrorBody {
  type: string;
  message: string;
  data?: Record<string, unknown>;
}

/** One JSON Schema failure, shaped as fge's ProcessingMessage (what Cosmos puts in JsonSchemaMismatch.data.errors). */
export interface SchemaError {
  level: 'error' | 'warning';
  schema: { loadingURI: string; pointer: string };
  instance: { pointer: string };
  domain: 'validation' | 'syntax';
  keyword: string;
  message: string;
  /** keyword required */
  required?: string[];
  missing?: string[];
  /** keyword type: the type found and the types allowed; minimum/maximum: the number found */
  found?: string | number;
  expected?: string[];
  /** keyword additionalProperties */
  unwanted?: string[];
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  pattern?: string;
  /** Beyond Cosmos: the option's description from config.json, so a person knows what it is for. */
  description?: string;
}

export interface SearchRequest { query?: string }
export interface SearchResult {
  name: string;
  currentVersion: string;
  /** version → releaseVersion (as a string, as Cosmos gives it) */
  versions: Record<string, string>;
  description: string;
  framework: boolean;
  tags: string[];
  selected: boolean;
  images?: PackageImages;
}
export interface SearchResponse { packages: SearchResult[] }

export interface DescribeRequest { packageName: string; packageVersion?: string }
/** v3: the whole definition, the template base64 as in the repository. */
export interface DescribeResponse { package: PackageDefinition }

/** includePackageVersions false: only the version an install would take (Cosmos ignores the field). */
export interface ListVersionsRequest { packageName: string; includePackageVersions: boolean }
/** version → releaseVersion */
export interface ListVersionsResponse { results: Record<string, string> }

export interface RenderRequest { packageName: string; packageVersion?: string; options?: Record<string, unknown>; appId?: string }
export interface RenderResponse { marathonJson: Record<string, unknown> }

export interface InstallRequest { packageName: string; packageVersion?: string; options?: Record<string, unknown>; appId?: string }
/** v2 */
export interface InstallResponse {
  packageName: string;
  packageVersion: string;
  appId?: string;
  postInstallNotes?: string;
  cli?: Record<string, unknown>;
  /** Beyond Cosmos: the deployment that starts the app, to watch it (`--wait`). */
  deploymentId?: string;
  /** Beyond Cosmos: what the install changed in the rendered app, and why (a template field Marathon has no use for). */
  warnings?: string[];
}

export interface UninstallRequest { packageName: string; appId?: string; all?: boolean }
export interface UninstallResult { packageName: string; appId: string; packageVersion?: string; postUninstallNotes?: string }
export interface UninstallResponse { results: UninstallResult[] }

export interface ListRequest { packageName?: string; appId?: string }
export interface InstalledPackage {
  appId: string;
  packageInformation: {
    packageDefinition: Omit<PackageDefinition, 'marathon' | 'config' | 'resource' | 'command' | 'releaseVersion'> & { releaseVersion?: number };
    resourceDefinition?: PackageResource;
  };
  /** Beyond Cosmos: how the app is doing, so an install that waits is never silent. */
  status?: InstalledAppStatus;
}

export interface InstalledAppStatus {
  instances: number;
  tasksRunning: number;
  tasksHealthy: number;
  tasksUnhealthy: number;
  /** Set while the app waits for launches: why, in one line (/v2/queue's waitingReason). */
  waitingReason?: string;
  deployments: string[];
}
export interface ListResponse { packages: InstalledPackage[] }

/** Cosmos's /service/update (what `dcos package upgrade` calls). replace false: the new options are merged over the stored ones. */
export interface ServiceUpdateRequest { appId: string; packageVersion?: string; options?: Record<string, unknown>; replace: boolean }
export interface ServiceUpdateResponse {
  package: PackageDefinition;
  resolvedOptions: Record<string, unknown>;
  marathonDeploymentId: string;
}

export interface RepositoryAddRequest { name: string; uri: string; index?: number }
export interface RepositoryDeleteRequest { name?: string; uri?: string }
export interface RepositoryListResponse { repositories: PackageRepository[] }

const media = (kind: string, version: string) => `application/vnd.dcos.package.${kind}+json;charset=utf-8;version=${version}`;

/** Cosmos's versioned media types (cosmos-common rpc/MediaTypes.scala): what each route accepts and answers. */
export const CosmosMediaTypes = {
  error: media('error', 'v1'),
  searchRequest: media('search-request', 'v1'),
  searchResponse: media('search-response', 'v1'),
  describeRequest: media('describe-request', 'v1'),
  describeResponse: media('describe-response', 'v3'),
  listVersionsRequest: media('list-versions-request', 'v1'),
  listVersionsResponse: media('list-versions-response', 'v1'),
  renderRequest: media('render-request', 'v1'),
  renderResponse: media('render-response', 'v1'),
  installRequest: media('install-request', 'v1'),
  installResponse: media('install-response', 'v2'),
  uninstallRequest: media('uninstall-request', 'v1'),
  uninstallResponse: media('uninstall-response', 'v1'),
  listRequest: media('list-request', 'v1'),
  listResponse: media('list-response', 'v1'),
  repositoryAddRequest: media('repository.add-request', 'v1'),
  repositoryAddResponse: media('repository.add-response', 'v1'),
  repositoryDeleteRequest: media('repository.delete-request', 'v1'),
  repositoryDeleteResponse: media('repository.delete-response', 'v1'),
  repositoryListRequest: media('repository.list-request', 'v1'),
  repositoryListResponse: media('repository.list-response', 'v1'),
  serviceUpdateRequest: 'application/vnd.dcos.service.update-request+json;charset=utf-8;version=v1',
  serviceUpdateResponse: 'application/vnd.dcos.service.update-response+json;charset=utf-8;version=v1',
} as const;

/** Universe repository index content types (what a repository server answers; gen_universe.py). */
export const UniverseMediaTypes = {
  v3: 'application/vnd.dcos.universe.repo+json;charset=utf-8;version=v3',
  v4: 'application/vnd.dcos.universe.repo+json;charset=utf-8;version=v4',
  v5: 'application/vnd.dcos.universe.repo+json;charset=utf-8;version=v5',
} as const;
