import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startMaster } from './master.js';

/**
 * dcos-master: the master daemon.
 *   --listen HOST:PORT --state-dir DIR --token-file FILE --node-token-file FILE
 *   [--cluster-name NAME] [--agent-ping-timeout-ms 15000] [--allocation-interval-ms 1000]
 *   [--placement spread|binpack] [--notifier-config FILE]
 *   [--notifier-config FILE]   the chat notifier's JSON (marathon/events/notifier-config.ts)
 * Secrets come from files (mode 0600), never from argv.
 */
function readSecret(file: string | undefined, flag: string): string {
  if (!file) throw new Error(`${flag} is required`);
  const value = readFileSync(file, 'utf8').trim();
  if (!value) throw new Error(`${flag} ${file} is empty`);
  return value;
}

function parseListen(value: string | undefined): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(value ?? '');
  if (!m) throw new Error(`--listen must be HOST:PORT, got "${value ?? ''}"`);
  return { host: m[1], port: Number(m[2]) };
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

/**
 * The built-in package repository by the path the daemon was started from
 * (<install>/current/bin/dcos-master.js), not by where that path resolves to
 * (versions/<sha256>/…): the repository list keeps this URI, and it must still name the
 * installed runtime's templates after an upgrade switches `current`.
 */
function builtInRepository(): { name: string; uri: string } {
  return { name: 'Built-in', uri: pathToFileURL(`${join(dirname(process.argv[1]), '..', 'templates', 'universe')}/`).href };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string' },
      'state-dir': { type: 'string' },
      'token-file': { type: 'string' },
      'node-token-file': { type: 'string' },
      'cluster-name': { type: 'string', default: 'dcos' },
      'agent-ping-timeout-ms': { type: 'string' },
      'allocation-interval-ms': { type: 'string' },
      'notifier-config': { type: 'string' },
      placement: { type: 'string', default: 'spread' },
    },
    strict: true,
  });
  const { host, port } = parseListen(values.listen);
  const placement = values.placement;
  if (placement !== 'spread' && placement !== 'binpack') throw new Error(`--placement must be spread or binpack, got "${placement}"`);
  if (!values['state-dir']) throw new Error('--state-dir is required');
  const log = pino({ name: 'dcos-master' });
  // Every known failure path is handled where it happens; these are the last guard.
  // A rejection nobody handled is a bug to log, not a reason to stop serving. An
  // uncaught exception leaves unknown state: exit, and the supervisor restarts the
  // master from its store (tasks keep running on the agents).
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection (a bug)'));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception; exiting so the supervisor restarts the master');
    process.exit(1);
  });
  const master = await startMaster({
    host, port, log, placement,
    stateDir: values['state-dir'],
    clusterName: values['cluster-name']!,
    token: readSecret(values['token-file'], '--token-file'),
    nodeToken: readSecret(values['node-token-file'], '--node-token-file'),
    agentPingTimeoutMs: positiveInt(values['agent-ping-timeout-ms'], '--agent-ping-timeout-ms'),
    allocationIntervalMs: positiveInt(values['allocation-interval-ms'], '--allocation-interval-ms'),
    notifierConfigFile: values['notifier-config'],
    builtInRepository: builtInRepository(),
  });
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await master.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`dcos-master: ${err.message}\n`);
  process.exit(1);
});
