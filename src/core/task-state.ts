/** Mesos task states (include/mesos/mesos.proto, enum TaskState). */
export type TaskState =
  | 'TASK_STAGING'
  | 'TASK_STARTING'
  | 'TASK_RUNNING'
  | 'TASK_KILLING'
  | 'TASK_FINISHED'
  | 'TASK_FAILED'
  | 'TASK_KILLED'
  | 'TASK_ERROR'
  | 'TASK_LOST'
  | 'TASK_DROPPED'
  | 'TASK_UNREACHABLE'
  | 'TASK_GONE'
  | 'TASK_GONE_BY_OPERATOR'
  | 'TASK_UNKNOWN';

const TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED',
  'TASK_GONE', 'TASK_GONE_BY_OPERATOR',
]);

/** A terminal task never changes state again and holds no resources. */
export function isTerminal(state: TaskState): boolean {
  return TERMINAL.has(state);
}

/** Active = counts towards an app's instances (staged, starting, running or being killed). */
export function isActive(state: TaskState): boolean {
  return state === 'TASK_STAGING' || state === 'TASK_STARTING' || state === 'TASK_RUNNING' || state === 'TASK_KILLING';
}
