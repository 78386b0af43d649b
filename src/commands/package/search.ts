import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { searchTable } from '../../cli/package-views.js';
import { notFound } from '../../core/errors.js';

export default class PackageSearch extends DcosCommand {
  static summary = 'Search the package repositories';
  static description = 'Without QUERY, lists every package. A QUERY with * is a pattern over the whole name, description or a tag (case-sensitive); any other QUERY matches a part of them, in any case. Certified packages come first.';
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> kafka', "<%= config.bin %> <%= command.id %> 'hello*'"];
  static args = { query: Args.string({ ignoreStdin: true, description: 'text or pattern (with *) to look for', required: false }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PackageSearch);
    const { cosmos } = await connect();
    const result = await cosmos.search(args.query);
    if (flags.json) return this.printJson(result);
    if (args.query && result.packages.length === 0) throw notFound('no packages found');
    this.write(searchTable(result.packages));
  }
}
