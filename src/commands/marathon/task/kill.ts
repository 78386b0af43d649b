import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { refuseFlags } from '../../../cli/errors.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';

export default class TaskKill extends DcosCommand {
  static summary = 'Kill tasks (Marathon starts replacements), or with --scale, scale their apps down by them';
  static description = 'POST /v2/tasks/delete. --json prints the tasks killed, or with --scale the deployment.';
  static strict = false;
  static args = { ids: Args.string({ ignoreStdin: true, description: 'task ids', required: true }) };
  static flags = {
    scale: Flags.boolean({ description: 'scale the apps down by the tasks killed, instead of replacing them' }),
    wipe: Flags.boolean({ description: 'also remove the reservations and persistent volumes of the tasks (Marathon\'s wipe; refused while the cluster has no persistent volumes)' }),
    force: Flags.boolean({ description: 'with --scale: override deployments in progress on the apps' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(TaskKill);
    const ids = argv as string[];
    const { marathon } = await connect();
    if (flags.scale) {
      refuseFlags(flags, ['wipe'], 'without --scale');
      const result = await marathon.killTasksAndScale(ids, { force: flags.force });
      if (flags.json) return this.printJson(result);
      return this.write(`Killing ${ids.length === 1 ? 'the task' : `${ids.length} tasks`} and scaling down; deployment ${result.deploymentId}`);
    }
    refuseFlags(flags, ['force'], 'with --scale');
    const tasks = await marathon.killTasks(ids, { wipe: flags.wipe });
    if (tasks.length === 0) throw new DcosError(ErrorCodes.NOT_FOUND, `none of the tasks exists: ${ids.join(', ')}`);
    if (flags.json) return this.printJson(tasks);
    this.write(`Killed ${tasks.length === 1 ? 'task' : `${tasks.length} tasks`}: ${tasks.map((t) => t.id).join(', ')}`);
  }
}
