import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { readChange } from '../../../cli/input.js';

export default class GroupUpdate extends DcosCommand {
  static summary = 'Change a group: key=value properties, or JSON on stdin';
  static description = 'PUT /v2/groups/{id} with the properties as one object; a value is read as JSON when it parses (dependencies=\'["/db"]\') and as a string otherwise. The group must exist.';
  static strict = false;
  static usage = '<%= command.id %> ID [PROPERTIES...] [--force] [--json]';
  static examples = ['<%= config.bin %> <%= command.id %> /shop dependencies=\'["/db"]\'', 'cat shop.json | <%= config.bin %> <%= command.id %> /shop'];
  static args = {
    id: Args.string({ ignoreStdin: true, description: 'group id', required: true }),
    properties: Args.string({ ignoreStdin: true, description: 'key=value ... (JSON on stdin when none is given)', required: false }),
  };
  static flags = {
    force: Flags.boolean({ description: 'override deployments in progress on its apps' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(GroupUpdate);
    const change = await readChange((argv as string[]).slice(1), 'group change');
    const { marathon } = await connect();
    const group = await marathon.getGroup(args.id); // PUT would create a missing group
    const result = await marathon.updateGroup(group.id, change, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Updating group ${group.id}; deployment ${result.deploymentId}`);
  }
}
