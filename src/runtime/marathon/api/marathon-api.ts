import type { AppService } from '../apps/app-service.js';
import type { Deployer } from '../deployments/deployer.js';
import type { EventBus } from '../events/event-bus.js';
import type { GroupService } from '../groups/group-service.js';
import type { MarathonReadModel } from './read-model.js';

/** Everything the /v2 routes use: the read model to answer, the services to change things. */
export interface MarathonApi {
  read: MarathonReadModel;
  apps: AppService;
  groups: GroupService;
  deployer: Deployer;
  bus: EventBus;
  /** DELETE /v2/queue/{app}/delay */
  resetDelay(appId: string): void;
  info(): { leader: string; version: string; masterUrl: string; httpPort: number };
}
