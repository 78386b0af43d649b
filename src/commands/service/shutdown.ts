import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { DcosCommand } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { confirm, terminalPrompter } from '../../cli/prompt.js';
import { serviceApp, serviceApps } from '../../cli/service-log.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';

export default class ServiceShutdown extends DcosCommand {
  static summary = 'Shut a service down: its Marathon app and its framework';
  static description = `NAME is resolved as for \`dcos service log\` (label DCOS_PACKAGE_FRAMEWORK_NAME, then DCOS_SERVICE_NAME, then app id). Removes that Marathon app (forced, so a running deployment does not block it), then tears down the framework named NAME when the master lists one, which kills all its tasks. dcos-core-cli's shutdown takes a framework id and only tears it down; a scheduler app left behind would register it again. Unless --yes, asks first; without a terminal, --yes is required.`;

  static examples = ['<%= config.bin %> <%= command.id %> kafka --yes'];
  static args = { name: Args.string({ ignoreStdin: true, description: 'service name or app id', required: true }) };
  static flags = { yes: Flags.boolean({ description: 'do not ask for confirmation' }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServiceShutdown);
    const name = args.name;
    const prompter = flags.yes ? undefined : await terminalPrompter(`shutting down ${name}`);
    const { marathon, master } = await connect();
    const [apps, state] = await Promise.all([marathon.listApps(), master.state()]);
    const byName = (framework: string) => (state.frameworks ?? []).filter((f) => f.name === framework);
    // The service is an app (found as `service log` finds it), whose scheduler registers the
    // framework its DCOS_PACKAGE_FRAMEWORK_NAME names; or only a framework of that name.
    const appId = serviceApps(apps, name).length === 0 && byName(name).length > 0 ? undefined : serviceApp(apps, name);
    const labelled = apps.find((a) => a.id === appId)?.labels?.DCOS_PACKAGE_FRAMEWORK_NAME;
    const frameworks = byName(labelled ?? name);
    const ownMarathon = frameworks.length > 0 ? (await marathon.info()).frameworkId : undefined;
    if (frameworks.some((f) => f.id === ownMarathon)) {
      throw new DcosError(ErrorCodes.BAD_REQUEST, `${name} is the cluster's own Marathon; it cannot be shut down`);
    }
    if (prompter && !(await confirm(prompter, `Do you really want to teardown ${name} with all its tasks? [yes/no] `))) {
      throw new DcosError(ErrorCodes.CONFLICT, `cancelled: ${name} was not shut down`);
    }
    if (appId) {
      const { deploymentId } = await marathon.removeApp(appId, { force: true });
      this.note(`Removed app ${appId}; deployment ${deploymentId}`);
    }
    for (const f of frameworks) {
      await master.teardown(f.id);
      this.note(`Tore down framework ${f.name} (${f.id})`);
    }
  }
}
