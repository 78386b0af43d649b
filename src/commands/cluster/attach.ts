import * as Args from '@oclif/core/args';
import { DcosCommand } from '../../cli/base-command.js';
import { CliConfig } from '../../cli/config.js';

export default class ClusterAttach extends DcosCommand {
  static summary = 'Attach to a configured cluster: later commands talk to it';
  static args = { cluster: Args.string({ ignoreStdin: true, description: 'cluster name', required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(ClusterAttach);
    await new CliConfig().attach(args.cluster);
    this.note(`attached to cluster "${args.cluster}"`);
  }
}
