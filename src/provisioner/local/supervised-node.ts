import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { supervisorPidFile, type LocalNode } from './local-cluster.js';
import { identityOf, isRunningAs, readIdentityFile, signalAs, terminateAll, waitUntilGone, type ProcessIdentity } from './process-identity.js';

/**
 * A local cluster's daemon runs under dcos-supervise, as on an SSH host without systemd:
 * the supervisor restarts it when it dies (with backoff) and records both pids with
 * their start times. The supervisor leads a session of its own, and so does the daemon
 * it starts, so neither is reached by signals meant for the CLI that started them.
 */
export interface SupervisorHandle {
  pid: number;
  /** Read at once: the supervisor claims its pidfile a moment later, and may be stopped before that. */
  identity?: ProcessIdentity;
  /** Set once the supervisor has exited (only observable while this process runs). */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

export interface SupervisorStart {
  node: LocalNode;
  /** bin/dcos-supervise.js */
  supervisorEntry: string;
  /** The daemon's command line. */
  command: string[];
  /**
   * Keep the node's daemon when it still runs (its supervisor died): the new supervisor
   * watches it instead of starting another.
   */
  adopt: boolean;
}

/** SIGTERM → SIGKILL grace the supervisor gives its daemon when stopped. */
export const DAEMON_STOP_GRACE_MS = 10_000;
/** Backoff between restarts of a daemon that keeps dying (the supervisor doubles from the first to the second). */
const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;

export async function startSupervisor(s: SupervisorStart): Promise<SupervisorHandle> {
  const { node } = s;
  const args = [
    s.supervisorEntry,
    '--name', node.name,
    '--pidfile', supervisorPidFile(node),
    '--child-pidfile', node.pidFile,
    '--log', node.logFile,
    '--min-backoff-ms', String(MIN_BACKOFF_MS),
    '--max-backoff-ms', String(MAX_BACKOFF_MS),
    '--stop-grace-ms', String(DAEMON_STOP_GRACE_MS),
    '--pidfile-start-time',
    ...(s.adopt ? ['--adopt'] : []),
    '--', ...s.command,
  ];
  const fd = openSync(node.logFile, 'a', 0o600);
  try {
    writeSync(fd, `--- ${new Date().toISOString()} starting ${node.name} under dcos-supervise\n`);
    const child = spawn(process.execPath, args, { cwd: node.stateDir, detached: true, stdio: ['ignore', fd, fd] });
    const handle = await new Promise<SupervisorHandle>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve({ pid: child.pid as number, identity: identityOf(child.pid as number) }));
    });
    child.once('exit', (code, signal) => {
      handle.exit = { code, signal };
    });
    child.unref();
    return handle;
  } finally {
    closeSync(fd);
  }
}

export interface NodeProcesses {
  supervisor?: ProcessIdentity;
  daemon?: ProcessIdentity;
}

/** The node's supervisor and daemon that run now, by their pidfiles (pid and start time). */
export async function nodeProcesses(node: LocalNode): Promise<NodeProcesses> {
  const [supervisor, daemon] = await Promise.all([
    readIdentityFile(supervisorPidFile(node)),
    // A daemon of a cluster started before pidfiles had start times: its argv names its state dir.
    readIdentityFile(node.pidFile, node.stateDir),
  ]);
  return { ...(supervisor ? { supervisor } : {}), ...(daemon ? { daemon } : {}) };
}

export interface NodeStop {
  /** Something of the node was running. */
  stopped: boolean;
  /** It took SIGKILL. */
  forced: boolean;
}

/**
 * Stops the supervisor first (it stops its daemon: SIGTERM, SIGKILL after its grace),
 * so nothing restarts the daemon meanwhile; then a daemon that outlived it (its
 * supervisor was gone already) the same way. Only the recorded processes are signalled:
 * those of the pidfiles, and `started`, a supervisor this process started that may not
 * have written its pidfile yet.
 */
export async function stopNode(node: LocalNode, graceMs = DAEMON_STOP_GRACE_MS, started?: SupervisorHandle): Promise<NodeStop> {
  const recorded = await nodeProcesses(node);
  const supervisor = recorded.supervisor ?? (started?.identity && isRunningAs(started.identity) ? started.identity : undefined);
  const { daemon } = recorded;
  if (!supervisor && !daemon) return { stopped: false, forced: false };
  let forced = false;
  if (supervisor) {
    signalAs(supervisor, 'SIGTERM');
    if ((await waitUntilGone([supervisor], graceMs + 5_000)).length > 0) {
      signalAs(supervisor, 'SIGKILL');
      forced = true;
      await waitUntilGone([supervisor], 5_000);
    }
  }
  // The pidfile again: the supervisor may have restarted the daemon since it was read.
  const left = [daemon, await readIdentityFile(node.pidFile, node.stateDir)]
    .filter((p): p is ProcessIdentity => p !== undefined && isRunningAs(p));
  if (left.length > 0 && (await terminateAll(left, graceMs)).length > 0) forced = true;
  return { stopped: true, forced };
}
