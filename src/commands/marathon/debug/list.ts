import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { queueTable } from '../../../cli/marathon-views.js';

export default class DebugList extends DcosCommand {
  static summary = 'List the apps waiting to launch instances, and why they wait';
  static description = 'The launch queue (GET /v2/queue): per app the instances to launch, since when, the backoff delay left and the reason in one line. --json prints the queue items.';
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(DebugList);
    const { marathon } = await connect();
    const queue = await marathon.queue();
    if (flags.json) return this.printJson(queue);
    if (queue.length === 0) return this.note('nothing waits to launch');
    this.write(queueTable(queue));
  }
}
