import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentClient } from '../../../../src/api/agent-client.js';
import type { TaskCheck, TaskStatus } from '../../../../src/core/framework.js';
import { Agent } from '../../../../src/runtime/agent/agent.js';
import { CHECK_REASON } from '../../../../src/runtime/agent/task-runner.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { FakeMaster, freePort, NODE_TOKEN, shellTask, silentLogger, tempDir, waitFor } from './helpers.js';

const MASTER_HOST = '127.0.105.11';
const HOST = '127.0.105.12';
const FRAMEWORK = 'fw-0000';
const SERVER = fileURLToPath(new URL('../../../fixtures/health-server.mjs', import.meta.url));

/**
 * Mesos general checks (Marathon's app `check`): the agent runs them beside the task and
 * reports what they find in TASK_RUNNING updates (checkResult), only when it changes; a
 * failing check never makes the task unhealthy nor ends it.
 */
describe('Agent general checks', function () {
  this.timeout(20_000);
  let dir: string;
  let master: FakeMaster;
  let agent: Agent;

  const timers = { intervalSeconds: 0.2, timeoutSeconds: 2, delaySeconds: 0 };
  const launch = async (taskId: string, command: string, check: TaskCheck, port?: number) => {
    const task = shellTask(taskId, command, {
      env: port ? { PORT0: String(port) } : {},
      resources: { cpus: 0.1, mem: 32, disk: 0, ports: port ? [[port, port]] : [] },
      check,
    });
    await new AgentClient({ baseUrl: `http://${HOST}:${agent.port}`, token: NODE_TOKEN }).launch({ frameworkId: FRAMEWORK, tasks: [task] });
  };
  const checkUpdates = (taskId: string): TaskStatus[] => master.received.filter((u) => u.taskId === taskId && u.reason === CHECK_REASON);

  beforeEach(async () => {
    dir = tempDir();
    master = await new FakeMaster(MASTER_HOST).start();
    agent = await Agent.start({
      masterUrl: master.url, listenHost: HOST, listenPort: 0, hostname: HOST, workDir: join(dir, 'work'), nodeToken: NODE_TOKEN,
      resources: { cpus: 2, mem: 1024, disk: 1024, ports: [[31000, 32000]] }, attributes: {},
    }, { logger: silentLogger, pollIntervalMs: 20 });
    await waitFor('registration', () => master.registrations.length === 1);
  });
  afterEach(async () => {
    await agent?.stop();
    await master.stop();
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the HTTP status an HTTP check gets, again only when it changes, and the task keeps running without a health verdict', async () => {
    const port = await freePort(HOST);
    await launch('web.1', `exec '${process.execPath}' '${SERVER}'`, { protocol: 'HTTP', port, path: '/health', ...timers }, port);
    await waitFor('200', () => checkUpdates('web.1').some((u) => u.checkResult?.http?.statusCode === 200));
    writeFileSync(join(dir, 'work', 'sandboxes', FRAMEWORK, 'web.1', 'status'), '500\n');
    await waitFor('500', () => checkUpdates('web.1').some((u) => u.checkResult?.http?.statusCode === 500));
    await new Promise((r) => setTimeout(r, 600)); // three more runs that find 500 again
    // Before the server listens, the check gets no answer: {http: {}}, no status code.
    const seen = checkUpdates('web.1').map((u) => u.checkResult?.http?.statusCode ?? 'no answer');
    assert.deepEqual(seen.filter((s) => s !== 'no answer'), [200, 500]);
    assert.ok(seen.every((s, i) => i === 0 || s !== seen[i - 1]), `an update only on a change: ${seen.join(', ')}`);
    assert.ok(checkUpdates('web.1').every((u) => u.state === 'TASK_RUNNING' && u.healthy === undefined));
  });

  it("reports a command check's exit code, and a TCP check that cannot connect as not succeeded", async () => {
    await launch('cmd.1', 'sleep 30', { protocol: 'COMMAND', command: 'exit 3', ...timers });
    const port = await freePort(HOST);
    await launch('tcp.1', 'sleep 30', { protocol: 'TCP', port, ...timers });
    const cmd = await waitFor('the exit code', () => checkUpdates('cmd.1')[0]);
    assert.deepEqual(cmd.checkResult, { command: { exitCode: 3 } });
    const tcp = await waitFor('the connect', () => checkUpdates('tcp.1')[0]);
    assert.deepEqual(tcp.checkResult, { tcp: { succeeded: false } });
  });

  it('refuses a check it cannot run as given (TASK_ERROR naming it), never running it differently', async () => {
    await launch('bad.1', 'sleep 30', { protocol: 'HTTP', port: 0, path: '/', ...timers });
    const error = await waitFor('TASK_ERROR', () => master.received.find((u) => u.taskId === 'bad.1' && u.state === 'TASK_ERROR'));
    assert.match(error.message ?? '', /check: a HTTP check needs the port/);
  });
});
