/**
 * Tail and follow of a file read through Mesos' /files/read semantics: `read(-1)`
 * answers the size in `offset`; `read(o, n)` answers up to n bytes from byte o (a
 * server may answer fewer: callers loop). Offsets are bytes; `data` is text.
 */
export interface FileReader {
  read(offset: number, length?: number): Promise<{ data: string; offset: number }>;
}

export interface TailResult {
  /** The last lines, each with its newline (the last keeps none if the file has none). */
  text: string;
  /** Byte offset just past what was read: where following continues. */
  end: number;
}

export async function fileSize(reader: FileReader): Promise<number> {
  return (await reader.read(-1)).offset;
}

/** Bytes [start, end) as text, in as many reads as the server needs. */
async function readRange(reader: FileReader, start: number, end: number): Promise<string> {
  let out = '';
  let at = start;
  while (at < end) {
    const { data } = await reader.read(at, end - at);
    if (data === '') break; // the file shrank under us: take what there is
    out += data;
    at += Buffer.byteLength(data, 'utf8');
  }
  return out;
}

/**
 * The last `lines` lines of the file. Reads a window from the end and grows it (×4)
 * until it holds `lines` complete lines or reaches the start of the file, so a short
 * tail of a huge log costs one small read.
 */
export async function tailLines(reader: FileReader, lines: number, opts: { initialWindow?: number } = {}): Promise<TailResult> {
  const size = await fileSize(reader);
  if (lines <= 0 || size === 0) return { text: '', end: size };
  let window = Math.max(1, opts.initialWindow ?? Math.max(4096, lines * 160));
  for (;;) {
    const start = Math.max(0, size - window);
    const data = await readRange(reader, start, size);
    const trailingNewline = data.endsWith('\n');
    const body = trailingNewline ? data.slice(0, -1) : data;
    // With start > 0 the text before the first newline may be a partial line:
    // `lines` newlines in the body guarantee `lines` complete lines after them.
    if (start === 0 || countNewlines(body) >= lines) {
      const kept = body.split('\n').slice(-lines).join('\n');
      return { text: kept + (trailingNewline ? '\n' : ''), end: start + Buffer.byteLength(data, 'utf8') };
    }
    window *= 4;
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface FollowOptions {
  /** Byte offset to start from (usually TailResult.end). */
  from: number;
  onData: (text: string) => void;
  /** Stops following; the promise then resolves. */
  signal?: AbortSignal;
  /** Poll interval when there is nothing new (default 200 ms: new lines show within a second). */
  intervalMs?: number;
  /** Called between polls; return false to stop following. */
  shouldContinue?: () => boolean | Promise<boolean>;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called when the file got shorter than what was read (truncated or rotated): reading restarts at 0. */
  onTruncated?: () => void;
}

export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Polls the file from `from` and hands every new piece of data to onData until aborted
 * or shouldContinue answers false. Resolves with the offset reached.
 */
export async function followFile(reader: FileReader, opts: FollowOptions): Promise<number> {
  const sleep = opts.sleep ?? abortableSleep;
  const interval = opts.intervalMs ?? 200;
  let offset = opts.from;
  let idlePolls = 0;
  while (!opts.signal?.aborted) {
    const { data } = await reader.read(offset);
    if (data !== '') {
      opts.onData(data);
      offset += Buffer.byteLength(data, 'utf8');
      idlePolls = 0;
      continue; // drain what is there before sleeping
    }
    // Idle: every few polls, check the file did not shrink under us.
    if (++idlePolls % 5 === 0 && (await fileSize(reader)) < offset) {
      offset = 0;
      opts.onTruncated?.();
      continue;
    }
    if (opts.shouldContinue && !(await opts.shouldContinue())) break;
    await sleep(interval, opts.signal);
  }
  return offset;
}
