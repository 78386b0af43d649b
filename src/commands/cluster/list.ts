import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { CliConfig } from '../../cli/config.js';
import { formatTable } from '../../cli/table.js';

export default class ClusterList extends DcosCommand {
  static summary = 'List the configured clusters';
  static flags = {
    attached: Flags.boolean({ description: 'only the attached cluster' }),
    names: Flags.boolean({ description: 'print only the names' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterList);
    const config = new CliConfig();
    const attached = await config.attachedName();
    const clusters = (await config.listClusters<{ status?: string }>())
      .filter((c) => !flags.attached || c.name === attached)
      .map((c) => ({ name: c.name, attached: c.name === attached, type: c.type, url: c.url, status: c.local?.status ?? null, createdAt: c.createdAt }));
    if (flags.json) return this.printJson(clusters);
    if (flags.names) return this.write(clusters.map((c) => c.name).join('\n'));
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
