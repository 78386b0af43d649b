import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class AppStart extends DcosCommand {
  static summary = 'Start an app: scale it to N instances (default 1)';
  static description = 'Without N, an app that already runs instances is left alone, as in dcos-core-cli.';
  static aliases = ['app:start'];
  static args = {
    id: Args.string({ ignoreStdin: true, description: 'app id', required: true }),
    instances: Args.integer({ ignoreStdin: true, description: 'number of instances', required: false, min: 1 }),
  };
  static flags = {
    force: Flags.boolean({ description: 'override a deployment in progress on the app' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppStart);
    const { marathon } = await connect();
    if (args.instances === undefined) {
      const app = await marathon.getApp(args.id);
      if (app.instances > 0) {
        if (flags.json) return this.printJson({ appId: app.id, instances: app.instances, deploymentId: null });
        return this.write(`App ${app.id} is already started: ${app.instances} instance${app.instances === 1 ? '' : 's'}`);
      }
    }
    const result = await marathon.updateApp(args.id, { instances: args.instances ?? 1 }, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Scaling app ${args.id} to ${args.instances ?? 1}; deployment ${result.deploymentId}`);
  }
}
