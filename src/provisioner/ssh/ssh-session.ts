import type { SshTarget } from '../cluster-file/cluster-spec.js';

/**
 * One SSH connection to one host, reused for every step on that host. Implementations
 * verify the host key before anything else is sent (see HostKeyTrust).
 *
 * Secrets never go into a command line (argv is visible in `ps` and in logs): send them
 * with writeFile or on stdin.
 */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
  /**
   * The signal that killed the command ("SIGKILL"), when one did; `code` is then 128+N
   * as a shell reports it, or -1 for a signal this machine does not number.
   */
  signal?: string;
}

export interface ExecOptions {
  /** Data for the command's stdin (a stream is piped); stdin is closed after it. */
  stdin?: string | Buffer | NodeJS.ReadableStream;
  /**
   * Fails the exec (and closes its channel) after this long. The command is stopped on
   * the host too: without a pty it runs there under timeout(1) (GNU coreutils or BusyBox).
   */
  timeoutMs?: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Allocate a pseudo-terminal (interactive `dcos node ssh`). */
  pty?: boolean;
}

export interface SshSession {
  readonly target: SshTarget;
  /** Host key fingerprint the session was verified with ("SHA256:…"). */
  readonly hostKeyFingerprint: string;
  /** Runs `command` through the remote user's login shell; resolves with its exit code (never rejects on non-zero). */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /**
   * How upload and writeFile reach the host: over SFTP when its sshd offers the
   * subsystem, else streamed on the stdin of an exec channel (exec-files.ts). Decided
   * once per session, when first needed.
   */
  fileTransfer(): Promise<'sftp' | 'exec'>;
  /** Uploads a local file to `remotePath` (its directory must exist), atomically; `mode` default 0644. */
  upload(localPath: string, remotePath: string, opts?: { mode?: number; onProgress?: (sent: number, total: number) => void }): Promise<void>;
  /** Writes `content` to `remotePath` with exactly `mode`, atomically (temporary name, then rename); never in argv. */
  writeFile(remotePath: string, content: string | Buffer, mode: number): Promise<void>;
  close(): Promise<void>;
}

export interface SshConnector {
  /** Rejects with DcosError SSH (unreachable, refused, key rejected, timeout) or HOST_KEY, naming the host. */
  connect(target: SshTarget): Promise<SshSession>;
}
