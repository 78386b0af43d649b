import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../core/clock.js';
import type { HealthCheckReport, TaskCheckResult, TaskLaunch, TaskStatus, TaskStatusSource } from '../../core/framework.js';
import { isTerminal, type TaskState } from '../../core/task-state.js';
import type { AgentTaskReport } from '../../api/master-types.js';
import type { BatchedWriter } from './batched-writer.js';
import { executableProblem } from './executable.js';
import { exitOutcome } from './exit-outcome.js';
import { HealthMonitor } from './health/health-monitor.js';
import type { Probe } from './health/probe.js';
import { launchProblem } from './launch-problem.js';
import { createSandbox, sandboxDir, unreachableAncestor } from './sandbox.js';
import type { StatusUpdates } from './status-updates.js';
import type { TaskDriver, TaskExit, TaskProcess } from './task-driver.js';
import { commandArgv, taskEnvironment } from './task-env.js';
import { deleteTaskOp, putTaskOp, type TaskRecord } from './task-record.js';
import { currentAgentUser, resolveTaskUser, type AgentUser } from './task-user.js';

export interface TaskRunnerOptions {
  driver: TaskDriver;
  updates: StatusUpdates;
  writer: BatchedWriter;
  clock: Clock;
  logger: Logger;
  sandboxesRoot: string;
  /** The agent's address, $HOST of its tasks. */
  hostname: string;
  agentId: () => string;
  /** Source of PATH/HOME/LANG for tasks (default process.env). */
  agentEnv?: NodeJS.ProcessEnv;
  /** SIGTERM → SIGKILL delay when neither the task nor the kill request names one (default 3 s). */
  defaultKillGraceSeconds?: number;
  /** Runs health checks (default: the real probes of health/probes.ts). */
  probe?: Probe;
  /** The agent process's user, which decides whether TaskLaunch.user can be honoured (default: this process's). */
  agentUser?: AgentUser;
}

/** A task in memory: its durable record plus what only this agent process holds. */
export interface TaskEntry {
  record: TaskRecord;
  proc?: TaskProcess;
  /** Between the start of spawning and its result. */
  starting?: boolean;
  killTimer?: TimerHandle;
  /** What the task's general check found last (reported again with every health update). */
  checkResult?: TaskCheckResult;
}

interface StatusDetails {
  message?: string;
  reason?: string;
  exitCode?: number;
  source?: TaskStatusSource;
  healthy?: boolean;
  health?: HealthCheckReport[];
  checkResult?: TaskCheckResult;
}

/** Mesos' reason of the TASK_RUNNING updates health checks cause. */
export const HEALTH_REASON = 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED';
/** Mesos' reason of the TASK_RUNNING updates general checks cause. */
export const CHECK_REASON = 'REASON_TASK_CHECK_STATUS_UPDATED';

/**
 * The agent's task lifecycle: launch into a sandbox, report RUNNING, turn the exit into
 * a terminal state, kill with a grace period, forget a task once the master has
 * acknowledged its end. Every state change is stored together with the status update
 * that announces it (see StatusUpdates), so a restarted agent resumes where it was.
 */
export class TaskRunner {
  private stopped = false;
  private readonly tasks = new Map<string, TaskEntry>();
  private settledWaiters: Array<() => void> = [];
  private readonly agentEnv: NodeJS.ProcessEnv;
  private readonly defaultGraceMs: number;
  private readonly agentUser: AgentUser;
  private readonly health: HealthMonitor;

  constructor(private readonly opts: TaskRunnerOptions) {
    this.agentEnv = opts.agentEnv ?? process.env;
    this.defaultGraceMs = (opts.defaultKillGraceSeconds ?? 3) * 1000;
    this.agentUser = opts.agentUser ?? currentAgentUser();
    this.health = new HealthMonitor({ clock: opts.clock, logger: opts.logger, hostname: opts.hostname, probe: opts.probe });
  }

