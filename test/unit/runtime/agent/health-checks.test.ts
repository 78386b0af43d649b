import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskHealthCheck, TaskStatus } from '../../../../src/core/framework.js';
import { AgentClient } from '../../../../src/api/agent-client.js';
import { Agent } from '../../../../src/runtime/agent/agent.js';
import { HEALTH_REASON } from '../../../../src/runtime/agent/task-runner.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { healthCheck } from './health/helpers.js';
import { FakeMaster, freePort, NODE_TOKEN, shellTask, silentLogger, tempDir, waitFor } from './helpers.js';

const MASTER_HOST = '127.0.102.1';
const HOST = '127.0.102.2';
const FRAMEWORK = 'fw-0000';
const SERVER = fileURLToPath(new URL('../../../fixtures/health-server.mjs', import.meta.url));

describe('Agent health checks', function () {
  this.timeout(20_000);
  let dir: string;
  let master: FakeMaster;
  let agents: Agent[];

  const start = async (): Promise<Agent> => {
    const agent = await Agent.start({
      masterUrl: master.url, listenHost: HOST, listenPort: 0, hostname: HOST, workDir: join(dir, 'work'), nodeToken: NODE_TOKEN,
      resources: { cpus: 2, mem: 1024, disk: 1024, ports: [[31000, 32000]] }, attributes: {},
    }, { logger: silentLogger, pollIntervalMs: 20 });
    agents.push(agent);
    await waitFor('registration', () => master.registrations.length === agents.length);
    return agent;
  };
  const client = (agent: Agent) => new AgentClient({ baseUrl: `http://${HOST}:${agent.port}`, token: NODE_TOKEN });
  /** Launches the HTTP server task with one HTTP check of its $PORT0; `setup` runs in its shell first. */
  const launchServer = async (agent: Agent, taskId: string, check: Partial<TaskHealthCheck>, setup = '') => {
    const port = await freePort(HOST);
    const sandbox = join(dir, 'work', 'sandboxes', FRAMEWORK, taskId);
    const task = shellTask(taskId, `${setup}exec '${process.execPath}' '${SERVER}'`, {
      env: { PORT0: String(port) },
      resources: { cpus: 0.1, mem: 32, disk: 0, ports: [[port, port]] },
      healthChecks: [healthCheck({ port, path: '/health', intervalSeconds: 0.2, timeoutSeconds: 2, delaySeconds: 0, ...check })],
    });
    await client(agent).launch({ frameworkId: FRAMEWORK, tasks: [task] });
    const running = await waitFor('TASK_RUNNING', () => master.received.find((u) => u.taskId === taskId && u.state === 'TASK_RUNNING'));
    return { sandbox, runningAt: running.timestamp * 1000, setStatus: (code: number) => writeFileSync(join(sandbox, 'status'), `${code}\n`) };
  };
  const healthUpdates = (taskId: string): TaskStatus[] => master.received.filter((u) => u.taskId === taskId && u.reason === HEALTH_REASON);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeEach(async () => {
    dir = tempDir();
    agents = [];
    master = await new FakeMaster(MASTER_HOST).start();
  });
  afterEach(async () => {
    for (const a of agents) await a.stop();
    await master.stop();
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a task serving HTTP on its $PORT0 healthy in a TASK_RUNNING update, once, and in its registration report', async () => {
    const agent = await start();
    await launchServer(agent, 'web.1', { gracePeriodSeconds: 30 });
    const [update] = await waitFor('a health update', () => healthUpdates('web.1').length > 0 && healthUpdates('web.1'));
    assert.equal(update.state, 'TASK_RUNNING');
    assert.equal(update.healthy, true);
    assert.equal(update.health?.length, 1);
    assert.equal(update.health![0].alive, true);
    assert.equal(update.health![0].consecutiveFailures, 0);
    assert.ok(update.health![0].firstSuccess);
    await sleep(1_000); // five more successful checks
    assert.equal(healthUpdates('web.1').length, 1, 'repeated successes send nothing');

    master.known = false;
    const again = await waitFor('re-registration', () => master.registrations.length >= 2 && master.lastRegistration());
    const report = again.tasks.find((t) => t.taskId === 'web.1')!;
    assert.equal(report.healthy, true);
    assert.equal(report.health?.[0].alive, true);
  });

  it('reports every consecutive failure once the health endpoint fails, then the recovery', async () => {
    const agent = await start();
    const task = await launchServer(agent, 'flaky.1', { gracePeriodSeconds: 30 });
    await waitFor('healthy', () => healthUpdates('flaky.1').some((u) => u.healthy));
    task.setStatus(500);
    await waitFor('three failures', () => healthUpdates('flaky.1').some((u) => u.health?.[0].consecutiveFailures === 3));
    task.setStatus(200);
    await waitFor('healthy again', () => healthUpdates('flaky.1').at(-1)?.healthy === true);
    const seen = healthUpdates('flaky.1').map((u) => [u.healthy, u.health![0].consecutiveFailures]);
    assert.deepEqual(seen.slice(0, 4), [[true, 0], [false, 1], [false, 2], [false, 3]]);
    assert.deepEqual(seen.at(-1), [true, 0]);
    const failure = healthUpdates('flaky.1')[1].health![0];
    assert.equal(failure.lastFailureCause, '500 Internal Server Error');
    assert.equal(failure.alive, false);
  });

  it('reports no failure within the grace period; the first counted failure comes once it is over', async () => {
    const agent = await start();
    const task = await launchServer(agent, 'slow.1', { gracePeriodSeconds: 1 }, 'echo 503 > status; ');
    await sleep(700);
    assert.deepEqual(healthUpdates('slow.1'), [], 'failures within the grace period are not reported');
    const [first] = await waitFor('a counted failure', () => healthUpdates('slow.1').length > 0 && healthUpdates('slow.1'));
    assert.equal(first.healthy, false);
    assert.equal(first.health![0].consecutiveFailures, 1);
    assert.ok(first.health![0].lastFailure! >= task.runningAt + 1_000, 'counted only after the grace period');
  });

  it('after an agent restart, resumes the checks of the task it adopts, the grace period measured from the task start', async () => {
    const first = await start();
    const task = await launchServer(first, 'kept.1', { gracePeriodSeconds: 2 }, 'echo 500 > status; ');
    await sleep(800);
    await first.stop();
    const restartedAt = Date.now();
    await start();
    const [failure] = await waitFor('a counted failure from the new agent', () => healthUpdates('kept.1').length > 0 && healthUpdates('kept.1'));
    const at = failure.health![0].lastFailure!;
    assert.ok(at >= task.runningAt + 2_000, 'not within the grace period');
    assert.ok(at < restartedAt + 2_000, `counted ${at - task.runningAt} ms after the task start: the grace period did not restart with the agent`);
  });

  it('stops checking a task that is being killed', async () => {
    const agent = await start();
    // It ignores SIGTERM, so it keeps serving (failures) for the whole kill grace period.
    const task = await launchServer(agent, 'bye.1', { gracePeriodSeconds: 0 }, 'export IGNORE_SIGTERM=1; ');
    await waitFor('healthy', () => healthUpdates('bye.1').some((u) => u.healthy));
    await client(agent).kill({ taskId: 'bye.1', gracePeriodSeconds: 1 });
    task.setStatus(500);
    await waitFor('TASK_KILLED', () => master.statesOf('bye.1').includes('TASK_KILLED'));
    const killed = master.received.find((u) => u.taskId === 'bye.1' && u.state === 'TASK_KILLED')!;
    assert.match(killed.message!, /SIGKILL/, `it was up for the whole grace period: ${killed.message}`);
    const killing = master.received.findIndex((u) => u.taskId === 'bye.1' && u.state === 'TASK_KILLING');
    assert.ok(killing >= 0);
    assert.deepEqual(master.received.slice(killing).filter((u) => u.taskId === 'bye.1' && u.reason === HEALTH_REASON), []);
  });

  it('refuses a task whose health check or user it cannot run with TASK_ERROR for that task alone; the others of the batch run', async () => {
    const agent = await start();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ healthChecks: [{ ...healthCheck(), port: undefined }] }, /healthChecks\(0\): a HTTP check needs the port/],
      [{ healthChecks: [{ ...healthCheck({ protocol: 'COMMAND' }), port: undefined }] }, /healthChecks\(0\): a COMMAND check needs a command line/],
      [{ healthChecks: [{ ...healthCheck(), protocol: 'MESOS_HTTP' }] }, /healthChecks\(0\): protocol "MESOS_HTTP"/],
      [{ healthChecks: [{ ...healthCheck(), intervalSeconds: 0 }] }, /healthChecks\(0\): intervalSeconds must be above 0/],
      [{ healthChecks: [{ ...healthCheck(), path: '/a b' }] }, /healthChecks\(0\): path must be printable ASCII/],
      [{ user: '-o' }, /user "-o" is not a user name/],
    ];
    const tasks = cases.map(([over], k) => ({ ...shellTask(`bad.${k}`, 'true'), ...over }));
    const res = await client(agent).http.send('POST', '/api/v1/tasks/launch', { frameworkId: FRAMEWORK, tasks: [...tasks, shellTask('good.1', 'sleep 30')] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(JSON.parse(res.text).accepted, ['good.1'], 'only the task it can run');
    for (const [k, [, message]] of cases.entries()) {
      const refused = await waitFor(`TASK_ERROR of bad.${k}`, () => master.received.find((u) => u.taskId === `bad.${k}` && u.state === 'TASK_ERROR'));
      assert.match(refused.message ?? '', message);
    }
    await waitFor('good.1 to run', () => master.received.find((u) => u.taskId === 'good.1' && u.state === 'TASK_RUNNING'));
  });

  it('refuses a launch that is not of the shape of the protocol with 400 naming the field', async () => {
    const agent = await start();
    const base = shellTask('shape.1', 'true');
    const cases: Array<[unknown, RegExp]> = [
      [[{ ...healthCheck(), maxConsecutiveFailures: 3 }], /healthChecks\/0\/maxConsecutiveFailures/],
      [[{ ...healthCheck(), gracePeriodSeconds: undefined }], /gracePeriodSeconds/],
      [{ protocol: 'HTTP' }, /healthChecks must be array/],
    ];
    for (const [healthChecks, message] of cases) {
      const res = await client(agent).http.send('POST', '/api/v1/tasks/launch', { frameworkId: FRAMEWORK, tasks: [{ ...base, healthChecks }] });
      assert.equal(res.status, 400, JSON.stringify(healthChecks));
      assert.match(JSON.parse(res.text).message, message);
    }
  });

});
