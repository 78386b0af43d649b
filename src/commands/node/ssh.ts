import { join } from 'node:path';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { CliConfig, type ClusterConfig } from '../../cli/config.js';
import { usageError } from '../../cli/errors.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { runAttached } from '../../provisioner/ssh/attached-command.js';
import { HostKeyStore } from '../../provisioner/ssh/host-key-store.js';
import { resolveSshNode, type SshNodeRecord } from '../../provisioner/ssh/node-target.js';
import { Ssh2Connector } from '../../provisioner/ssh/ssh2-connector.js';

/** cluster.json of a cluster provisioned over SSH (`cluster up FILE`). */
type SshClusterConfig = ClusterConfig & { ssh?: { nodes?: SshNodeRecord[] } };

export default class NodeSsh extends DcosCommand {
  static summary = 'Run a command on a node over SSH, or open a shell there';
  static description = `NODE is a node name (master-1, agent-2), an address, or an agent id from \`dcos node list\`. The node is reached with the user, port and key it was provisioned with; its host key is checked against cluster.yaml's pinned fingerprint, ~/.ssh/known_hosts and $DCOS_DIR/known_hosts.

With a command, runs it with this terminal's stdin, stdout and stderr attached and exits with its exit code. As with ssh, every word after NODE is part of the command, options included (flags of this command go before NODE), and the words are joined with spaces: quote a command that uses shell operators. Without a command, opens an interactive login shell on a remote terminal (stdin must be a terminal).`;

  static examples = [
    '<%= config.bin %> <%= command.id %> master-1',
    '<%= config.bin %> <%= command.id %> agent-2 df -h /var/lib/dcos',
    '<%= config.bin %> <%= command.id %> agent-1 "journalctl -u dcos-agent | tail -50"',
    '<%= config.bin %> <%= command.id %> --tty agent-1 top',
  ];

  static strict = false;

  static args = {
    node: Args.string({ ignoreStdin: true, required: true, description: 'node name, address, or agent id' }),
    command: Args.string({ ignoreStdin: true, description: 'command to run (this and every later word); a shell when absent' }),
  };

  static flags = {
    tty: Flags.boolean({ char: 't', description: 'run the command on a remote terminal (for full-screen programs)' }),
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(NodeSsh, commandAfterNode(this.argv));
    const words = (argv as string[]).slice(1);
    const command = words.length > 0 ? words.join(' ') : undefined;
    if (command !== undefined && command.trim() === '') throw usageError('the command to run is empty');

    const config = new CliConfig();
    const cluster = await config.attachedCluster<unknown>() as SshClusterConfig;
    const nodes = sshNodesOf(cluster);
    const node = await resolveSshNode(cluster.name, nodes, args.node, async () => {
      const { master } = await connect({ config, name: cluster.name });
      return (await master.state()).slaves.map((a) => ({ id: a.id, hostname: a.hostname }));
    });

    const connector = new Ssh2Connector({
      trust: new HostKeyStore({ storeFile: join(config.dir, 'known_hosts') }),
      onRecorded: (message) => this.note(message),
    });
    const session = await connector.connect(node.ssh);
    try {
      process.exitCode = await runAttached(session, command,
        { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, term: process.env.TERM }, { tty: flags.tty });
    } finally {
      await session.close();
    }
  }
}

/**
 * Everything after NODE belongs to the remote command, options included (`dcos node ssh
 * agent-1 df -h`), as with ssh: a `--` is put after NODE unless one is already there.
 * NODE is the first word that is not one of this command's flags (all boolean).
 */
export function commandAfterNode(argv: string[]): string[] {
  const node = argv.findIndex((a) => a === '--' || !a.startsWith('-'));
  if (node === -1 || argv[node] === '--' || argv[node + 1] === '--') return argv;
  return [...argv.slice(0, node + 1), '--', ...argv.slice(node + 1)];
}

function sshNodesOf(cluster: SshClusterConfig): SshNodeRecord[] {
  if (cluster.type !== 'ssh') {
    throw new DcosError(ErrorCodes.BAD_REQUEST,
      `dcos node ssh works for clusters provisioned over SSH; ${cluster.type} cluster "${cluster.name}" runs on this machine`);
  }
  const nodes = cluster.ssh?.nodes;
  if (!nodes || nodes.length === 0) {
    throw new DcosError(ErrorCodes.NOT_FOUND,
      `the configuration of cluster "${cluster.name}" lists no SSH nodes: run \`dcos cluster up\` with its cluster file again`);
  }
  return nodes;
}
