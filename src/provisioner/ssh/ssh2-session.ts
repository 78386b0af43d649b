import { constants } from 'node:os';
import type { Client, ClientChannel, PseudoTtyOptions, SFTPWrapper } from 'ssh2';
import type { SshTarget } from '../cluster-file/cluster-spec.js';
import type { HostKeyDecision } from './host-key-trust.js';
import { streamToFile } from './exec-files.js';
import { Limiter } from './limiter.js';
import { uploadAtomic, writeFileAtomic } from './sftp-files.js';
import { sshError } from './ssh-errors.js';
import type { ExecOptions, ExecResult, SshSession } from './ssh-session.js';
import { shellArg } from '../remote/shell-quote.js';

export interface Ssh2SessionOptions {
  /** Channels open at once for exec and shells (sshd MaxSessions defaults to 10; the SFTP channel takes one more). */
  maxChannels: number;
}

/** A channel with a terminal or streamed stdin, for `dcos node ssh` (see attached-command.ts). */
export interface InteractiveChannel {
  /** The remote stdin (end() sends EOF). */
  stdin: NodeJS.WritableStream;
  stdout: NodeJS.ReadableStream;
  /** Empty with a pty: the terminal merges both streams. */
  stderr: NodeJS.ReadableStream;
  /** Tells the remote terminal its new size (SIGWINCH on the host). */
  resize(rows: number, cols: number): void;
  /** Resolves when the channel closes, with the remote exit code (128+N for a signal). */
  exit: Promise<{ code: number; signal?: string }>;
}

/**
 * SshSession over one authenticated ssh2 Client (made by Ssh2Connector). Each exec is one
 * channel; uploads and writes share one SFTP channel opened on first use, or stream over
 * exec channels where the server has no SFTP subsystem. After the
 * connection drops, every call fails with an SSH error naming the host.
 */
export class Ssh2Session implements SshSession {
  private readonly channels: Limiter;
  private sftpChannel?: Promise<SFTPWrapper | undefined>;
  private sftpMissing = false;
  private lost?: Error;
  private closed = false;
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly client: Client,
    readonly target: SshTarget,
    readonly hostKey: HostKeyDecision,
    opts: Ssh2SessionOptions,
  ) {
    this.channels = new Limiter(opts.maxChannels);
    this.closedPromise = new Promise((resolve) => client.once('close', () => {
      this.closed = true;
      resolve();
    }));
    client.on('error', (err) => {
      this.lost ??= err;
    });
  }

  get hostKeyFingerprint(): string {
    return this.hostKey.fingerprint;
  }

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return this.channels.run(async () => {
      // With a pty, closing the channel hangs up the terminal, which stops the command.
      const remote = opts.timeoutMs === undefined || opts.pty ? command : withRemoteTimeout(command, opts.timeoutMs);
      const channel = await this.openExec(remote, opts.pty ? { term: 'xterm-256color' } : undefined);
      return collect(channel, command, opts, this.target);
    });
  }

  /**
   * Runs `command` (or the login shell when undefined) with streamed stdin, optionally on
   * a pseudo-terminal. The caller wires the streams; resolves once the channel is open.
   */
  async interactive(command: string | undefined, opts: { pty?: PseudoTtyOptions } = {}): Promise<InteractiveChannel> {
    let release!: () => void;
    const slot = new Promise<void>((resolve) => { release = resolve; });
    let opened!: (ch: ClientChannel) => void;
    let failed!: (err: unknown) => void;
    const ready = new Promise<ClientChannel>((resolve, reject) => { opened = resolve; failed = reject; });
    // Hold a channel slot until the channel closes.
    void this.channels.run(async () => {
      try {
        opened(command === undefined ? await this.openShell(opts.pty) : await this.openExec(command, opts.pty));
      } catch (err) {
        failed(err);
        return;
      }
      await slot;
    });
    const channel = await ready;
    const exit = exitOf(channel).finally(release);
    return {
      stdin: channel,
      stdout: channel,
      stderr: channel.stderr,
      resize: (rows, cols) => channel.setWindow(rows, cols, 0, 0),
      exit: exit.then(({ code, signal }) => ({ code: code ?? -1, ...(signal ? { signal } : {}) })),
    };
  }

  async fileTransfer(): Promise<'sftp' | 'exec'> {
    return (await this.sftp()) ? 'sftp' : 'exec';
  }

  async upload(localPath: string, remotePath: string, opts: { mode?: number; onProgress?: (sent: number, total: number) => void } = {}): Promise<void> {
    const sftp = await this.sftp();
    try {
      if (sftp) await uploadAtomic(sftp, localPath, remotePath, opts);
      else await streamToFile((c, o) => this.exec(c, o), remotePath, { localPath, onProgress: opts.onProgress }, opts.mode ?? 0o644);
    } catch (err) {
      throw sshError(this.target, `upload of ${localPath} to ${remotePath} failed: ${describe(err)}`, err);
    }
  }

  async writeFile(remotePath: string, content: string | Buffer, mode: number): Promise<void> {
    const sftp = await this.sftp();
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    try {
      if (sftp) await writeFileAtomic(sftp, remotePath, bytes, mode);
      else await streamToFile((c, o) => this.exec(c, o), remotePath, bytes, mode);
    } catch (err) {
      throw sshError(this.target, `writing ${remotePath} failed: ${describe(err)}`, err);
    }
  }

  /** Ends the connection; resolves once it is closed (forcibly after 3 s). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.client.end();
    const timer = setTimeout(() => this.client.destroy(), 3_000);
    await this.closedPromise;
    clearTimeout(timer);
  }

  private ensureOpen(): void {
    if (this.closed) {
      throw sshError(this.target, `the connection was lost${this.lost ? ` (${this.lost.message})` : ''}`, this.lost);
    }
  }

  private openExec(command: string, pty: PseudoTtyOptions | undefined): Promise<ClientChannel> {
    this.ensureOpen();
    return new Promise((resolve, reject) => {
      this.client.exec(command, pty ? { pty } : {}, (err, channel) => {
        if (err) reject(sshError(this.target, `cannot start a command: ${err.message}`, err));
        else resolve(channel);
      });
    });
  }

  private openShell(pty: PseudoTtyOptions | undefined): Promise<ClientChannel> {
    this.ensureOpen();
    return new Promise((resolve, reject) => {
      const cb = (err: Error | undefined, channel: ClientChannel) => {
        if (err) reject(sshError(this.target, `cannot start a shell: ${err.message}`, err));
        else resolve(channel);
      };
      if (pty) this.client.shell(pty, cb);
      else this.client.shell(false, cb);
    });
  }

  /** The SFTP channel, opened on first use; undefined when the server has no SFTP subsystem (remembered). */
  private sftp(): Promise<SFTPWrapper | undefined> {
    this.ensureOpen();
    if (this.sftpMissing) return Promise.resolve(undefined);
    this.sftpChannel ??= new Promise<SFTPWrapper | undefined>((resolve, reject) => {
      this.client.sftp((err, sftp) => {
        if (err) {
          this.sftpChannel = undefined;
          // OpenSSH without a `Subsystem sftp` line refuses the request; ssh2 reports it so.
          if (/unable to start subsystem/i.test(err.message)) {
            this.sftpMissing = true;
            resolve(undefined);
          } else {
            reject(sshError(this.target, `cannot open SFTP: ${err.message}`, err));
          }
          return;
        }
        sftp.once('close', () => { this.sftpChannel = undefined; });
        resolve(sftp);
      });
    });
    return this.sftpChannel;
  }
}

