import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class AppRemove extends DcosCommand {
  static summary = 'Remove an app and kill its tasks';
  static aliases = ['app:remove'];
  static args = { id: Args.string({ ignoreStdin: true, description: 'app id', required: true }) };
  static flags = {
    force: Flags.boolean({ description: 'override a deployment in progress on the app' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppRemove);
    const { marathon } = await connect();
    const result = await marathon.removeApp(args.id, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Removing app ${args.id}; deployment ${result.deploymentId}`);
  }
}
