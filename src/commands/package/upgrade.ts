import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { followAppStart, waitFlags, waitOptions } from '../../cli/app-wait.js';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { usageError } from '../../cli/errors.js';
import { readOptionsFile } from '../../cli/input.js';
import { optionsDiff, storedOptions } from '../../cli/package-views.js';
import { confirm, terminalPrompter } from '../../cli/prompt.js';
import { explainCosmosError } from '../../cli/schema-errors.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { normalizeAppId } from '../../core/ids.js';

export default class PackageUpgrade extends DcosCommand {
  static summary = "Upgrade an installed package's app, or change its options";
  static description = `Moves the install to --package-version (default: the newest version of the repositories) with the options it was installed with, changed by those of --options FILE (Cosmos's /service/update with replace false: options you do not give stay as they were). Prints the options that changed and the deployment's id. Unless --yes, asks first; without a terminal, --yes is required.`;

  static examples = [
    '<%= config.bin %> <%= command.id %> kafka --yes',
    '<%= config.bin %> <%= command.id %> kafka --app-id /dev/kafka --options more-brokers.json --wait',
  ];

  static args = { package: Args.string({ ignoreStdin: true, description: 'package name', required: true }) };
  static flags = {
    'app-id': Flags.string({ description: 'the app of the install (required when the package is installed more than once)' }),
    options: Flags.string({ description: 'JSON file of the options to change' }),
    'package-version': Flags.string({ description: 'the version to move to (default: the newest)' }),
    yes: Flags.boolean({ description: 'do not ask for confirmation' }),
    ...waitFlags,
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PackageUpgrade);
    const wait = waitOptions(flags);
    const name = args.package;
    const options = flags.options === undefined ? undefined : await readOptionsFile(flags.options);
    const prompter = flags.yes ? undefined : await terminalPrompter(`upgrading package [${name}]`);
    const { cosmos, marathon } = await connect();
    const installs = (await cosmos.list()).packages.filter((p) => p.packageInformation.packageDefinition.name === name);
    const wanted = flags['app-id'] === undefined ? undefined : normalizeAppId(flags['app-id']);
    const chosen = wanted ? installs.filter((i) => i.appId === wanted) : installs;
    if (chosen.length === 0) {
      throw new DcosError(ErrorCodes.NOT_FOUND, wanted ? `Package [${name}] with id [${wanted}] is not installed` : `Package [${name}] is not installed`);
    }
    if (chosen.length > 1) throw usageError(`Multiple apps named [${name}] are installed: [${chosen.map((i) => i.appId).join(', ')}]. Please use --app-id to specify the one to upgrade.`);
    const { appId } = chosen[0];
    const current = chosen[0].packageInformation.packageDefinition.version;
    const target = flags['package-version'] ?? Object.keys(await cosmos.listVersions(name, false))[0];
    if (target === current && !options) {
      this.note(`${appId} already runs package [${name}] version [${current}]; nothing to change`);
      if (flags.json) this.printJson({ appId, packageVersion: current, changed: false });
      return;
    }
    const question = `Upgrade ${appId} from package [${name}] version [${current}] to [${target}]${options ? ` with the options of ${flags.options}` : ''}? [yes/no] `;
    if (prompter && !(await confirm(prompter, question))) throw new DcosError(ErrorCodes.CONFLICT, `cancelled: ${appId} was not changed`);
    const before = storedOptions((await marathon.getApp(appId)).labels);
    const updated = await cosmos
      .serviceUpdate({ appId, packageVersion: target, options, replace: false })
      .catch((err: unknown) => Promise.reject(explainCosmosError(err, { options, optionsFile: flags.options, packageName: name })));
    // Your options before and after (DCOS_PACKAGE_OPTIONS), not the defaults the package adds to them.
    const diff = optionsDiff(before, storedOptions((await marathon.getApp(appId)).labels));
    this.note(diff.length === 0 ? 'Options: unchanged' : ['Options:', ...diff.map((l) => `  ${l}`)].join('\n'));
    if (!flags.json) this.write(`Upgrading ${appId} to package [${name}] version [${updated.package?.version ?? target}]; deployment ${updated.marathonDeploymentId}`);
    if (flags.json) this.printJson(updated);
    await followAppStart(marathon, appId, { ...wait, note: (l) => this.note(l) });
  }
}
