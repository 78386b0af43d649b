import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';

export default class RepoAdd extends DcosCommand {
  static summary = 'Add a package repository';
  static description = 'Repositories are searched in list order: the first that has a package provides it. --index places the new one (0 is searched first); the default is last.';
  static examples = ['<%= config.bin %> <%= command.id %> mine https://example.com/repo.json --index 0'];
  static args = {
    name: Args.string({ ignoreStdin: true, description: 'repository name', required: true }),
    url: Args.string({ ignoreStdin: true, description: 'URL of the repository (Universe JSON)', required: true }),
  };

  static flags = { index: Flags.integer({ description: 'position in the repository list (0 is searched first)', min: 0 }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RepoAdd);
    const { cosmos } = await connect();
    const repos = await cosmos.repositoryAdd(args.name, args.url, flags.index);
    const at = repos.findIndex((r) => r.name === args.name);
    this.note(`Added repo '${args.name}' (${args.url}) at index ${at === -1 ? flags.index ?? repos.length - 1 : at}`);
  }
}
