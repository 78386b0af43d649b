import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { nodeTable } from '../../cli/views.js';

export default class NodeList extends DcosCommand {
  static summary = 'List the agents of the cluster';
  static description = 'From the master\'s state: each agent\'s address, id, status, used/total cpus and memory (MiB) and its active tasks. --json prints the Mesos agent objects of /master/state.';
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeList);
    const { master } = await connect();
    const state = await master.state();
    if (flags.json) return this.printJson(state.slaves);
    this.write(nodeTable(state));
  }
}
