import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../cli/base-command.js';
import { usageError } from '../../cli/errors.js';
import { provisionFile } from './up.js';

/** `cluster up FILE --only NODE` on the file as it will be with the node, which is written only once the node runs. */
export default class ClusterAddNode extends DcosCommand {
  static summary = 'Provision an agent host and add it to a cluster file';
  static description = `Provisions HOST as a new agent of the cluster in FILE, as \`dcos cluster up FILE --only <node>\` would once the node is in the file: preflight, install, start, and the postflight canary. Only when that succeeds is FILE changed, and only by the lines that add the node: its comments and layout stay byte for byte. A host already in the file is just provisioned. Editing the file by hand and running \`cluster up\` does the same.`;

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
    const { planAgentAddition } = await import('../../provisioner/cluster-file/add-agent.js');
    const edit = await planAgentAddition(args.file, args.host, { public: flags.public, attributes });
    if (!edit.added && !flags.json) this.note(`${args.host} is ${edit.name} in ${args.file} already`);
    const retry = ['dcos cluster add-node', args.file, args.host, ...(flags.public ? ['--public'] : []), ...(flags.attribute ?? []).map((a) => `--attribute ${a}`)].join(' ');
    await provisionFile({ write: (t) => this.write(t), note: (t) => this.note(t) }, args.file, { json: flags.json, only: edit.name }, edit.added ? { edit, retry } : undefined);
  }
}
