import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { followAppStart, waitFlags, waitOptions } from '../../cli/app-wait.js';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { readOptionsFile } from '../../cli/input.js';
import { installNotice } from '../../cli/package-views.js';
import { confirm, terminalPrompter } from '../../cli/prompt.js';
import { explainCosmosError } from '../../cli/schema-errors.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { normalizeAppId } from '../../core/ids.js';

export default class PackageInstall extends DcosCommand {
  static summary = "Install a package's Marathon app";
  static description = `Shows the package's notices and asks to go on (--yes does not ask; without a terminal, --yes is required), then installs its Marathon app with the package's defaults and the options of --options FILE. Messages go to stderr; with --json, the install's answer goes to stdout.

When the app has not started a couple of seconds later, says why it waits. --wait waits until every instance runs and is healthy, and fails with the reason after --timeout seconds. Package CLIs are not installed.`;

  static examples = [
    '<%= config.bin %> <%= command.id %> hello-world --yes',
    '<%= config.bin %> <%= command.id %> kafka --options kafka.json --app-id /dev/kafka --wait',
  ];

  static args = { package: Args.string({ ignoreStdin: true, description: 'package name', required: true }) };
  static flags = {
    options: Flags.string({ description: 'JSON file of install options (see `dcos package describe PACKAGE --config`)' }),
    'app-id': Flags.string({ description: "the app's id (default: the package's)" }),
    'package-version': Flags.string({ description: 'the version to install (default: the newest)' }),
    yes: Flags.boolean({ description: 'do not ask for confirmation' }),
    ...waitFlags,
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PackageInstall);
    const wait = waitOptions(flags);
    const name = args.package;
    const options = flags.options === undefined ? undefined : await readOptionsFile(flags.options);
    const prompter = flags.yes ? undefined : await terminalPrompter(`installing package [${name}]`);
    const { cosmos, marathon } = await connect();
    const { package: pkg } = await cosmos.describe(name, flags['package-version']);
    if (!pkg.marathon?.v2AppMustacheTemplate) {
      throw new DcosError(ErrorCodes.BAD_REQUEST, `package [${name}] version [${pkg.version}] has no Marathon app, only a CLI, and this CLI does not install package CLIs`);
    }
    for (const line of installNotice(pkg)) this.note(line);
    if (prompter && !(await confirm(prompter, 'Continue installing? [yes/no] '))) {
      throw new DcosError(ErrorCodes.CONFLICT, `cancelled: package [${name}] was not installed`);
    }
    this.note(`Installing Marathon app for package [${name}] version [${pkg.version}]`);
    const appId = flags['app-id'] === undefined ? undefined : normalizeAppId(flags['app-id']);
    const installed = await cosmos
      .install({ packageName: name, packageVersion: pkg.version, options, appId })
      .catch((err: unknown) => Promise.reject(explainCosmosError(err, { options, optionsFile: flags.options, packageName: name })));
    for (const warning of installed.warnings ?? []) this.note(`Warning: ${warning}`);
    if (pkg.resource?.cli) this.note(`Package [${name}] also has a CLI; this CLI does not install package CLIs`);
    if (installed.postInstallNotes ?? pkg.postInstallNotes) this.note(installed.postInstallNotes ?? pkg.postInstallNotes ?? '');
    // The answer first: a --wait that times out leaves a script the app id of what was installed.
    if (flags.json) this.printJson(installed);
    if (installed.appId) await followAppStart(marathon, installed.appId, { ...wait, note: (l) => this.note(l) });
  }
}
