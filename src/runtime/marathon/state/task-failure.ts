/** The last failure of an app's task (Marathon's lastTaskFailure). */
export interface TaskFailure {
  appId: string;
  taskId: string;
  state: string;
  message: string;
  /** ms since epoch */
  timestamp: number;
  host: string;
  slaveId: string;
  version: string;
}
