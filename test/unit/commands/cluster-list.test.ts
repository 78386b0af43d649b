import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ClusterList from '../../../src/commands/cluster/list.js';
import { runCommand } from './harness.js';

/**
 * `dcos cluster list` asks each cluster's master, instead of repeating what was recorded.
 * A loopback HTTP server stands in for a master that answers /ping; a closed port for one
 * that is down.
 */
describe('dcos cluster list', () => {
  let dir: string;
  let master: Server;
  let masterUrl: string;
  const saved = process.env.DCOS_DIR;

  const record = (name: string, type: 'ssh' | 'local', url: string, local?: { status: string }) => {
    mkdirSync(join(dir, 'clusters', name), { recursive: true });
    writeFileSync(join(dir, 'clusters', name, 'cluster.json'), JSON.stringify({
      name, url, tokenFile: join(dir, 'clusters', name, 'token'), type, createdAt: '2026-01-01T00:00:00.000Z',
      ...(local ? { local } : { ssh: { file: '/c.yaml', nodes: [] } }),
    }));
  };

  before(async () => {
    master = createServer((req, res) => res.end(req.url === '/ping' ? 'pong' : ''));
    await new Promise<void>((resolve) => master.listen(0, '127.0.0.1', resolve));
    masterUrl = `http://127.0.0.1:${(master.address() as AddressInfo).port}`;
  });
  after(() => master.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-list-'));
    process.env.DCOS_DIR = dir;
    // Nothing listens on port 1.
    record('lab', 'ssh', masterUrl);
    record('old', 'ssh', 'http://127.0.0.1:1');
    record('dev', 'local', 'http://127.0.0.1:1', { status: 'stopped' });
    record('gone', 'local', 'http://127.0.0.1:1', { status: 'running' });
    writeFileSync(join(dir, 'attached'), 'lab\n');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.DCOS_DIR;
    else process.env.DCOS_DIR = saved;
  });

  it("shows each cluster's real state: running when its master answers, else unreachable; stopped when stopped on purpose", async () => {
    const r = await runCommand(ClusterList, []);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, [
      'NAME  TYPE   STATUS       URL',
      'dev   local  stopped      http://127.0.0.1:1',
      'gone  local  unreachable  http://127.0.0.1:1',
      `lab*  ssh    running      ${masterUrl}`,
      'old   ssh    unreachable  http://127.0.0.1:1',
      '',
    ].join('\n'));
  });

  it('gives the same states with --json', async () => {
    const r = await runCommand(ClusterList, ['--json']);
    const list = JSON.parse(r.stdout) as Array<{ name: string; status: string; attached: boolean }>;
    assert.deepEqual(list.map((c) => [c.name, c.status, c.attached]), [['dev', 'stopped', false], ['gone', 'unreachable', false], ['lab', 'running', true], ['old', 'unreachable', false]]);
  });
});
