import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';
import type { MarathonApp, MarathonDeployment, MarathonTask } from '../../../src/api/marathon-types.js';

/**
 * A cluster API stand-in for command tests: the /v2 and /master routes the commands
 * call, over real HTTP on loopback, with the bearer token checked. Tests set its data
 * and read back the requests it received.
 */
export const TOKEN = 'test-token-0123456789';

export interface RecordedRequest {
  method: string;
  url: string;
  body?: unknown;
}

export class FakeClusterApi {
  apps: MarathonApp[] = [];
  tasks: MarathonTask[] = [];
  deployments: MarathonDeployment[] = [];
  slaves: unknown[] = [];
  /** Mesos frameworks with their tasks (slave_id, sandbox_directory). */
  frameworks: Array<{ id: string; tasks: unknown[]; completed_tasks: unknown[] }> = [{ id: 'marathon', tasks: [], completed_tasks: [] }];
  /** Sandbox files by agent id and path. */
  files = new Map<string, string>();
  requests: RecordedRequest[] = [];
  /** Answers for POST /v2/apps, e.g. a 422. */
  createResponse?: { status: number; body: unknown };
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  file(agentId: string, path: string, content: string): void {
    this.files.set(`${agentId}:${path}`, content);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const c of req) text += c;
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ method: req.method ?? '', url: `${url.pathname}${url.search}`, ...(text ? { body: JSON.parse(text) } : {}) });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'invalid token' });
    const path = url.pathname;
    const appMatch = /^\/v2\/apps(\/.+?)(\/tasks)?$/.exec(path);
    if (path === '/v2/apps' && req.method === 'GET') return send(200, { apps: this.apps });
    if (path === '/v2/apps' && req.method === 'POST') {
      if (this.createResponse) return send(this.createResponse.status, this.createResponse.body);
      const app = { ...(JSON.parse(text) as MarathonApp), deployments: [{ id: 'dep-1' }] };
      this.apps.push(app);
      return send(201, app);
    }
    if (appMatch) {
      const app = this.apps.find((a) => a.id === appMatch[1]);
      if (!app) return send(404, { message: `App '${appMatch[1]}' does not exist` });
      if (appMatch[2]) return send(200, { tasks: this.tasks.filter((t) => t.appId === app.id) });
      if (req.method === 'GET') return send(200, { app: { ...app, tasks: this.tasks.filter((t) => t.appId === app.id) } });
      if (req.method === 'PUT') {
        Object.assign(app, JSON.parse(text));
        return send(200, { deploymentId: 'dep-2', version: 'v2' });
      }
      if (req.method === 'DELETE') {
        this.apps = this.apps.filter((a) => a !== app);
        return send(200, { deploymentId: 'dep-3', version: 'v3' });
      }
    }
    if (path === '/v2/tasks') return send(200, { tasks: this.tasks });
    if (path === '/v2/deployments') return send(200, this.deployments);
    if (path === '/master/state') return send(200, { slaves: this.slaves, frameworks: this.frameworks });
    const fileMatch = /^\/agent\/([^/]+)\/files\/read$/.exec(path);
    if (fileMatch) {
      const content = this.files.get(`${decodeURIComponent(fileMatch[1])}:${url.searchParams.get('path')}`);
      if (content === undefined) return send(404, { message: 'no such file' });
      const bytes = Buffer.from(content);
      const offset = Number(url.searchParams.get('offset'));
      if (offset === -1) return send(200, { data: '', offset: bytes.length });
      const length = url.searchParams.has('length') ? Number(url.searchParams.get('length')) : bytes.length;
      return send(200, { data: bytes.subarray(offset, Math.min(bytes.length, offset + length)).toString(), offset });
    }
    send(404, { message: `no route ${req.method} ${path}` });
  }
}

/** A DCOS_DIR in a temp dir with one cluster "test" pointing at `url`, attached. */
export function makeDcosDir(url: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dcos-cmd-'));
  const clusterDir = join(dir, 'clusters', 'test');
  mkdirSync(clusterDir, { recursive: true });
  writeFileSync(join(clusterDir, 'token'), TOKEN, { mode: 0o600 });
  writeFileSync(join(clusterDir, 'cluster.json'), JSON.stringify({ name: 'test', url, tokenFile: join(clusterDir, 'token'), type: 'ssh', createdAt: '2025-01-01T00:00:00.000Z' }));
  writeFileSync(join(dir, 'attached'), 'test\n');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

let config: Config | undefined;

/**
 * Runs a command class as `dcos` would, capturing stdout and stderr and the exit code
 * (0 unless the command's error rendering set one).
 */
/** A concrete command class (its static run). */
export interface CommandClass {
  run(argv?: string[], opts?: Config): Promise<unknown>;
}

export async function runCommand(cmd: CommandClass, argv: string[], opts: { onStdout?: (all: string) => void } = {}): Promise<RunResult> {
  config ??= await Config.load(fileURLToPath(new URL('../../../', import.meta.url)));
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    opts.onStdout?.(out.join(''));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await cmd.run(argv, config);
    return { stdout: out.join(''), stderr: err.join(''), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = before;
  }
}
