import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class LeaderShow extends DcosCommand {
  static summary = 'Show the leading Marathon instance (host:port)';
  static description = '--json prints the object of GET /v2/leader.';
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(LeaderShow);
    const { marathon } = await connect();
    const leader = await marathon.leader();
    if (flags.json) return this.printJson({ leader });
    this.write(leader);
  }
}
