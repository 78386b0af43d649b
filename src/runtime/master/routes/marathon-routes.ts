import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MarathonInfo } from '../../../api/marathon-types.js';
import { appView, deploymentView, taskView } from '../../marathon/app-views.js';
import type { AppService } from '../../marathon/app-service.js';
import type { ServicesScheduler } from '../../marathon/services-scheduler.js';
import type { StoredApp } from '../../marathon/stored-app.js';

export interface MarathonRoutesDeps {
  apps: AppService;
  scheduler: ServicesScheduler;
  info: () => Pick<MarathonInfo, 'leader' | 'version'> & { masterUrl: string };
}

type Query = Record<string, string | undefined>;

const truthy = (v: string | undefined) => v === 'true' || v === '1' || v === '';

/** Marathon's /v2 API (docs/docs/rest-api/public/api/v2/*.raml), the part the scheduler implements. */
export function marathonRoutes(app: FastifyInstance, d: MarathonRoutesDeps): void {
  const view = (a: StoredApp, embedTasks: boolean) =>
    appView(a, d.scheduler.state.instancesOf(a.id), d.apps.deploymentsOf(a.id), d.scheduler.lastFailure(a.id), embedTasks);

  app.get('/v2/apps', async (req: FastifyRequest<{ Querystring: Query }>) => {
    const { embed, id, cmd } = req.query;
    const embeds = ([] as string[]).concat(embed ?? []);
    const embedTasks = embeds.some((e) => e === 'apps.tasks' || e === 'app.tasks');
    const apps = d.apps.list()
      .filter((a) => !id || a.id.includes(id))
      .filter((a) => !cmd || (a.cmd ?? '').includes(cmd));
    return { apps: apps.map((a) => view(a, embedTasks)) };
  });

  app.post('/v2/apps', async (req, reply) => {
    const { app: created, deployment } = await d.apps.create(req.body);
    reply.code(201).header('location', `/v2/apps${created.id}`);
    return { ...view(created, false), deployments: [{ id: deployment.id }] };
  });

  app.get('/v2/apps/*', async (req: FastifyRequest<{ Params: { '*': string } }>) => {
    const path = req.params['*'];
    if (path.endsWith('/tasks')) {
      const a = d.apps.get(path.slice(0, -'/tasks'.length));
      return { tasks: d.scheduler.state.instancesOf(a.id).map((i) => taskView(i, a)) };
    }
    return { app: view(d.apps.get(path), true) };
  });

  app.put('/v2/apps/*', async (req: FastifyRequest<{ Params: { '*': string }; Querystring: Query }>) => {
    const partial = req.query.partialUpdate === undefined ? true : truthy(req.query.partialUpdate);
    return d.apps.update(req.params['*'], req.body ?? {}, { force: truthy(req.query.force), partial });
  });

  app.delete('/v2/apps/*', async (req: FastifyRequest<{ Params: { '*': string }; Querystring: Query }>) =>
    d.apps.remove(req.params['*'], { force: truthy(req.query.force) }));

  app.get('/v2/tasks', async (req: FastifyRequest<{ Querystring: Query }>) => {
    const wanted = ([] as string[]).concat(req.query.status ?? req.query['status[]'] ?? []).map((s) => `TASK_${s.toUpperCase()}`);
    const tasks = [...d.scheduler.state.instances.values()]
      .filter((i) => wanted.length === 0 || wanted.includes(i.state))
      .map((i) => taskView(i, d.scheduler.state.apps.get(i.appId)));
    return { tasks };
  });

  app.get('/v2/deployments', async () => d.apps.deployments().map(deploymentView));

  app.get('/v2/info', async (): Promise<MarathonInfo> => {
    const i = d.info();
    return {
      name: 'marathon',
      version: i.version,
      buildref: 'dcos-toolkit',
      elected: true,
      leader: i.leader,
      frameworkId: d.scheduler.frameworkId ?? null,
      marathon_config: { master: i.masterUrl, framework_name: 'marathon', mesos_role: '*', decline_offer_duration: 120000 },
      http_config: { http_port: Number(i.leader.split(':')[1]) },
    };
  });

  app.get('/v2/leader', async () => ({ leader: d.info().leader }));
}
