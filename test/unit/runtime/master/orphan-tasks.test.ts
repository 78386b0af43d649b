import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AgentProtocolClient } from '../../../../src/api/master-client.js';
import { startMaster, type RunningMaster } from '../../../../src/runtime/master/master.js';
import { eventually } from '../../../harness/proc.js';
import { RecordingAgent } from '../../../harness/recording-agent.js';

/**
 * A task running on an agent that the master has no record of (its record was lost, or
 * it belongs to nobody): the master kills it, and keeps asking until the agent reports
 * it ended, whatever happens to the first requests.
 */
describe('master: tasks it does not know', function () {
  this.timeout(20_000);
  let dir: string;
  let master: RunningMaster;
  let agent: RecordingAgent;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-orphans-'));
    master = await startMaster({
      host: '127.0.83.1', port: 0, stateDir: dir, clusterName: 't', token: 'user-secret', nodeToken: 'node-secret', log: pino({ level: 'silent' }),
    });
    agent = await new RecordingAgent('127.0.83.2', 'node-secret').start();
  });

  afterEach(async () => {
    await agent?.stop();
    await master?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kills a task an agent reports at registration, and sends the kill again until the agent reports its end', async () => {
    const protocol = new AgentProtocolClient({ baseUrl: master.url, token: 'node-secret' });
    agent.failNext = 1;
    await protocol.register({
      agentId: 'agent-x', hostname: agent.host, port: agent.port, version: 't', attributes: {},
      resources: { cpus: 1, mem: 128, disk: 0, ports: [] },
      tasks: [{ taskId: 'ghost.1', frameworkId: 'fw-gone', state: 'TASK_RUNNING', resources: { cpus: 0.1, mem: 8, disk: 0, ports: [] }, sandbox: '/x' }],
    });
    await eventually(() => agent.killsOf('ghost.1') >= 2, 5_000, 'the kill, sent again after the agent refused the first');
    assert.deepEqual(agent.kills[0], { taskId: 'ghost.1', frameworkId: 'fw-gone' });

    await protocol.sendUpdates('agent-x', { updates: [{ taskId: 'ghost.1', frameworkId: 'fw-gone', agentId: 'agent-x', state: 'TASK_KILLED', timestamp: 1, source: 'SOURCE_EXECUTOR', uuid: 'u1' }] });
    const sent = agent.killsOf('ghost.1');
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(agent.killsOf('ghost.1'), sent, 'no more kills once the task ended');
  });
});
