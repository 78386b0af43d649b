import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { repoLines } from '../../../cli/package-views.js';

export default class RepoList extends DcosCommand {
  static summary = 'List the package repositories, in search order';
  static description = 'One `name: uri` line per repository. --json prints {"repositories": [{name, uri}, ...]}, which `dcos package repo import` reads.';
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json > repos.json'];
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(RepoList);
    const { cosmos } = await connect();
    const repositories = await cosmos.repositoryList();
    if (flags.json) return this.printJson({ repositories });
    this.write(repoLines(repositories));
  }
}
