import * as Flags from '@oclif/core/flags';
import { setTimeout as sleep } from 'node:timers/promises';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect } from '../../cli/client.js';
import { isDcosError } from '../../cli/errors.js';
import { ErrorCodes } from '../../core/errors.js';

/** How long ping keeps asking without --once (dcos-core-cli's 10 s), and how often. */
const PATIENCE_MS = 10_000;
const EVERY_MS = 500;

export default class MarathonPing extends DcosCommand {
  static summary = 'Check that Marathon answers (GET /ping)';
  static description = `Without --once, asks again every ${EVERY_MS / 1000} s for up to ${PATIENCE_MS / 1000} s while Marathon is unreachable (a master starting or failing over); a refused credential fails at once.`;
  static flags = {
    once: Flags.boolean({ description: 'ask once' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MarathonPing);
    const { marathon } = await connect({ timeoutMs: 2_000 });
    const giveUpAt = Date.now() + PATIENCE_MS;
    for (let attempts = 1; ; attempts++) {
      try {
        const response = await marathon.ping();
        if (flags.json) return this.printJson({ response, attempts });
        return this.write(`Marathon ping response: ${response}`);
      } catch (err) {
        if (flags.once || !isDcosError(err, ErrorCodes.UNREACHABLE) || Date.now() + EVERY_MS > giveUpAt) throw err;
      }
      await sleep(EVERY_MS);
    }
  }
}
