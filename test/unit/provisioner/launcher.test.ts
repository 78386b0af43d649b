import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DcosError, ErrorCodes } from '../../../src/core/errors.js';
import { processesUnder } from '../../../src/provisioner/local/daemon.js';
import { launchLocalCluster, type LaunchOptions } from '../../../src/provisioner/local/launcher.js';
import { localClusterStatus } from '../../../src/provisioner/local/status.js';
import { stopLocalCluster } from '../../../src/provisioner/local/teardown.js';
import { readSecretFile } from '../../../src/provisioner/local/secrets.js';

/**
 * The launcher against stand-in daemons (fixtures/) that honour the master's and the
 * agent's flag contracts: real processes, real HTTP on loopback.
 */
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('local cluster launcher', function () {
  this.timeout(30_000);
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dcos-launcher-'));
  });

  afterEach(async () => {
    delete process.env.FAKE_MASTER_FAIL;
    delete process.env.FAKE_AGENT_FAIL;
    delete process.env.FAKE_AGENT_ORPHAN;
    // never leave a process behind, whatever the test did
    for (const pid of await processesUnder(root)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    rmSync(root, { recursive: true, force: true });
  });

  const options = (over: Partial<LaunchOptions> = {}): LaunchOptions => ({
    name: 'test',
    clusterDir: join(root, 'clusters', 'test'),
    agents: 2,
    masterEntry: join(fixtures, 'fake-master.mjs'),
    agentEntry: join(fixtures, 'fake-agent.mjs'),
    ...over,
  });

  it('starts a master and N agents on one loopback block, each with its own state dir, and waits for registration', async () => {
    const { url, tokenFile, state } = await launchLocalCluster(options());
    try {
      assert.equal(url, `http://127.0.${state.block}.1:5050`);
      assert.deepEqual(state.nodes.map((n) => `${n.name}@${n.host}:${n.port}`), [
        `master@127.0.${state.block}.1:5050`,
        `agent-1@127.0.${state.block}.2:5051`,
        `agent-2@127.0.${state.block}.3:5051`,
      ]);
      assert.equal(new Set(state.nodes.map((n) => n.stateDir)).size, 3);
      for (const n of state.nodes) {
        assert.ok(existsSync(n.pidFile), `${n.name} has a pidfile`);
        assert.ok(existsSync(n.logFile), `${n.name} has a log`);
      }
      const status = await localClusterStatus(state, await readSecretFile(tokenFile));
      assert.equal(status.healthy, true);
      assert.deepEqual(status.agents.map((a) => a.registered), [true, true]);
    } finally {
      await stopLocalCluster(state, options().clusterDir, { graceMs: 3_000 });
    }
  });

  it('writes the operator token and the node token once, as distinct 64-hex-digit secrets in 0600 files', async () => {
    const { state } = await launchLocalCluster(options({ agents: 1 }));
    try {
      const token = await readSecretFile(state.tokenFile);
      const nodeToken = await readSecretFile(state.nodeTokenFile);
      assert.match(token, /^[0-9a-f]{64}$/);
      assert.match(nodeToken, /^[0-9a-f]{64}$/);
      assert.notEqual(token, nodeToken);
      assert.equal(statSync(state.tokenFile).mode & 0o777, 0o600);
      assert.equal(statSync(state.nodeTokenFile).mode & 0o777, 0o600);
    } finally {
      await stopLocalCluster(state, options().clusterDir, { graceMs: 3_000 });
    }
  });

  it('skips blocks recorded by other clusters', async () => {
    const first = await launchLocalCluster(options({ agents: 1 }));
    try {
      const { state } = await launchLocalCluster(options({ name: 'other', clusterDir: join(root, 'clusters', 'other'), agents: 1, reservedBlocks: [first.state.block] }));
      assert.notEqual(state.block, first.state.block);
      await stopLocalCluster(state, join(root, 'clusters', 'other'), { graceMs: 3_000 });
    } finally {
      await stopLocalCluster(first.state, options().clusterDir, { graceMs: 3_000 });
    }
  });

  it('down stops agents (with their tasks) and the master, and sweeps task processes that outlived their agent', async () => {
    process.env.FAKE_AGENT_ORPHAN = '1';
    const { state } = await launchLocalCluster(options());
    const before = await processesUnder(root);
    assert.ok(before.length >= 5, `master, 2 agents and 2 tasks run (found ${before.length})`);
    const report = await stopLocalCluster(state, options().clusterDir, { graceMs: 3_000 });
    assert.deepEqual([...report.stopped].sort(), ['agent-1', 'agent-2', 'master']);
    assert.equal(report.strays.length, 2, 'the two orphaned tasks were found and killed');
    assert.deepEqual(await processesUnder(root), []);
  });

  it('fails with the log tail of a daemon that exits during start-up, and leaves nothing behind', async () => {
    process.env.FAKE_AGENT_FAIL = '.3'; // agent-2
    const opts = options();
    await assert.rejects(launchLocalCluster(opts), (err: unknown) => {
      assert.ok(err instanceof DcosError);
      assert.equal(err.code, ErrorCodes.CLUSTER_START);
      assert.match(err.message, /^agent-2 \(127\.0\.\d+\.3:5051\) exited during start-up with code 1/);
      assert.match(err.message, /\| fatal: listen 127\.0\.\d+\.3:5051: simulated failure/);
      return true;
    });
    assert.deepEqual(await processesUnder(root), [], 'master and agent-1 were stopped');
    assert.equal(existsSync(opts.clusterDir), false, 'the new cluster directory was removed');
  });

  it('reports a master that dies at start-up with its own log line', async () => {
    process.env.FAKE_MASTER_FAIL = '1';
    await assert.rejects(launchLocalCluster(options()), /master \(127\.0\.\d+\.1:5050\) exited during start-up with code 3[\s\S]*fatal: cannot open state store/);
    assert.deepEqual(await processesUnder(root), []);
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
    assert.deepEqual(await processesUnder(root), []);
    assert.equal(existsSync(opts.clusterDir), false);
  });
});
