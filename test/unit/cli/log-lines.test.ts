import assert from 'node:assert/strict';
import { LogLineWriter } from '../../../src/cli/log-lines.js';

describe('LogLineWriter', () => {
  it('passes text through unchanged without --json', () => {
    const out: string[] = [];
    const w = new LogLineWriter((t) => out.push(t), false);
    w.write('a\nb', 't1', 'stdout');
    assert.deepEqual(out, ['a\nb']);
  });

  it('prints one JSON object per complete line with --json, holding back a partial line', () => {
    const out: string[] = [];
    const w = new LogLineWriter((t) => out.push(t), true);
    w.write('first\nsec', 't1', 'stdout');
    w.write('ond\n', 't1', 'stdout');
    w.write('tail', 't1', 'stdout');
    assert.deepEqual(out.map((l) => JSON.parse(l).line), ['first', 'second']);
    w.flush('t1', 'stdout');
    assert.deepEqual(JSON.parse(out[2]), { taskId: 't1', file: 'stdout', line: 'tail' });
  });
});
