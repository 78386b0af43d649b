import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type {
  FrameworkInfo, FrameworkRegistry, Offer, SchedulerCalls, SchedulerEventHandler, TaskLaunch, TaskStatus, Filters,
} from '../../core/framework.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { newFrameworkId } from '../../core/ids.js';
import { addResources, containsResources, emptyResources, subtractResources, sumResources, type Resources } from '../../core/resources.js';
import { isTerminal } from '../../core/task-state.js';
import type { Allocator } from '../allocator/allocator.js';
import type { StateStore } from '../state/state-store.js';
import type { AgentCommands } from './agent-commands.js';
import type { AgentRecord, AgentRegistry } from './agent-registry.js';
import type { OfferBook } from './offer-book.js';
import { healthOf, type MasterTask, type TaskBook } from './task-book.js';

export interface FrameworkRecord extends FrameworkInfo {
  id: string;
  registeredAt: number;
}

interface Connected {
  record: FrameworkRecord;
  handler: SchedulerEventHandler;
}

export interface FrameworkManagerDeps {
  clock: Clock;
  store: StateStore;
  log: Logger;
  agents: AgentRegistry;
  commands: AgentCommands;
  tasks: TaskBook;
  offers: OfferBook;
  allocator: Allocator;
}

const KEY = 'master/frameworks/';
/** Frameworks torn down: their ids may not subscribe again (Mesos: "Framework has been removed"). */
const REMOVED_KEY = 'master/frameworks-removed/';

/**
 * The role of an agent's resources. Public agents (attribute public_ip:true, as DC/OS
 * marks them and as the provisioner writes it) offer theirs to role slave_public, so only
 * apps that accept that role (acceptedResourceRoles) land there.
 */
export function agentRole(agent: Pick<AgentRecord, 'attributes'>): string {
  return agent.attributes.public_ip === 'true' ? 'slave_public' : '*';
}

/**
 * The master's side of the framework interface: subscriptions, offers, launches, kills,
 * reconciliation, and delivery of task status updates to their framework.
 */
export class FrameworkManager implements FrameworkRegistry {
  private readonly known = new Map<string, FrameworkRecord>();
  private readonly connected = new Map<string, Connected>();
  private pendingOffers = new Map<string, Offer[]>();
  private readonly removed = new Set<string>();

  constructor(private readonly d: FrameworkManagerDeps) {}

  async load(): Promise<void> {
    for (const { value } of await this.d.store.list<FrameworkRecord>(KEY)) this.known.set(value.id, value);
    for (const { value } of await this.d.store.list<string>(REMOVED_KEY)) this.removed.add(value);
  }

  /**
   * Mesos's /master/teardown: the framework's offers are withdrawn, its tasks killed
   * (durable kills, so they die even if their agent is away now), and it is removed for
   * good: its id may not subscribe again. The record is written first, so a master that
   * dies halfway finishes nothing but refuses the framework all the same.
   */
  async teardown(frameworkId: string): Promise<void> {
    if (!this.known.has(frameworkId)) throw new DcosError(ErrorCodes.NOT_FOUND, `No framework with id ${frameworkId}`);
    await this.d.store.commit([{ type: 'delete', key: KEY + frameworkId }, { type: 'put', key: REMOVED_KEY + frameworkId, value: frameworkId }]);
    this.removed.add(frameworkId);
    this.known.delete(frameworkId);
    this.connected.delete(frameworkId);
    this.pendingOffers.delete(frameworkId);
    this.d.offers.take(this.d.offers.all().filter((o) => o.frameworkId === frameworkId).map((o) => o.id));
    this.d.allocator.removeFramework(frameworkId);
    const tasks = this.d.tasks.activeTasks().filter((t) => t.frameworkId === frameworkId);
    await Promise.all(tasks.map((t) => this.d.commands.kill({ taskId: t.taskId, frameworkId, agentId: t.agentId })));
    this.d.log.info({ frameworkId, tasks: tasks.length }, 'framework torn down');
  }

  frameworks(): Array<FrameworkRecord & { active: boolean }> {
    return [...this.known.values()].map((f) => ({ ...f, active: this.connected.has(f.id) }));
  }

  subscribe(info: FrameworkInfo, handler: SchedulerEventHandler): SchedulerCalls {
    if (info.id && this.removed.has(info.id)) throw new DcosError(ErrorCodes.CONFLICT, `Framework ${info.id} has been removed (torn down); it may not subscribe again`);
    const id = info.id ?? newFrameworkId();
    const record: FrameworkRecord = { ...info, id, registeredAt: this.known.get(id)?.registeredAt ?? this.d.clock.now() };
    this.known.set(id, record);
    this.connected.set(id, { record, handler });
    this.d.store.commit([{ type: 'put', key: KEY + id, value: record }])
      .catch((err) => this.d.log.error({ err, frameworkId: id }, 'cannot store the framework record; it is written again at its next subscription'));
    this.d.allocator.addFramework(id, info.role);
    handler.subscribed(id);
    return this.callsFor(id);
  }

