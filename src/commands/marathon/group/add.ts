import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { readJson } from '../../../cli/input.js';
import { canonicalPathId } from '../../../core/ids.js';

export default class GroupAdd extends DcosCommand {
  static summary = 'Create a group (with its apps and groups) from a Marathon group definition (JSON)';
  static description = 'Reads the definition from FILE, or from stdin when FILE is - or absent. The server validates it and lists every problem with its path.';
  static examples = ['<%= config.bin %> <%= command.id %> shop.json', 'cat shop.json | <%= config.bin %> <%= command.id %>'];
  static args = { file: Args.string({ ignoreStdin: true, description: 'group definition file, or - for stdin', required: false }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(GroupAdd);
    const definition = await readJson(args.file, 'group definition');
    const { marathon } = await connect();
    const result = await marathon.createGroup(definition);
    if (flags.json) return this.printJson(result);
    this.write(`Created group ${canonicalPathId(String((definition as { id?: unknown }).id))}; deployment ${result.deploymentId}`);
  }
}
