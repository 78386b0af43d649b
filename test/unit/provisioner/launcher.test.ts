import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarathonClient } from '../../../src/api/marathon-client.js';
import { DcosError, ErrorCodes } from '../../../src/core/errors.js';
import { canBind, chooseAddressBlock, FIRST_BLOCK, LAST_BLOCK, MASTER_PORT } from '../../../src/provisioner/local/address-block.js';
import { launchLocalCluster, type LaunchOptions } from '../../../src/provisioner/local/launcher.js';
import { agentsOf, clusterFiles, nodeLayout, supervisorPidFile } from '../../../src/provisioner/local/local-cluster.js';
import { localClusterStatus } from '../../../src/provisioner/local/status.js';
import { newSecret, readSecretFile, writeSecretFile } from '../../../src/provisioner/secrets.js';
import { stopLocalCluster } from '../../../src/provisioner/local/teardown.js';
import { pidIn } from '../../harness/local-nodes.js';
import { eventually, isAlive, processesRunning } from '../../harness/proc.js';
import { killProcessesUnder, processesUnder } from '../../harness/processes.js';

/**
 * The launcher with the real daemons (bin/dcos-master.js, bin/dcos-agent.js over dist/),
 * and failures as they really happen: an address someone else holds, a daemon refusing
 * its flags, a node token the master does not accept. `cluster up`/`down` end to end are
 * test/integration/local-cluster.test.ts's; here are the launcher's own contracts.
 */