/**
 * Closing a channel does not stop its command (without a pty nothing sends it SIGHUP), and
 * sshd refuses "signal" requests in sessions of root (no privilege separation child, see
 * OpenSSH session_signal_req). So a command with a timeout runs under timeout(1) on the
 * host, in the same shell: SIGTERM to its process group when the time is up, SIGKILL a
 * second later. Exit codes and signals pass through unchanged otherwise.
 */
export function withRemoteTimeout(command: string, timeoutMs: number): string {
  const seconds = Math.max(timeoutMs, 1) / 1000;
  return `exec timeout -k 1 ${seconds} "$SHELL" -c ${shellArg(command)}`;
}



/** Collects a command's output and exit status; rejects on timeout (the host-side timeout(1) stops the command). */
function collect(channel: ClientChannel, command: string, opts: ExecOptions, target: SshTarget): Promise<ExecResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  channel.on('data', (chunk: Buffer) => { out.push(chunk); opts.onStdout?.(chunk); });
  channel.stderr.on('data', (chunk: Buffer) => { err.push(chunk); opts.onStderr?.(chunk); });
  let stdinFailed: Promise<never> | undefined;
  const stdin = opts.stdin;
  if (stdin === undefined || typeof stdin === 'string' || Buffer.isBuffer(stdin)) channel.end(stdin);
  else {
    stdinFailed = new Promise<never>((_, reject) => stdin.once('error', (e: Error) => {
      channel.close();
      reject(sshError(target, `\`${summary(command)}\`: reading its input failed: ${e.message}`, e));
    }));
    stdin.pipe(channel);
  }

  const exited = stdinFailed ? Promise.race([exitOf(channel), stdinFailed]) : exitOf(channel);
  const timeoutMs = opts.timeoutMs;
  if (timeoutMs === undefined) return exited.then((s) => result(s, out, err, command, target));
  const started = Date.now();
  const timeoutError = () => sshError(target, `\`${summary(command)}\` did not finish within ${timeoutMs} ms`);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      channel.close();
      reject(timeoutError());
    }, timeoutMs);
  });
  const finished = exited.then((s) => {
    // timeout(1) on the host may win the race against our timer: 124 is its "timed out".
    if (Date.now() - started >= timeoutMs && (s.code === 124 || s.signal !== undefined)) throw timeoutError();
    return result(s, out, err, command, target);
  });
  return Promise.race([finished, timedOut]).finally(() => clearTimeout(timer));
}

interface ExitStatus {
  code: number | null;
  signal?: string;
  /** False when the channel closed without an exit status (the connection dropped). */
  reported: boolean;
}

/** The exit status of a channel, once it has closed (output is complete by then). */
function exitOf(channel: ClientChannel): Promise<ExitStatus> {
  return new Promise<ExitStatus>((resolve) => {
    let status: ExitStatus = { code: null, reported: false };
    channel.on('exit', (code: number | null, signalName?: string) => {
      if (typeof code === 'number') status = { code, reported: true };
      else if (signalName) {
        const name = signalName.startsWith('SIG') ? signalName : `SIG${signalName}`;
        const n = (constants.signals as Record<string, number | undefined>)[name];
        status = { code: n === undefined ? -1 : 128 + n, signal: name, reported: true };
      }
    });
    channel.on('close', () => resolve(status));
  });
}

function result(status: ExitStatus, out: Buffer[], err: Buffer[], command: string, target: SshTarget): ExecResult {
  if (!status.reported) {
    throw sshError(target, `\`${summary(command)}\` ended without an exit status (the connection was lost)`);
  }
  return {
    code: status.code ?? -1,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    ...(status.signal ? { signal: status.signal } : {}),
  };
}

/** A command as messages show it: its first line, shortened (scripts sent to `sh -s` can be long). */
function summary(command: string): string {
  const first = command.split('\n')[0];
  return first.length > 80 || command.includes('\n') ? `${first.slice(0, 77)}…` : first;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
