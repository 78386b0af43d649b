import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { usageError } from '../../../cli/errors.js';

export default class GroupScale extends DcosCommand {
  static summary = 'Scale every app under a group by a factor';
  static description = 'Each app to ⌈instances × FACTOR⌉, in one deployment: 2 doubles, 0.5 halves, 0 stops them.';
  static args = {
    id: Args.string({ ignoreStdin: true, description: 'group id', required: true }),
    factor: Args.string({ ignoreStdin: true, description: 'scale factor, a number of 0 or more', required: true }),
  };
  static flags = {
    force: Flags.boolean({ description: 'override deployments in progress on its apps' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(GroupScale);
    const factor = Number(args.factor);
    if (args.factor.trim() === '' || !Number.isFinite(factor) || factor < 0) throw usageError(`FACTOR must be a number of 0 or more, got "${args.factor}"`);
    const { marathon } = await connect();
    const result = await marathon.scaleGroup(args.id, factor, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Scaling group ${args.id} by ${factor}; deployment ${result.deploymentId}`);
  }
}
