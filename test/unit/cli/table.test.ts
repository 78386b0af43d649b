import assert from 'node:assert/strict';
import { displayWidth, formatTable } from '../../../src/cli/table.js';

describe('formatTable', () => {
  const rows = [
    { id: '/web', mem: 128, cmd: 'python3 -m http.server $PORT0' },
    { id: '/a/much/longer/id', mem: 1024, cmd: 'sleep 1000' },
  ];

  it('prints an upper-case header and aligns every column on two spaces', () => {
    const out = formatTable(
      [
        { header: 'id', get: (r) => r.id },
        { header: 'mem', get: (r) => r.mem, align: 'right' },
        { header: 'cmd', get: (r) => r.cmd },
      ],
      rows,
    );
    assert.equal(
      out,
      [
        'ID                  MEM  CMD',
        '/web                128  python3 -m http.server $PORT0',
        '/a/much/longer/id  1024  sleep 1000',
        '',
      ].join('\n'),
    );
  });

  it('leaves no trailing spaces, so the output diffs and greps cleanly', () => {
    const out = formatTable([{ header: 'a', get: (r: { a: string; b: string }) => r.a }, { header: 'b', get: (r) => r.b }], [{ a: 'x', b: '' }]);
    for (const line of out.split('\n')) assert.equal(line, line.trimEnd());
  });

  it('shows --- for an empty cell, as dcos-core-cli does', () => {
    const out = formatTable([{ header: 'health', get: () => undefined }, { header: 'x', get: () => null }], [{}]);
    assert.equal(out.split('\n')[1], '---     ---');
  });

  it('keeps a multi-line value on one row', () => {
    const out = formatTable([{ header: 'cmd', get: () => 'echo a\n  echo b' }], [{}]);
    assert.equal(out, 'CMD\necho a echo b\n');
  });

  it('prints only the header for no rows', () => {
    assert.equal(formatTable([{ header: 'id', get: () => '' }, { header: 'mem', get: () => '' }], []), 'ID  MEM\n');
  });

  it('measures width without ANSI colour codes', () => {
    assert.equal(displayWidth('\u001b[31mred\u001b[0m'), 3);
    const out = formatTable([{ header: 'state', get: (r: string) => r }, { header: 'n', get: () => 1 }], ['\u001b[32mok\u001b[0m', 'failed']);
    assert.equal(out.split('\n')[1], '\u001b[32mok\u001b[0m      1');
  });
});
