import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class AppStop extends DcosCommand {
  static summary = 'Stop an app: scale it to 0 instances (its definition stays)';
  static aliases = ['app:stop'];
  static args = { id: Args.string({ ignoreStdin: true, description: 'app id', required: true }) };
  static flags = {
    force: Flags.boolean({ description: 'override a deployment in progress on the app' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppStop);
    const { marathon } = await connect();
    const app = await marathon.getApp(args.id);
    if (app.instances === 0) {
      if (flags.json) return this.printJson({ appId: app.id, instances: 0, deploymentId: null });
      return this.write(`App ${app.id} is already stopped: 0 instances`);
    }
    const result = await marathon.updateApp(args.id, { instances: 0 }, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Stopping app ${app.id}; deployment ${result.deploymentId}`);
  }
}
