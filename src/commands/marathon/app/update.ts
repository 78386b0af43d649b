import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { readChange } from '../../../cli/input.js';

export default class AppUpdate extends DcosCommand {
  static summary = 'Change fields of an app: key=value properties, or JSON on stdin';
  static description = `The fields given change and the others stay (Marathon's partial update, PUT /v2/apps/{id}). A value is read as JSON when it parses (instances=3, env='{"A":"b"}', healthChecks=[]) and as a string otherwise (cmd="sleep 10"). The app must exist.`;
  static aliases = ['app:update'];
  static strict = false;
  static usage = '<%= command.id %> ID [PROPERTIES...] [--force] [--json]';
  static examples = [
    '<%= config.bin %> <%= command.id %> /web instances=3',
    `<%= config.bin %> <%= command.id %> /web cmd="python3 -m http.server \\$PORT0" env='{"MODE":"prod"}'`,
    'cat change.json | <%= config.bin %> <%= command.id %> /web',
  ];
  static args = {
    id: Args.string({ ignoreStdin: true, description: 'app id', required: true }),
    properties: Args.string({ ignoreStdin: true, description: 'key=value ... (JSON on stdin when none is given)', required: false }),
  };
  static flags = {
    force: Flags.boolean({ description: 'override a deployment in progress on the app' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(AppUpdate);
    const change = await readChange((argv as string[]).slice(1), 'app change');
    const { marathon } = await connect();
    const app = await marathon.getApp(args.id); // PUT would create a missing app
    const result = await marathon.updateApp(app.id, change, { force: flags.force });
    if (flags.json) return this.printJson(result);
    this.write(`Updating app ${app.id}; deployment ${result.deploymentId}`);
  }
}
