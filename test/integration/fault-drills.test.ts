import assert from 'node:assert/strict';
import type { MarathonApp } from '../../src/api/marathon-types.js';
import { DaemonCluster, type DaemonClusterOptions } from '../harness/daemon-cluster.js';
import { eventually, processesRunning } from '../harness/proc.js';

/**
 * Fault drills on real daemons: SIGKILL and SIGSTOP at the worst moments. The promise
 * under test is the project's core one: the cluster does what it was told, and never
 * loses or strands a task. Each drill runs three times; every run must pass.
 */
const ROUNDS = [1, 2, 3];

async function withCluster(o: DaemonClusterOptions, drill: (c: DaemonCluster) => Promise<void>): Promise<void> {
  const cluster = await DaemonCluster.start(o);
  try {
    await drill(cluster);
  } catch (err) {
    const logs = [cluster.master, ...cluster.agents].map((d) => `--- ${d.name} log\n${d.logTail(15)}`).join('\n');
    (err as Error).message += `\n${logs}`;
    throw err;
  } finally {
    await cluster.stop();
  }
}

/** Waits until the app runs exactly `n` tasks, with no deployment, and `n` task processes exist. */
async function settlesAt(c: DaemonCluster, appId: string, program: string[], n: number, timeoutMs = 20_000): Promise<MarathonApp> {
  return eventually(async () => {
    const app = await c.marathon.getApp(appId);
    const ok = app.tasksRunning === n && app.tasksStaged === 0 && app.deployments.length === 0
      && app.tasks!.length === n && processesRunning(program).length === n;
    return ok ? app : undefined;
  }, timeoutMs, `${appId} to settle at exactly ${n} running tasks and ${n} processes`);
}

/** Holds `check` true for `ms`: nothing moves after convergence. */
async function staysTrue(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    assert.ok(await check(), what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const app = (id: string, program: string[], instances: number) => ({
  id, cmd: `exec ${program.join(' ')}`, instances, cpus: 0.01, mem: 8, backoffSeconds: 1,
});

describe('fault drills on real daemons', function () {
  this.timeout(90_000);

  for (const round of ROUNDS) {
    it(`SIGKILL of an agent running 20 tasks: none restarted, all RUNNING again within 2 s of its restart (round ${round}/3)`, () =>
      withCluster({ block: 91, agents: 1, agentPingTimeoutMs: 5_000 }, async (c) => {
        const program = ['sleep', `711${round}`];
        await c.marathon.createApp(app('/drill/twenty', program, 20));
        const before = await settlesAt(c, '/drill/twenty', program, 20);
        const taskIds = before.tasks!.map((t) => t.id).sort();
        const pids = processesRunning(program).sort();

        await c.agents[0].kill();
        assert.deepEqual(processesRunning(program).sort(), pids, 'tasks outlive their agent');
        c.agents[0].start();
        const restartedAt = Date.now();
        await eventually(async () => {
          const { tasks } = await c.agentApi(0).state();
          return tasks.length === 20 && tasks.every((t) => t.state === 'TASK_RUNNING');
        }, 10_000, 'the restarted agent to report its 20 tasks RUNNING');
        await c.allAgentsActive();
        const elapsed = Date.now() - restartedAt;
        assert.ok(elapsed < 2_000, `all 20 tasks RUNNING ${elapsed} ms after the agent's restart (limit 2000 ms)`);

        const after = await settlesAt(c, '/drill/twenty', program, 20);
        assert.deepEqual(after.tasks!.map((t) => t.id).sort(), taskIds, 'the same 20 tasks: none replaced');
        assert.deepEqual(processesRunning(program).sort(), pids, 'the same 20 processes: none restarted');
        const { frameworks } = await c.mesos.state();
        assert.deepEqual(frameworks.flatMap((f) => f.completed_tasks), [], 'no task ended');
      }));
  }

  for (const round of ROUNDS) {
    it(`SIGKILL of the master with a scale-down 20 → 10 in flight: exactly 10 after its restart (round ${round}/3)`, () =>
      withCluster({ block: 92, agents: 2, agentPingTimeoutMs: 3_000 }, async (c) => {
        const program = ['sleep', `712${round}`];
        await c.marathon.createApp(app('/drill/scale', program, 20));
        await settlesAt(c, '/drill/scale', program, 20);

        await c.marathon.updateApp('/drill/scale', { instances: 10 }, { force: true });
        await c.master.kill();
        c.master.start();
        await c.allAgentsActive();
        await settlesAt(c, '/drill/scale', program, 10);
        await staysTrue(() => processesRunning(program).length === 10, 1_500, 'still exactly 10 task processes');
      }));
  }

  for (const round of ROUNDS) {
    it(`SIGSTOP of an agent past its timeout, then SIGCONT: replacements, then the surplus killed, exactly 4 (round ${round}/3)`, () =>
      withCluster({ block: 93, agents: 2, agentPingTimeoutMs: 1_500 }, async (c) => {
        const program = ['sleep', `713${round}`];
        await c.marathon.createApp(app('/drill/pause', program, 4));
        const before = await settlesAt(c, '/drill/pause', program, 4);
        const paused = c.host(2);
        const onPaused = before.tasks!.filter((t) => t.host === paused).length;
        assert.ok(onPaused > 0, 'the paused agent runs some of the tasks');

        c.agents[0].signal('SIGSTOP');
        await eventually(async () => {
          const a = await c.marathon.getApp('/drill/pause');
          return a.tasksRunning === 4 && a.tasks!.filter((t) => t.state === 'TASK_UNREACHABLE').length === onPaused;
        }, 15_000, 'replacements for the tasks of the unreachable agent');
        assert.equal(processesRunning(program).length, 4 + onPaused, 'the paused agent\'s tasks still run beside their replacements');

        c.agents[0].signal('SIGCONT');
        await c.allAgentsActive();
        await settlesAt(c, '/drill/pause', program, 4);
        await staysTrue(() => processesRunning(program).length === 4, 1_500, 'still exactly 4 task processes');
      }));
  }

  for (const round of ROUNDS) {
    it(`SIGKILL of the master and an agent together with a delete in flight: no task left behind (round ${round}/3)`, () =>
      withCluster({ block: 94, agents: 2, agentPingTimeoutMs: 3_000 }, async (c) => {
        const program = ['sleep', `714${round}`];
        await c.marathon.createApp(app('/drill/gone', program, 6));
        await settlesAt(c, '/drill/gone', program, 6);

        await c.marathon.removeApp('/drill/gone');
        await Promise.all([c.master.kill(), c.agents[0].kill()]);
        c.master.start();
        c.agents[0].start();
        await c.allAgentsActive();
        await eventually(() => processesRunning(program).length === 0, 20_000, 'no task process left');
        await assert.rejects(c.marathon.getApp('/drill/gone'), /does not exist/);
        await eventually(async () => (await c.mesos.state()).frameworks.every((f) => f.tasks.length === 0), 10_000, 'the master to hold no task');
        await staysTrue(() => processesRunning(program).length === 0, 1_500, 'and none comes back');
      }));
  }
});
