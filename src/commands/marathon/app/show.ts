import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class AppShow extends DcosCommand {
  static summary = 'Show an app as JSON';
  static description = 'Prints the Marathon app object of GET /v2/apps/{id}, with its tasks (--json is accepted for uniformity: the output is always JSON).';
  static aliases = ['app:show'];
  static args = { id: Args.string({ ignoreStdin: true, description: 'app id, e.g. /web', required: true }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args } = await this.parse(AppShow);
    const { marathon } = await connect();
    this.printJson(await marathon.getApp(args.id));
  }
}
