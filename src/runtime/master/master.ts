import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { PackageRepository } from '../../api/cosmos-types.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { HierarchicalAllocator } from '../allocator/hierarchical-allocator.js';
import { requireCredentials } from '../http/auth.js';
import { createServer } from '../http/server.js';
import { marathonRoutes } from '../marathon/api/routes.js';
import { ChatNotifier } from '../marathon/events/chat-notifier.js';
import { LocalEventBus } from '../marathon/events/event-bus.js';
import { registerEventRoutes } from '../marathon/events/event-routes.js';
import { EventSubscriptions } from '../marathon/events/event-subscriptions.js';
import { loadNotifierConfig } from '../marathon/events/notifier-config.js';
import { createMarathon } from '../marathon/marathon.js';
import { cosmosRoutes } from '../packages/api/cosmos-routes.js';
import { createPackages } from '../packages/packages.js';
import { StagedPlacementStack } from '../placement/placement-stack.js';
import { binpackRanker } from '../placement/rank/binpack.js';
import { spreadRanker } from '../placement/rank/spread.js';
import { SqliteStateStore } from '../state/sqlite-store.js';
import type { StateStore } from '../state/state-store.js';
import { AgentCommands } from './agent-commands.js';
import { AgentGateway } from './agent-gateway.js';
import { AgentRegistry } from './agent-registry.js';
import { FrameworkManager } from './framework-manager.js';
import { OfferBook } from './offer-book.js';
import { frameworkPort, marathonPort } from './package-ports.js';
import { TaskBook } from './task-book.js';
import { agentProtocolRoutes } from './routes/agent-protocol-routes.js';
import { mesosRoutes } from './routes/mesos-routes.js';
import { masterState } from './state-view.js';

export const MASTER_VERSION = '0.1.0';

export interface MasterOptions {
  host: string;
  port: number;
  stateDir: string;
  clusterName: string;
  /** The operator credential (CLI, API clients). */
  token: string;
  /** The node credential shared by master and agents. */
  nodeToken: string;
  log: Logger;
  clock?: Clock;
  agentPingTimeoutMs?: number;
  allocationIntervalMs?: number;
  /** How the services scheduler ranks the agents that fit: spread an app's tasks (default) or fill agents first. */
  placement?: 'spread' | 'binpack';
  /** The chat notifier's JSON config (--notifier-config; see marathon/events/notifier-config.ts). */
  notifierConfigFile?: string;
  /** The package repository a new cluster starts with (default: the built-in one shipped in templates/universe). */
  builtInRepository?: PackageRepository;
}

/** templates/universe of the installed package: three levels above this file, from dist/ and from src/ alike. */
const BUILT_IN_REPOSITORY: PackageRepository = {
  name: 'Built-in', uri: pathToFileURL(fileURLToPath(new URL('../../../templates/universe/', import.meta.url))).href,
};