  /** Called by the allocator: turns free resources of an agent into an offer, delivered once per pass. */
  makeOffer(frameworkId: string, agentId: string, resources: Resources): void {
    const agent = this.d.agents.get(agentId);
    const fw = this.connected.get(frameworkId);
    if (!agent || !fw) {
      this.d.allocator.recoverResources(frameworkId, agentId, resources, { refuseSeconds: 0 });
      return;
    }
    const offer = this.d.offers.create({
      frameworkId, agentId, hostname: agent.hostname, resources, attributes: agent.attributes, role: agentRole(agent), capabilities: agent.capabilities,
    });
    const batch = this.pendingOffers.get(frameworkId);
    if (batch) {
      batch.push(offer);
      return;
    }
    this.pendingOffers.set(frameworkId, [offer]);
    queueMicrotask(() => {
      const offers = this.pendingOffers.get(frameworkId) ?? [];
      this.pendingOffers.delete(frameworkId);
      const live = offers.filter((o) => this.d.offers.get(o.id));
      if (live.length > 0) this.connected.get(frameworkId)?.handler.offers(live);
    });
  }

  /** Withdraws every outstanding offer on an agent (it left, or it re-registered). */
  rescindOffersOn(agentId: string): void {
    for (const offer of this.d.offers.onAgent(agentId)) {
      this.d.offers.take([offer.id]);
      this.d.allocator.recoverResources(offer.frameworkId, agentId, offer.resources, { refuseSeconds: 0 });
      this.connected.get(offer.frameworkId)?.handler.rescind(offer.id);
    }
  }

  /**
   * Records status updates durably, releases the resources of tasks that ended, and
   * delivers each update to its framework. Updates for unknown tasks are dropped.
   */
  async applyUpdates(statuses: TaskStatus[]): Promise<void> {
    if (statuses.length === 0) return;
    const before = await this.d.tasks.apply(statuses);
    statuses.forEach((status, i) => {
      const task = before[i];
      if (!task) return;
      if (isTerminal(status.state)) this.d.allocator.recoverResources(task.frameworkId, task.agentId, task.resources, { refuseSeconds: 0 });
      this.connected.get(task.frameworkId)?.handler.update(status);
    });
    // After delivery: a kill left pending by a failed write is only sent once more, and
    // the agent's "unknown task" answer settles it.
    await this.d.commands.settled(statuses.filter((s) => isTerminal(s.state)).map((s) => s.taskId))
      .catch((err) => this.d.log.error({ err }, 'cannot record that killed tasks ended'));
  }

  /** An update the master itself issues (agent unreachable, launch failed, reconciliation). */
  masterStatus(task: Pick<MasterTask, 'taskId' | 'frameworkId' | 'agentId'>, state: TaskStatus['state'], message: string, reason?: string): TaskStatus {
    return {
      taskId: task.taskId, frameworkId: task.frameworkId, agentId: task.agentId, state,
      timestamp: this.d.clock.now() / 1000, source: 'SOURCE_MASTER', message, ...(reason ? { reason } : {}),
      hostname: this.d.agents.get(task.agentId)?.hostname,
    };
  }

  private callsFor(frameworkId: string): SchedulerCalls {
    return {
      frameworkId,
      accept: (offerIds, launches, filters) => {
        this.accept(frameworkId, offerIds, launches, filters).catch((err) => this.d.log.error({ err, frameworkId }, 'accepting offers failed'));
      },
      decline: (offerIds, filters) => this.decline(frameworkId, offerIds, filters),
      revive: () => this.d.allocator.revive(frameworkId),
      suppress: () => this.d.allocator.suppress(frameworkId),
      kill: (taskId, grace) => {
        this.kill(frameworkId, taskId, grace).catch((err) => this.d.log.error({ err, taskId }, 'cannot record a kill; the framework will ask again'));
      },
      acknowledge: () => undefined, // The master acknowledges agents once an update is durable here.
      reconcile: (tasks) => this.reconcile(frameworkId, tasks),
    };
  }

  private decline(frameworkId: string, offerIds: string[], filters?: Filters): void {
    for (const offer of this.d.offers.take(offerIds)) {
      if (offer.frameworkId !== frameworkId) continue;
      this.d.allocator.recoverResources(frameworkId, offer.agentId, offer.resources, filters);
    }
  }

