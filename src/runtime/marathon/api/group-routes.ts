import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DcosError, ErrorCodes, notFound } from '../../../core/errors.js';
import { groupId } from '../groups/group-service.js';
import { appsUnder, buildGroupTree, findGroup } from '../groups/group-tree.js';
import type { StoredApp } from '../state/stored-app.js';
import type { MarathonApi } from './marathon-api.js';
import { appEmbeds, boolParam, listParam, onlyParams, type Query } from './query.js';
import { deploymentResult, location } from './responses.js';
import { groupView, type GroupEmbeds } from './views.js';

type Req = FastifyRequest<{ Params: { '*'?: string }; Querystring: Query }>;

/**
 * Group embeds (InfoEmbedResolver): group.groups and group.apps, by default both;
 * group.apps.<x> embeds x in each app.
 */
function groupEmbeds(values: string[]): GroupEmbeds {
  const groupLevel = values.filter((v) => !v.startsWith('group.apps.'));
  const appLevel = values.filter((v) => v.startsWith('group.apps.'));
  for (const v of groupLevel) {
    if (v !== 'group.groups' && v !== 'group.apps' && v !== 'group.pods') {
      throw new DcosError(ErrorCodes.BAD_REQUEST, `Unknown embed "${v}": use group.groups, group.apps or group.apps.<tasks|counts|deployments|lastTaskFailure|readiness|taskStats>`);
    }
  }
  const none = values.length === 0;
  return {
    groups: none || groupLevel.includes('group.groups'),
    apps: none || groupLevel.includes('group.apps') || appLevel.length > 0,
    app: appEmbeds(appLevel, {}),
  };
}

/**
 * The group a URL names, as written: "." and ".." are not resolved (DELETE
 * /v2/groups/a/../b must not remove /b), and a URL naming one is a group that does not exist.
 */
function urlGroupId(path: string): string {
  const segments = path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  if (segments.some((s) => s === '.' || s === '..')) throw notFound(`Group '/${segments.join('/')}' does not exist`);
  return `/${segments.join('/')}`;
}

/** /v2/groups (groups.raml). */
export function groupRoutes(app: FastifyInstance, api: MarathonApi): void {
  const { read } = api;
  const idOf = (req: Req) => urlGroupId(req.params['*'] ?? '');

  const get = async (req: Req) => {
    const rest = req.params['*'] ?? '';
    onlyParams(req.query, /(^|\/)versions(\/[^/]+)?$/.test(rest) ? [] : ['embed']);
    const at = /^(.*?)\/?versions\/([^/]+)$/.exec(rest);
    if (at) return groupAtVersion(urlGroupId(at[1]), decodeURIComponent(at[2]));
    if (rest.endsWith('versions') && (rest === 'versions' || rest.endsWith('/versions'))) {
      const node = api.groups.get(urlGroupId(rest.slice(0, -'versions'.length)));
      const versions = new Set([node.version, ...appsUnder(node).flatMap((a) => read.versionsOf(a.id))]);
      return [...versions].sort().reverse();
    }
    return groupView(read, api.groups.get(idOf(req)), groupEmbeds(listParam(req.query, 'embed')));
  };
  /** The group as it was at a version: each app under it at its newest version not after it. */
  const groupAtVersion = async (id: string, version: string) => {
    const node = api.groups.get(id);
    if (Number.isNaN(Date.parse(version))) throw notFound(`Group '${id}' does not exist in version ${version}`);
    const then = new Map<string, StoredApp>();
    for (const a of appsUnder(node)) {
      const v = read.versionsOf(a.id).filter((x) => x <= version).pop();
      const def = v && (await read.appVersion(a.id, v));
      if (def) then.set(def.id, def);
    }
    const past = findGroup(buildGroupTree(then, new Map()), id);
    if (!past) throw notFound(`Group '${id}' does not exist in version ${version}`);
    return groupView(read, past, { groups: true, apps: true, app: appEmbeds([], {}) });
  };

  app.get('/v2/groups', get);
  app.get('/v2/groups/*', get);

  app.post('/v2/groups', async (req: Req, reply) => {
    onlyParams(req.query, ['force']);
    const d = await api.groups.create(req.body, { force: boolParam(req.query, 'force', false) });
    const id = groupId(String((req.body as { id?: unknown }).id));
    reply.header('location', location('/v2/groups', id));
    return deploymentResult(reply, d, 201);
  });

  const put = async (req: Req, reply: Parameters<typeof deploymentResult>[0]) => {
    onlyParams(req.query, ['force', 'dryRun']);
    const dryRun = boolParam(req.query, 'dryRun', false);
    const result = await api.groups.update(idOf(req), req.body ?? {}, { force: boolParam(req.query, 'force', false), dryRun });
    if (Array.isArray(result)) return { steps: result.map((s) => ({ actions: s.actions.map((a) => ({ action: a.action, app: a.app })) })) };
    return deploymentResult(reply, result);
  };
  app.put('/v2/groups', put);
  app.put('/v2/groups/*', put);

  app.patch('/v2/groups/*', async (req: Req, reply) => {
    onlyParams(req.query, []);
    return deploymentResult(reply, await api.groups.patch(idOf(req), req.body ?? {}));
  });

  const del = async (req: Req, reply: Parameters<typeof deploymentResult>[0]) => {
    onlyParams(req.query, ['force']);
    return deploymentResult(reply, await api.groups.remove(idOf(req), { force: boolParam(req.query, 'force', false) }));
  };
  app.delete('/v2/groups', del);
  app.delete('/v2/groups/*', del);
}
