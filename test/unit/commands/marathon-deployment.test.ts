import assert from 'node:assert/strict';
import DeploymentList from '../../../src/commands/marathon/deployment/list.js';
import DeploymentRollback from '../../../src/commands/marathon/deployment/rollback.js';
import DeploymentStop from '../../../src/commands/marathon/deployment/stop.js';
import DeploymentWatch from '../../../src/commands/marathon/deployment/watch.js';
import { eventually } from '../../harness/proc.js';
import { clusterPerSuite, runCommand } from './harness.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

/** The deployment commands against one real master and agent (127.0.104.21-22). */
describe('marathon deployment commands', () => {
  const cluster = clusterPerSuite({ masterHost: '127.0.104.21', agentHosts: ['127.0.104.22'] });
  /** An app the agent cannot take (more memory than it has): its deployment stays at its last step. */
  const stuck = async (id: string) => (await cluster().marathon.createApp({ id, cmd: 'exec sleep 1000', cpus: 0.01, mem: 4096 })).deployments[0].id;
  // plain lines, as off a terminal, even when the tests run in one
  const savedCi = process.env.CI;
  before(() => { process.env.CI = '1'; });
  after(() => { if (savedCi === undefined) delete process.env.CI; else process.env.CI = savedCi; });

  describe('marathon deployment list', () => {
    it('prints the running deployments: apps, current action, steps done/steps and id; -q the ids; --json the objects', async () => {
      const id = await stuck('/listed');
      const r = await runCommand(DeploymentList, ['/listed']);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout, [
        'APP      ACTION  PROGRESS  ID',
        `/listed  scale        1/2  ${id}`,
        '',
      ].join('\n'));
      assert.equal((await runCommand(DeploymentList, ['listed', '-q'])).stdout, `${id}\n`);
      const json = JSON.parse((await runCommand(DeploymentList, ['--json'])).stdout);
      assert.deepEqual(json.find((d: { id: string }) => d.id === id), (await cluster().marathon.listDeployments()).find((d) => d.id === id));
      assert.deepEqual(await runCommand(DeploymentList, ['/not-deployed']), { stdout: '', stderr: 'no deployments of /not-deployed\n', exitCode: 0 });
      await cluster().marathon.removeApp('/listed', { force: true });
    });
  });

  describe('marathon deployment watch', () => {
    it('prints a timestamped line as each step starts and ends, then how the deployment ended; exit 0 when it succeeded', async () => {
      const { deployments: [{ id }] } = await cluster().marathon.createApp({ id: '/watched', cmd: 'exec sleep 1000', cpus: 0.01, mem: 8 });
      const r = await runCommand(DeploymentWatch, [id, '--interval', '0.1']);
      assert.equal(r.exitCode, 0, r.stderr);
      const events = [
        'deployment started',
        '\\[1/2\\] started: start /watched',
        '\\[1/2\\] succeeded',
        '\\[2/2\\] started: scale /watched',
        '\\[2/2\\] succeeded',
        'deployment succeeded',
      ];
      assert.match(r.stderr, new RegExp(`^${events.map((e) => `${TIME} ${e}\n`).join('')}$`));
      assert.match(r.stdout, new RegExp(`^Deployment ${id} succeeded \\(\\d+\\.\\ds\\)\n${events.map((e) => ` {2}${TIME} ${e}\n`).join('')}$`));
      assert.equal((await cluster().marathon.getApp('/watched')).tasksRunning, 1);
    });

    it('exits 1 when the deployment is rolled back while watched, naming the deployment that reverted it', async () => {
      const id = await stuck('/watched-back');
      let rollback: Promise<unknown> | undefined;
      const timer = setTimeout(() => { rollback = cluster().marathon.rollbackDeployment(id); }, 300);
      const r = await runCommand(DeploymentWatch, [id, '--interval', '0.1']).finally(() => clearTimeout(timer));
      await rollback;
      assert.equal(r.exitCode, 1);
      const [, revert] = new RegExp(`^Deployment ${id} cancelled: rolled back by deployment (${UUID}) \\(\\d+\\.\\ds\\)\n`).exec(r.stdout) ?? [];
      assert.ok(revert, r.stdout);
      assert.match(r.stdout, new RegExp(`\n {2}${TIME} deployment rolled back: rolled back by deployment ${revert}\n$`));
      assert.match(r.stderr, new RegExp(`^${TIME} \\[2/2\\] started: scale /watched-back\n${TIME} deployment rolled back: rolled back by deployment ${revert}\n$`, 'm'));
      await eventually(async () => !(await cluster().marathon.listApps()).some((a) => a.id === '/watched-back'), 10_000, 'the revert to remove the new app');
    });

    it('with --json, prints the deployment object each time it changes, the finished one last', async () => {
      const { deployments: [{ id }] } = await cluster().marathon.createApp({ id: '/watched-json', cmd: 'exec sleep 1000', cpus: 0.01, mem: 8 });
      const r = await runCommand(DeploymentWatch, [id, '--json', '--interval', '0.02']);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stderr, '');
      const lines = r.stdout.trim().split('\n');
      assert.equal(new Set(lines).size, lines.length, 'each line a change');
      const last = JSON.parse(lines.at(-1)!);
      assert.deepEqual(last, await cluster().marathon.getDeployment(id));
      assert.equal(last.status, 'succeeded');
      for (const l of lines.slice(0, -1)) assert.equal(JSON.parse(l).status, 'running');
    });

    it('stops after --max-count looks at a deployment still running (exit 0), and fails on an unknown one (exit 1)', async () => {
      const id = await stuck('/watched-long');
      const r = await runCommand(DeploymentWatch, [id, '--max-count', '2', '--interval', '0.05']);
      assert.equal(r.exitCode, 0);
      assert.equal(r.stdout, '');
      const started = ['deployment started', '\\[1/2\\] started: start /watched-long', '\\[1/2\\] succeeded', '\\[2/2\\] started: scale /watched-long'];
      assert.match(r.stderr, new RegExp(`^${started.map((e) => `${TIME} ${e}\n`).join('')}deployment ${id} is still running after 2 looks\n$`));
      const unknown = await runCommand(DeploymentWatch, ['nope']);
      assert.deepEqual(unknown, { exitCode: 1, stdout: '', stderr: 'Error: GET /v2/deployments/nope: DeploymentPlan nope does not exist\n' });
      assert.equal((await runCommand(DeploymentWatch, [id, '--interval', '0'])).exitCode, 2);
      await cluster().marathon.removeApp('/watched-long', { force: true });
    });
  });

  describe('marathon deployment rollback / stop', () => {
    it('rollback starts a deployment back to the versions before: a new app is removed', async () => {
      const id = await stuck('/rolled');
      const r = await runCommand(DeploymentRollback, [id]);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Rolling back deployment ${id}; deployment ${UUID}\n$`));
      await eventually(async () => !(await cluster().marathon.listApps()).some((a) => a.id === '/rolled'), 10_000, '/rolled to be removed');
      assert.deepEqual(await runCommand(DeploymentRollback, [id]), { stdout: '', exitCode: 1, stderr: `Error: DELETE /v2/deployments/${id}: DeploymentPlan ${id} does not exist\n` });
    });

    it('stop ends the deployment where it is and leaves the app as it is', async () => {
      const id = await stuck('/stopped');
      const r = await runCommand(DeploymentStop, [id]);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout, `Stopped deployment ${id}; its apps stay as they are\n`);
      const d = await cluster().marathon.getDeployment(id);
      assert.equal(d.status, 'cancelled');
      assert.equal((await cluster().marathon.getApp('/stopped')).mem, 4096);
      assert.equal((await runCommand(DeploymentStop, [id])).exitCode, 1);
      await cluster().marathon.removeApp('/stopped', { force: true });
    });
  });
});
