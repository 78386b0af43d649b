import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../../core/clock.js';
import { EXIT_ALREADY_RUNNING, EXIT_USAGE, parseSupervisorArgs, USAGE, UsageError, type SupervisorArgs } from './options.js';
import { claimPidfile, isLiveSupervisor, removePid } from './pidfile.js';
import { Supervisor } from './supervisor.js';

/**
 * dcos-supervise: keeps one daemon running where there is no systemd (see options.ts
 * for the flags, supervisor.ts for the behaviour).
 *   SIGTERM, SIGINT  stop the daemon (SIGKILL after --stop-grace-ms), remove both pidfiles, exit 0
 *   SIGHUP           restart the daemon now (after a configuration change)
 * Exit codes: 0 stopped by a signal; 2 bad usage; 3 a live supervisor of the same name
 * holds the pidfile (its pid is printed); 1 could not start at all.
 * Nothing after start-up ends it but a signal: every error is logged and survived.
 */
function logger(args: Pick<SupervisorArgs, 'log' | 'name'>): (message: string) => void {
  return (message) => {
    const line = `${new Date().toISOString()} dcos-supervise[${process.pid}] ${args.name}: ${message}\n`;
    try {
      appendFileSync(args.log, line, { mode: 0o600 });
    } catch {
      try { process.stderr.write(line); } catch { /* nowhere left to say it */ }
    }
  };
}

function main(): void {
  let args: SupervisorArgs;
  try {
    args = parseSupervisorArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`dcos-supervise: ${(err as Error).message}\n${err instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exit(EXIT_USAGE);
  }
  const log = logger(args);
  for (const file of [args.pidfile, args.childPidfile, args.log]) mkdirSync(dirname(file), { recursive: true });

  const claim = claimPidfile(args.pidfile, (pid) => isLiveSupervisor(pid, args.name), args.pidfileStartTime);
  if (!claim.ok) {
    const message = `${args.name} is already supervised by pid ${claim.holder} (${args.pidfile}); not starting a second supervisor`;
    process.stderr.write(`dcos-supervise: ${message}\n`);
    log(message);
    process.exit(EXIT_ALREADY_RUNNING);
  }

  // Signal handlers do not keep a process alive, and between two starts of the daemon
  // there may be nothing else that does.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  process.on('uncaughtException', (err) => log(`internal error (continuing): ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => log(`internal error (continuing): ${(err as Error)?.stack ?? String(err)}`));

  const supervisor = new Supervisor({
    name: args.name,
    command: args.command,
    args: args.args,
    childPidfile: args.childPidfile,
    logFile: args.log,
    minBackoffMs: args.minBackoffMs,
    maxBackoffMs: args.maxBackoffMs,
    stopGraceMs: args.stopGraceMs,
    pidfileStartTime: args.pidfileStartTime,
    adopt: args.adopt,
    clock: systemClock,
    log,
  });

  const stop = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping`);
    void supervisor.stop().then(() => {
      removePid(args.pidfile, process.pid);
      log('stopped');
      clearInterval(keepAlive);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    log('SIGHUP: restarting the daemon');
    void supervisor.restart();
  });

  log(`supervising: ${[args.command, ...args.args].join(' ')}`);
  void supervisor.start();
}

try {
  main();
} catch (err) {
  process.stderr.write(`dcos-supervise: cannot start: ${(err as Error).message}\n`);
  process.exit(1);
}
