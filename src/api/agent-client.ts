import { HttpClient, type HttpClientOptions } from './http-client.js';
import type { AgentStateResponse, KillTaskRequest, KillTasksRequest, LaunchTasksRequest, ShutdownRequest } from './agent-types.js';
import type { FileReadResult } from './master-types.js';

/** The master's client for one agent. Authenticates with the node credential. */
export class AgentClient {
  readonly http: HttpClient;

  constructor(opts: HttpClientOptions) {
    this.http = new HttpClient(opts);
  }

  launch(req: LaunchTasksRequest): Promise<{ accepted: string[] }> {
    return this.http.json('POST', '/api/v1/tasks/launch', req);
  }

  kill(req: KillTaskRequest): Promise<void> {
    return this.http.json('POST', '/api/v1/tasks/kill', req);
  }

  killMany(req: KillTasksRequest): Promise<void> {
    return this.http.json('POST', '/api/v1/tasks/kills', req);
  }

  state(): Promise<AgentStateResponse> {
    return this.http.json('GET', '/api/v1/state');
  }

  shutdown(req: ShutdownRequest): Promise<void> {
    return this.http.json('POST', '/api/v1/shutdown', req);
  }

  readFile(path: string, offset: number, length?: number): Promise<FileReadResult> {
    const q = new URLSearchParams({ path, offset: String(offset) });
    if (length !== undefined) q.set('length', String(length));
    return this.http.json('GET', `/files/read?${q}`);
  }
}
