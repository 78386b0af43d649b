import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';

export default class TaskStop extends DcosCommand {
  static summary = 'Kill one task (Marathon starts a replacement)';
  static description = 'With --wipe, its reservations and persistent volumes go too. --json prints the task killed.';
  static args = { id: Args.string({ ignoreStdin: true, description: 'task id', required: true }) };
  static flags = {
    wipe: Flags.boolean({ description: 'also remove the reservations and persistent volumes of the task (Marathon\'s wipe; refused while the cluster has no persistent volumes)' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TaskStop);
    const { marathon } = await connect();
    const [task] = await marathon.killTasks([args.id], { wipe: flags.wipe });
    if (!task) throw new DcosError(ErrorCodes.NOT_FOUND, `Task '${args.id}' does not exist`);
    if (flags.json) return this.printJson(task);
    this.write(`Killed task ${task.id}`);
  }
}
