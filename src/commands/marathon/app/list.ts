import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { appTable } from '../../../cli/views.js';

export default class AppList extends DcosCommand {
  static summary = 'List the apps';
  static description = 'TASKS is running/instances; HEALTH is healthy/running for apps with health checks; DEPLOYMENT names what a deployment is doing to the app. --json prints the Marathon app objects of GET /v2/apps.';
  static aliases = ['app:list'];
  static flags = {
    json: jsonFlag,
    quiet: Flags.boolean({ char: 'q', description: 'print only the app ids' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(AppList);
    const { marathon } = await connect();
    if (flags.json || flags.quiet) {
      const apps = await marathon.listApps();
      if (flags.json) return this.printJson(apps);
      return this.write(apps.map((a) => a.id).sort().join('\n'));
    }
    const [apps, deployments] = await Promise.all([marathon.listApps(), marathon.listDeployments()]);
    if (apps.length === 0) return this.note('no apps: deploy one with `dcos marathon app add app.json`');
    this.write(appTable(apps, deployments));
  }
}
