import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';

export default class AppRestart extends DcosCommand {
  static summary = 'Restart an app: replace every task, rolling, by its upgrade strategy';
  static aliases = ['app:restart'];
  static args = { id: Args.string({ ignoreStdin: true, description: 'app id', required: true }) };
  static flags = {
    force: Flags.boolean({ description: 'override a deployment in progress on the app' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppRestart);
    const { marathon } = await connect();
    const app = await marathon.getApp(args.id);
    if (app.instances === 0) throw new DcosError(ErrorCodes.CONFLICT, `app ${app.id} has no instances to restart: start it with \`dcos marathon app start ${app.id}\``);
    const result = await marathon.restartApp(app.id, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Restarting app ${app.id}; deployment ${result.deploymentId}`);
  }
}
