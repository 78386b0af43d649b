import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { refuseFlags } from '../../cli/errors.js';
import { readOptionsFile } from '../../cli/input.js';
import { versionsInReleaseOrder } from '../../cli/package-views.js';
import { explainCosmosError } from '../../cli/schema-errors.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';

export default class PackageDescribe extends DcosCommand {
  static summary = 'Show a package of the repositories';
  static description = `Prints the package definition as JSON (the newest release of the first repository that has it, or --package-version's).

--config prints its options schema; --app its Marathon app template; --render (or --app --options) the Marathon app it renders to with your options; --options FILE alone checks FILE against the package's options and explains each bad option; --package-versions lists its versions, oldest first.`;

  static examples = [
    '<%= config.bin %> <%= command.id %> kafka',
    '<%= config.bin %> <%= command.id %> kafka --config',
    '<%= config.bin %> <%= command.id %> kafka --options kafka.json',
    '<%= config.bin %> <%= command.id %> kafka --render --options kafka.json --app-id /dev/kafka',
  ];

  static args = { package: Args.string({ ignoreStdin: true, description: 'package name', required: true }) };
  static flags = {
    config: Flags.boolean({ description: "print the package's options schema (config.json)" }),
    app: Flags.boolean({ description: 'print the Marathon app template (with --render or --options: the rendered app)' }),
    render: Flags.boolean({ description: 'print the Marathon app rendered with the defaults and --options' }),
    options: Flags.string({ description: 'JSON file of install options: checked, or used by --render' }),
    'package-versions': Flags.boolean({ description: 'print the versions of the package, oldest first' }),
    'package-version': Flags.string({ description: 'the version to describe (default: the newest)' }),
    'app-id': Flags.string({ description: 'app id to render the app with (with --render)' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PackageDescribe);
    const name = args.package;
    if (flags['package-versions']) refuseFlags(flags, ['config', 'app', 'render', 'options', 'package-version', 'app-id'], 'without --package-versions');
    if (flags.config) refuseFlags(flags, ['app', 'render', 'options', 'app-id'], 'without --config');
    const render = flags.render || (flags.app && flags.options !== undefined);
    if (!render) refuseFlags(flags, ['app-id'], 'with --render');
    const options = flags.options === undefined ? undefined : await readOptionsFile(flags.options);
    const { cosmos } = await connect();

    if (flags['package-versions']) return this.printJson(versionsInReleaseOrder(await cosmos.listVersions(name)));
    if (render || options) {
      const explain = { options, optionsFile: flags.options, packageName: name };
      const rendered = await cosmos
        .render({ packageName: name, packageVersion: flags['package-version'], options, appId: flags['app-id'] })
        .catch((err: unknown) => Promise.reject(explainCosmosError(err, explain)));
      if (render) return this.printJson(rendered.marathonJson);
      return this.write(`The options in ${flags.options} are valid for package [${name}]${flags['package-version'] ? ` version [${flags['package-version']}]` : ''}`);
    }
    const { package: pkg } = await cosmos.describe(name, flags['package-version']);
    if (flags.config) return this.printJson(pkg.config ?? {});
    if (flags.app) {
      if (!pkg.marathon?.v2AppMustacheTemplate) {
        throw new DcosError(ErrorCodes.NOT_FOUND, `package [${name}] version [${pkg.version}] has no Marathon app template`);
      }
      return this.write(Buffer.from(pkg.marathon.v2AppMustacheTemplate, 'base64').toString('utf8'));
    }
    this.printJson({ package: pkg });
  }
}
