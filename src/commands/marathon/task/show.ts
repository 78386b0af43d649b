import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';

export default class TaskShow extends DcosCommand {
  static summary = 'Show a task as JSON';
  static description = 'Prints the Marathon task object (from GET /v2/tasks), with its health check results. The output is always JSON (--json is accepted for uniformity).';
  static args = { id: Args.string({ ignoreStdin: true, description: 'task id', required: true }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args } = await this.parse(TaskShow);
    const { marathon } = await connect();
    const task = (await marathon.listTasks()).find((t) => t.id === args.id);
    if (!task) throw new DcosError(ErrorCodes.NOT_FOUND, `Task '${args.id}' does not exist`);
    this.printJson(task);
  }
}
