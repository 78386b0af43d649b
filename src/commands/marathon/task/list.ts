import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { taskTable } from '../../../cli/views.js';

export default class TaskList extends DcosCommand {
  static summary = 'List the tasks of all apps, or of one app';
  static description = '--json prints the Marathon task objects of GET /v2/tasks (or /v2/apps/{id}/tasks).';
  static args = { app: Args.string({ ignoreStdin: true, description: 'app id', required: false }) };
  static flags = {
    json: jsonFlag,
    quiet: Flags.boolean({ char: 'q', description: 'print only the task ids' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TaskList);
    const { marathon } = await connect();
    const tasks = await marathon.listTasks(args.app);
    if (flags.json) return this.printJson(tasks);
    if (flags.quiet) return this.write(tasks.map((t) => t.id).join('\n'));
    if (tasks.length === 0) return this.note(args.app ? `app ${args.app} has no tasks` : 'no tasks');
    this.write(taskTable(tasks));
  }
}
