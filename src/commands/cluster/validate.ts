import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { ExitCodes, isDcosError } from '../../cli/errors.js';
import { ErrorCodes } from '../../core/errors.js';

export default class ClusterValidate extends DcosCommand {
  static summary = 'Check a cluster file offline and report every problem';
  static description = `Reads the cluster file (see templates/cluster.example.yaml), checks it against the schema and the rules a cluster needs (1, 3 or 5 masters, at least one agent, each host once, task ports apart from the daemons' ports, a key file for every node unless ssh-agent runs), reads every key file named (missing, unreadable, not a private key, or protected by a passphrase with no ssh-agent to hold it), and reports every problem with its line, column, path and, where there is a likely fix, a hint. Connects to no host.

Exit status: 0 when the file is valid, 2 when it is not (or cannot be read).
With --json: the compiled cluster (every default resolved) on success; the error object with every problem in "details" otherwise.`;

  static examples = ['<%= config.bin %> <%= command.id %> cluster.yaml', '<%= config.bin %> <%= command.id %> cluster.yaml --json'];

  static args = {
    file: Args.string({ ignoreStdin: true, description: 'the cluster file (YAML)', required: true }),
  };

  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterValidate);
    const { loadClusterFile } = await import('../../provisioner/cluster-file/cluster-file.js');
    try {
      const spec = await loadClusterFile(args.file);
      if (flags.json) return this.printJson(spec);
      const publics = spec.agents.filter((a) => a.role === 'public-agent').length;
      this.write(`${args.file} is valid: cluster "${spec.name}", ${count(spec.masters.length, 'master')}, ${count(spec.agents.length, 'agent')} (${publics} public)`);
    } catch (err) {
      // --json: the standard error object (its details carry location and hint).
      if (flags.json || !isDcosError(err, ErrorCodes.INVALID_DEFINITION) || !err.details?.length) throw err;
      const { formatProblemLines } = await import('../../provisioner/cluster-file/format.js');
      this.note([...formatProblemLines(err.details), `Error: ${err.message}`].join('\n'));
      process.exitCode = ExitCodes.USAGE;
    }
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
