import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { deploymentTable } from '../../../cli/marathon-views.js';
import { canonicalPathId } from '../../../core/ids.js';

export default class DeploymentList extends DcosCommand {
  static summary = 'List the running deployments, of all apps or of one';
  static description = 'PROGRESS is steps done/steps; ACTION what the current step does. --json prints the Marathon deployment objects of GET /v2/deployments.';
  static args = { app: Args.string({ ignoreStdin: true, description: 'only the deployments affecting this app', required: false }) };
  static flags = {
    json: jsonFlag,
    quiet: Flags.boolean({ char: 'q', description: 'print only the deployment ids' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DeploymentList);
    const { marathon } = await connect();
    const app = args.app === undefined ? undefined : canonicalPathId(args.app);
    const deployments = (await marathon.listDeployments()).filter((d) => app === undefined || d.affectedApps.includes(app));
    if (flags.json) return this.printJson(deployments);
    if (flags.quiet) return this.write(deployments.map((d) => d.id).join('\n'));
    if (deployments.length === 0) return this.note(app ? `no deployments of ${app}` : 'no deployments');
    this.write(deploymentTable(deployments));
  }
}