export interface RunningMaster {
  url: string;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** Composes the master: state, agent registry, allocator, frameworks, the services scheduler and the HTTP API. */
export async function startMaster(o: MasterOptions): Promise<RunningMaster> {
  const clock = o.clock ?? systemClock;
  // A bad notifier config fails the start before anything is opened.
  const notifierConfig = o.notifierConfigFile ? loadNotifierConfig(o.notifierConfigFile) : undefined;
  mkdirSync(o.stateDir, { recursive: true, mode: 0o700 });
  const store: StateStore = new SqliteStateStore(join(o.stateDir, 'master.db'));
  const masterId = (await store.get<string>('master/id')) ?? randomUUID();
  await store.commit([{ type: 'put', key: 'master/id', value: masterId }]);
  const startTime = clock.now();

  let gateway: AgentGateway | undefined;
  const agents = new AgentRegistry({
    clock, store, nodeToken: o.nodeToken, pingTimeoutMs: o.agentPingTimeoutMs ?? 15_000,
    events: {
      unreachable: (agent) => {
        gateway?.unreachable(agent).catch((err) => o.log.error({ err, agentId: agent.id }, 'cannot mark the tasks of an unreachable agent'));
      },
    },
  });
  const tasks = new TaskBook(store);
  const offers = new OfferBook();
  let frameworks: FrameworkManager | undefined;
  const allocator = new HierarchicalAllocator((fw, agent, res) => frameworks?.makeOffer(fw, agent, res), {
    clock, allocationIntervalMs: o.allocationIntervalMs,
  });
  const commands = new AgentCommands({ clock, log: o.log, store, agents });
  frameworks = new FrameworkManager({ clock, store, log: o.log, agents, commands, tasks, offers, allocator });
  gateway = new AgentGateway({ clock, log: o.log, masterId, agents, commands, tasks, frameworks, allocator });

  await Promise.all([agents.load(), tasks.load(), frameworks.load(), commands.load()]);
  // Known agents get their accounting back now and a fresh heartbeat timeout to re-register.
  for (const agent of agents.list()) {
    allocator.addAgent(agent.id, agent.resources, tasks.usedOn(agent.id));
    allocator.setAgentActive(agent.id, agent.status === 'REACHABLE');
  }
  agents.startMonitor((err) => o.log.error({ err }, 'cannot record an unreachable agent'));
  commands.start();

  const hostname = o.host;
  let boundPort = o.port;
  const marathonLog = o.log.child({ component: 'marathon' });
  const bus = new LocalEventBus((err, event) => marathonLog.error({ err, eventType: event.eventType }, 'an event listener failed'));
  const marathon = await createMarathon({
    clock, log: marathonLog, store, bus, placement: new StagedPlacementStack(o.placement === 'binpack' ? binpackRanker : spreadRanker),
    info: () => ({ leader: `${hostname}:${boundPort}`, version: MASTER_VERSION, masterUrl: `http://${hostname}:${boundPort}`, httpPort: boundPort }),
  });
  // The event outputs listen before the scheduler starts, so they miss none of its events.
  const eventLog = o.log.child({ component: 'events' });
  const subscriptions = new EventSubscriptions({ store, bus, clock, log: eventLog });
  await subscriptions.load();
  const notifier = notifierConfig && ChatNotifier.started(notifierConfig, {
    bus, clock, log: eventLog, clusterName: o.clusterName, labelsOf: (id) => marathon.api.read.app(id)?.labels,
  });
  marathon.start(frameworks);
  const packages = await createPackages({
    store, clock, log: o.log.child({ component: 'packages' }),
    marathon: marathonPort(marathon.api),
    frameworks: frameworkPort(frameworks, () => marathon.api.read.frameworkId()),
    defaultRepositories: [o.builtInRepository ?? BUILT_IN_REPOSITORY],
  });

  const server = createServer({ logger: o.log, daemon: 'master' });
  server.get('/ping', async (_req, reply) => reply.type('text/plain').send('pong'));
  await server.register(async (operator) => {
    operator.addHook('onRequest', requireCredentials(() => [o.token]));
    marathonRoutes(operator, marathon.api);
    registerEventRoutes(operator, { bus, clock, log: eventLog, subscriptions });
    cosmosRoutes(operator, packages);
    mesosRoutes(operator, {
      agents,
      teardown: (frameworkId) => {
        if (frameworkId === marathon.api.read.frameworkId()) {
          throw new DcosError(ErrorCodes.BAD_REQUEST, `Framework ${frameworkId} is the cluster's built-in services scheduler (marathon); it cannot be torn down`);
        }
        return frameworks!.teardown(frameworkId);
      },
      state: () => masterState({
        id: masterId, version: MASTER_VERSION, hostname, port: boundPort, cluster: o.clusterName, startTime, agents, tasks, offers, frameworks: frameworks!,
      }),
    });
  });
  await server.register(async (internal) => {
    internal.addHook('onRequest', requireCredentials(() => [o.nodeToken]));
    agentProtocolRoutes(internal, gateway!);
  });

  await server.listen({ host: o.host, port: o.port });
  const address = server.server.address();
  if (typeof address === 'object' && address) boundPort = address.port;
  o.log.info({ url: `http://${o.host}:${boundPort}`, masterId }, 'master listening');

  return {
    url: `http://${o.host}:${boundPort}`,
    server,
    async close() {
      agents.stop();
      commands.stop();
      allocator.stop();
      await server.close();
      subscriptions.stop();
      notifier?.stop();
      await marathon.stop();
      await store.close();
    },
  };
}
