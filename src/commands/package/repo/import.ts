import * as Args from '@oclif/core/args';
import { DcosCommand } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { isDcosError } from '../../../cli/errors.js';
import { readJsonObjectFile } from '../../../cli/input.js';
import { repositoriesToImport } from '../../../cli/repo-import.js';
import { DcosError } from '../../../core/errors.js';

export default class RepoImport extends DcosCommand {
  static summary = 'Add the package repositories of a file';
  static description = 'FILE is what `dcos package repo list --json` prints: {"repositories": [{"name", "uri"}, ...]}. Each is added at its position in the file (the first at index 0), in order; the import stops at the first that fails, naming it and those already added.';
  static examples = ['<%= config.bin %> <%= command.id %> repos.json'];
  static args = { file: Args.string({ ignoreStdin: true, description: 'JSON file of repositories', required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(RepoImport);
    const repos = repositoriesToImport(await readJsonObjectFile(args.file, 'repository file', '{"repositories": [{"name": "x", "uri": "https://…"}]}'), args.file);
    const { cosmos } = await connect();
    const added: string[] = [];
    for (const [index, r] of repos.entries()) {
      try {
        await cosmos.repositoryAdd(r.name, r.uri, index);
      } catch (err) {
        if (!isDcosError(err)) throw err;
        const done = added.length > 0 ? `; added before it: ${added.join(', ')}` : '; none was added';
        throw new DcosError(err.code, `cannot add repo '${r.name}' (${r.uri}): ${err.message}${done}`, { status: err.status, cause: err, extra: err.extra });
      }
      added.push(r.name);
      this.note(`Added repo '${r.name}' (${r.uri}) at index ${index}`);
    }
  }
}
