import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { queueSummary, queuedApp } from '../../../cli/marathon-views.js';

export default class DebugSummary extends DcosCommand {
  static summary = 'Why an app waits to launch: the reason, and how the last offers matched its needs';
  static description = "The app's launch queue item (GET /v2/queue): the reason in one line, then Marathon's rejectSummaryLastOffers, per reason what the app asks for and how many offers it declined. --json prints the queue item.";
  static args = { app: Args.string({ ignoreStdin: true, description: 'app id', required: true }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DebugSummary);
    const { marathon } = await connect();
    const item = queuedApp(await marathon.queue(), args.app);
    if (flags.json) return this.printJson(item);
    this.write(queueSummary(item));
  }
}
