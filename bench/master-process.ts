import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarathonClient } from '../src/api/marathon-client.js';
import { assertFreshBuild, ROOT, until } from './support.js';

/**
 * The master as its own process, started as the local launcher starts it
 * (bin/dcos-master.js with the flags of src/provisioner/local/launcher.ts masterArgs).
 * Its own process keeps the master's CPU apart from the benchmark's agents and clients,
 * as on a cluster. It runs the build (dist/), whose line numbers in a CPU profile are
 * close to the sources'; assertFreshBuild refuses a build older than the sources.
 */
export interface MasterProcess {
  url: string;
  pid: number;
  token: string;
  nodeToken: string;
  marathon: MarathonClient;
  logFile: string;
  stop(): Promise<void>;
}

export interface MasterProcessOptions {
  host: string;
  dir: string;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir', DIR]. */
  nodeArgs?: string[];
}

export async function startMasterProcess(o: MasterProcessOptions): Promise<MasterProcess> {
  assertFreshBuild();
  mkdirSync(o.dir, { recursive: true });
  const token = 'bench-operator-token';
  const nodeToken = 'bench-node-token';
  const tokenFile = join(o.dir, 'token');
  const nodeTokenFile = join(o.dir, 'node-token');
  writeFileSync(tokenFile, token, { mode: 0o600 });
  writeFileSync(nodeTokenFile, nodeToken, { mode: 0o600 });
  const logFile = join(o.dir, 'master.log');
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [
      ...(o.nodeArgs ?? []), join(ROOT, 'bin/dcos-master.js'),
      '--listen', `${o.host}:5050`, '--state-dir', join(o.dir, 'master'),
      '--token-file', tokenFile, '--node-token-file', nodeTokenFile, '--cluster-name', 'bench',
    ], { cwd: ROOT, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://${o.host}:5050`;
  const marathon = new MarathonClient({ baseUrl: url, token, timeoutMs: 120_000 });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await until('the master to answer /ping', async () => {
      if (child.exitCode !== null) throw new Error(`the master exited ${child.exitCode}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
      return (await marathon.http.send('GET', '/ping').then((r) => r.status === 200, () => false)) || undefined;
    }, { timeoutMs: 30_000, pollMs: 50 });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, token, nodeToken, marathon, logFile, stop };
}
