import type { FastifyInstance, FastifyRequest } from 'fastify';
import { onlyParams, type Query } from './query.js';
import type { MarathonInfo } from '../../../api/marathon-types.js';
import { SERVICE_PORT_MAX, SERVICE_PORT_MIN } from '../apps/service-ports.js';
import { MAX_VERSIONS_PER_APP } from '../state/scheduler-state.js';
import type { MarathonApi } from './marathon-api.js';

/**
 * /v2/info with every field info.raml marks required, and /v2/leader. There is no
 * ZooKeeper: zookeeper_config names the state store instead, with Marathon's field names.
 */
export function infoRoutes(app: FastifyInstance, api: MarathonApi): void {
  app.get('/v2/info', async (req: FastifyRequest<{ Querystring: Query }>): Promise<MarathonInfo> => {
    onlyParams(req.query, []);
    const i = api.info();
    return {
      name: 'marathon',
      version: i.version,
      buildref: 'dcos-toolkit',
      elected: true,
      leader: i.leader,
      frameworkId: api.read.frameworkId() ?? null,
      marathon_config: {
        master: i.masterUrl, framework_name: 'marathon', mesos_role: '*', mesos_user: null, hostname: i.leader.split(':')[0],
        decline_offer_duration: 120_000, default_accepted_resource_roles: ['*'], executor: '//cmd', features: [], checkpoint: true,
        ha: false, local_port_min: SERVICE_PORT_MIN, local_port_max: SERVICE_PORT_MAX, env_vars_prefix: '', failover_timeout: 604_800,
        task_lost_expunge_initial_delay: 0, task_lost_expunge_interval: 30_000, webui_url: null,
      },
      zookeeper_config: {
        zk: 'none: state in the master\'s store', zk_connection_timeout: 0, zk_max_versions: MAX_VERSIONS_PER_APP, zk_session_timeout: 0, zk_timeout: 0,
      },
      http_config: { http_port: i.httpPort, https_port: 0 },
    };
  });

  app.get('/v2/leader', async (req: FastifyRequest<{ Querystring: Query }>) => {
    onlyParams(req.query, []);
    return { leader: api.info().leader };
  });
}
