import assert from 'node:assert/strict';
import { followFile, tailLines, type FileReader } from '../../../src/cli/log-tail.js';

/** A file in memory behind Mesos /files/read semantics, recording every read. */
class FakeFile implements FileReader {
  reads: Array<{ offset: number; length?: number }> = [];
  constructor(public content: string, private readonly pageSize = Infinity) {}
  async read(offset: number, length?: number) {
    this.reads.push({ offset, length });
    const bytes = Buffer.from(this.content, 'utf8');
    if (offset === -1) return { data: '', offset: bytes.length };
    const end = Math.min(bytes.length, offset + Math.min(length ?? Infinity, this.pageSize));
    return { data: bytes.subarray(offset, end).toString('utf8'), offset };
  }
}

const numbered = (n: number, width = 0) => Array.from({ length: n }, (_, i) => `line ${i + 1}`.padEnd(width, '.')).join('\n') + '\n';

describe('tailLines', () => {
  it('answers the last N lines and the end offset to follow from', async () => {
    const file = new FakeFile(numbered(100));
    const r = await tailLines(file, 3);
    assert.equal(r.text, 'line 98\nline 99\nline 100\n');
    assert.equal(r.end, Buffer.byteLength(file.content));
  });

  it('reads only a window at the end of a large file', async () => {
    const file = new FakeFile(numbered(100_000));
    await tailLines(file, 10, { initialWindow: 4096 });
    assert.deepEqual(file.reads[0], { offset: -1, length: undefined }, 'first asks for the size');
    assert.equal(file.reads.length, 2, 'one read of the window suffices');
    assert.ok(file.reads[1].offset > 0 && file.reads[1].length === 4096);
  });

  it('grows the window until it holds N complete lines', async () => {
    const file = new FakeFile(numbered(50, 300)); // 301-byte lines
    const r = await tailLines(file, 20, { initialWindow: 512 });
    assert.deepEqual(r.text.split('\n').slice(0, -1).map((l) => l.replace(/\.+$/, '')), Array.from({ length: 20 }, (_, i) => `line ${i + 31}`));
    const windows = file.reads.slice(1).map((x) => x.length);
    assert.deepEqual(windows, [512, 2048, 8192], 'x4 each time');
  });

  it('never returns the partial line at the start of the window', async () => {
    const file = new FakeFile('aaaaaaaaaa\nbb\ncc\n');
    const r = await tailLines(file, 2, { initialWindow: 8 }); // window starts inside "aaaa…"
    assert.equal(r.text, 'bb\ncc\n');
  });

  it('returns the whole file when it has fewer than N lines', async () => {
    assert.equal((await tailLines(new FakeFile('one\ntwo\n'), 10)).text, 'one\ntwo\n');
  });

  it('keeps a last line that has no newline yet', async () => {
    const r = await tailLines(new FakeFile('one\ntwo\nthr'), 2);
    assert.equal(r.text, 'two\nthr');
  });

  it('answers nothing for 0 lines or an empty file, with the end offset still right', async () => {
    assert.deepEqual(await tailLines(new FakeFile('a\nb\n'), 0), { text: '', end: 4 });
    assert.deepEqual(await tailLines(new FakeFile(''), 10), { text: '', end: 0 });
  });

  it('reads a window in several requests when the server answers in pages', async () => {
    const file = new FakeFile(numbered(1000), 100);
    const r = await tailLines(file, 50);
    assert.equal(r.text, numbered(1000).split('\n').slice(-51).join('\n'));
  });

  it('counts offsets in bytes, so multi-byte text tails correctly', async () => {
    const content = 'héllo wörld\n'.repeat(10) + 'ünïcode ✓\n';
    const file = new FakeFile(content);
    const r = await tailLines(file, 2, { initialWindow: 20 });
    assert.equal(r.text, 'héllo wörld\nünïcode ✓\n');
    assert.equal(r.end, Buffer.byteLength(content));
  });
});

describe('followFile', () => {
  /** A sleep that appends to the file between polls and stops after a given number of polls. */
  const scripted = (file: FakeFile, appends: string[], abort: AbortController) => async () => {
    const next = appends.shift();
    if (next === undefined) abort.abort();
    else file.content += next;
  };

  it('prints data as it is appended, from the given offset', async () => {
    const file = new FakeFile('old\n');
    const abort = new AbortController();
    const out: string[] = [];
    const end = await followFile(file, { from: 4, onData: (t) => out.push(t), signal: abort.signal, sleep: scripted(file, ['a\n', '', 'b\nc\n'], abort) });
    assert.deepEqual(out, ['a\n', 'b\nc\n']);
    assert.equal(end, Buffer.byteLength(file.content));
  });

  it('drains a burst larger than one page before sleeping', async () => {
    const file = new FakeFile('', 4);
    const abort = new AbortController();
    let text = '';
    await followFile(file, { from: 0, onData: (t) => (text += t), signal: abort.signal, sleep: scripted(file, ['0123456789\n'], abort) });
    assert.equal(text, '0123456789\n');
  });

  it('starts again from the beginning when the file is truncated', async () => {
    const file = new FakeFile('0123456789\n');
    const abort = new AbortController();
    let truncated = 0;
    const out: string[] = [];
    let polls = 0;
    await followFile(file, {
      from: 11,
      onData: (t) => out.push(t),
      onTruncated: () => truncated++,
      signal: abort.signal,
      sleep: async () => {
        polls++;
        if (polls === 1) file.content = 'new\n';
        if (polls > 10) abort.abort();
      },
    });
    assert.equal(truncated, 1);
    assert.deepEqual(out, ['new\n']);
  });

  it('stops when shouldContinue answers false', async () => {
    const file = new FakeFile('x\n');
    let asked = 0;
    const end = await followFile(file, { from: 0, onData: () => {}, shouldContinue: () => ++asked < 3, sleep: async () => {} });
    assert.equal(asked, 3);
    assert.equal(end, 2);
  });

  it('polls every 200 ms by default, so a new line shows within a second', async () => {
    const file = new FakeFile('');
    const abort = new AbortController();
    const waits: number[] = [];
    await followFile(file, { from: 0, onData: () => {}, signal: abort.signal, sleep: async (ms) => { waits.push(ms); if (waits.length === 3) abort.abort(); } });
    assert.deepEqual(waits, [200, 200, 200]);
  });
});
