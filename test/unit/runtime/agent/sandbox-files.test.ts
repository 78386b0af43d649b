import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DcosError } from '../../../../src/core/errors.js';
import { completeUtf8, MAX_READ_BYTES, SandboxFiles } from '../../../../src/runtime/agent/sandbox-files.js';
import { tempDir } from './helpers.js';

async function rejectsWith(p: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DcosError, `expected a DcosError, got ${String(e)}`);
    assert.equal(e.status, status);
    assert.match(e.message, message);
    return true;
  });
}

describe('SandboxFiles', () => {
  let dir: string;
  let root: string;
  let files: SandboxFiles;
  let stdout: string;

  beforeEach(() => {
    dir = tempDir();
    root = join(dir, 'sandboxes');
    mkdirSync(join(root, 'fw', 'task.1'), { recursive: true });
    stdout = join(root, 'fw', 'task.1', 'stdout');
    writeFileSync(stdout, 'hello world\n');
    writeFileSync(join(dir, 'agent.db'), 'secret');
    files = new SandboxFiles(root);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses FIFOs at once, however many reads ask, and keeps serving regular files', async () => {
    const sandbox = join(root, 'fw', 'task.1');
    execFileSync('mkfifo', [join(sandbox, 'pipe')]);
    symlinkSync(join(sandbox, 'pipe'), join(sandbox, 'link-to-pipe'));
    // More reads than libuv has I/O threads (4): a blocking open of each would hang them all.
    const reads = Array.from({ length: 12 }, (_, i) => files.read(join(sandbox, i % 2 ? 'pipe' : 'link-to-pipe'), '0'));
    const outcome = await Promise.race([
      Promise.allSettled(reads),
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 2_000).unref()),
    ]);
    assert.notEqual(outcome, 'hung', 'reads of a FIFO must not block');
    for (const r of outcome as PromiseSettledResult<unknown>[]) {
      assert.equal(r.status, 'rejected');
      assert.match(((r as PromiseRejectedResult).reason as Error).message, /is not a regular file \(a FIFO\); only regular files can be read/);
      assert.equal(((r as PromiseRejectedResult).reason as DcosError).status, 400);
    }
    assert.deepEqual(await files.read(stdout, '0'), { data: 'hello world\n', offset: 0 }, 'regular files are still served');
    assert.equal((await files.browse(sandbox)).find((e) => e.path.endsWith('/pipe'))?.mode[0], 'p', 'browse lists the FIFO without opening it');
  });

  it('reads from an offset', async () => {
    assert.deepEqual(await files.read(stdout, '0'), { data: 'hello world\n', offset: 0 });
    assert.deepEqual(await files.read(stdout, '6'), { data: 'world\n', offset: 6 });
    assert.deepEqual(await files.read(stdout, '6', '3'), { data: 'wor', offset: 6 });
  });

  it('answers offset -1 with the size of the file and no data', async () => {
    assert.deepEqual(await files.read(stdout, '-1'), { data: '', offset: 12 });
  });

  it('answers an offset at or past the end with no data', async () => {
    assert.deepEqual(await files.read(stdout, '12'), { data: '', offset: 12 });
    assert.deepEqual(await files.read(stdout, '500'), { data: '', offset: 500 });
  });

  it('returns at most 1 MiB per read', async () => {
    writeFileSync(stdout, Buffer.alloc(MAX_READ_BYTES + 10, 'a'));
    assert.equal((await files.read(stdout, '0', String(10 * MAX_READ_BYTES))).data.length, MAX_READ_BYTES);
  });

  it('never splits a UTF-8 character at the end of a page', async () => {
    writeFileSync(stdout, 'aé'); // é is 2 bytes
    assert.deepEqual(await files.read(stdout, '0', '2'), { data: 'a', offset: 0 });
    assert.deepEqual(await files.read(stdout, '1', '2'), { data: 'é', offset: 1 });
    assert.equal(completeUtf8(Buffer.from('€', 'utf8').subarray(0, 2)).length, 0);
  });

  it('rejects an offset or length that is not an integer with 400', async () => {
    await rejectsWith(files.read(stdout, 'abc'), 400, /offset/);
    await rejectsWith(files.read(stdout, '-2'), 400, /offset/);
    await rejectsWith(files.read(stdout, undefined), 400, /offset/);
    await rejectsWith(files.read(stdout, '0', '1.5'), 400, /length/);
  });

  it('refuses paths outside the sandboxes with 403, however they are spelled', async () => {
    await rejectsWith(files.read(join(dir, 'agent.db'), '0'), 403, /outside the task sandboxes/);
    await rejectsWith(files.read(`${root}/fw/../../agent.db`, '0'), 403, /outside/);
    await rejectsWith(files.read('/etc/passwd', '0'), 403, /outside/);
  });

  it('refuses a symlink inside a sandbox that points outside', async () => {
    symlinkSync(join(dir, 'agent.db'), join(root, 'fw', 'task.1', 'escape'));
    await rejectsWith(files.read(join(root, 'fw', 'task.1', 'escape'), '0'), 403, /outside/);
  });

  it('answers 404 for a missing file and 400 for a relative path or a directory', async () => {
    await rejectsWith(files.read(join(root, 'fw', 'task.1', 'nope'), '0'), 404, /No such file/);
    await rejectsWith(files.read('fw/task.1/stdout', '0'), 400, /absolute/);
    await rejectsWith(files.read(join(root, 'fw', 'task.1'), '0'), 400, /directory/);
  });

  it('browses a sandbox directory', async () => {
    const entries = await files.browse(join(root, 'fw', 'task.1'));
    assert.equal(entries.length, 1);
    assert.equal(entries[0].path, stdout);
    assert.equal(entries[0].size, 12);
    assert.match(entries[0].mode, /^-rw/);
    assert.equal(typeof entries[0].uid, 'string');
    await rejectsWith(files.browse(dir), 403, /outside/);
    await rejectsWith(files.browse(stdout), 400, /not a directory/);
  });
});
