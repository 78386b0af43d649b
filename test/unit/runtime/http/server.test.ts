import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { nestingBeyond } from '../../../../src/runtime/http/json-depth.js';
import { createServer } from '../../../../src/runtime/http/server.js';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: pino(sink), lines };
}

describe('HTTP server plumbing', () => {
  it('answers an internal failure with 500 and an error id only, and logs the details under that id', async () => {
    const { log, lines } = capturingLogger();
    const app = createServer({ logger: log, daemon: 'agent' });
    app.get('/boom', async () => { throw new Error('ENOENT: /var/lib/dcos/secret-path is missing'); });
    const res = await app.inject({ method: 'GET', url: '/boom?token=abc' });
    assert.equal(res.statusCode, 500);
    const body = res.json();
    assert.match(body.errorId, /^[0-9a-f]{12}$/);
    assert.equal(body.message, `Internal error: the agent's log has the details under error id ${body.errorId}`);
    assert.equal(body.code, 'DCOS_ERR_INTERNAL');
    assert.ok(!res.body.includes('secret-path'), 'no internal text in the answer');
    const logged = lines.find((l) => l.errorId === body.errorId);
    assert.ok(logged, 'the log has a line with that id');
    assert.match(JSON.stringify(logged), /secret-path/);
    assert.equal(logged.url, '/boom', 'the query string (which may hold secrets) is left out of the log');
    await app.close();
  });
});

describe('nestingBeyond', () => {
  it('finds where a JSON text first nests deeper than the limit, ignoring brackets in strings', () => {
    assert.equal(nestingBeyond('[[1]]', 2), -1);
    assert.equal(nestingBeyond('[[[1]]]', 2), 2);
    assert.equal(nestingBeyond('{"a": "[[[[[\\"[[["}', 1), -1);
    assert.equal(nestingBeyond('{"a": {"b": [{}]}}', 3), 13);
  });

  it('scans a million levels without recursion', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    assert.equal(nestingBeyond(text, 64), 64);
  });
});
