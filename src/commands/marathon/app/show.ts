import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { resolveAppVersion } from '../../../cli/app-version.js';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class AppShow extends DcosCommand {
  static summary = 'Show an app as JSON';
  static description = 'Prints the Marathon app object of GET /v2/apps/{id}, with its tasks; with --app-version, the definition as it was in that version (GET /v2/apps/{id}/versions/{version}). The output is always JSON (--json is accepted for uniformity).';
  static aliases = ['app:show'];
  static examples = ['<%= config.bin %> <%= command.id %> /web', '<%= config.bin %> <%= command.id %> /web --app-version=-1'];
  static args = { id: Args.string({ ignoreStdin: true, description: 'app id, e.g. /web', required: true }) };
  static flags = {
    'app-version': Flags.string({ description: 'a version (ISO 8601, from `app version list`), or -N for the Nth version before the current one' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppShow);
    const { marathon } = await connect();
    const spec = flags['app-version'];
    if (spec === undefined) return this.printJson(await marathon.getApp(args.id));
    this.printJson(await marathon.getAppVersion(args.id, await resolveAppVersion(marathon, args.id, spec)));
  }
}
