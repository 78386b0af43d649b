import { DcosError, ErrorCodes } from '../../core/errors.js';
import { targetLabel } from './host-key-trust.js';
import type { Ssh2Session } from './ssh2-session.js';

/** The local end: process.stdin/stdout/stderr, or streams standing in for them. */
export interface LocalIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; rows?: number; columns?: number; on(event: 'resize', fn: () => void): unknown; off(event: 'resize', fn: () => void): unknown };
  stderr: NodeJS.WritableStream;
  /** $TERM for the remote terminal. */
  term?: string;
}

/**
 * `dcos node ssh`: runs `command` on the host with the local stdin, stdout and stderr
 * attached, as `ssh host command` does; without a command (or with `tty`), on a remote
 * pseudo-terminal: the local terminal goes to raw mode (so Ctrl-C and arrow keys reach
 * the remote side) and is restored afterwards, and window size changes are forwarded.
 * Resolves with the remote exit code (128+N for a signal).
 */
export async function runAttached(session: Ssh2Session, command: string | undefined, io: LocalIo, opts: { tty?: boolean } = {}): Promise<number> {
  const wantsTty = command === undefined || opts.tty === true;
  if (wantsTty && !io.stdin.isTTY) {
    throw new DcosError(ErrorCodes.BAD_REQUEST, command === undefined
      ? `an interactive shell on ${targetLabel(session.target)} needs a terminal, and stdin is not one: give a command to run (dcos node ssh NODE -- CMD)`
      : 'a remote terminal (--tty) needs a terminal, and stdin is not one');
  }
  const size = () => ({ rows: io.stdout.rows ?? 24, cols: io.stdout.columns ?? 80 });
  const channel = await session.interactive(command, wantsTty ? { pty: { ...size(), term: io.term ?? 'xterm-256color' } } : {});

  const onResize = () => { const s = size(); channel.resize(s.rows, s.cols); };
  channel.stdout.on('data', (c: Buffer) => io.stdout.write(c));
  channel.stderr.on('data', (c: Buffer) => io.stderr.write(c));
  if (wantsTty) {
    io.stdin.setRawMode?.(true);
    io.stdout.on('resize', onResize);
  }
  io.stdin.pipe(channel.stdin);
  try {
    return (await channel.exit).code;
  } finally {
    io.stdin.unpipe(channel.stdin);
    io.stdin.pause(); // stop reading, so a terminal's stdin no longer keeps the process alive
    if (wantsTty) {
      io.stdout.off('resize', onResize);
      io.stdin.setRawMode?.(false);
    }
  }
}
