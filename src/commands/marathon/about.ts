import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';

export default class MarathonAbout extends DcosCommand {
  static summary = 'Show what Marathon reports about itself (GET /v2/info) as JSON';
  static description = 'Its version, leader, framework id and configuration. The output is always JSON (--json is accepted for uniformity).';
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    await this.parse(MarathonAbout);
    const { marathon } = await connect();
    this.printJson(await marathon.info());
  }
}
