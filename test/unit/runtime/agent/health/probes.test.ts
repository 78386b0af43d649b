import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { TaskHealthCheck } from '../../../../../src/core/framework.js';
import { isProcessAlive } from '../../../../../src/runtime/agent/proc.js';
import type { ProbeResult, ProbeTarget } from '../../../../../src/runtime/agent/health/probe.js';
import { runProbe } from '../../../../../src/runtime/agent/health/probes.js';
import { lookUpUser } from '../../../../../src/runtime/agent/task-user.js';
import { killProcessesUnder } from '../../../../harness/processes.js';
import { tempDir, waitFor } from '../helpers.js';
import { healthCheck } from './helpers.js';

const HOST = '127.0.102.10';

type Closable = Server | TcpServer;

describe('health check probes', function () {
  this.timeout(10_000);
  let dir: string;
  let servers: Closable[];
  let sockets: Socket[];

  const listen = async <S extends Closable>(server: S): Promise<number> => {
    servers.push(server);
    server.on('connection', (s: Socket) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
    return (server.address() as AddressInfo).port;
  };
  const target = (extra: Partial<ProbeTarget> = {}): ProbeTarget => ({ host: HOST, sandbox: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, ...extra });
  const probe = (check: Partial<TaskHealthCheck>, signal = AbortSignal.timeout(5_000), t = target()): Promise<ProbeResult> =>
    runProbe(healthCheck(check), t, signal);

  beforeEach(() => {
    dir = tempDir('dcos-health-probe-');
    servers = [];
    sockets = [];
  });
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('HTTP', () => {
    const statuses: Array<[number, ProbeResult['kind'], string?]> = [
      [200, 'healthy'], [204, 'healthy'], [302, 'healthy'], [399, 'healthy'],
      [400, 'unhealthy', '400 Bad Request'], [404, 'unhealthy', '404 Not Found'], [500, 'unhealthy', '500 Internal Server Error'], [503, 'unhealthy', '503 Service Unavailable'],
    ];
    for (const [status, kind, cause] of statuses) {
      it(`answers ${status} as ${kind}${cause ? ` ("${cause}")` : ''}: healthy is 200-399`, async () => {
        const paths: string[] = [];
        const port = await listen(createHttpServer((req, res) => {
          paths.push(req.url ?? '');
          res.writeHead(status, 'Whatever The Task Says').end();
        }));
        const found = { http: { statusCode: status } };
        assert.deepEqual(await probe({ port, path: '/health?deep=1' }), cause ? { kind, cause, found } : { kind, found }, 'the status found, for general checks');
        assert.deepEqual(paths, ['/health?deep=1']);
      });
    }

    it('asks for "/" when the check names no path, and prefixes a path that lacks its "/"', async () => {
      const paths: string[] = [];
      const port = await listen(createHttpServer((req, res) => { paths.push(req.url ?? ''); res.end(); }));
      await probe({ port, path: undefined });
      await probe({ port, path: 'ready' });
      assert.deepEqual(paths, ['/', '/ready']);
    });

    for (const [line, status] of [['HTTP/1.1 102 Processing', '102 Processing'], ['HTTP/1.1 100 Continue', '100 Continue'], ['HTTP/1.1 101 Switching Protocols', '101 Switching Protocols']]) {
      it(`reports a ${status} answer as informational, for the decision core to ignore or count`, async () => {
        const port = await listen(createTcpServer((s) => s.once('data', () => s.write(`${line}\r\n\r\n`))));
        assert.deepEqual(await probe({ port, ignoreHttp1xx: true }), { kind: 'informational', cause: status, found: { http: { statusCode: Number(status.slice(0, 3)) } } });
      });
    }

    it('gives up when aborted (the timeout): a task that never answers is unhealthy and its connection is closed', async () => {
      let closed = false;
      const port = await listen(createTcpServer((s) => s.resume().on('close', () => { closed = true; })));
      const started = Date.now();
      const result = await probe({ port }, AbortSignal.timeout(200));
      assert.equal(result.kind, 'unhealthy');
      assert.ok(Date.now() - started < 2_000);
      await waitFor('the connection closed', () => closed);
    });

    it('reads only the status: a response whose body never ends does not hold the check', async () => {
      const port = await listen(createHttpServer((_req, res) => {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => { while (res.write(chunk)) { /* fill the socket */ } };
        res.on('drain', pump);
        pump();
      }));
      assert.deepEqual(await probe({ port }), { kind: 'healthy', found: { http: { statusCode: 200 } } });
    });

    it('is unhealthy, naming the error, when nothing listens on the port', async () => {
      const port = await listen(createTcpServer());
      await new Promise((r) => servers.pop()!.close(r));
      const result = await probe({ port });
      assert.equal(result.kind, 'unhealthy');
      assert.match((result as { cause: string }).cause, /ECONNREFUSED/);
    });
  });

  describe('HTTPS', () => {
    it('checks a task with a self-signed certificate without verifying it, as Marathon does', async () => {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=task.example', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
      let status = 200;
      const port = await listen(createHttpsServer(tls, (_req, res) => res.writeHead(status).end()));
      assert.deepEqual(await probe({ protocol: 'HTTPS', port }), { kind: 'healthy', found: { http: { statusCode: 200 } } });
      status = 500;
      assert.deepEqual(await probe({ protocol: 'HTTPS', port }), { kind: 'unhealthy', cause: '500 Internal Server Error', found: { http: { statusCode: 500 } } });
      assert.equal((await probe({ protocol: 'HTTP', port })).kind, 'unhealthy', 'plain HTTP to a TLS port fails');
    });
  });

  describe('TCP', () => {
    it('is healthy when the port accepts a connection, and closes it at once', async () => {
      let closed = false;
      const port = await listen(createTcpServer((s) => s.resume().on('close', () => { closed = true; })));
      assert.deepEqual(await probe({ protocol: 'TCP', port, path: undefined }), { kind: 'healthy' });
      await waitFor('the connection closed', () => closed);
    });

    it('is unhealthy when nothing listens on the port', async () => {
      const port = await listen(createTcpServer());
      await new Promise((r) => servers.pop()!.close(r));
      const result = await probe({ protocol: 'TCP', port });
      assert.equal(result.kind, 'unhealthy');
      assert.match((result as { cause: string }).cause, /ECONNREFUSED/);
    });
  });

  describe('COMMAND', () => {
    const command = (value: string, signal?: AbortSignal, t?: ProbeTarget) => probe({ protocol: 'COMMAND', command: value, port: undefined, path: undefined }, signal, t);

    const exits: Array<[string, ProbeResult]> = [
      ['exit 0', { kind: 'healthy', found: { command: { exitCode: 0 } } }],
      ['exit 3', { kind: 'unhealthy', cause: 'Command exited with status 3', found: { command: { exitCode: 3 } } }],
      ['kill -TERM $$', { kind: 'unhealthy', cause: 'Command terminated with signal SIGTERM', found: { command: { exitCode: 143 } } }],
      ['sh -c "kill -KILL \\$\\$"', { kind: 'unhealthy', cause: 'Command terminated with signal SIGKILL (status 137)', found: { command: { exitCode: 137 } } }],
    ];
    for (const [value, expected] of exits) {
      it(`judges \`${value}\` by its exit status: ${expected.kind}`, async () => {
        assert.deepEqual(await command(value), expected);
      });
    }

    it('runs under /bin/sh -c in the sandbox with the task environment', async () => {
      const t = target({ env: { PATH: '/usr/bin:/bin', GREETING: 'hello there' } });
      assert.deepEqual(await command(`test "$GREETING" = "hello there" && test "$(pwd)" = "${dir}"`, undefined, t), { kind: 'healthy', found: { command: { exitCode: 0 } } });
    });

    it('on timeout, kills its whole process group, what it put in the background too', async () => {
      const started = Date.now();
      const result = await command('sleep 1000 & echo $! > bg.pid; sleep 1000', AbortSignal.timeout(300));
      assert.equal(result.kind, 'unhealthy');
      assert.ok(Date.now() - started < 3_000);
      const bg = Number(readFileSync(join(dir, 'bg.pid'), 'utf8'));
      await waitFor('the background process is gone', () => !isProcessAlive(bg));
    });

    it('kills what a finished check left in the background', async () => {
      assert.deepEqual(await command('sleep 1000 & echo $! > bg.pid; exit 0'), { kind: 'healthy', found: { command: { exitCode: 0 } } });
      const bg = Number(readFileSync(join(dir, 'bg.pid'), 'utf8'));
      await waitFor('the background process is gone', () => !isProcessAlive(bg));
    });

    it('is not-run, never a failure, when the check cannot be spawned', async () => {
      const result = await command('exit 0', undefined, target({ sandbox: join(dir, 'missing') }));
      assert.equal(result.kind, 'not-run');
    });

    it('runs as the task user when the agent switched to one', async function () {
      if (process.getuid?.() !== 0) this.skip();
      const nobody = await lookUpUser('nobody');
      assert.ok(nobody, 'user nobody exists');
      chmodSync(dir, 0o755);
      mkdirSync(join(dir, 'sb'), { mode: 0o777 });
      const t = target({ sandbox: join(dir, 'sb'), user: nobody });
      assert.deepEqual(await command(`test "$(id -u)" = ${nobody.uid} && test "$(id -g)" = ${nobody.gid}`, undefined, t), { kind: 'healthy', found: { command: { exitCode: 0 } } });
    });
  });
});
