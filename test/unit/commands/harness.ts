import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';
import { InProcessCluster, type InProcessClusterOptions } from '../../harness/in-process-cluster.js';

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A concrete command class (its static run). */
export interface CommandClass {
  run(argv?: string[], opts?: Config): Promise<unknown>;
}

let config: Config | undefined;

/**
 * Runs a command class as `dcos` would, in this process, capturing stdout and stderr
 * and the exit code (0 unless the command's error rendering set one). `onStdout` sees
 * everything printed so far after each write, for tests that react to output.
 */
export async function runCommand(cmd: CommandClass, argv: string[], opts: { onStdout?: (all: string) => void } = {}): Promise<RunResult> {
  config ??= await Config.load(fileURLToPath(new URL('../../../', import.meta.url)));
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    opts.onStdout?.(out.join(''));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await cmd.run(argv, config);
    return { stdout: out.join(''), stderr: err.join(''), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = before;
  }
}

/**
 * Mocha hooks giving each test of the enclosing suite a fresh real cluster (master and
 * agents in this process, see in-process-cluster.ts) with DCOS_DIR attached to it; it is
 * stopped, with every task process, after the test. Call the answer to get the cluster.
 */
export function freshClusterPerTest(opts: InProcessClusterOptions): () => InProcessCluster {
  return clusterHooks(opts, beforeEach, afterEach);
}

/**
 * One real cluster for the whole enclosing suite (started before its first test, stopped
 * after its last): for tests that do not interfere, each using its own app ids.
 */
export function clusterPerSuite(opts: InProcessClusterOptions): () => InProcessCluster {
  return clusterHooks(opts, before, after);
}

function clusterHooks(opts: InProcessClusterOptions, start: Mocha.HookFunction, stop: Mocha.HookFunction): () => InProcessCluster {
  let cluster: InProcessCluster | undefined;
  const savedDir = process.env.DCOS_DIR;
  start(async () => {
    cluster = await InProcessCluster.start(opts);
    process.env.DCOS_DIR = cluster.dcosDir;
  });
  stop(async () => {
    await cluster?.stop();
    cluster = undefined;
    if (savedDir === undefined) delete process.env.DCOS_DIR;
    else process.env.DCOS_DIR = savedDir;
  });
  return () => {
    if (!cluster) throw new Error('no cluster: call this inside a test');
    return cluster;
  };
}

/** Runs `fn` with `text` as the process's stdin (not a TTY), as `echo text | dcos ...` would. */
export async function withStdin<T>(text: string, fn: () => Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Object.assign(Readable.from([Buffer.from(text)]), { isTTY: false }), configurable: true });
  try {
    return await fn();
  } finally {
    Object.defineProperty(process, 'stdin', saved);
  }
}
