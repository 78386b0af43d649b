import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class DeploymentRollback extends DcosCommand {
  static summary = 'Roll a deployment back: a new deployment returns its apps to their versions before it';
  static args = { id: Args.string({ ignoreStdin: true, description: 'deployment id', required: true }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DeploymentRollback);
    const { marathon } = await connect();
    const result = await marathon.rollbackDeployment(args.id);
    if (flags.json) return this.printJson(result);
    this.write(`Rolling back deployment ${args.id}; deployment ${result.deploymentId}`);
  }
}
