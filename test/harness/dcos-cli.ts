import { execa, type ResultPromise } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const CLI = join(ROOT, 'bin/run.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `dcos` CLI as a user would, with its own DCOS_DIR (and `env` besides). Never throws on a non-zero exit. */
export async function dcos(dcosDir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const r = await execa(process.execPath, [CLI, ...args], {
    env: { ...opts.env, DCOS_DIR: dcosDir }, reject: false, input: opts.input, stdin: opts.input === undefined ? 'ignore' : undefined, timeout: 90_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Like dcos(), but a non-zero exit fails with everything the CLI said. */
export async function dcosOk(dcosDir: string, args: string[], opts: { input?: string } = {}): Promise<string> {
  const r = await dcos(dcosDir, args, opts);
  if (r.exitCode !== 0) throw new Error(`dcos ${args.join(' ')} exited ${r.exitCode}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/** Starts a long-running CLI command (service log --follow) whose output the test reads as it comes. */
export function dcosSpawn(dcosDir: string, args: string[]): ResultPromise {
  return execa(process.execPath, [CLI, ...args], { env: { DCOS_DIR: dcosDir }, reject: false, stdin: 'ignore', buffer: false });
}

export interface AttachedCluster {
  name: string;
  url: string;
  token: string;
  config: {
    local: {
      nodes: Array<{ name: string; role: 'master' | 'agent'; host: string; port: number; dir: string; stateDir: string; logFile: string; pidFile: string }>;
      nodeTokenFile: string;
    };
  };
}

export function readCluster(dcosDir: string, name: string): AttachedCluster {
  const config = JSON.parse(readFileSync(join(dcosDir, 'clusters', name, 'cluster.json'), 'utf8'));
  return { name, url: config.url, token: readFileSync(config.tokenFile, 'utf8').trim(), config };
}
