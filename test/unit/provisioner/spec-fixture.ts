import type { ClusterSpec, NodeSpec } from '../../../src/provisioner/cluster-file/cluster-spec.js';

/** A resolved cluster spec for unit tests of provisioning logic (what the loader produces). */
export function testSpec(agentCount = 2): ClusterSpec {
  const node = (name: string, role: NodeSpec['role'], k: number): NodeSpec => ({
    name, role, address: `127.0.0.${k}`, attributes: {}, resources: {},
    ssh: { host: `127.0.0.${k}`, port: 22, user: 'root', keyFile: '/keys/id' },
  });
  return {
    name: 'test',
    file: '/tmp/cluster.yaml',
    masters: [node('master-1', 'master', 10)],
    agents: Array.from({ length: agentCount }, (_, i) => node(`agent-${i + 1}`, 'agent', 11 + i)),
    ports: { master: 5050, agent: 5051, tasks: [31000, 32000] },
    paths: { install: '/opt/dcos', state: '/var/lib/dcos', config: '/etc/dcos' },
    options: { agentPingTimeoutMs: 15000, sshParallelism: 20, upgradeBatchSize: 1, connectTimeoutMs: 10000, placement: 'spread' },
  };
}
