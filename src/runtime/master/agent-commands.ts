import type { Logger } from 'pino';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../core/clock.js';
import type { DcosError } from '../../core/errors.js';
import type { TaskLaunch } from '../../core/framework.js';
import type { KillTaskRequest } from '../../api/agent-types.js';
import type { StateStore } from '../state/state-store.js';
import type { AgentRegistry } from './agent-registry.js';

/** A kill the master has decided on; durable until the task is terminal or gone from its agent. */
export interface PendingKill {
  taskId: string;
  frameworkId: string;
  agentId: string;
  gracePeriodSeconds?: number;
  /** ms since epoch */
  decidedAt: number;
}

export interface AgentCommandsOptions {
  clock: Clock;
  log: Logger;
  store: StateStore;
  agents: AgentRegistry;
  /** First re-send of a kill, doubling up to maxResendMs (defaults 1 s and 30 s). */
  firstResendMs?: number;
  maxResendMs?: number;
}

const KEY = 'master/kills/';

interface KillEntry {
  kill: PendingKill;
  attempts: number;
  timer?: TimerHandle;
  /** In the store: only then is it sent (a restarted master must send it again). */
  stored: boolean;
  storeRetry?: TimerHandle;
  storeFailures: number;
}

/** Retries of a kill the store refused: from this delay, doubling, up to the cap. */
const STORE_RETRY_FIRST_MS = 100;
const STORE_RETRY_MAX_MS = 10_000;

/**
 * The one owner of the master's commands to agents. Launches are sent once (a launch
 * that fails becomes TASK_LOST and goes through the framework's backoff); the master
 * knows which are still in flight. Kills are promises the master keeps: a decided kill
 * is stored before it is sent, and sent again (with backoff, and at once when the agent
 * registers) until the task is reported terminal or the agent reports it does not have
 * it. So a kill survives a master restart, an agent restart, an unreachable agent and a
 * request that timed out. Killing a task twice is harmless: the agent keeps the first
 * kill's deadline.
 */
export class AgentCommands {
  private readonly kills = new Map<string, KillEntry>();
  private readonly inFlight = new Set<string>();
  private readonly firstResendMs: number;
  private readonly maxResendMs: number;
  private stopped = false;
  private batch: PendingKill[] = [];
  private readonly outbox = new Map<string, KillTaskRequest[]>();
  private batchCommit?: Promise<void>;

  constructor(private readonly o: AgentCommandsOptions) {
    this.firstResendMs = o.firstResendMs ?? 1_000;
    this.maxResendMs = o.maxResendMs ?? 30_000;
  }

  async load(): Promise<void> {
    for (const { value } of await this.o.store.list<PendingKill>(KEY)) this.kills.set(value.taskId, { kill: value, attempts: 0, stored: true, storeFailures: 0 });
  }