  /**
   * Accepts launches: records them durably and returns the ids taken; processes are
   * spawned right after, so the caller (the master) does not wait for every spawn. A
   * task id the agent already knows is ignored, which makes a retried launch harmless.
   * A task this agent cannot run is refused alone, with TASK_ERROR naming why.
   */
  async launch(frameworkId: string, launches: TaskLaunch[]): Promise<string[]> {
    const fresh = new Map<string, TaskEntry>();
    const refused = new Set<string>();
    for (const launch of launches) {
      if (this.tasks.has(launch.taskId) || fresh.has(launch.taskId) || refused.has(launch.taskId)) continue;
      const problem = launchProblem(launch);
      if (problem) {
        refused.add(launch.taskId);
        this.opts.logger.warn({ taskId: launch.taskId, problem }, 'launch refused');
        this.opts.updates.enqueue(this.status({
          taskId: launch.taskId, frameworkId, state: 'TASK_ERROR', source: 'SOURCE_AGENT', message: `Launch refused: ${problem}`, reason: 'REASON_TASK_INVALID',
        }));
        continue;
      }
      const record: TaskRecord = {
        taskId: launch.taskId,
        frameworkId,
        launch,
        sandbox: sandboxDir(this.opts.sandboxesRoot, frameworkId, launch.taskId),
        state: 'TASK_STAGING',
        createdAt: this.opts.clock.now(),
      };
      fresh.set(record.taskId, { record });
    }
    for (const entry of fresh.values()) this.tasks.set(entry.record.taskId, entry);
    if (fresh.size > 0) {
      await this.opts.writer.write([...fresh.values()].map((e) => putTaskOp(e.record)));
      setImmediate(() => {
        for (const entry of fresh.values()) void this.start(entry);
      });
    }
    return launches.map((l) => l.taskId).filter((id) => !refused.has(id));
  }

  /**
   * Kills a task: TASK_KILLING and SIGTERM to its process group now, SIGKILL when the
   * grace period ends, TASK_KILLED once it is gone. A second kill can only shorten the
   * grace. An unknown task is reported TASK_LOST (as Mesos does) so the master can let go of it.
   */
  kill(taskId: string, gracePeriodSeconds?: number, frameworkId?: string): 'killing' | 'unknown' | 'terminal' {
    const entry = this.tasks.get(taskId);
    if (!entry) {
      this.emitUnknown(taskId, frameworkId ?? '');
      return 'unknown';
    }
    const { record } = entry;
    if (isTerminal(record.state)) return 'terminal';
    const graceMs = gracePeriodSeconds !== undefined ? gracePeriodSeconds * 1000
      : record.launch.killGracePeriodSeconds !== undefined ? record.launch.killGracePeriodSeconds * 1000
      : this.defaultGraceMs;
    const deadline = this.opts.clock.now() + graceMs;
    if (record.kill) {
      if (deadline < record.kill.deadline) {
        record.kill.deadline = deadline;
        void this.opts.writer.write([putTaskOp(record)]);
        if (entry.proc) this.armKillTimer(entry);
      }
      return 'killing';
    }
    record.kill = { requestedAt: this.opts.clock.now(), deadline };
    if (entry.proc) this.beginKill(entry);
    else if (entry.starting) void this.opts.writer.write([putTaskOp(record)]); // start() takes over once spawned
    else this.emit(entry, 'TASK_KILLED', { message: 'Task killed before it was started' });
    return 'killing';
  }

  /** Kills every task; resolves once all of them are gone. */
  killAll(): Promise<void> {
    for (const [taskId, entry] of this.tasks) {
      if (!isTerminal(entry.record.state)) this.kill(taskId);
    }
    return this.whenSettled();
  }

  /** The latest SIGKILL deadline of the tasks being killed (ms since epoch), 0 when none. */
  latestKillDeadline(): number {
    let latest = 0;
    for (const e of this.tasks.values()) {
      if (e.record.kill && !isTerminal(e.record.state)) latest = Math.max(latest, e.record.kill.deadline);
    }
    return latest;
  }

