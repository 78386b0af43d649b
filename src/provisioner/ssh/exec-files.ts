import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { shellArg } from '../remote/shell-quote.js';
import { temporaryName } from './sftp-files.js';
import type { SshSession } from './ssh-session.js';

/**
 * File transfers for hosts whose sshd has no SFTP subsystem: the bytes go to the stdin
 * of `cat` on an exec channel, as Ansible's piped transfers and k3sup do. The contract
 * is the one of sftp-files.ts: a temporary name beside the target, exactly `mode`, then
 * a rename into place, so a reader sees the old file or the complete new one.
 *
 * The temporary file is created under `umask 077`: a secret is never readable by others,
 * not even half-written. Only paths, the mode and the size are on the command line (seen
 * in `ps` and sshd's log); the content travels on stdin alone. The byte count is checked
 * before the rename, so a stream cut short never lands in place (a bundle is also
 * verified by its SHA-256 before it is installed).
 */
export async function streamToFile(exec: SshSession['exec'], path: string, content: Buffer | { localPath: string; onProgress?: (sent: number, total: number) => void }, mode: number): Promise<void> {
  const input = Buffer.isBuffer(content) ? { stream: content, size: content.length } : await readCounting(content.localPath, content.onProgress);
  const r = await exec(streamToFileCommand(path, mode, input.size), { stdin: input.stream });
  if (r.code !== 0) throw new Error(`${r.stderr.trim().split('\n').join('; ') || `exit ${r.code}`} (streamed over exec: the host has no SFTP subsystem)`);
}

function streamToFileCommand(path: string, mode: number, size: number): string {
  return `umask 077; t=${shellArg(temporaryName(path))}
cat > "$t" || { rm -f "$t"; exit 1; }
n=$(wc -c < "$t"); [ "$n" -eq ${size} ] || { rm -f "$t"; echo "received $n of ${size} bytes" >&2; exit 1; }
chmod ${mode.toString(8)} "$t" && mv -f "$t" ${shellArg(path)} || { rm -f "$t"; exit 1; }`;
}

/** A local file as a stream that reports how much of it has been read. */
async function readCounting(path: string, onProgress?: (sent: number, total: number) => void): Promise<{ stream: NodeJS.ReadableStream; size: number }> {
  const { size } = await stat(path);
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      onProgress?.(sent, size);
      done(null, chunk);
    },
  });
  const file = createReadStream(path);
  file.once('error', (err) => counter.destroy(err));
  return { stream: file.pipe(counter), size };
}
