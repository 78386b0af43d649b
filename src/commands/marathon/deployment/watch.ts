import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { setTimeout as sleep } from 'node:timers/promises';
import { DcosCommand } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { createDeploymentProgress, deploymentOutcome, pollDeployment } from '../../../cli/deployment-watch.js';
import { ExitCodes, usageError } from '../../../cli/errors.js';
import { progressMode } from '../../../cli/progress.js';

const seconds = Flags.custom<number>({
  parse: async (input) => {
    const n = Number(input);
    if (input.trim() === '' || !Number.isFinite(n) || n <= 0) throw usageError(`--interval must be a number of seconds above 0, got "${input}"`);
    return n;
  },
});

export default class DeploymentWatch extends DcosCommand {
  static summary = "Watch a deployment's steps until it ends, then tell how it ended";
  static description = `On a terminal, a tree of the plan's steps and their actions (the current step spinning, readiness results under their action); elsewhere, a timestamped line on stderr for each step that starts or ends. --json prints the deployment object (GET /v2/deployments/{id}) each time it changes, one per line.

Once the deployment has ended, prints its status, reason and history. Exits 0 when it succeeded (or when --max-count ran out first), 1 when it failed or was cancelled or rolled back.`;
  static args = { id: Args.string({ ignoreStdin: true, description: 'deployment id', required: true }) };
  static flags = {
    'max-count': Flags.integer({ description: 'look at most this many times', min: 1 }),
    interval: seconds({ description: 'seconds between looks', default: 1 }),
    json: Flags.boolean({ description: 'the deployment object each time it changes, one JSON object per line (NDJSON)' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DeploymentWatch);
    const { marathon } = await connect();
    const progress = createDeploymentProgress(progressMode({ json: flags.json }));
    let ended;
    try {
      ended = await pollDeployment({
        fetch: () => marathon.getDeployment(args.id), intervalMs: flags.interval * 1000, maxCount: flags['max-count'],
        sleep: (ms) => sleep(ms), onSnapshot: (d) => progress.show(d),
      });
    } finally {
      await progress.done();
    }
    if (!ended) return this.note(`deployment ${args.id} is still running after ${flags['max-count']} looks`);
    if (!flags.json) this.write(deploymentOutcome(ended));
    if (ended.status !== 'succeeded') process.exitCode = ExitCodes.FAILED;
  }
}
