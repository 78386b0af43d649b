import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { MarathonTask } from '../../api/marathon-types.js';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { connect, type ClusterClients } from '../../cli/client.js';
import { isDcosError } from '../../cli/errors.js';
import { LogLineWriter } from '../../cli/log-lines.js';
import { abortableSleep, followFile, tailLines } from '../../cli/log-tail.js';
import { newestTask, resolveLogTarget, sandboxFileReader, serviceApp, type LogTarget } from '../../cli/service-log.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';

export default class ServiceLog extends DcosCommand {
  static summary = "Print the log of a service's task";
  static description = `NAME is resolved as DC/OS does: the app whose label DCOS_PACKAGE_FRAMEWORK_NAME is NAME (the scheduler a package installed), else the app whose DCOS_SERVICE_NAME is NAME, else the app with id NAME. Several matching apps are an error that lists them; give an app id then. \`marathon\` is not supported: Marathon runs inside the master here.

Shows the last lines of a sandbox file (stdout by default) of the app's most recently staged task: DC/OS shows one task, and with several instances the newest is the one being deployed.

With --follow, new lines are printed as they arrive until Ctrl-C. When the followed task ends (killed, replaced by a deployment, failed), the log switches to the app's newest task and prints it from its start, after a "---" notice on stderr.`;

  static examples = [
    '<%= config.bin %> <%= command.id %> kafka',
    '<%= config.bin %> <%= command.id %> /web',
    '<%= config.bin %> <%= command.id %> /web stderr --lines 50',
    '<%= config.bin %> <%= command.id %> /web --follow',
  ];

  static args = {
    name: Args.string({ ignoreStdin: true, description: 'service name (e.g. kafka) or app id (e.g. /web)', required: true }),
    file: Args.string({ ignoreStdin: true, description: 'sandbox file', default: 'stdout' }),
  };

  static flags = {
    follow: Flags.boolean({ char: 'f', description: 'keep printing new lines as they arrive' }),
    lines: Flags.integer({ char: 'n', description: 'number of last lines to print', default: 10, min: 0 }),
    json: Flags.boolean({ description: 'one JSON object per line: {"taskId", "file", "line"} (NDJSON)' }),
  };

  private out!: LogLineWriter;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ServiceLog);
    const clients = await connect();
    this.out = new LogLineWriter((text) => process.stdout.write(text), flags.json);
    if (args.name === 'marathon') {
      throw new DcosError(ErrorCodes.BAD_REQUEST, '`dcos service log marathon` is not supported here: Marathon runs inside the master (dcos-master), not as a task; read the master\'s log on its node (dcos node ssh)');
    }
    const appId = serviceApp(await clients.marathon.listApps(), args.name);
    let target = await resolveLogTarget(clients.marathon, clients.master, appId);
    const tail = await tailLines(sandboxFileReader(clients.master, target, args.file), flags.lines);
    this.out.write(tail.text, target.taskId, args.file);
    if (!flags.follow) return this.out.flush(target.taskId, args.file);

    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      let offset = tail.end;
      for (;;) {
        const next = await this.followUntilTaskEnds(clients, target, args.file, offset, abort.signal);
        this.out.flush(target.taskId, args.file);
        if (next === undefined) return;
        this.note(`--- task ${target.taskId} ended; following task ${next.taskId}`);
        target = next;
        offset = 0;
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }

  /** Follows one task's file; answers the task to follow next, or undefined when interrupted. */
  private async followUntilTaskEnds(clients: ClusterClients, target: LogTarget, file: string, from: number, signal: AbortSignal): Promise<LogTarget | undefined> {
    let lastCheck = Date.now();
    let ended = false;
    const stillRunning = async (): Promise<boolean> => {
      if (Date.now() - lastCheck < 1_000) return true;
      lastCheck = Date.now();
      ended = !(await this.appTasks(clients, target.appId)).some((t) => t.id === target.taskId);
      return !ended;
    };
    try {
      await followFile(sandboxFileReader(clients.master, target, file), {
        from,
        signal,
        onData: (text) => this.out.write(text, target.taskId, file),
        onTruncated: () => this.note(`--- ${file} was truncated; reading it from its start`),
        shouldContinue: stillRunning,
      });
    } catch (err) {
      // A read can fail once the task and its sandbox are gone; anything else is an error.
      lastCheck = 0;
      if (signal.aborted || (await stillRunning())) throw err;
    }
    if (signal.aborted || !ended) return undefined;
    return this.waitForNextTask(clients, target, signal);
  }

  private async waitForNextTask(clients: ClusterClients, previous: LogTarget, signal: AbortSignal): Promise<LogTarget | undefined> {
    let waitingNoted = false;
    while (!signal.aborted) {
      const next = newestTask((await this.appTasks(clients, previous.appId)).filter((t) => t.id !== previous.taskId));
      if (next) {
        try {
          return await resolveLogTarget(clients.marathon, clients.master, previous.appId, next);
        } catch (err) {
          if (!isDcosError(err, ErrorCodes.NOT_FOUND)) throw err;
          // the master has not reported the new task's sandbox yet
        }
      } else if (!waitingNoted) {
        this.note(`--- task ${previous.taskId} ended; waiting for a new task of ${previous.appId}`);
        waitingNoted = true;
      }
      await abortableSleep(500, signal);
    }
    return undefined;
  }

  private async appTasks(clients: ClusterClients, appId: string): Promise<MarathonTask[]> {
    try {
      return await clients.marathon.listTasks(appId);
    } catch (err) {
      if (isDcosError(err, ErrorCodes.NOT_FOUND)) {
        throw new DcosError(ErrorCodes.NOT_FOUND, `app ${appId} was removed; stopped following its log`, { cause: err });
      }
      throw err;
    }
  }
}
