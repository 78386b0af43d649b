import { HttpClient, type HttpClientOptions } from './http-client.js';
import type {
  FileReadResult, MasterState, RegisterAgentRequest, RegisterAgentResponse, StatusUpdateAck, StatusUpdateBatch,
} from './master-types.js';

/** Operator view of the master (Mesos-like): state and sandbox files of tasks. */
export class MasterClient {
  readonly http: HttpClient;

  constructor(opts: HttpClientOptions | HttpClient) {
    this.http = opts instanceof HttpClient ? opts : new HttpClient(opts);
  }

  state(): Promise<MasterState> {
    return this.http.json<MasterState>('GET', '/master/state');
  }

  /**
   * POST /master/teardown (Mesos's operator endpoint): the master removes the framework
   * and kills all its tasks. Mesos takes the id form-encoded, `frameworkId=<id>`.
   */
  async teardown(frameworkId: string): Promise<void> {
    const body = new URLSearchParams({ frameworkId }).toString();
    await this.http.json<undefined>('POST', '/master/teardown', body, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  /** Reads a sandbox file of a task on an agent, proxied by the master. offset -1 → size only. */
  readFile(agentId: string, path: string, offset: number, length?: number): Promise<FileReadResult> {
    const q = new URLSearchParams({ path, offset: String(offset) });
    if (length !== undefined) q.set('length', String(length));
    return this.http.json<FileReadResult>('GET', `/agent/${encodeURIComponent(agentId)}/files/read?${q}`);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.http.send('GET', '/ping')).status === 200;
    } catch {
      return false;
    }
  }
}

/** The agent's side of the agent protocol. Authenticates with the node credential. */
export class AgentProtocolClient {
  readonly http: HttpClient;

  constructor(opts: HttpClientOptions) {
    this.http = new HttpClient(opts);
  }

  register(req: RegisterAgentRequest): Promise<RegisterAgentResponse> {
    return this.http.json<RegisterAgentResponse>('POST', '/internal/v1/agents/register', req);
  }

  /** Resolves false when the master no longer knows this agent (it must re-register). */
  async heartbeat(agentId: string): Promise<boolean> {
    const { status } = await this.http.send('POST', `/internal/v1/agents/${encodeURIComponent(agentId)}/heartbeat`, {});
    if (status === 404) return false;
    if (status >= 300) throw new Error(`heartbeat rejected with HTTP ${status}`);
    return true;
  }

  sendUpdates(agentId: string, batch: StatusUpdateBatch): Promise<StatusUpdateAck> {
    return this.http.json<StatusUpdateAck>('POST', `/internal/v1/agents/${encodeURIComponent(agentId)}/updates`, batch);
  }
}
