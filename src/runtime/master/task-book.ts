import type { HealthCheckReport, TaskStatus } from '../../core/framework.js';
import { addResources, emptyResources, type Resources } from '../../core/resources.js';
import { isTerminal, type TaskState } from '../../core/task-state.js';
import type { StateOp, StateStore } from '../state/state-store.js';

export interface MasterTask {
  taskId: string;
  frameworkId: string;
  agentId: string;
  name: string;
  state: TaskState;
  resources: Resources;
  /** The latest STATUSES_KEPT status updates, oldest first. */
  statuses: Array<{ state: TaskState; timestamp: number; message?: string; healthy?: boolean }>;
  sandbox?: string;
  /** Health as the agent last reported it (tasks with health checks only): for /master/state and reconciliation. */
  healthy?: boolean;
  health?: HealthCheckReport[];
  /** ms since epoch when the master sent the launch. */
  launchedAt: number;
}

const KEY = 'master/tasks/';
/** Finished tasks kept for /master/state (Mesos --max_completed_tasks_per_framework is 1000). */
const COMPLETED_KEPT = 1000;
/** Statuses kept per task: a health check reports on every failure, so the history is bounded. */
const STATUSES_KEPT = 50;

/** The health fields of a status, from a task that has them. */
export function healthOf(t: { healthy?: boolean; health?: HealthCheckReport[] }): Pick<TaskStatus, 'healthy' | 'health'> {
  return t.healthy === undefined ? {} : { healthy: t.healthy, health: t.health };
}

/**
 * Every task the master has launched and not yet seen end. Terminal tasks leave the
 * store at once and stay only in a bounded in-memory list of completed tasks.
 */
export class TaskBook {
  private readonly active = new Map<string, MasterTask>();
  private readonly completed: MasterTask[] = [];

  constructor(private readonly store: StateStore) {}

  async load(): Promise<void> {
    for (const { value } of await this.store.list<MasterTask>(KEY)) this.active.set(value.taskId, value);
  }

  get(taskId: string): MasterTask | undefined {
    return this.active.get(taskId);
  }

  activeTasks(): MasterTask[] {
    return [...this.active.values()];
  }

  completedTasks(): MasterTask[] {
    return this.completed;
  }

  onAgent(agentId: string): MasterTask[] {
    return this.activeTasks().filter((t) => t.agentId === agentId);
  }

  /** What each framework's tasks hold on an agent. */
  usedOn(agentId: string): Map<string, Resources> {
    const used = new Map<string, Resources>();
    for (const t of this.onAgent(agentId)) used.set(t.frameworkId, addResources(used.get(t.frameworkId) ?? emptyResources(), t.resources));
    return used;
  }

  async add(tasks: MasterTask[]): Promise<void> {
    await this.store.commit(tasks.map((t) => ({ type: 'put', key: KEY + t.taskId, value: t })));
    for (const t of tasks) this.active.set(t.taskId, t);
  }

  /**
   * Applies status updates in one durable batch. Returns, per update, the task as it was
   * before (undefined for a task the master does not know) so callers can release resources.
   */
  async apply(statuses: TaskStatus[]): Promise<Array<MasterTask | undefined>> {
    const ops: StateOp[] = [];
    const before: Array<MasterTask | undefined> = [];
    for (const s of statuses) {
      const task = this.active.get(s.taskId);
      before.push(task ? { ...task } : undefined);
      if (!task) continue;
      task.state = s.state;
      const entry = { state: s.state, timestamp: s.timestamp, ...(s.message ? { message: s.message } : {}), ...(s.healthy !== undefined ? { healthy: s.healthy } : {}) };
      task.statuses = [...task.statuses, entry].slice(-STATUSES_KEPT);
      if (s.sandbox) task.sandbox = s.sandbox;
      Object.assign(task, healthOf(s));
      if (isTerminal(s.state)) {
        this.active.delete(task.taskId);
        this.completed.push(task);
        if (this.completed.length > COMPLETED_KEPT) this.completed.shift();
        ops.push({ type: 'delete', key: KEY + task.taskId });
      } else {
        ops.push({ type: 'put', key: KEY + task.taskId, value: task });
      }
    }
    await this.store.commit(ops);
    return before;
  }
}
