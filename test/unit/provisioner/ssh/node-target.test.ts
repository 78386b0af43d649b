import assert from 'node:assert/strict';
import { DcosError, ErrorCodes } from '../../../../src/core/errors.js';
import { resolveSshNode, type AgentRef, type SshNodeRecord } from '../../../../src/provisioner/ssh/node-target.js';

const node = (name: string, role: SshNodeRecord['role'], address: string, sshHost = address): SshNodeRecord =>
  ({ name, role, address, ssh: { host: sshHost, port: 22, user: 'root', keyFile: '/k' } });

describe('dcos node ssh: which node NODE names', () => {
  const nodes = [node('master-1', 'master', '10.0.0.1', 'm1.example.com'), node('agent-1', 'agent', '10.0.0.2'), node('agent-2', 'public-agent', '10.0.0.3')];
  const agentId = '0f8e4b36-5a9e-4a55-9d3c-1d2a1b7e9c11-S3';
  let asked = 0;
  const agents = (list: AgentRef[]) => async () => { asked++; return list; };
  beforeEach(() => { asked = 0; });

  it('takes a node name first, without asking the master', async () => {
    assert.equal((await resolveSshNode('c', nodes, 'agent-1', agents([]))).name, 'agent-1');
    assert.equal(asked, 0);
  });

  it('takes the daemons\' address or the SSH host name, in any case', async () => {
    assert.equal((await resolveSshNode('c', nodes, '10.0.0.3', agents([]))).name, 'agent-2');
    assert.equal((await resolveSshNode('c', nodes, 'M1.example.com', agents([]))).name, 'master-1');
    assert.equal(asked, 0);
  });

  it('maps a Mesos agent id to the node the agent registered from', async () => {
    const found = await resolveSshNode('c', nodes, agentId, agents([{ id: agentId, hostname: '10.0.0.2' }]));
    assert.equal(found.name, 'agent-1');
    assert.equal(asked, 1);
  });

  it('says when an agent id belongs to an agent the cluster was not provisioned with', async () => {
    await assert.rejects(resolveSshNode('c', nodes, agentId, agents([{ id: agentId, hostname: '10.9.9.9' }])),
      new DcosError(ErrorCodes.NOT_FOUND, `agent ${agentId} (10.9.9.9) is not one of the nodes cluster "c" was provisioned with`));
  });

  it('lists the node names when NODE is nothing it knows, asking the master only for what looks like an agent id', async () => {
    await assert.rejects(resolveSshNode('c', nodes, 'agent-9', agents([])), (err: DcosError) => {
      assert.equal(err.code, ErrorCodes.NOT_FOUND);
      assert.equal(err.message, 'no node "agent-9" in cluster "c": give a node name (master-1, agent-1, agent-2), an address, or an agent id from `dcos node list`');
      return true;
    });
    assert.equal(asked, 0);
  });

  it('asks for a node name when an address is shared by several nodes', async () => {
    const shared = [node('master-1', 'master', '10.0.0.1'), node('agent-1', 'agent', '10.0.0.1')];
    await assert.rejects(resolveSshNode('c', shared, '10.0.0.1', agents([])), /10\.0\.0\.1 is the address of several nodes of cluster "c" \(master-1, agent-1\): name one of them/);
  });
});
