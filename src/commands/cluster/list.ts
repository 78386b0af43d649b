import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { CliConfig } from '../../cli/config.js';
import { formatTable } from '../../cli/table.js';

export default class ClusterList extends DcosCommand {
  static summary = 'List the configured clusters';
  static description = 'Shows each configured cluster with its real state, asked of its master at once: running (its master answers), unreachable, or stopped (a local cluster stopped with --keep-state).';
  static flags = {
    attached: Flags.boolean({ description: 'only the attached cluster' }),
    names: Flags.boolean({ description: 'print only the names' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterList);
    const config = new CliConfig();
    const attached = await config.attachedName();
    const configured = (await config.listClusters<{ status?: string }>()).filter((c) => !flags.attached || c.name === attached);
    if (flags.names) return this.write(configured.map((c) => c.name).join('\n'));
    // Loaded only when there is a master to ask: the HTTP client costs ~50 ms of start-up.
    const states = configured.length === 0 ? [] : await (await import('../../cli/cluster-state.js')).clusterStates(configured);
    const clusters = configured.map((c, i) => ({ name: c.name, attached: c.name === attached, type: c.type, url: c.url, status: states[i], createdAt: c.createdAt }));
    if (flags.json) return this.printJson(clusters);
    if (clusters.length === 0) return this.note('no clusters configured: start one with `dcos cluster up --local`');
    this.write(formatTable(
      [
        { header: 'name', get: (c) => `${c.name}${c.attached ? '*' : ''}` },
        { header: 'type', get: (c) => c.type },
        { header: 'status', get: (c) => c.status },
        { header: 'url', get: (c) => c.url },
      ],
      clusters,
    ));
  }
}
