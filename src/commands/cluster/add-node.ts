import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../cli/base-command.js';
import { usageError } from '../../cli/errors.js';

export default class ClusterAddNode extends DcosCommand {
  static summary = 'Add an agent host to a cluster file and provision it';
  static description = `Adds HOST as an agent to FILE (keeping its comments; nothing is written if the file would not validate), then runs \`dcos cluster up FILE --only <node>\`: preflight, install, start, and the postflight canary. A host already in the file is just provisioned. Editing the file by hand and running \`cluster up\` does the same.`;

  static examples = [
    '<%= config.bin %> <%= command.id %> cluster.yaml 10.0.0.14',
    '<%= config.bin %> <%= command.id %> cluster.yaml 10.0.0.21 --public --attribute zone=edge',
  ];

  static args = {
    file: Args.string({ ignoreStdin: true, description: 'cluster.yaml', required: true }),
    host: Args.string({ ignoreStdin: true, description: 'the new agent: host name or address reached over SSH', required: true }),
  };

  static flags = {
    public: Flags.boolean({ description: 'add a public agent (publicAgents)' }),
    attribute: Flags.string({ description: 'agent attribute NAME=VALUE (repeatable)', multiple: true }),
    json: Flags.boolean({ description: 'print progress and the result as NDJSON events' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterAddNode);
    const attributes: Record<string, string> = {};
    for (const a of flags.attribute ?? []) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw usageError(`--attribute ${a}: write NAME=VALUE`);
      attributes[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const { addAgentToFile } = await import('../../provisioner/cluster-file/add-agent.js');
    const { name, added } = await addAgentToFile(args.file, args.host, { public: flags.public, attributes });
    if (!flags.json) this.note(added ? `added ${name} (${args.host}) to ${args.file}` : `${args.host} is ${name} in ${args.file} already`);
    await this.config.runCommand('cluster:up', [args.file, '--only', name, ...(flags.json ? ['--json'] : [])]);
  }
}
