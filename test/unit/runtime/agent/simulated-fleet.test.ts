import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MarathonClient } from '../../../../src/api/marathon-client.js';
import type { MarathonApp, MarathonTask } from '../../../../src/api/marathon-types.js';
import { MasterClient } from '../../../../src/api/master-client.js';
import { isTerminal } from '../../../../src/core/task-state.js';
import { SimulatedFleet } from '../../../../src/runtime/agent/simulated-fleet.js';
import { startMaster, type RunningMaster } from '../../../../src/runtime/master/master.js';
import { childrenOf } from '../../../harness/proc.js';
import { processesUnder } from '../../../harness/processes.js';
import { silentLogger, tempDir, waitFor } from './helpers.js';

const BLOCK = '127.0.105';
const TOKEN = 'operator-token-for-fleet-tests';
const NODE_TOKEN = 'node-token-for-fleet-tests';
const APP = '/sim/fifty';

describe('SimulatedFleet under a real master', function () {
  this.timeout(60_000);
  let dir: string;
  let master: RunningMaster;
  let fleet: SimulatedFleet;
  let marathon: MarathonClient;
  let mesos: MasterClient;
  /** This process's children before any task (mocha's own tooling may have some, e.g. esbuild's service). */
  let children: number[];

  const app = async (): Promise<MarathonApp> => (await marathon.http.json<{ app: MarathonApp }>('GET', `/v2/apps${APP}`)).app;
  const settled = (n: number) => waitFor(`${APP} to run ${n} tasks with no deployment`, async () => {
    const a = await app();
    return a.tasksRunning === n && a.tasksStaged === 0 && a.deployments.length === 0 && a.tasks!.length === n ? a.tasks! : undefined;
  }, 30_000);
  /** Tasks the agents themselves still run, by agent. */
  const runningOnAgents = () => fleet.agents.map((a) => a.state().tasks.filter((t) => !isTerminal(t.state)).length);
  const completed = async (taskId: string) => (await mesos.state()).frameworks.flatMap((f) => f.completed_tasks).find((t) => t.id === taskId);

  before(async () => {
    dir = tempDir('dcos-fleet-test-');
    master = await startMaster({
      host: `${BLOCK}.1`, port: 0, stateDir: join(dir, 'master'), clusterName: 'fleet', token: TOKEN, nodeToken: NODE_TOKEN, log: silentLogger, allocationIntervalMs: 100,
    });
    marathon = new MarathonClient({ baseUrl: master.url, token: TOKEN });
    mesos = new MasterClient({ baseUrl: master.url, token: TOKEN });
    fleet = await SimulatedFleet.start({ masterUrl: master.url, nodeToken: NODE_TOKEN, addressBlock: BLOCK, agents: 3, workDir: join(dir, 'agents') });
    children = childrenOf(process.pid);
  });
  after(async () => {
    await fleet?.stop();
    await master?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers every agent with the master, each on its own address of the block and its own work dir', async () => {
    const { slaves } = await mesos.state();
    assert.deepEqual(slaves.filter((s) => s.active).map((s) => s.hostname).sort(), [`${BLOCK}.2`, `${BLOCK}.3`, `${BLOCK}.4`]);
    assert.deepEqual(slaves.map((s) => s.id).sort(), [...fleet.ids].sort());
    assert.deepEqual(readdirSync(join(dir, 'agents')).sort(), ['agent-1', 'agent-2', 'agent-3']);
  });

  it('runs an app of 50 instances through the master with no process spawned', async () => {
    await marathon.createApp({ id: APP, cmd: 'sleep 3600', instances: 50, cpus: 0.01, mem: 1, portDefinitions: [] });
    const tasks = await settled(50);
    assert.equal(new Set(tasks.map((t: MarathonTask) => t.host)).size, 3, 'spread over the three agents');
    assert.deepEqual(runningOnAgents().reduce((a, b) => a + b), 50);
    assert.deepEqual(childrenOf(process.pid), children, 'the agents started no process');
    assert.deepEqual(processesUnder(dir), [], 'no process runs in a sandbox');
    const onAgent = fleet.agents.flatMap((a) => a.state().tasks);
    assert.ok(onAgent.every((t) => t.sandbox && existsSync(t.sandbox)), 'each task still has its real sandbox directory');
  });

  it('answers health checks without touching a port or a shell: healthy unless the task asks otherwise', async () => {
    const checks = [{ protocol: 'COMMAND', command: { value: 'exit 1' }, gracePeriodSeconds: 0, intervalSeconds: 1, delaySeconds: 0 }];
    await marathon.createApp({ id: '/sim/checked', cmd: 'x', instances: 2, cpus: 0.01, mem: 1, portDefinitions: [], healthChecks: checks });
    await marathon.createApp({ id: '/sim/sick', cmd: 'x', cpus: 0.01, mem: 1, portDefinitions: [], healthChecks: checks, env: { DCOS_SIMULATED_HEALTHY: 'false' } });
    await waitFor('2 healthy and 1 unhealthy', async () => {
      const [ok, sick] = await Promise.all([marathon.getApp('/sim/checked'), marathon.getApp('/sim/sick')]);
      return ok.tasksHealthy === 2 && sick.tasksUnhealthy + (sick.lastTaskFailure ? 1 : 0) >= 1;
    });
    assert.deepEqual(childrenOf(process.pid), children, 'no check command was run');
    await marathon.removeApp('/sim/checked', { force: true });
    await marathon.removeApp('/sim/sick', { force: true });
  });

  it('kills a task the master is asked to kill: the agent reports it KILLED and the app gets a new one', async () => {
    const [victim] = (await app()).tasks!;
    await marathon.http.json('DELETE', `/v2/apps${APP}/tasks/${encodeURIComponent(victim.id)}`);
    const killed = await waitFor('the kill to be recorded', () => completed(victim.id));
    assert.equal(killed.state, 'TASK_KILLED');
    const tasks = await settled(50);
    assert.ok(!tasks.some((t) => t.id === victim.id));
  });

  it('scales down through the master: the agents end the tasks it stops and keep the rest', async () => {
    const before = (await app()).tasks!.map((t) => t.id);
    await marathon.updateApp(APP, { instances: 10 });
    const kept = await settled(10);
    assert.ok(kept.every((t) => before.includes(t.id)), 'the kept tasks are tasks that ran before');
    await waitFor('the agents to run 10 tasks', () => runningOnAgents().reduce((a, b) => a + b) === 10);
    const stopped = before.filter((id) => !kept.some((t) => t.id === id));
    for (const id of stopped.slice(0, 3)) assert.equal((await completed(id))?.state, 'TASK_KILLED');
  });

  it('loses the tasks of a restarted agent (nothing survives it), which the master then replaces', async () => {
    const hostOf0 = fleet.host(0);
    const lost = (await app()).tasks!.filter((t) => t.host === hostOf0).map((t) => t.id);
    assert.ok(lost.length > 0);
    await fleet.restart(0);
    for (const id of lost) assert.equal((await waitFor(`${id} to be recorded as ended`, () => completed(id)))?.state, 'TASK_LOST');
    const tasks = await settled(10);
    assert.ok(!tasks.some((t) => lost.includes(t.id)));
  });
});
