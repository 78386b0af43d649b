import * as Args from '@oclif/core/args';
import { DcosCommand } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class RepoRemove extends DcosCommand {
  static summary = 'Remove package repositories';
  static description = 'Removes each named repository in turn and stops at the first that fails.';
  static strict = false;
  static examples = ['<%= config.bin %> <%= command.id %> mine', '<%= config.bin %> <%= command.id %> a b'];
  static args = { name: Args.string({ ignoreStdin: true, description: 'repository name (one or more)', required: true }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(RepoRemove);
    const { cosmos } = await connect();
    for (const name of argv as string[]) {
      await cosmos.repositoryDelete(name);
      this.note(`Removed repo '${name}'`);
    }
  }
}
