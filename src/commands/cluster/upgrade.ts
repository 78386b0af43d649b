import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../cli/base-command.js';

export default class ClusterUpgrade extends DcosCommand {
  static summary = "Roll this CLI's runtime out to a cluster provisioned over SSH";
  static description = `Uploads the runtime bundle of this CLI to every host first (nothing restarts yet), then restarts the masters one at a time and the agents in batches of options.upgradeBatchSize from the cluster file, each batch registered again before the next. Tasks keep running: agents restart without killing them and recover them. Finishes with the postflight canary. Hosts already on this bundle are left unchanged. A runtime older than the installed one is refused unless --allow-downgrade (then the cluster is rolled back the same way). \`cluster up\` takes the same path whenever the hosts run another runtime.`;

  static examples = ['<%= config.bin %> <%= command.id %> cluster.yaml'];
  static args = { file: Args.string({ ignoreStdin: true, description: 'cluster.yaml', required: true }) };
  static flags = {
    json: Flags.boolean({ description: 'print progress and the result as NDJSON events' }),
    'dry-run': Flags.boolean({ description: 'print what would change on each host; change nothing' }),
    'allow-downgrade': Flags.boolean({ description: 'roll the cluster back to this CLI\'s runtime when the hosts run a newer one' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterUpgrade);
    await this.config.runCommand('cluster:up', [
      args.file, '--rolling', '--verify', ...(flags.json ? ['--json'] : []), ...(flags['dry-run'] ? ['--dry-run'] : []),
      ...(flags['allow-downgrade'] ? ['--allow-downgrade'] : []),
    ]);
  }
}