  private async accept(frameworkId: string, offerIds: string[], launches: TaskLaunch[], filters?: Filters): Promise<void> {
    const offers = this.d.offers.take(offerIds);
    const foreign = offers.filter((o) => o.frameworkId !== frameworkId);
    const mine = offers.filter((o) => o.frameworkId === frameworkId);
    for (const o of foreign) this.d.allocator.recoverResources(o.frameworkId, o.agentId, o.resources, { refuseSeconds: 0 });
    const agentId = mine[0]?.agentId;
    const drop = (reason: string, state: TaskStatus['state'] = 'TASK_DROPPED') =>
      this.deliverMaster(launches.map((l) => this.masterStatus({ taskId: l.taskId, frameworkId, agentId: agentId ?? '' }, state, reason)));

    if (mine.length !== offerIds.length || mine.length === 0 || mine.some((o) => o.agentId !== agentId)) {
      for (const o of mine) this.d.allocator.recoverResources(frameworkId, o.agentId, o.resources, { refuseSeconds: 0 });
      return drop('Offers are no longer valid (rescinded, used, or from different agents)');
    }
    const offered = mine.reduce((sum, o) => addResources(sum, o.resources), emptyResources());
    const used = sumResources(launches.map((l) => l.resources));
    const ids = new Set<string>();
    const duplicate = launches.find((l) => {
      const seen = ids.has(l.taskId) || this.d.tasks.get(l.taskId) !== undefined;
      ids.add(l.taskId);
      return seen;
    });
    if (!containsResources(offered, used) || duplicate) {
      this.d.allocator.recoverResources(frameworkId, agentId!, offered, { refuseSeconds: 0 });
      return drop(duplicate ? `Task id ${duplicate.taskId} is already in use` : 'Tasks use more resources than the offers hold', 'TASK_ERROR');
    }
    this.d.allocator.recoverResources(frameworkId, agentId!, subtractResources(offered, used), filters);
    if (launches.length === 0) return;

    const now = this.d.clock.now();
    const tasks: MasterTask[] = launches.map((l) => ({
      taskId: l.taskId, frameworkId, agentId: agentId!, name: l.name, state: 'TASK_STAGING', resources: l.resources,
      statuses: [{ state: 'TASK_STAGING', timestamp: now / 1000 }], launchedAt: now,
    }));
    await this.d.tasks.add(tasks);
    try {
      await this.d.commands.launch(agentId!, frameworkId, launches);
    } catch (err) {
      this.d.log.warn({ agentId, err: (err as Error).message }, 'launch failed');
      await this.applyUpdates(tasks.map((t) => this.masterStatus(t, 'TASK_LOST', `Launch on agent failed: ${(err as Error).message}`, 'REASON_AGENT_UNREACHABLE')));
    }
  }

  /**
   * A framework's kill: durable in AgentCommands until the task is terminal. A task the
   * master does not know is answered TASK_LOST (as Mesos does) so the framework can forget
   * it, unless a kill of it is already pending (an orphan found on an agent).
   */
  private async kill(frameworkId: string, taskId: string, gracePeriodSeconds?: number): Promise<void> {
    const task = this.d.tasks.get(taskId);
    if (task && task.frameworkId === frameworkId) {
      return this.d.commands.kill({ taskId, frameworkId, agentId: task.agentId, gracePeriodSeconds });
    }
    const orphan = this.d.commands.pendingKill(taskId);
    if (orphan) return this.d.commands.kill(orphan);
    return this.deliverMaster([this.masterStatus({ taskId, frameworkId, agentId: task?.agentId ?? '' }, 'TASK_LOST', 'Attempted to kill an unknown task', 'REASON_RECONCILIATION')]);
  }

  private reconcile(frameworkId: string, wanted: Array<{ taskId: string; agentId?: string }>): void {
    const known = this.d.tasks.activeTasks().filter((t) => t.frameworkId === frameworkId);
    const answers: TaskStatus[] = [];
    if (wanted.length === 0) {
      for (const t of known) answers.push({ ...this.masterStatus(t, t.state, 'Reconciliation: latest task state', 'REASON_RECONCILIATION'), sandbox: t.sandbox, ...healthOf(t) });
    } else {
      for (const w of wanted) {
        const t = this.d.tasks.get(w.taskId);
        answers.push(t && t.frameworkId === frameworkId
          ? { ...this.masterStatus(t, t.state, 'Reconciliation: latest task state', 'REASON_RECONCILIATION'), sandbox: t.sandbox, ...healthOf(t) }
          : this.masterStatus({ taskId: w.taskId, frameworkId, agentId: w.agentId ?? '' }, 'TASK_LOST', 'Reconciliation: task is unknown to the master', 'REASON_RECONCILIATION'));
      }
    }
    const handler = this.connected.get(frameworkId)?.handler;
    queueMicrotask(() => answers.forEach((a) => handler?.update(a)));
  }

  /** Delivers master-made updates for tasks the task book may not hold (dropped launches). */
  private async deliverMaster(statuses: TaskStatus[]): Promise<void> {
    const known = statuses.filter((s) => this.d.tasks.get(s.taskId));
    const unknown = statuses.filter((s) => !this.d.tasks.get(s.taskId));
    await this.applyUpdates(known);
    for (const s of unknown) this.connected.get(s.frameworkId)?.handler.update(s);
  }
}