  /** Sends the loaded kills to agents that are reachable; the others get theirs when they register. */
  start(): void {
    for (const entry of this.kills.values()) this.send(entry);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.kills.values()) {
      entry.timer?.cancel();
      entry.storeRetry?.cancel();
    }
  }

  /** Resolves once the agent has recorded the tasks; rejects when it could not be reached or refused. */
  async launch(agentId: string, frameworkId: string, tasks: TaskLaunch[]): Promise<void> {
    const client = this.o.agents.client(agentId);
    if (!client) throw new Error(`agent ${agentId} is unknown`);
    for (const t of tasks) this.inFlight.add(t.taskId);
    try {
      await client.launch({ frameworkId, tasks });
    } finally {
      for (const t of tasks) this.inFlight.delete(t.taskId);
    }
  }

  /** True while the agent may not have the task yet because its launch request has not been answered. */
  isLaunchInFlight(taskId: string): boolean {
    return this.inFlight.has(taskId);
  }

  /** Records the kill durably, then sends it. A kill already pending is sent again at once. */
  async kill(kill: Omit<PendingKill, 'decidedAt'>): Promise<void> {
    const known = this.kills.get(kill.taskId);
    if (known) {
      known.attempts = 0;
      if (known.stored) this.send(known);
      return;
    }
    // Known at once, so a kill asked again finds it; sent once the store has it.
    const entry: KillEntry = { kill: { ...kill, decidedAt: this.o.clock.now() }, attempts: 0, stored: false, storeFailures: 0 };
    this.kills.set(kill.taskId, entry);
    await this.persist(entry);
  }

  /**
   * Stores the kill, then sends it. A store that refuses it is asked again with backoff
   * until it takes it (the first failure also rejects, for the caller's log): a decided
   * kill is never dropped.
   */
  private async persist(entry: KillEntry): Promise<void> {
    try {
      await this.storeKill(entry.kill);
    } catch (err) {
      entry.storeFailures++;
      const wait = Math.min(STORE_RETRY_MAX_MS, STORE_RETRY_FIRST_MS * 2 ** (entry.storeFailures - 1));
      this.o.log.error({ err, taskId: entry.kill.taskId, retryInMs: wait }, 'cannot store a kill; retrying');
      entry.storeRetry = setDeadlineTimer(this.o.clock, this.o.clock.now() + wait, () => {
        entry.storeRetry = undefined;
        if (!this.stopped && this.kills.get(entry.kill.taskId) === entry) this.persist(entry).catch(() => undefined);
      });
      throw err;
    }
    entry.stored = true;
    if (this.kills.get(entry.kill.taskId) === entry) this.send(entry);
  }

  /**
   * Kills decided together (an app of 10,000 tasks removed, an agent's orphans) are
   * stored in one commit: each caller waits for the batch its kill is in.
   */
  private storeKill(kill: PendingKill): Promise<void> {
    this.batch.push(kill);
    this.batchCommit ??= Promise.resolve().then(() => {
      const kills = this.batch;
      this.batch = [];
      this.batchCommit = undefined;
      return this.o.store.commit(kills.map((k) => ({ type: 'put', key: KEY + k.taskId, value: k })));
    });
    return this.batchCommit;
  }

  /** The task is terminal, or its agent does not have it: its kill, if any, is done. */
  async settled(taskIds: string[]): Promise<void> {
    const done = taskIds.filter((id) => this.kills.has(id));
    if (done.length === 0) return;
    for (const id of done) {
      this.kills.get(id)?.timer?.cancel();
      this.kills.get(id)?.storeRetry?.cancel();
      this.kills.delete(id);
    }
    await this.o.store.commit(done.map((id) => ({ type: 'delete', key: KEY + id })));
  }

  /** The agent registered (again): its pending kills go out now. */
  agentRegistered(agentId: string): void {
    for (const entry of this.kills.values()) {
      if (entry.kill.agentId !== agentId) continue;
      entry.attempts = 0;
      this.send(entry);
    }
  }

  hasPendingKill(taskId: string): boolean {
    return this.kills.has(taskId);
  }

  pendingKill(taskId: string): PendingKill | undefined {
    return this.kills.get(taskId)?.kill;
  }

  pendingKills(): PendingKill[] {
    return [...this.kills.values()].map((e) => e.kill);
  }

  pendingKillsOn(agentId: string): PendingKill[] {
    return this.pendingKills().filter((k) => k.agentId === agentId);
  }

  private send(entry: KillEntry): void {
    entry.timer?.cancel();
    entry.timer = undefined;
    if (this.stopped || !entry.stored || !this.kills.has(entry.kill.taskId)) return;
    const agent = this.o.agents.get(entry.kill.agentId);
    // An unreachable or unknown agent gets the kill when it registers (agentRegistered).
    if (!agent || agent.status !== 'REACHABLE') return;
    const { taskId, frameworkId, gracePeriodSeconds } = entry.kill;
    const attempt = ++entry.attempts;
    this.enqueue(agent.id, { taskId, frameworkId, ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) });
    // Sent again until the task is settled: the request may be lost, or the agent may
    // restart before it records the kill.
    const wait = Math.min(this.maxResendMs, this.firstResendMs * 2 ** (attempt - 1));
    entry.timer = setDeadlineTimer(this.o.clock, this.o.clock.now() + wait, () => this.send(entry));
  }

  /**
   * Kills sent together go to each agent in one request (removing an app of 10,000 tasks
   * is a dozen requests, not 10,000). An agent that does not know the batch form (an
   * older version during an upgrade) gets them one by one.
   */
  private enqueue(agentId: string, kill: KillTaskRequest): void {
    const queued = this.outbox.get(agentId);
    if (queued) {
      queued.push(kill);
      return;
    }
    this.outbox.set(agentId, [kill]);
    queueMicrotask(() => {
      const kills = this.outbox.get(agentId) ?? [];
      this.outbox.delete(agentId);
      const client = this.o.agents.client(agentId);
      if (!client) return;
      const failed = (err: Error) => this.o.log.warn({ agentId, kills: kills.length, err: err.message }, 'kill request failed; it will be sent again');
      if (kills.length === 1) {
        client.kill(kills[0]).catch(failed);
        return;
      }
      client.killMany({ kills }).catch((err: DcosError) => {
        if (err.status !== 404) return failed(err);
        for (const k of kills) client.kill(k).catch(failed);
      });
    });
  }
}
