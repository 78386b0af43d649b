import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class GroupRemove extends DcosCommand {
  static summary = 'Remove a group with every app and group under it';
  static args = { id: Args.string({ ignoreStdin: true, description: 'group id', required: true }) };
  static flags = {
    force: Flags.boolean({ description: 'override deployments in progress on its apps' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(GroupRemove);
    const { marathon } = await connect();
    const result = await marathon.removeGroup(args.id, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Removing group ${args.id}; deployment ${result.deploymentId}`);
  }
}
