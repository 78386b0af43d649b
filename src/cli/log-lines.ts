/**
 * Turns chunks of a log into output: plain text as it is, or with --json one NDJSON
 * object per complete line, `{"taskId","file","line"}`, so scripts can follow several
 * tasks' logs without parsing. A partial last line waits for the rest of it.
 */
export class LogLineWriter {
  private pending = '';

  constructor(private readonly out: (text: string) => void, private readonly json: boolean) {}

  write(text: string, taskId: string, file: string): void {
    if (!this.json) return this.out(text);
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.out(`${JSON.stringify({ taskId, file, line })}\n`);
  }

  /** Emits a partial last line (the task ended without a newline, or we stop). */
  flush(taskId: string, file: string): void {
    if (this.json && this.pending !== '') this.out(`${JSON.stringify({ taskId, file, line: this.pending })}\n`);
    this.pending = '';
  }
}
