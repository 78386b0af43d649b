import type { TaskLaunch } from '../../../core/framework.js';
import type { AgentStateResponse, KillTaskRequest } from '../../../api/agent-types.js';
import type { FileBrowseEntry, FileReadResult } from '../../../api/master-types.js';

/** What the agent's HTTP routes call; the Agent composition implements it. */
export interface AgentApi {
  state(): AgentStateResponse;
  /** Resolves once the launches are recorded; spawning continues afterwards. */
  launch(frameworkId: string, tasks: TaskLaunch[]): Promise<string[]>;
  kill(req: KillTaskRequest): void;
  /** Kills every task when asked, waits until they are gone and flushes status updates (best effort). */
  shutdown(killTasks: boolean): Promise<void>;
  /** Called once the answer to a shutdown request has been sent: the process should exit now. */
  afterShutdown(): void;
  readFile(path: unknown, offset: unknown, length: unknown): Promise<FileReadResult>;
  browse(path: unknown): Promise<FileBrowseEntry[]>;
}
