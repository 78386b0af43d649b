import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { queuedApp, unusedOffersTable } from '../../../cli/marathon-views.js';

export default class DebugDetails extends DcosCommand {
  static summary = 'The offers the last placement pass did not use for an app, and why';
  static description = 'GET /v2/queue?embed=lastUnusedOffers: each unused offer with its host, agent and the reasons it did not fit. --json prints the queue item.';
  static args = { app: Args.string({ ignoreStdin: true, description: 'app id', required: true }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DebugDetails);
    const { marathon } = await connect();
    const item = queuedApp(await marathon.queue({ lastUnusedOffers: true }), args.app);
    if (flags.json) return this.printJson(item);
    if ((item.lastUnusedOffers ?? []).length === 0) return this.note(`no offer went unused for ${item.app.id} in the last pass`);
    this.write(unusedOffersTable(item));
  }
}
