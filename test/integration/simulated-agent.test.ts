import assert from 'node:assert/strict';
import type { MarathonApp } from '../../src/api/marathon-types.js';
import { isTerminal } from '../../src/core/task-state.js';
import { DaemonCluster } from '../harness/daemon-cluster.js';
import { childrenOf, eventually } from '../harness/proc.js';
import { processesUnder } from '../harness/processes.js';

const APP = '/sim/daemons';

/**
 * `dcos-agent --driver simulated`: real agent daemons speak the real protocol to a real
 * master daemon, and no task process exists anywhere.
 */
describe('dcos-agent --driver simulated', function () {
  this.timeout(90_000);
  let cluster: DaemonCluster;

  const app = async (): Promise<MarathonApp> => (await cluster.marathon.http.json<{ app: MarathonApp }>('GET', `/v2/apps${APP}`)).app;
  const settled = (n: number) => eventually(async () => {
    const a = await app();
    return a.tasksRunning === n && a.tasksStaged === 0 && a.deployments.length === 0 && a.tasks!.length === n ? a : undefined;
  }, 30_000, `${APP} to run ${n} tasks`);
  const onAgents = async () => (await Promise.all(cluster.agents.map((_, i) => cluster.agentApi(i).state())))
    .flatMap((s) => s.tasks).filter((t) => !isTerminal(t.state));

  before(async () => {
    cluster = await DaemonCluster.start({ block: 105, agents: 2, agentPingTimeoutMs: 15_000, agentFlags: ['--driver', 'simulated', '--simulated-term-delay-ms', '200'] });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('runs an app of 50 instances with no process behind any task', async () => {
    await cluster.marathon.createApp({ id: APP, cmd: 'sleep 3600', instances: 50, cpus: 0.01, mem: 1, portDefinitions: [] });
    const running = await settled(50);
    assert.equal(new Set(running.tasks!.map((t) => t.host)).size, 2);
    assert.equal((await onAgents()).length, 50);
    for (const agent of cluster.agents) assert.deepEqual(childrenOf(agent.pid!), [], `${agent.name} started no process`);
    assert.deepEqual(processesUnder(cluster.dir).sort(), [cluster.master.pid!, ...cluster.agents.map((a) => a.pid!)].sort(), 'only the daemons run');
  });

  it('kills a task and scales down through the master, the agents ending exactly the tasks it stops', async () => {
    const [victim] = (await app()).tasks!;
    await cluster.marathon.http.json('DELETE', `/v2/apps${APP}/tasks/${encodeURIComponent(victim.id)}`);
    await eventually(async () => {
      const a = await settled(50);
      return !a.tasks!.some((t) => t.id === victim.id);
    }, 30_000, 'the killed task to be replaced');

    await cluster.marathon.updateApp(APP, { instances: 5 });
    const kept = await settled(5);
    await eventually(async () => (await onAgents()).length === 5, 10_000, 'the agents to run 5 tasks');
    assert.deepEqual((await onAgents()).map((t) => t.taskId).sort(), kept.tasks!.map((t) => t.id).sort());
  });
});
