import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class GroupShow extends DcosCommand {
  static summary = 'Show a group as JSON';
  static description = 'Prints the Marathon group object of GET /v2/groups/{id} with its apps and groups; with --group-version, the group as it was in that version. The output is always JSON (--json is accepted for uniformity).';
  static args = { id: Args.string({ ignoreStdin: true, description: 'group id, e.g. /shop', required: true }) };
  static flags = {
    'group-version': Flags.string({ description: 'a version of the group (ISO 8601, from GET /v2/groups/{id}/versions)' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(GroupShow);
    const { marathon } = await connect();
    const version = flags['group-version'];
    this.printJson(version === undefined ? await marathon.getGroup(args.id) : await marathon.getGroupVersion(args.id, version));
  }
}
