import type { FastifyInstance } from 'fastify';
import { appRoutes } from './app-routes.js';
import { deploymentRoutes } from './deployment-routes.js';
import { groupRoutes } from './group-routes.js';
import { infoRoutes } from './info-routes.js';
import type { MarathonApi } from './marathon-api.js';
import { queueRoutes } from './queue-routes.js';
import { taskRoutes } from './task-routes.js';

/** Marathon's /v2 API (docs/docs/rest-api/public/api/v2/*.raml); the master registers it behind its credentials. */
export function marathonRoutes(app: FastifyInstance, api: MarathonApi): void {
  appRoutes(app, api);
  taskRoutes(app, api);
  groupRoutes(app, api);
  deploymentRoutes(app, api);
  queueRoutes(app, api);
  infoRoutes(app, api);
}
