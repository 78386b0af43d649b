import * as Args from '@oclif/core/args';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { CliConfig } from '../../cli/config.js';
import { preflightTable } from '../../cli/provision-report.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { PREFLIGHT_CHECK_COUNT } from '../../provisioner/preflight/checks.js';

export default class ClusterPreflight extends DcosCommand {
  static summary = 'Check every host of a cluster file over SSH before installing';
  static description = `Connects to every host in parallel (one SSH connection each) and runs all ${PREFLIGHT_CHECK_COUNT} checks on each, whatever fails: SFTP (a warning without it: files are then streamed over SSH exec channels), OS and architecture, kernel, root, memory and disk, required binaries, the role's ports, clock skew against this machine, hostname, cgroups, systemd, writable directories, the node address, routes to the masters, SELinux, open files, a hostname unique in the cluster. Prints a check × host table and every problem; exits non-zero if any check fails.`;

  static examples = ['<%= config.bin %> <%= command.id %> cluster.yaml'];
  static args = { file: Args.string({ ignoreStdin: true, description: 'cluster.yaml', required: true }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterPreflight);
    const config = new CliConfig();
    const [{ openSshRun }, { preflightCluster }] = await Promise.all([
      import('../../provisioner/ssh-cluster/ssh-run.js'),
      import('../../provisioner/preflight/preflight-cluster.js'),
    ]);
    const run = await openSshRun(args.file, {
      dcosDir: config.dir, clusterDir: (name) => config.ensureClusterDir(name), withBundle: true, onHostKeyRecorded: (m) => this.note(m),
    });
    const hosts = await preflightCluster(run.spec, run.connector, run.bundle!);
    if (flags.json) this.printJson(hosts.map(({ facts: _facts, ...h }) => h));
    else this.write(preflightTable(hosts));
    const failed = hosts.filter((h) => h.error || h.results.some((r) => r.status === 'fail'));
    if (failed.length > 0) {
      throw new DcosError(ErrorCodes.PREFLIGHT, `preflight failed on ${failed.map((h) => h.node.name).join(', ')}`);
    }
  }
}
