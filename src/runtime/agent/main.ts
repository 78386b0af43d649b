import pino from 'pino';
import { Agent } from './agent.js';
import { parseAgentFlags } from './agent-flags.js';
import { runKillTasks } from './kill-tasks-command.js';

/**
 * The dcos-agent daemon (bin/dcos-agent.js). Logs are JSON lines on stdout.
 * SIGTERM/SIGINT stop the agent and exit 0 WITHOUT touching tasks: tasks outlive agent
 * restarts and upgrades. Only POST /api/v1/shutdown with killTasks ends them, or, once
 * the agent is stopped, `dcos-agent kill-tasks` (kill-tasks.ts), as `cluster down` does.
 */
async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'kill-tasks') process.exit(await runKillTasks(argv.slice(1)));
  let parsed: ReturnType<typeof parseAgentFlags>;
  try {
    parsed = parseAgentFlags(argv);
  } catch (err) {
    process.stderr.write(`dcos-agent: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = pino({ name: 'dcos-agent', redact: ['req.headers.authorization', 'nodeToken'] });
  for (const warning of parsed.warnings) logger.warn(warning);

  let agent: Agent | undefined;
  let exiting = false;
  const exit = async (code: number, why: string): Promise<void> => {
    if (exiting) return;
    exiting = true;
    logger.info({ reason: why }, 'agent stopping; tasks keep running');
    await agent?.stop().catch((err) => logger.error({ err }, 'error while stopping'));
    process.exit(code);
  };
  process.on('SIGTERM', () => void exit(0, 'SIGTERM'));
  process.on('SIGINT', () => void exit(0, 'SIGINT'));
  process.on('uncaughtException', (err) => {
    // Unknown state: exit and let the supervisor restart us; tasks are not affected.
    logger.fatal({ err }, 'uncaught exception');
    void exit(1, 'uncaught exception');
  });
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));

  try {
    agent = await Agent.start(parsed.config, { logger, onShutdown: () => void exit(0, 'shutdown request') });
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'agent failed to start');
    process.stderr.write(`dcos-agent: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

await main(process.argv.slice(2));
