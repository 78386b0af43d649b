import { HttpClient, type HttpClientOptions } from './http-client.js';
import type {
  DeploymentDetail, DeploymentResult, MarathonApp, MarathonDeployment, MarathonGroup, MarathonInfo, MarathonTask, QueueItem,
} from './marathon-types.js';

/** A path id (app or group) as URL segments, each encoded: "/shop/web" → "shop/web". */
const enc = (id: string) => id.replace(/^\/+/, '').split('/').filter(Boolean).map(segment).join('/');

/** One path segment, encoded; ":" may stay (RFC 3986 pchar), so versions read as Marathon names them. */
const segment = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':');

/** `?force=true&...` from the parameters that are set (false and undefined are left out: Marathon's defaults). */
function query(params: Record<string, string | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Typed client for the Marathon-compatible /v2 API of the master (Marathon 1.x paths and
 * shapes, docs/docs/rest-api/public/api/v2/*.raml). One method per call; no logic beyond
 * building the request and unwrapping Marathon's envelopes ({app}, {tasks}, {queue}).
 */
export class MarathonClient {
  readonly http: HttpClient;

  constructor(opts: HttpClientOptions | HttpClient) {
    this.http = opts instanceof HttpClient ? opts : new HttpClient(opts);
  }

  async listApps(opts: { embedTasks?: boolean } = {}): Promise<MarathonApp[]> {
    return (await this.http.json<{ apps: MarathonApp[] }>('GET', `/v2/apps${query({ embed: opts.embedTasks && 'apps.tasks' })}`)).apps;
  }

  async getApp(appId: string): Promise<MarathonApp> {
    return (await this.http.json<{ app: MarathonApp }>('GET', `/v2/apps/${enc(appId)}`)).app;
  }

  /** The definition as it was in `version` (GET /v2/apps/{id}/versions/{version}: no counts, no tasks). */
  getAppVersion(appId: string, version: string): Promise<MarathonApp> {
    return this.http.json<MarathonApp>('GET', `/v2/apps/${enc(appId)}/versions/${segment(version)}`);
  }

  /** The app's versions, newest first. */
  async appVersions(appId: string): Promise<string[]> {
    return (await this.http.json<{ versions: string[] }>('GET', `/v2/apps/${enc(appId)}/versions`)).versions;
  }

  createApp(definition: unknown): Promise<MarathonApp> {
    return this.http.json<MarathonApp>('POST', '/v2/apps', definition);
  }

  /** PUT /v2/apps/{id}: Marathon's partial update (the fields given change, the others stay). */
  updateApp(appId: string, patch: unknown, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('PUT', `/v2/apps/${enc(appId)}${query({ force: opts.force })}`, patch);
  }

  restartApp(appId: string, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('POST', `/v2/apps/${enc(appId)}/restart${query({ force: opts.force })}`);
  }

  removeApp(appId: string, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('DELETE', `/v2/apps/${enc(appId)}${query({ force: opts.force })}`);
  }

  /** Kills the app's tasks (on `host` only, when given); Marathon replaces them. Answers the tasks killed. */
  async killAppTasks(appId: string, opts: { host?: string; wipe?: boolean; force?: boolean } = {}): Promise<MarathonTask[]> {
    const path = `/v2/apps/${enc(appId)}/tasks${query({ host: opts.host, wipe: opts.wipe, force: opts.force })}`;
    return (await this.http.json<{ tasks: MarathonTask[] }>('DELETE', path)).tasks;
  }

  /** Kills the app's tasks (on `host` only, when given) and scales the app down by as many, in one deployment. */
  killAppTasksAndScale(appId: string, opts: { host?: string; force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('DELETE', `/v2/apps/${enc(appId)}/tasks${query({ host: opts.host, scale: true, force: opts.force })}`);
  }

  async listTasks(appId?: string): Promise<MarathonTask[]> {
    const path = appId ? `/v2/apps/${enc(appId)}/tasks` : '/v2/tasks';
    return (await this.http.json<{ tasks: MarathonTask[] }>('GET', path)).tasks;
  }

  /** POST /v2/tasks/delete: kills these tasks (Marathon replaces them). Answers the tasks killed. */
  async killTasks(taskIds: string[], opts: { wipe?: boolean } = {}): Promise<MarathonTask[]> {
    return (await this.http.json<{ tasks: MarathonTask[] }>('POST', `/v2/tasks/delete${query({ wipe: opts.wipe })}`, { ids: taskIds })).tasks;
  }

  /** POST /v2/tasks/delete?scale=true: kills these tasks and scales their apps down by as many. */
  killTasksAndScale(taskIds: string[], opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('POST', `/v2/tasks/delete${query({ scale: true, force: opts.force })}`, { ids: taskIds });
  }

  /** The root group with every app and group under it. */
  rootGroup(): Promise<MarathonGroup> {
    return this.http.json<MarathonGroup>('GET', '/v2/groups');
  }

  getGroup(groupId: string): Promise<MarathonGroup> {
    return this.http.json<MarathonGroup>('GET', `/v2/groups/${enc(groupId)}`);
  }

  /** The group as it was in `version` (GET /v2/groups/{id}/versions/{version}). */
  getGroupVersion(groupId: string, version: string): Promise<MarathonGroup> {
    return this.http.json<MarathonGroup>('GET', `/v2/groups/${enc(groupId)}/versions/${segment(version)}`);
  }

  createGroup(definition: unknown): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('POST', '/v2/groups', definition);
  }

  updateGroup(groupId: string, patch: unknown, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('PUT', `/v2/groups/${enc(groupId)}${query({ force: opts.force })}`, patch);
  }

  /** Every app under the group to ⌈instances × factor⌉ (PUT {scaleBy}). */
  scaleGroup(groupId: string, factor: number, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.updateGroup(groupId, { scaleBy: factor }, opts);
  }

  removeGroup(groupId: string, opts: { force?: boolean } = {}): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('DELETE', `/v2/groups/${enc(groupId)}${query({ force: opts.force })}`);
  }

  /** The running deployments, oldest first. */
  listDeployments(): Promise<MarathonDeployment[]> {
    return this.http.json<MarathonDeployment[]>('GET', '/v2/deployments');
  }

  /** A running or finished deployment with its status and history (this project's extension of Marathon). */
  getDeployment(deploymentId: string): Promise<DeploymentDetail> {
    return this.http.json<DeploymentDetail>('GET', `/v2/deployments/${encodeURIComponent(deploymentId)}`);
  }

  /** DELETE /v2/deployments/{id}: a new deployment that reverts the apps to their versions before it. */
  rollbackDeployment(deploymentId: string): Promise<DeploymentResult> {
    return this.http.json<DeploymentResult>('DELETE', `/v2/deployments/${encodeURIComponent(deploymentId)}`);
  }

  /** DELETE /v2/deployments/{id}?force=true: the deployment only stops; its apps stay as they are. */
  async stopDeployment(deploymentId: string): Promise<void> {
    await this.http.json<undefined>('DELETE', `/v2/deployments/${encodeURIComponent(deploymentId)}?force=true`);
  }

  /** What waits to launch and why; with `lastUnusedOffers`, the offers the last pass did not use. */
  async queue(opts: { lastUnusedOffers?: boolean } = {}): Promise<QueueItem[]> {
    return (await this.http.json<{ queue: QueueItem[] }>('GET', `/v2/queue${query({ embed: opts.lastUnusedOffers && 'lastUnusedOffers' })}`)).queue;
  }

  info(): Promise<MarathonInfo> {
    return this.http.json<MarathonInfo>('GET', '/v2/info');
  }

  /** "host:port" of the leading Marathon. */
  async leader(): Promise<string> {
    return (await this.http.json<{ leader: string }>('GET', '/v2/leader')).leader;
  }

  /** GET /ping: Marathon answers "pong" as text/plain. */
  async ping(): Promise<string> {
    return (await this.http.text('GET', '/ping')).trim();
  }
}
