import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { FrameworkRegistry } from '../../core/framework.js';
import { isActive } from '../../core/task-state.js';
import type { PlacementStack } from '../placement/placement.js';
import type { StateStore } from '../state/state-store.js';
import type { MarathonApi } from './api/marathon-api.js';
import type { MarathonReadModel } from './api/read-model.js';
import { planJson } from './api/views.js';
import { AppService } from './apps/app-service.js';
import { Deployer } from './deployments/deployer.js';
import { DeploymentManager } from './deployments/deployment-manager.js';
import { effectiveTarget } from './deployments/effective-target.js';
import { isAvailable } from './deployments/convergence.js';
import type { EventBus } from './events/event-bus.js';
import { GroupService } from './groups/group-service.js';
import { ReadinessChecker, type HttpProbe } from './health/readiness-checker.js';
import { LaunchQueue } from './launch-queue/launch-queue.js';
import { ServicesScheduler } from './services-scheduler.js';
import { SchedulerState } from './state/scheduler-state.js';

export interface MarathonOptions {
  clock: Clock;
  log: Logger;
  store: StateStore;
  bus: EventBus;
  placement: PlacementStack;
  random?: () => number;
  declineSeconds?: number;
  readinessProbe?: HttpProbe;
  info: MarathonApi['info'];
}

export interface Marathon {
  state: SchedulerState;
  scheduler: ServicesScheduler;
  api: MarathonApi;
  start(master: FrameworkRegistry): void;
  /** Stops timers and writes what is queued. */
  stop(): Promise<void>;
}

/**
 * Composes the services scheduler: state (read back from the store), launch queue,
 * readiness checks, deployments and the API's services, wired to one event bus.
 */
export async function createMarathon(o: MarathonOptions): Promise<Marathon> {
  const state = new SchedulerState(o.store, { log: o.log, clock: o.clock });
  await state.load();
  let scheduler: ServicesScheduler | undefined;
  const queue = new LaunchQueue(o.clock, (appId) => scheduler?.delayEnded(appId));
  const readiness = new ReadinessChecker({ clock: o.clock, probe: o.readinessProbe, onResult: (taskId, ready) => scheduler?.readinessResult(taskId, ready) });
  scheduler = new ServicesScheduler({
    clock: o.clock, log: o.log, state, bus: o.bus, placement: o.placement, queue, readiness, random: o.random, declineSeconds: o.declineSeconds,
    masterUrl: () => o.info().masterUrl,
  });
  const s = scheduler;
  let deployer: Deployer | undefined;
  const manager = new DeploymentManager({
    state, clock: o.clock, log: o.log, bus: o.bus,
    isActionDone: (d, a) => s.isActionDone(d, a),
    whyNotDone: (d, a) => {
      const target = effectiveTarget(a.app, state.apps.get(a.app), d);
      const instances = state.instancesOf(a.app).filter((i) => isActive(i.state) && !i.killRequested);
      if (target.kind !== 'run') return `${instances.length} tasks still running`;
      const ok = instances.filter((i) => i.configVersion === target.spec.versionInfo.lastConfigChangeAt && isAvailable(i, target.spec, true)).length;
      const failure = state.failures.get(a.app);
      return `${ok} of ${target.instances} new tasks healthy and ready${failure ? `; last failure: ${failure.state} ${failure.message}` : ''}`;
    },
    planJson: (d) => planJson(d, d.affectedApps.map((a) => state.apps.get(a)).filter((a) => a !== undefined)),
    revert: (d, reason) => deployer!.revert(d, reason),
    onStepChanged: (apps) => s.touch(apps),
  });
  scheduler.manager = manager;
  deployer = new Deployer({
    state, manager, clock: o.clock, log: o.log, bus: o.bus,
    afterChange: (d, configChanged) => {
      for (const appId of configChanged) queue.resetDelay(appId);
      s.touch([...d.affectedApps]);
      // What agents refused to the old definitions says nothing about the new ones.
      s.driver.reviveAtNextLook();
    },
  });
  manager.resume();
  const apps = new AppService(state, deployer, s);
  const groups = new GroupService(state, deployer);

  const read: MarathonReadModel = {
    apps: () => [...state.apps.values()].sort((a, b) => a.id.localeCompare(b.id)),
    app: (id) => state.apps.get(id),
    instancesOf: (id) => state.instancesOf(id),
    instance: (taskId) => state.instances.get(taskId),
    allInstances: () => [...state.instances.values()],
    deployments: () => [...state.deployments.values()].sort((a, b) => a.createdAt - b.createdAt),
    deployment: (id) => state.deployments.get(id) ?? state.deploymentHistory.find((d) => d.id === id),
    deploymentsOf: (appId) => {
      const d = manager.affecting(appId);
      return d ? [d] : [];
    },
    lastFailure: (appId) => state.failures.get(appId),
    readiness: (taskId) => readiness.results(taskId),
    versionsOf: (id) => state.versionsOf(id),
    appVersion: (id, v) => state.appVersion(id, v),
    target: (id) => s.targetOf(id),
    queued: (id) => queue.waitingSince(id) !== undefined ? Math.max(s.pendingOf(id), queue.isDelayed(id) ? 1 : 0) : 0,
    delayLeftMs: (id) => queue.delayLeftMs(id),
    waitingSince: (id) => queue.waitingSince(id),
    offerStats: (id) => queue.offerStats(id),
    frameworkId: () => s.frameworkId,
    now: () => o.clock.now(),
  };

  const api: MarathonApi = {
    read, apps, groups, deployer, bus: o.bus,
    resetDelay: (appId) => {
      queue.resetDelay(appId);
      s.touch([appId]);
    },
    info: o.info,
  };

  return {
    state, scheduler, api,
    start: (master) => s.start(master),
    async stop() {
      s.stop();
      manager.stop();
      queue.stop();
      readiness.stop();
      await state.flush();
    },
  };
}
