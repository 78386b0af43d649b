import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ClusterDown from '../../../src/commands/cluster/down.js';
import ClusterList from '../../../src/commands/cluster/list.js';
import ClusterStatus from '../../../src/commands/cluster/status.js';
import ClusterUp from '../../../src/commands/cluster/up.js';
import { pidIn } from '../../harness/local-nodes.js';
import { eventually, isAlive } from '../../harness/proc.js';
import { killProcessesUnder, processesUnder } from '../../harness/processes.js';
import { runCommand } from './harness.js';

/** cluster up/status/down through the commands, with the real daemons (bin/dcos-master.js, bin/dcos-agent.js over dist/). */

describe('cluster commands', function () {
  this.timeout(30_000);
  let dir: string;
  const saved = { dir: process.env.DCOS_DIR, master: process.env.DCOS_LOCAL_MASTER_BIN, agent: process.env.DCOS_LOCAL_AGENT_BIN };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-cluster-'));
    process.env.DCOS_DIR = dir;
    delete process.env.DCOS_LOCAL_MASTER_BIN;
    delete process.env.DCOS_LOCAL_AGENT_BIN;
  });
  afterEach(async () => {
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of [['DCOS_DIR', saved.dir], ['DCOS_LOCAL_MASTER_BIN', saved.master], ['DCOS_LOCAL_AGENT_BIN', saved.agent]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('refuses, with exit 2 and nothing started, flags that mean nothing where they are given', async () => {
    const cases: Array<[typeof ClusterUp | typeof ClusterDown, string[], string]> = [
      [ClusterUp, ['--local', '--dry-run'], '--dry-run applies only with a cluster file'],
      [ClusterUp, ['--local', '--allow-downgrade', '--only', 'agent-1'], '--only, --allow-downgrade apply only with a cluster file'],
      [ClusterUp, [join(dir, 'cluster.yaml'), '--agents', '3'], '--agents applies only with --local'],
      [ClusterUp, [join(dir, 'cluster.yaml'), '--name', 'x'], '--name applies only with --local'],
      [ClusterUp, [join(dir, 'cluster.yaml'), '--notify-webhook-file', join(dir, 'url')], '--notify-webhook-file applies only with --local: a cluster file sets `notifications.webhookUrlFile`'],
      [ClusterDown, ['--purge'], '--purge applies only with a cluster file'],
      [ClusterDown, [join(dir, 'cluster.yaml'), '--keep-state'], '--keep-state applies only to a local cluster'],
    ];
    for (const [command, argv, message] of cases) {
      const r = await runCommand(command, argv);
      assert.equal(r.exitCode, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.includes(message), `${argv.join(' ')}: ${r.stderr}`);
    }
    assert.equal(existsSync(join(dir, 'clusters')), false, 'no cluster was started or recorded');
  });

  it('refuses a DCOS_LOCAL_BLOCK that names no loopback block, with exit 2 and nothing recorded', async () => {
    process.env.DCOS_LOCAL_BLOCK = '255';
    try {
      const r = await runCommand(ClusterUp, ['--local']);
      assert.equal(r.exitCode, 2, r.stderr);
      assert.ok(r.stderr.includes('DCOS_LOCAL_BLOCK must be an integer from 1 to 254, got "255"'), r.stderr);
    } finally {
      delete process.env.DCOS_LOCAL_BLOCK;
    }
    assert.equal(existsSync(join(dir, 'clusters')), false);
  });

  it('up --local starts the cluster, records it with its secrets in 0600 files, and attaches it; up again leaves it unchanged; down leaves nothing', async () => {
    const up = await runCommand(ClusterUp, ['--local', '--agents', '1', '--json']);
    assert.equal(up.exitCode, 0, up.stdout + up.stderr);
    const events = up.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.filter((e) => e.status === 'done').map((e) => e.step), [1, 2, 3, 4]);
    const ready = events.at(-1);
    assert.equal(ready.event, 'ready');
    assert.equal(ready.cluster.name, 'local');
    assert.match(ready.cluster.url, /^http:\/\/127\.0\.\d+\.1:5050$/);
    assert.doesNotMatch(up.stdout, new RegExp(readFileSync(join(dir, 'clusters', 'local', 'token'), 'utf8').trim()), 'the token is never printed');

    assert.equal(readFileSync(join(dir, 'attached'), 'utf8').trim(), 'local');
    const cluster = JSON.parse(readFileSync(join(dir, 'clusters', 'local', 'cluster.json'), 'utf8'));
    assert.equal(cluster.type, 'local');
    assert.equal(cluster.tokenFile, join(dir, 'clusters', 'local', 'token'));
    assert.equal(statSync(join(dir, 'clusters', 'local', 'token')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'clusters', 'local', 'node-token')).mode & 0o777, 0o600);

    const status = JSON.parse((await runCommand(ClusterStatus, ['--json'])).stdout);
    assert.equal(status.healthy, true);
    assert.equal(status.master.ping, true);
    assert.deepEqual(status.agents.map((a: { name: string; registered: boolean }) => [a.name, a.registered]), [['agent-1', true]]);

    const again = await runCommand(ClusterUp, ['--local']);
    assert.equal(again.exitCode, 0, again.stderr);
    assert.equal(again.stdout, `Cluster "local" is already up: master ${cluster.url}, 1 agent; unchanged; attached.\n`);
    const more = await runCommand(ClusterUp, ['--local', '--agents', '3']);
    assert.equal(more.exitCode, 2, 'a running cluster cannot be given another number of agents by up');
    assert.match(more.stderr, /cluster "local" has 1 agent; --agents 3 cannot change that/);

    const down = await runCommand(ClusterDown, []);
    assert.equal(down.exitCode, 0, down.stderr);
    assert.equal(down.stdout, 'Cluster "local" is down (2 nodes stopped, 0 tasks ended); its state was removed.\n');
    assert.equal(existsSync(join(dir, 'clusters', 'local')), false);
    assert.equal(existsSync(join(dir, 'attached')), false);
    assert.deepEqual(processesUnder(dir), []);
  });

  it('up on a partly running cluster starts only what is missing and says what it started and what it left alone', async () => {
    assert.equal((await runCommand(ClusterUp, ['--local', '--agents', '1'])).exitCode, 0);
    const { local } = JSON.parse(readFileSync(join(dir, 'clusters', 'local', 'cluster.json'), 'utf8'));
    const [master, agent] = local.nodes as Array<{ name: string; dir: string; pidFile: string }>;
    const masterPid = pidIn(master.pidFile)!;
    const gone = [pidIn(join(agent.dir, 'supervisor.pid'))!, pidIn(agent.pidFile)!];
    for (const pid of gone) process.kill(pid, 'SIGKILL');
    await eventually(() => gone.every((p) => !processesUnder(dir).includes(p)), 10_000, 'agent-1 and its supervisor to be gone');
    assert.equal(JSON.parse((await runCommand(ClusterStatus, ['--json'])).stdout).healthy, false);

    const r = await runCommand(ClusterUp, ['--local']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^Cluster "local" is up: .*\n  started: agent-1\n  left alone: master\n$/);
    assert.equal(pidIn(master.pidFile), masterPid, 'the master kept its pid');
    const status = JSON.parse((await runCommand(ClusterStatus, ['--json'])).stdout);
    assert.equal(status.healthy, true);
    assert.ok(isAlive(status.agents[0].pid) && !gone.includes(status.agents[0].pid));
    assert.equal((await runCommand(ClusterDown, [])).exitCode, 0);
    assert.deepEqual(processesUnder(dir), []);
  });

  it('down --keep-state keeps the cluster configured and stopped; up starts it again on the same addresses', async () => {
    await runCommand(ClusterUp, ['--local', '--name', 'dev', '--agents', '1']);
    const first = JSON.parse(readFileSync(join(dir, 'clusters', 'dev', 'cluster.json'), 'utf8'));
    const token = readFileSync(join(dir, 'clusters', 'dev', 'token'), 'utf8');

    assert.equal((await runCommand(ClusterDown, ['--name', 'dev', '--keep-state'])).exitCode, 0);
    assert.deepEqual(processesUnder(dir), []);
    const listed = JSON.parse((await runCommand(ClusterList, ['--json'])).stdout);
    assert.deepEqual(listed.map((c: { name: string; status: string; attached: boolean }) => [c.name, c.status, c.attached]), [['dev', 'stopped', false]]);
    const stopped = JSON.parse((await runCommand(ClusterStatus, ['--name', 'dev', '--json'])).stdout);
    assert.equal(stopped.healthy, false);
    assert.equal(stopped.master.running, false);

    const up = await runCommand(ClusterUp, ['--local', '--name', 'dev']);
    assert.equal(up.exitCode, 0, up.stderr);
    const second = JSON.parse(readFileSync(join(dir, 'clusters', 'dev', 'cluster.json'), 'utf8'));
    assert.equal(second.local.block, first.local.block);
    assert.equal(second.createdAt, first.createdAt);
    assert.equal(readFileSync(join(dir, 'clusters', 'dev', 'token'), 'utf8'), token, 'the secrets are kept');
    await runCommand(ClusterDown, ['--name', 'dev']);
    assert.deepEqual(processesUnder(dir), []);
  });

  it('fails with the daemon log tail and exit code 1 when the cluster does not start, recording nothing', async () => {
    process.env.DCOS_LOCAL_MASTER_BIN = join(dir, 'does-not-exist.mjs');
    const r = await runCommand(ClusterUp, ['--local']);
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /Error: master \(127\.0\.\d+\.1:5050\) exited during start-up with code 1\n  last lines of .*node\.log:\n  \| /);
    assert.match(r.stderr, /Cannot find module/);
    assert.equal(existsSync(join(dir, 'clusters', 'local')), false);
    assert.equal(existsSync(join(dir, 'attached')), false);
  });

  it('needs --local or a cluster file, and reports a missing cluster file with exit code 2', async () => {
    const none = await runCommand(ClusterUp, []);
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /dcos cluster up cluster\.yaml.*or `dcos cluster up --local`/);
    const missing = await runCommand(ClusterUp, ['no-such-cluster.yaml']);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /no-such-cluster\.yaml/);
  });

  it('rejects a cluster name that is not a safe directory name', async () => {
    const r = await runCommand(ClusterUp, ['--local', '--name', '../etc']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /^Error: invalid cluster name "\.\.\/etc"/);
  });

  it('down of an unknown cluster is an error naming it', async () => {
    const r = await runCommand(ClusterDown, ['--name', 'ghost', '--json']);
    assert.equal(r.exitCode, 1);
    assert.equal(JSON.parse(r.stdout).error.code, 'DCOS_ERR_NOT_FOUND');
    assert.match(JSON.parse(r.stdout).error.message, /"ghost"/);
  });
});
