import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../../cli/base-command.js';
import { connect } from '../../../../cli/client.js';

export default class AppVersionList extends DcosCommand {
  static summary = "List an app's versions, newest first";
  static description = 'One version a line; --json prints them as a JSON array. Show one with `dcos marathon app show ID --app-version V`.';
  static args = { id: Args.string({ ignoreStdin: true, description: 'app id', required: true }) };
  static flags = {
    'max-count': Flags.integer({ description: 'print at most this many versions', min: 1 }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppVersionList);
    const { marathon } = await connect();
    const versions = (await marathon.appVersions(args.id)).slice(0, flags['max-count']);
    if (flags.json) return this.printJson(versions);
    this.write(versions.join('\n'));
  }
}
