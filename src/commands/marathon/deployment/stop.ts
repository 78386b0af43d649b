import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class DeploymentStop extends DcosCommand {
  static summary = 'Stop a deployment where it is, without rolling back';
  static description = 'Its apps stay as they are, possibly with old and new tasks side by side (DELETE /v2/deployments/{id}?force=true). To undo a deployment, use `deployment rollback`.';
  static args = { id: Args.string({ ignoreStdin: true, description: 'deployment id', required: true }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DeploymentStop);
    const { marathon } = await connect();
    await marathon.stopDeployment(args.id);
    if (flags.json) return this.printJson({ deploymentId: args.id, stopped: true });
    this.write(`Stopped deployment ${args.id}; its apps stay as they are`);
  }
}
