import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';

export default class AppKill extends DcosCommand {
  static summary = "Kill an app's tasks (Marathon starts replacements), or with --scale, scale it down by them";
  static description = 'With --host, only the tasks on that host. --json prints the tasks killed, or with --scale the deployment.';
  static aliases = ['app:kill'];
  static args = { id: Args.string({ ignoreStdin: true, description: 'app id', required: true }) };
  static flags = {
    scale: Flags.boolean({ description: 'scale the app down by the tasks killed, instead of replacing them' }),
    host: Flags.string({ description: 'kill only the tasks on this host' }),
    force: Flags.boolean({ description: 'with --scale: override a deployment in progress on the app' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppKill);
    const { marathon } = await connect();
    if (flags.scale) {
      const result = await marathon.killAppTasksAndScale(args.id, { host: flags.host, force: flags.force });
      if (flags.json) return this.printJson(result);
      return this.write(`Killing the tasks of ${args.id}${flags.host ? ` on ${flags.host}` : ''} and scaling it down; deployment ${result.deploymentId}`);
    }
    const tasks = await marathon.killAppTasks(args.id, { host: flags.host, force: flags.force });
    if (tasks.length === 0) throw new DcosError(ErrorCodes.NOT_FOUND, `app ${args.id} has no tasks${flags.host ? ` on ${flags.host}` : ''} to kill`);
    if (flags.json) return this.printJson(tasks);
    this.write(`Killed ${tasks.length === 1 ? 'task' : `${tasks.length} tasks`}: ${tasks.map((t) => t.id).join(', ')}`);
  }
}