  /** Resolves when no task is running or starting. */
  whenSettled(): Promise<void> {
    if (this.activeCount() === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** The master recorded these updates: a task whose end it now knows is forgotten. */
  acknowledged(statuses: TaskStatus[]): void {
    for (const status of statuses) {
      if (!isTerminal(status.state)) continue;
      const entry = this.tasks.get(status.taskId);
      if (entry && isTerminal(entry.record.state) && !this.opts.updates.hasPending(status.taskId)) this.forget(entry);
    }
  }

  reports(): AgentTaskReport[] {
    return [...this.tasks.values()].map(({ record }) => ({
      taskId: record.taskId,
      frameworkId: record.frameworkId,
      state: record.state,
      resources: record.launch.resources,
      sandbox: record.sandbox,
      ...(record.healthy !== undefined ? { healthy: record.healthy, health: record.health } : {}),
    }));
  }

  /**
   * The agent is stopping: health checks stop, and launches accepted but not spawned yet
   * are not spawned (a process started after the agent stopped would belong to nobody).
   * Running tasks keep running; the next agent process adopts them, and reports the
   * unspawned ones lost (task-recovery.ts).
   */
  stop(): void {
    this.stopped = true;
    this.health.stopAll();
  }

  get(taskId: string): TaskEntry | undefined {
    return this.tasks.get(taskId);
  }

  /**
   * Takes over a task recorded by an earlier agent process (see task-recovery.ts): keeps
   * watching it when it still runs, reports its end when it does not.
   */
  adopt(record: TaskRecord, proc: TaskProcess | undefined): void {
    const entry: TaskEntry = { record, proc };
    this.tasks.set(record.taskId, entry);
    if (isTerminal(record.state)) {
      if (!this.opts.updates.hasPending(record.taskId)) this.forget(entry);
      return;
    }
    if (!proc) {
      this.emit(entry, 'TASK_LOST', { message: 'The agent restarted before the task was started', reason: 'REASON_AGENT_RESTARTED', source: 'SOURCE_AGENT' });
      return;
    }
    record.pid = proc.pid;
    record.startTime = proc.startTime;
    const alive = this.opts.driver.watch(proc, record.sandbox, (exit) => this.exited(entry, exit));
    if (!alive) return;
    record.runningSince ??= record.createdAt;
    if (record.state === 'TASK_STAGING') this.emit(entry, 'TASK_RUNNING');
    if (record.kill) {
      if (record.state !== 'TASK_KILLING') this.beginKill(entry);
      else this.armKillTimer(entry);
    } else {
      this.startHealth(entry);
    }
  }

  private async start(entry: TaskEntry): Promise<void> {
    const { record } = entry;
    if (this.stopped || record.kill || isTerminal(record.state)) return;
    entry.starting = true;
    let proc: TaskProcess;
    try {
      const runAs = await resolveTaskUser(record.launch.user, this.agentUser, this.opts.hostname);
      // Stopped while the user was looked up: spawn nothing (the next agent reports the task lost).
      if (this.stopped) {
        entry.starting = false;
        return;
      }
      if (runAs.problem) return this.launchFailed(entry, runAs.problem);
      record.user = runAs.user;
      createSandbox(record.sandbox, record.user);
      const blocked = record.user && unreachableAncestor(record.sandbox, record.user);
      if (blocked) {
        return this.launchFailed(entry, `user '${record.user!.name}' cannot reach its sandbox on agent ${this.opts.hostname}: ${blocked} does not let it pass (give the agent a work dir other users can reach, e.g. under /var/lib)`);
      }
      const env = this.environment(record);
      const argv = commandArgv(record.launch);
      const problem = executableProblem(argv[0], env.PATH ?? '', record.sandbox);
      if (problem) throw new Error(problem);
      proc = await this.opts.driver.launch({ sandbox: record.sandbox, argv, env, user: record.user }, (exit) => this.exited(entry, exit));
    } catch (err) {
      return this.launchFailed(entry, `Failed to launch task: ${(err as Error).message}`);
    }
    entry.starting = false;
    entry.proc = proc;
    record.pid = proc.pid;
    record.startTime = proc.startTime;
    this.opts.logger.info({ taskId: record.taskId, pid: proc.pid, user: record.user?.name }, 'task started');
    if (record.kill) {
      this.beginKill(entry);
      return;
    }
    record.runningSince = this.opts.clock.now();
    this.emit(entry, 'TASK_RUNNING');
    this.startHealth(entry);
  }

  private launchFailed(entry: TaskEntry, message: string): void {
    entry.starting = false;
    this.opts.logger.warn({ taskId: entry.record.taskId, err: message }, 'task launch failed');
    this.emit(entry, entry.record.kill ? 'TASK_KILLED' : 'TASK_FAILED', { message, reason: 'REASON_COMMAND_EXECUTOR_FAILED' });
  }

  private environment(record: TaskRecord): Record<string, string> {
    return taskEnvironment({
      launch: record.launch, frameworkId: record.frameworkId, agentId: this.opts.agentId(),
      sandbox: record.sandbox, hostname: this.opts.hostname, agentEnv: this.agentEnv, user: record.user,
    });
  }

  private startHealth(entry: TaskEntry): void {
    // Only a process the task needs is built: the environment, when it has checks.
    if (!HealthMonitor.watches(entry.record)) return;
    this.health.start(entry.record, this.environment(entry.record),
      (healthy, health) => this.healthChanged(entry, healthy, health),
      (result) => this.checkChanged(entry, result));
  }

  /**
   * A TASK_RUNNING update carrying the health (and the check's last result). Supersedable:
   * while the master is away, a task's queue holds at most its latest state, not one
   * update per interval; each update carries both, so none is lost when one supersedes.
   */
  private healthChanged(entry: TaskEntry, healthy: boolean, health: HealthCheckReport[]): void {
    const { record } = entry;
    if (record.state !== 'TASK_RUNNING' || record.kill) return;
    record.healthy = healthy;
    record.health = health;
    this.emit(entry, 'TASK_RUNNING', { reason: HEALTH_REASON, healthy, health, ...this.checkOf(entry) }, { supersedable: true });
  }

  /** What the task's general check found changed: a TASK_RUNNING update with it (and the health). */
  private checkChanged(entry: TaskEntry, checkResult: TaskCheckResult): void {
    const { record } = entry;
    if (record.state !== 'TASK_RUNNING' || record.kill) return;
    entry.checkResult = checkResult;
    const health = record.healthy !== undefined ? { healthy: record.healthy, health: record.health } : {};
    this.emit(entry, 'TASK_RUNNING', { reason: CHECK_REASON, checkResult, ...health }, { supersedable: true });
  }

  private checkOf(entry: TaskEntry): { checkResult?: TaskCheckResult } {
    return entry.checkResult ? { checkResult: entry.checkResult } : {};
  }

  private beginKill(entry: TaskEntry): void {
    this.health.stop(entry.record.taskId);
    this.emit(entry, 'TASK_KILLING');
    this.opts.logger.info({ taskId: entry.record.taskId, pid: entry.proc?.pid }, 'killing task');
    this.signal(entry, 'SIGTERM');
    this.armKillTimer(entry);
  }

  private armKillTimer(entry: TaskEntry): void {
    entry.killTimer?.cancel();
    entry.killTimer = setDeadlineTimer(this.opts.clock, entry.record.kill?.deadline ?? 0, () => {
      entry.killTimer = undefined;
      if (isTerminal(entry.record.state)) return;
      this.opts.logger.info({ taskId: entry.record.taskId }, 'kill grace period over: SIGKILL');
      this.signal(entry, 'SIGKILL');
    });
  }

  private signal(entry: TaskEntry, signal: NodeJS.Signals): void {
    if (!entry.proc) return;
    try {
      this.opts.driver.signal(entry.proc, signal);
    } catch (err) {
      this.opts.logger.error({ taskId: entry.record.taskId, signal, err: (err as Error).message }, 'could not signal task');
    }
  }

  private exited(entry: TaskEntry, exit: TaskExit): void {
    entry.killTimer?.cancel();
    entry.killTimer = undefined;
    if (isTerminal(entry.record.state)) return;
    const outcome = exitOutcome(exit, entry.record.kill !== undefined);
    this.opts.logger.info({ taskId: entry.record.taskId, state: outcome.state, exitStatus: exit.exitStatus }, 'task ended');
    const { state, ...details } = outcome;
    this.emit(entry, state, details);
  }

  private emit(entry: TaskEntry, state: TaskState, details: StatusDetails = {}, opts: { supersedable?: boolean } = {}): void {
    const { record } = entry;
    record.state = state;
    const { source = 'SOURCE_EXECUTOR', ...rest } = details;
    this.opts.updates.enqueue(this.status({ taskId: record.taskId, frameworkId: record.frameworkId, state, source, sandbox: record.sandbox, ...rest }), [putTaskOp(record)], opts);
    if (isTerminal(state)) {
      this.health.stop(record.taskId);
      entry.killTimer?.cancel();
      entry.killTimer = undefined;
      this.notifySettled();
    }
  }

  private emitUnknown(taskId: string, frameworkId: string): void {
    this.opts.updates.enqueue(this.status({
      taskId, frameworkId, state: 'TASK_LOST', source: 'SOURCE_AGENT', message: 'Task unknown to the agent', reason: 'REASON_TASK_UNKNOWN',
    }));
  }

  /** A new status update: fresh uuid (the acknowledgement key), timestamp in seconds as Mesos has it. */
  private status(fields: Omit<TaskStatus, 'agentId' | 'timestamp' | 'uuid' | 'hostname'>): TaskStatus {
    return { ...fields, agentId: this.opts.agentId(), timestamp: this.opts.clock.now() / 1000, uuid: randomUUID(), hostname: this.opts.hostname };
  }

  private forget(entry: TaskEntry): void {
    this.tasks.delete(entry.record.taskId);
    void this.opts.writer.write([deleteTaskOp(entry.record.taskId)]);
  }

  private activeCount(): number {
    let n = 0;
    for (const e of this.tasks.values()) if (!isTerminal(e.record.state)) n++;
    return n;
  }

  private notifySettled(): void {
    if (this.settledWaiters.length === 0 || this.activeCount() > 0) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const w of waiters) w();
  }
}
