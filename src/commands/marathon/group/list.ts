import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { groupTable } from '../../../cli/marathon-views.js';

export default class GroupList extends DcosCommand {
  static summary = 'List the groups';
  static description = 'Every group at any depth, with the number of apps under it (nested groups included). --json prints the groups of the root group (GET /v2/groups), nested, with their apps.';
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(GroupList);
    const { marathon } = await connect();
    const root = await marathon.rootGroup();
    if (flags.json) return this.printJson(root.groups ?? []);
    if ((root.groups ?? []).length === 0) return this.note('no groups: create one with `dcos marathon group add group.json`');
    this.write(groupTable(root));
  }
}
