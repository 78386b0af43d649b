import { HttpClient, type HttpClientOptions } from './http-client.js';
import type { DeploymentResult, MarathonApp, MarathonDeployment, MarathonInfo, MarathonTask } from './marathon-types.js';

const enc = (appId: string) => appId.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');

/** Typed client for the Marathon-compatible /v2 API of the master. */
export class MarathonClient {
  readonly http: HttpClient;

  constructor(opts: HttpClientOptions | HttpClient) {
    this.http = opts instanceof HttpClient ? opts : new HttpClient(opts);
  }

  async listApps(opts: { embedTasks?: boolean } = {}): Promise<MarathonApp[]> {
    const q = opts.embedTasks ? '?embed=apps.tasks' : '';
    return (await this.http.json<{ apps: MarathonApp[] }>('GET', `/v2/apps${q}`)).apps;
  }

  async getApp(appId: string): Promise<MarathonApp> {
    return (await this.http.json<{ app: MarathonApp }>('GET', `/v2/apps/${enc(appId)}`)).app;
  }

  createApp(definition: unknown): Promise<MarathonApp> {
    return this.http.json<MarathonApp>('POST', '/v2/apps', definition);
  }

  updateApp(appId: string, patch: unknown, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('PUT', `/v2/apps/${enc(appId)}${opts.force ? '?force=true' : ''}`, patch);
  }

  removeApp(appId: string, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('DELETE', `/v2/apps/${enc(appId)}${opts.force ? '?force=true' : ''}`);
  }

  async listTasks(appId?: string): Promise<MarathonTask[]> {
    const path = appId ? `/v2/apps/${enc(appId)}/tasks` : '/v2/tasks';
    return (await this.http.json<{ tasks: MarathonTask[] }>('GET', path)).tasks;
  }

  async listDeployments(): Promise<MarathonDeployment[]> {
    return this.http.json<MarathonDeployment[]>('GET', '/v2/deployments');
  }

  info(): Promise<MarathonInfo> {
    return this.http.json<MarathonInfo>('GET', '/v2/info');
  }
}
