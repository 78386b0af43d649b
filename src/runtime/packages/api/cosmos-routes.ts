import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CosmosMediaTypes as M } from '../../../api/cosmos-types.js';
import type { InstallResponse } from '../../../api/cosmos-types.js';
import { DcosError } from '../../../core/errors.js';
import { CosmosError, cosmosError } from '../cosmos-error.js';
import { checkContentType, negotiate } from './media-types.js';
import type { PackagesApi } from './packages-api.js';
import { checkFields, type FieldSpec } from './request-fields.js';

const INSTALL_V1 = 'application/vnd.dcos.package.install-response+json;charset=utf-8;version=v1';

interface Rpc {
  path: string;
  /** Served under /cosmos too, where DC/OS's Admin Router puts Cosmos's /service routes (dcos-cli calls /cosmos/service/update). */
  underCosmos?: boolean;
  request: string;
  /** Response media types, most preferred first. */
  responses: readonly string[];
  fields: FieldSpec;
  what: string;
  call(api: PackagesApi, body: never, responseType: string): Promise<unknown>;
}

const str = { type: 'string' } as const;
const required = { type: 'string', required: true } as const;
const options = { type: 'object' } as const;

/** Cosmos's RPC routes (POST, versioned media types in and out), in the order of its docs. */
const RPCS: Rpc[] = [
  { path: '/package/search', request: M.searchRequest, responses: [M.searchResponse], what: 'search', fields: { query: str },
    call: (api, b: { query?: string }) => api.search(b.query) },
  { path: '/package/describe', request: M.describeRequest, responses: [M.describeResponse], what: 'describe', fields: { packageName: required, packageVersion: str },
    call: (api, b) => api.describe(b) },
  { path: '/package/list-versions', request: M.listVersionsRequest, responses: [M.listVersionsResponse], what: 'list-versions',
    fields: { packageName: required, includePackageVersions: { type: 'boolean', required: true } },
    call: (api, b) => api.listVersions(b) },
  { path: '/package/render', request: M.renderRequest, responses: [M.renderResponse], what: 'render',
    fields: { packageName: required, packageVersion: str, options, appId: str },
    call: (api, b) => api.render(b) },
  { path: '/package/install', request: M.installRequest, responses: [M.installResponse, INSTALL_V1], what: 'install',
    fields: { packageName: required, packageVersion: str, options, appId: str },
    call: async (api, b, type) => {
      const res = await api.install(b);
      return type === INSTALL_V1 ? installV1(res) : res;
    } },
  { path: '/package/uninstall', request: M.uninstallRequest, responses: [M.uninstallResponse], what: 'uninstall',
    fields: { packageName: required, appId: str, all: { type: 'boolean' } },
    call: (api, b) => api.uninstall(b) },
  { path: '/package/list', request: M.listRequest, responses: [M.listResponse], what: 'list', fields: { packageName: str, appId: str },
    call: (api, b) => api.list(b) },
  { path: '/package/repository/list', request: M.repositoryListRequest, responses: [M.repositoryListResponse], what: 'repository list', fields: {},
    call: async (api) => ({ repositories: await api.repositories.list() }) },
  { path: '/package/repository/add', request: M.repositoryAddRequest, responses: [M.repositoryAddResponse], what: 'repository add',
    fields: { name: required, uri: required, index: { type: 'integer' } },
    call: async (api, b: { name: string; uri: string; index?: number }) => ({ repositories: await api.repositories.add({ name: b.name, uri: b.uri }, b.index) }) },
  { path: '/package/repository/delete', request: M.repositoryDeleteRequest, responses: [M.repositoryDeleteResponse], what: 'repository delete',
    fields: { name: str, uri: str },
    call: async (api, b: { name?: string; uri?: string }) => {
      if (b.name === undefined && b.uri === undefined) throw cosmosError('RepoNameOrUriMissing', 'Must specify either the name or URI of the repository');
      return { repositories: await api.repositories.delete(b) };
    } },
  { path: '/service/update', underCosmos: true, request: M.serviceUpdateRequest, responses: [M.serviceUpdateResponse], what: 'service update',
    fields: { appId: required, packageVersion: str, options, replace: { type: 'boolean', required: true } },
    call: (api, b) => api.serviceUpdate(b) },
];

/** v1 install responses had only the package and the app. */
function installV1(res: InstallResponse) {
  return { packageName: res.packageName, packageVersion: res.packageVersion, ...(res.appId ? { appId: res.appId } : {}) };
}

/**
 * The Cosmos-compatible package API. Errors answer Cosmos's body `{type, message, data}`
 * with its error media type: CosmosErrors as they are; the server's own 4xx (bad JSON,
 * body too large) as MalformedRequest; 5xx go to the server's handler, which names an id.
 */
export function cosmosRoutes(app: FastifyInstance, api: PackagesApi): void {
  app.register(async (scope) => {
    scope.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
      if (error instanceof CosmosError) return sendError(reply, error);
      const status = error instanceof DcosError ? error.status : error.statusCode;
      if (status !== undefined && status >= 400 && status < 500) {
        return sendError(reply, new CosmosError(status === 415 ? 'UnsupportedMediaType' : 'MalformedRequest', error.message, status));
      }
      throw error;
    });
    for (const rpc of RPCS) {
      const handler = async (req: FastifyRequest, reply: FastifyReply) => {
        checkContentType(req.headers['content-type'], rpc.request);
        const type = negotiate(req.headers.accept, rpc.responses);
        const body = checkFields<never>(req.body, rpc.fields, rpc.what);
        const answer = await rpc.call(api, body, type);
        return reply.type(type).send(JSON.stringify(answer));
      };
      scope.post(rpc.path, handler);
      if (rpc.underCosmos) scope.post(`/cosmos${rpc.path}`, handler);
    }
    scope.get('/capabilities', async (_req, reply) => reply.type('application/vnd.dcos.capabilities+json;charset=utf-8;version=v1')
      .send(JSON.stringify({ capabilities: [{ name: 'PACKAGE_MANAGEMENT' }] })));
  });
}

function sendError(reply: FastifyReply, error: CosmosError) {
  return reply.code(error.status).type(M.error).send(JSON.stringify({
    type: error.type, message: error.message, ...(error.data ? { data: error.data } : {}),
  }));
}
