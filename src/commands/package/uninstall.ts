import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { usageError } from '../../cli/errors.js';
import { uninstallConfirmation } from '../../cli/package-views.js';
import { confirmByTyping, terminalPrompter } from '../../cli/prompt.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { normalizeAppId } from '../../core/ids.js';

export default class PackageUninstall extends DcosCommand {
  static summary = "Uninstall a package's app(s)";
  static description = `Removes the package's Marathon app (with several installs, the one of --app-id, or all with --all) and tears down the framework it registered. Unless --yes, asks you to type the service's name (up to 3 tries); without a terminal, --yes is required.`;

  static examples = [
    '<%= config.bin %> <%= command.id %> hello-world',
    '<%= config.bin %> <%= command.id %> kafka --app-id /dev/kafka --yes',
    '<%= config.bin %> <%= command.id %> kafka --all --yes',
  ];

  static args = { package: Args.string({ ignoreStdin: true, description: 'package name', required: true }) };
  static flags = {
    'app-id': Flags.string({ description: 'the app of the install to remove', exclusive: ['all'] }),
    all: Flags.boolean({ description: "remove every install of the package", exclusive: ['app-id'] }),
    yes: Flags.boolean({ description: 'do not ask for confirmation' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PackageUninstall);
    const name = args.package;
    const appId = flags['app-id'] === undefined ? undefined : normalizeAppId(flags['app-id']);
    const prompter = flags.yes ? undefined : await terminalPrompter(`uninstalling package [${name}]`);
    const { cosmos } = await connect();
    const apps = (await cosmos.list()).packages.filter((p) => p.packageInformation.packageDefinition.name === name).map((p) => p.appId);
    if (apps.length === 0) throw new DcosError(ErrorCodes.NOT_FOUND, `Package [${name}] is not installed`);
    if (appId && !apps.includes(appId)) throw new DcosError(ErrorCodes.NOT_FOUND, `Package [${name}] with id [${appId}] is not installed; its installs: ${apps.join(', ')}`);
    if (apps.length > 1 && !appId && !flags.all) {
      throw usageError(`Multiple apps named [${name}] are installed: [${apps.join(', ')}]. Please use --app-id to specify the ID of the app to uninstall, or use --all to uninstall all apps.`);
    }
    if (prompter) {
      const c = uninstallConfirmation(name, { appId, all: flags.all });
      this.note(c.warning);
      if (!(await confirmByTyping(prompter, c.question, c.expected, (l) => this.note(l)))) throw new DcosError(ErrorCodes.CONFLICT, 'cancelling uninstall');
    }
    const { results } = await cosmos.uninstall({ packageName: name, appId, all: flags.all || undefined });
    for (const r of results) {
      this.note(`Uninstalled package [${r.packageName}] version [${r.packageVersion ?? 'unknown'}]`);
      if (r.postUninstallNotes) this.note(r.postUninstallNotes);
    }
  }
}
