import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { readJson } from '../../../cli/input.js';

export default class AppAdd extends DcosCommand {
  static summary = 'Deploy an app from a Marathon app definition (JSON)';
  static description = 'Reads the definition from FILE, or from stdin when FILE is - or absent. The server validates it and lists every problem with its path.';
  static aliases = ['app:add'];
  static examples = ['<%= config.bin %> <%= command.id %> web.json', 'cat web.json | <%= config.bin %> <%= command.id %>'];
  static args = { file: Args.string({ ignoreStdin: true, description: 'app definition file, or - for stdin', required: false }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppAdd);
    const definition = await readJson(args.file, 'app definition');
    const { marathon } = await connect();
    const app = await marathon.createApp(definition);
    if (flags.json) return this.printJson(app);
    const deployment = app.deployments?.[0]?.id;
    this.write(`Created app ${app.id}${deployment ? `; deployment ${deployment}` : ''}`);
  }
}
