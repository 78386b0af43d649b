import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { serviceRows, serviceTable } from '../../cli/service-views.js';

export default class ServiceList extends DcosCommand {
  static summary = 'List the services: installed packages and registered frameworks';
  static description = `One row per service: each Marathon app a package installed (label DCOS_PACKAGE_NAME or DCOS_PACKAGE_FRAMEWORK_NAME), with the framework it registered, and each other framework the master knows. TASKS is running/instances; HEALTH comes from Marathon's health counts (unknown without health checks); STATUS says Running, Deploying, Suspended, Starting, or Waiting: and why (from /v2/queue).`;

  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(ServiceList);
    const { marathon, master } = await connect();
    const [apps, state, queue] = await Promise.all([marathon.listApps(), master.state(), marathon.queue()]);
    const rows = serviceRows(apps, state.frameworks ?? [], queue);
    if (flags.json) return this.printJson(rows);
    this.write(serviceTable(rows));
  }
}