describe('local cluster launcher', function () {
  this.timeout(30_000);
  let root: string;
  let held: Server[];

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-launcher-')));
    held = [];
  });

  afterEach(async () => {
    // never leave a process behind, whatever the test did
    await killProcessesUnder(root);
    for (const s of held) await new Promise((r) => s.close(r));
    rmSync(root, { recursive: true, force: true });
  });

  const options = (over: Partial<LaunchOptions> = {}): LaunchOptions => ({
    name: 'test',
    clusterDir: join(root, 'clusters', 'test'),
    agents: 2,
    ...over,
  });

  /** Binds host:port, as another program would, until the test ends; it hangs up on whoever connects. */
  const hold = async (host: string, port: number): Promise<void> => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, resolve);
    });
    held.push(server);
  };

  it('starts a master and N agents on a free block no other cluster records, each with its own state dir and the fresh secrets, and waits until all are registered', async () => {
    const lowest = await chooseAddressBlock({ agents: 2 });
    const { url, tokenFile, state } = await launchLocalCluster(options({ reservedBlocks: [lowest!.block] }));
    try {
      assert.notEqual(state.block, lowest!.block, 'the reserved block is skipped');
      assert.equal(url, `http://127.0.${state.block}.1:5050`);
      assert.deepEqual(state.nodes.map((n) => `${n.name}@${n.host}:${n.port}`), [
        `master@127.0.${state.block}.1:5050`,
        `agent-1@127.0.${state.block}.2:5051`,
        `agent-2@127.0.${state.block}.3:5051`,
      ]);
      assert.equal(new Set(state.nodes.map((n) => n.stateDir)).size, 3);
      for (const n of state.nodes) {
        assert.equal(pidIn(n.pidFile), n.pid, `${n.name} has a pidfile`);
        assert.match(readFileSync(n.pidFile, 'utf8'), new RegExp(`^${n.pid} \\d+\n$`), `${n.name}'s pidfile holds its start time`);
        assert.ok(isAlive(n.pid!), `${n.name} runs`);
        const supervisor = pidIn(supervisorPidFile(n))!;
        assert.ok(isAlive(supervisor), `${n.name} has a live supervisor`);
        assert.match(readFileSync(`/proc/${supervisor}/cmdline`, 'utf8'), new RegExp(`dcos-supervise\\.js\0--name\0${n.name}\0`));
        assert.ok(existsSync(n.logFile), `${n.name} has a log`);
      }

      const token = await readSecretFile(state.tokenFile);
      const nodeToken = await readSecretFile(state.nodeTokenFile);
      assert.match(token, /^[0-9a-f]{64}$/);
      assert.match(nodeToken, /^[0-9a-f]{64}$/);
      assert.notEqual(token, nodeToken);
      assert.equal(statSync(state.tokenFile).mode & 0o777, 0o600);
      assert.equal(statSync(state.nodeTokenFile).mode & 0o777, 0o600);
      for (const n of state.nodes) assert.ok(!readFileSync(`/proc/${n.pid}/cmdline`, 'utf8').includes(nodeToken), `${n.name}'s argv holds no secret`);

      const status = await localClusterStatus(state, await readSecretFile(tokenFile));
      assert.equal(status.healthy, true);
      assert.deepEqual(status.agents.map((a) => [a.name, a.registered]), [['agent-1', true], ['agent-2', true]]);
    } finally {
      await stopLocalCluster(state, { graceMs: 3_000 });
    }
    assert.deepEqual(processesUnder(root), []);
  });

  it('takes the preferred block when it is free', async () => {
    const { state } = await launchLocalCluster(options({ agents: 1, preferredBlock: 105 }));
    try {
      assert.equal(state.block, 105);
      assert.equal(state.masterUrl, 'http://127.0.105.1:5050');
    } finally {
      await stopLocalCluster(state, { graceMs: 3_000 });
    }
  });

  it('down stops the master and the agents, then ends every task the agents recorded, those of an agent killed earlier with its supervisor included', async () => {
    const { url, tokenFile, state } = await launchLocalCluster(options());
    const marathon = new MarathonClient({ baseUrl: url, token: await readSecretFile(tokenFile) });
    await marathon.createApp({ id: '/sleepy', cmd: 'exec sleep 1000', instances: 2, cpus: 0.01, mem: 8 });
    const tasks = await eventually(async () => {
      const t = await marathon.listTasks('/sleepy');
      return t.length === 2 && t.every((x) => x.state === 'TASK_RUNNING') ? t : undefined;
    }, 15_000, 'two running tasks');
    assert.equal(new Set(tasks.map((t) => t.host)).size, 2, 'the scheduler spread the tasks: one per agent');
    // The agent of the first task dies with its supervisor (SIGKILL: nothing restarts it, its task runs on).
    const dead = agentsOf(state).find((a) => a.host === tasks[0].host)!;
    const survivor = agentsOf(state).find((a) => a !== dead)!;
    const deadPids = [pidIn(supervisorPidFile(dead))!, dead.pid!];
    for (const pid of deadPids) process.kill(pid, 'SIGKILL');
    await eventually(() => deadPids.every((p) => !processesUnder(root).includes(p)), 10_000, `${dead.name} and its supervisor to be gone`);
    assert.equal(processesRunning(['sleep', '1000']).length, 2, `the task of ${dead.name} outlived it`);

    const report = await stopLocalCluster(state, { graceMs: 3_000 });
    assert.deepEqual([...report.stopped].sort(), [survivor.name, 'master']);
    assert.deepEqual(report.forced, [], 'the agent and the master stopped when asked');
    assert.deepEqual(report.tasks.map((t) => t.taskId).sort(), tasks.map((t) => t.id).sort(), 'both tasks were ended, by their records');
    assert.deepEqual(report.problems, []);
    assert.deepEqual(processesUnder(root), []);
  });

  it('fails with the log tail of an agent that exits during start-up (here: a flag it refuses), and leaves nothing behind', async () => {
    const opts = options({ agents: 1, agentPorts: '32000-31000' });
    await assert.rejects(launchLocalCluster(opts), (err: unknown) => {
      assert.ok(err instanceof DcosError);
      assert.equal(err.code, ErrorCodes.CLUSTER_START);
      assert.match(err.message, /^agent-1 \(127\.0\.\d+\.2:5051\) exited during start-up with code 2\n/);
      assert.match(err.message, /\n\| dcos-agent: --ports must be ranges such as 31000-32000, got "32000-31000"\n/);
      return true;
    });
    assert.deepEqual(processesUnder(root), [], 'the master, the agent and their supervisors were stopped');
    assert.equal(existsSync(opts.clusterDir), false, 'the new cluster directory was removed');
  });

  it('fails within the registration timeout, with their log tails, when agents cannot register (the master refuses their node token), and leaves nothing behind', async () => {
    const files = clusterFiles(options().clusterDir);
    const agentLog = nodeLayout(options().clusterDir, 'agent-1', 'agent', '', 0).logFile;
    const opts = options({
      agents: 1,
      registrationTimeoutMs: 500,
      run: async (steps, ctx) => {
        for (const [i, step] of steps.entries()) {
          // After the master has read the node token, the agents get another one.
          if (i === 2) await writeSecretFile(files.nodeTokenFile, newSecret());
          // The registration timeout starts once the agent has been refused, so its log says why.
          if (i === 3) await eventually(() => readFileSync(agentLog, 'utf8').includes('cannot register with the master'), 10_000, 'a refused registration');
          await step.run(ctx, () => {});
        }
      },
    });
    await assert.rejects(launchLocalCluster(opts), (err: unknown) => {
      assert.ok(err instanceof DcosError);
      assert.equal(err.code, ErrorCodes.CLUSTER_START);
      assert.match(err.message, /^agents did not register within 0\.5s \(0 of 1 registered; missing: agent-1\)\nlast lines of .*agent-1.*:\n/);
      assert.match(err.message, /\n\| .*"err":"POST \/internal\/v1\/agents\/register: Invalid credentials".*"msg":"cannot register with the master; retrying"/);
      return true;
    });
    assert.deepEqual(processesUnder(root), [], 'the master and the agent were stopped');
    assert.equal(existsSync(opts.clusterDir), false);
  });

  it('retries the master on another block when its address turns out to be taken, and after 3 tries fails with its log line', async () => {
    // Three free blocks whose master address someone else then binds: the probe (told
    // they are free, as when the other program binds just after it) cannot see it.
    const taken: number[] = [];
    for (let s = LAST_BLOCK; s >= FIRST_BLOCK && taken.length < 3; s--) {
      if (!(await canBind(`127.0.${s}.1`, MASTER_PORT))) continue;
      await hold(`127.0.${s}.1`, MASTER_PORT);
      taken.unshift(s);
    }
    const blockOf = (host: string) => Number(host.split('.')[2]);
    const opts = options({ agents: 1, isFree: async (host) => taken.includes(blockOf(host)) });
    // Blocks are tried lowest first, so failing on the third means the other two were tried before.
    await assert.rejects(launchLocalCluster(opts), (err: unknown) => {
      assert.ok(err instanceof DcosError);
      const last = `127\\.0\\.${taken[2]}\\.1:5050`;
      assert.match(err.message, new RegExp(`^master \\(${last}\\) exited during start-up with code 1\\n`));
      assert.match(err.message, new RegExp(`\\n\\| dcos-master: listen EADDRINUSE: address already in use ${last}`));
      return true;
    });
    assert.deepEqual(processesUnder(root), []);
    assert.equal(existsSync(opts.clusterDir), false);
  });

  it("moves to another block when another cluster's master answers on the chosen address (it refuses this cluster's token)", async () => {
    // The probe is told the block is free, as when the other master binds just after it.
    const taken = (await chooseAddressBlock({ agents: 1 }))!.block;
    const foreign = createHttpServer((req, res) => {
      res.statusCode = req.url === '/ping' ? 200 : 401;
      res.end(req.url === '/ping' ? 'pong' : '{"message":"Invalid credentials"}');
    });
    await new Promise<void>((resolve) => foreign.listen({ host: `127.0.${taken}.1`, port: MASTER_PORT, exclusive: true }, resolve));
    held.push(foreign as unknown as Server);
    const blockOf = (host: string) => Number(host.split('.')[2]);
    const { url, state } = await launchLocalCluster(options({ agents: 1, isFree: async (host, port) => blockOf(host) === taken || canBind(host, port) }));
    try {
      assert.notEqual(state.block, taken);
      assert.equal(url, `http://127.0.${state.block}.1:5050`);
    } finally {
      await stopLocalCluster(state, { graceMs: 3_000 });
    }
  });

  it('gives the master the notifier config of --notify-webhook-file in a 0600 file, never in its argv, again on a restart, and refuses it while the master runs', async () => {
    const urlFile = join(root, 'webhook-url');
    writeFileSync(urlFile, 'https://hooks.example.com/services/T0/B0/secret\n');
    // This suite's own block, 127.0.103.0/24.
    const onlyOurs = { reservedBlocks: Array.from({ length: LAST_BLOCK - FIRST_BLOCK + 1 }, (_, i) => FIRST_BLOCK + i).filter((b) => b !== 103) };
    const masterArgv = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const { state } = await launchLocalCluster(options({ agents: 1, notifyWebhookUrlFile: urlFile, ...onlyOurs }));
    try {
      assert.equal(state.block, 103);
      const file = clusterFiles(options().clusterDir).notifierConfigFile;
      assert.equal(state.notifierConfigFile, file);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { webhookUrl: 'https://hooks.example.com/services/T0/B0/secret' });
      const argv = masterArgv(state.nodes[0].pid!);
      assert.deepEqual(argv.slice(argv.indexOf('--notifier-config'), argv.indexOf('--notifier-config') + 2), ['--notifier-config', file]);
      assert.ok(!argv.join(' ').includes('hooks.example.com'), 'the URL is never in argv');

      await assert.rejects(
        launchLocalCluster(options({ previous: state, notifyWebhookUrlFile: urlFile, ...onlyOurs })),
        /the master of cluster "test" runs, and reads --notify-webhook-file only when it starts/,
      );

      await stopLocalCluster(state, { graceMs: 3_000 });
      const again = await launchLocalCluster(options({ previous: { ...state, status: 'stopped' }, ...onlyOurs }));
      assert.equal(again.state.notifierConfigFile, file);
      assert.ok(masterArgv(again.state.nodes[0].pid!).includes('--notifier-config'), 'a restart keeps the notifier');
    } finally {
      await stopLocalCluster(state, { graceMs: 3_000 });
    }
  });

  it('refuses a webhook URL file that holds no http(s) URL before starting anything', async () => {
    const urlFile = join(root, 'webhook-url');
    writeFileSync(urlFile, 'hooks.example.com/SECRET\n');
    const opts = options({ notifyWebhookUrlFile: urlFile });
    await assert.rejects(launchLocalCluster(opts), (err: Error) => /holds no webhook URL: it must be an http or https URL/.test(err.message) && !err.message.includes('SECRET'));
    assert.deepEqual(processesUnder(root), []);
    assert.equal(existsSync(opts.clusterDir), false);
  });

  it('stops and cleans up when start-up is aborted', async () => {
    const abort = new AbortController();
    const opts = options({
      signal: abort.signal,
      run: async (steps, ctx) => {
        for (const [i, step] of steps.entries()) {
          if (i === 3) abort.abort(); // after the daemons started, before registration completes
          await step.run(ctx, () => {});
        }
      },
    });
    await assert.rejects(launchLocalCluster(opts), /interrupted/);
    assert.deepEqual(processesUnder(root), []);
    assert.equal(existsSync(opts.clusterDir), false);
  });
});
