import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DcosError, ErrorCodes, notFound } from '../../../core/errors.js';
import type { Instance } from '../state/instance.js';
import { parseAppPath } from './app-path.js';
import { parseLabelSelector } from './label-selector.js';
import type { MarathonApi } from './marathon-api.js';
import { appEmbeds, boolParam, listParam, onlyParams, stringParam, type Query } from './query.js';
import { deploymentResult, location } from './responses.js';
import { killParams } from './kill-params.js';
import { tasksAsText, wantsText } from './task-text.js';
import { appView, definitionView, taskView } from './views.js';

type Req = FastifyRequest<{ Params: { '*': string }; Querystring: Query }>;

/** /v2/apps (apps.raml): apps, their tasks, versions and restarts. */
export function appRoutes(app: FastifyInstance, api: MarathonApi): void {
  const { read } = api;
  const posted = (req: FastifyRequest, appId: string) => {
    const def = read.app(appId);
    api.bus.publish({ eventType: 'api_post_event', timestamp: new Date(read.now()).toISOString(), clientIp: req.ip, uri: req.url.split('?')[0], appDefinition: def ? definitionView(def) : { id: appId } });
  };

  app.get('/v2/apps', async (req: FastifyRequest<{ Querystring: Query }>) => {
    onlyParams(req.query, ['id', 'cmd', 'label', 'embed']);
    const embed = appEmbeds(listParam(req.query, 'embed'), { counts: true, deployments: true });
    const id = stringParam(req.query, 'id');
    const cmd = stringParam(req.query, 'cmd');
    const label = stringParam(req.query, 'label');
    const selector = label !== undefined ? parseLabelSelector(label) : undefined;
    const apps = read.apps()
      .filter((a) => !id || a.id.includes(id))
      .filter((a) => !cmd || (a.cmd ?? '').includes(cmd))
      .filter((a) => !selector || selector(a.labels));
    return { apps: apps.map((a) => appView(read, a, embed)) };
  });

  app.post('/v2/apps', async (req: FastifyRequest<{ Querystring: Query }>, reply) => {
    onlyParams(req.query, ['force']);
    const { app: created, deployment } = await api.apps.create(req.body, { force: boolParam(req.query, 'force', false) });
    posted(req, created.id);
    reply.code(201).header('location', location('/v2/apps', created.id)).header('marathon-deployment-id', deployment.id);
    return { ...appView(read, created, { tasks: false, counts: true, deployments: true, lastTaskFailure: false, readiness: false, taskStats: false }), deployments: [{ id: deployment.id }] };
  });

  app.put('/v2/apps', async (req: FastifyRequest<{ Querystring: Query }>, reply) => {
    onlyParams(req.query, ['force', 'partialUpdate']);
    const d = await api.apps.batch(req.body, { force: boolParam(req.query, 'force', false), partial: boolParam(req.query, 'partialUpdate', true), mustExist: false });
    for (const a of d.affectedApps) posted(req, a);
    return deploymentResult(reply, d);
  });

  app.patch('/v2/apps', async (req: FastifyRequest<{ Querystring: Query }>, reply) => {
    onlyParams(req.query, ['force']);
    const d = await api.apps.batch(req.body, { force: boolParam(req.query, 'force', false), partial: true, mustExist: true });
    for (const a of d.affectedApps) posted(req, a);
    return deploymentResult(reply, d);
  });

  app.get('/v2/apps/*', async (req: Req, reply) => {
    const path = parseAppPath(req.params['*'], (id) => read.app(id) !== undefined);
    onlyParams(req.query, path.sub.kind === 'app' || path.sub.kind === 'group-apps' ? ['embed'] : []);
    const embedValues = listParam(req.query, 'embed');
    switch (path.sub.kind) {
      case 'group-apps': {
        const embed = appEmbeds(embedValues, { counts: true, deployments: true, tasks: true, lastTaskFailure: true });
        const apps = read.apps().filter((a) => path.appId === '/' || a.id.startsWith(`${path.appId}/`));
        return { '*': apps.map((a) => appView(read, a, embed)) };
      }
      case 'app':
        return { app: appView(read, found(path.appId), appEmbeds(embedValues, { counts: true, deployments: true, tasks: true, lastTaskFailure: true })) };
      case 'tasks': {
        const a = found(path.appId);
        const tasks = read.instancesOf(a.id);
        if (wantsText(req)) return reply.type('text/plain').send(tasksAsText([a], (id) => read.instancesOf(id)));
        return { tasks: tasks.map((i) => taskView(i, a)) };
      }
      case 'task': {
        const a = found(path.appId);
        const i = read.instance(path.sub.taskId);
        if (!i || i.appId !== a.id) throw notFound(`Task '${path.sub.taskId}' does not exist`);
        return { task: taskView(i, a) };
      }
      case 'versions':
        found(path.appId);
        return { versions: [...read.versionsOf(path.appId)].reverse() };
      case 'version': {
        found(path.appId);
        const def = await read.appVersion(path.appId, path.sub.version);
        if (!def) throw notFound(`App '${path.appId}' does not exist in version ${path.sub.version}`);
        return definitionView(def);
      }
      default:
        throw notFound(`No route for GET ${req.url.split('?')[0]}`);
    }
  });

  app.put('/v2/apps/*', async (req: Req, reply) => {
    const path = parseAppPath(req.params['*'], (id) => read.app(id) !== undefined);
    if (path.sub.kind !== 'app') throw notFound(`No route for PUT ${req.url.split('?')[0]}`);
    onlyParams(req.query, ['force', 'partialUpdate']);
    const result = await api.apps.update(path.appId, req.body ?? {}, { force: boolParam(req.query, 'force', false), partial: boolParam(req.query, 'partialUpdate', true) });
    posted(req, result.app.id);
    if (result.created) reply.header('location', location('/v2/apps', result.app.id));
    return deploymentResult(reply, result.deployment, result.created ? 201 : 200);
  });

  app.patch('/v2/apps/*', async (req: Req, reply) => {
    const path = parseAppPath(req.params['*'], (id) => read.app(id) !== undefined);
    if (path.sub.kind !== 'app') throw notFound(`No route for PATCH ${req.url.split('?')[0]}`);
    onlyParams(req.query, ['force']);
    const result = await api.apps.patch(path.appId, req.body ?? {}, { force: boolParam(req.query, 'force', false) });
    posted(req, result.app.id);
    return deploymentResult(reply, result.deployment);
  });

  app.post('/v2/apps/*', async (req: Req, reply) => {
    const path = parseAppPath(req.params['*'], (id) => read.app(id) !== undefined);
    if (path.sub.kind !== 'restart') throw notFound(`No route for POST ${req.url.split('?')[0]}`);
    onlyParams(req.query, ['force']);
    const body = req.body as unknown;
    if (body !== undefined && !(typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)) {
      throw new DcosError(ErrorCodes.BAD_REQUEST, 'POST /v2/apps/{id}/restart takes no body: the restart restarts every task of the app');
    }
    return deploymentResult(reply, await api.apps.restart(path.appId, { force: boolParam(req.query, 'force', false) }));
  });

  app.delete('/v2/apps/*', async (req: Req, reply) => {
    const path = parseAppPath(req.params['*'], (id) => read.app(id) !== undefined);
    onlyParams(req.query, path.sub.kind === 'tasks' ? ['host', 'scale', 'wipe', 'force'] : path.sub.kind === 'task' ? ['scale', 'wipe', 'force'] : ['force']);
    const force = boolParam(req.query, 'force', false);
    switch (path.sub.kind) {
      case 'app': {
        const d = await api.apps.remove(path.appId, { force });
        api.bus.publish({ eventType: 'api_post_event', timestamp: new Date(read.now()).toISOString(), clientIp: req.ip, uri: req.url.split('?')[0], appDefinition: { id: path.appId } });
        return deploymentResult(reply, d);
      }
      case 'tasks': {
        const a = found(path.appId);
        const host = stringParam(req.query, 'host');
        const tasks = read.instancesOf(a.id).filter((i) => host === undefined || i.host === host);
        return killTasks(reply, tasks, req.query, force);
      }
      case 'task': {
        const a = found(path.appId);
        const i = read.instance(path.sub.taskId);
        if (!i || i.appId !== a.id) throw notFound(`Task '${path.sub.taskId}' does not exist`);
        const result = await killTasks(reply, [i], req.query, force);
        return 'tasks' in result ? { task: result.tasks[0] } : result;
      }
      default:
        throw notFound(`No route for DELETE ${req.url.split('?')[0]}`);
    }
  });

  /** scale=true: one deployment scaling the apps down by exactly these tasks; otherwise kill and replace them. */
  async function killTasks(reply: FastifyReply, tasks: Instance[], query: Query, force: boolean) {
    const scale = killParams(query, force);
    const views = tasks.map((i) => taskView(i, read.app(i.appId)));
    const d = await api.apps.killTasks(tasks, { scale, force });
    if (d) return deploymentResult(reply, d);
    return { tasks: views };
  }

  function found(appId: string) {
    const a = read.app(appId);
    if (!a) throw notFound(`App '${appId}' does not exist`);
    return a;
  }
}
