import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { usageError } from '../../cli/errors.js';
import { installedPackages, installedTable } from '../../cli/package-views.js';
import { normalizeAppId } from '../../core/ids.js';
import { notFound } from '../../core/errors.js';

export default class PackageList extends DcosCommand {
  static summary = 'List the installed packages';
  static description = 'One row per installed app. FILTER keeps packages whose name or an app id contains it; --app-id keeps the package of that app. With --json, dcos-core-cli\'s list: one object per package name and version, with the ids of its apps.';
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> kafka', '<%= config.bin %> <%= command.id %> --app-id /kafka --json'];
  static args = { filter: Args.string({ ignoreStdin: true, description: 'part of a package name or app id', required: false }) };
  static flags = { 'app-id': Flags.string({ description: 'the app id of an install' }), json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PackageList);
    if (flags['app-id'] !== undefined && args.filter !== undefined) throw usageError('give either FILTER or --app-id, not both');
    const { cosmos } = await connect();
    const appId = flags['app-id'] === undefined ? undefined : normalizeAppId(flags['app-id']);
    const packages = installedPackages((await cosmos.list()).packages, { filter: args.filter, appId });
    if (flags.json) return this.printJson(packages);
    if (packages.length === 0) throw notFound('cannot find packages matching the provided filter');
    this.write(installedTable(packages));
  }
}
