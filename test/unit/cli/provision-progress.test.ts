import assert from 'node:assert/strict';
import {
  createProvisionProgress, provisionLine, ProvisionTracker, type ProvisionProgressEvent, type ProvisionStatus,
} from '../../../src/cli/provision-progress.js';

const HOSTS = [
  { name: 'master-1', host: '127.0.0.10' },
  { name: 'agent-1', host: '127.0.0.12' },
  { name: 'agent-2', host: '127.0.0.13' },
];
const UP_STAGES = ['connect', 'preflight', 'plan', 'upload', 'install', 'configure', 'start'];
const T = '2026-11-21T06:02:19.014Z';

function ev(node: string, stage: string, status: ProvisionStatus, extra: Partial<ProvisionProgressEvent> = {}): ProvisionProgressEvent {
  const host = HOSTS.find((h) => h.name === node)?.host ?? 'http://127.0.0.10:5050';
  return { time: T, node, host, stage, status, ...extra };
}

const capture = () => {
  const chunks: string[] = [];
  return { chunks, lines: () => chunks.join('').split('\n').filter(Boolean), out: { write: (s: string) => chunks.push(s) } };
};

/** A stream that says it is a terminal, for listr2's tree. */
const fakeTerminal = () => {
  const chunks: string[] = [];
  const stream = { isTTY: true, columns: 120, rows: 200, write: (s: string) => { chunks.push(String(s)); return true; } };
  const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  return { stream, lastFrame: () => chunks.map(strip).filter((c) => c.trim()).at(-1) ?? '' };
};

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);

describe('provisioning progress', () => {
  describe('plain lines', () => {
    it('prints one timestamped line per event, naming the node and its host', () => {
      assert.equal(provisionLine(ev('agent-1', 'upload', 'started')), `${T} [agent-1 127.0.0.12] upload ...`);
      assert.equal(provisionLine(ev('agent-1', 'upload', 'progress', { message: '40% of 150 MiB' })), `${T} [agent-1 127.0.0.12] upload: 40% of 150 MiB`);
      assert.equal(provisionLine(ev('agent-1', 'upload', 'done', { elapsedMs: 2140 })), `${T} [agent-1 127.0.0.12] upload: done (2.1s)`);
      assert.equal(provisionLine(ev('agent-1', 'upload', 'unchanged', { message: 'same hash' })), `${T} [agent-1 127.0.0.12] upload: unchanged: same hash`);
      assert.equal(provisionLine(ev('agent-1', 'upload', 'skipped')), `${T} [agent-1 127.0.0.12] upload: skipped`);
      assert.equal(
        provisionLine(ev('cluster', 'postflight', 'started', { message: 'waiting for the leader' })),
        `${T} [cluster http://127.0.0.10:5050] postflight: waiting for the leader`,
      );
    });

    it('keeps a failure on one line with its whole message', () => {
      const failed = ev('agent-2', 'start', 'failed', { message: 'dcos-agent exited with code 1\n  port 5051 in use\n', elapsedMs: 900 });
      assert.equal(provisionLine(failed), `${T} [agent-2 127.0.0.13] start: failed: dcos-agent exited with code 1; port 5051 in use`);
    });

    it('writes the lines to the given stream (stderr by default) as events arrive', async () => {
      const { lines, out } = capture();
      const progress = createProvisionProgress({ mode: 'plain', hosts: HOSTS, stages: UP_STAGES, out });
      progress.listener(ev('master-1', 'connect', 'started'));
      progress.listener(ev('master-1', 'connect', 'done', { elapsedMs: 31 }));
      await progress.done();
      assert.deepEqual(lines(), [`${T} [master-1 127.0.0.10] connect ...`, `${T} [master-1 127.0.0.10] connect: done (0.0s)`]);
    });
  });

  describe('--json', () => {
    it('writes every event as it is, one JSON object per line', async () => {
      const { chunks, out } = capture();
      const progress = createProvisionProgress({ mode: 'json', hosts: HOSTS, stages: UP_STAGES, out });
      const events = [
        ev('agent-1', 'upload', 'started'),
        ev('agent-1', 'upload', 'progress', { message: '40% of 150 MiB' }),
        ev('agent-1', 'upload', 'done', { elapsedMs: 2140 }),
        ev('cluster', 'postflight', 'failed', { message: 'no master answers', elapsedMs: 30000 }),
      ];
      events.forEach(progress.listener);
      await progress.done();
      assert.ok(chunks.every((c) => c.endsWith('\n') && c.indexOf('\n') === c.length - 1), 'one line per event');
      assert.deepEqual(chunks.map((c) => JSON.parse(c)), events);
    });
  });

  describe('ProvisionTracker (the bookkeeping behind the tree)', () => {
    it('adds a stage as its first event arrives and follows its messages to its end', () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      t.apply(ev('agent-1', 'connect', 'started'));
      t.apply(ev('agent-1', 'connect', 'done', { elapsedMs: 40 }));
      t.apply(ev('agent-1', 'upload', 'started'));
      t.apply(ev('agent-1', 'upload', 'progress', { message: '40% of 150 MiB' }));
      const runs = t.node('agent-1')!.runs;
      assert.deepEqual(runs.map((r) => [r.stage, r.status]), [['connect', 'done'], ['upload', 'started']]);
      assert.equal(runs[1].title(), 'upload');
      assert.equal(runs[1].message, '40% of 150 MiB');
      t.apply(ev('agent-1', 'upload', 'done', { elapsedMs: 2140 }));
      assert.equal(runs[1].title(), 'upload: 40% of 150 MiB (2.1s)', 'the last message stays in the title');
      assert.deepEqual(t.node('master-1')!.runs, [], 'other hosts untouched');
    });

    it('closes a stage whose end went missing when the next one begins', () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      t.apply(ev('agent-1', 'install', 'started'));
      t.apply(ev('agent-1', 'configure', 'started'));
      assert.deepEqual(t.node('agent-1')!.runs.map((r) => [r.stage, r.status]), [['install', 'done'], ['configure', 'started']]);
    });

    it('records a stage that only reports its end (unchanged, skipped)', () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      t.apply(ev('agent-1', 'upload', 'unchanged', { message: 'bundle already there' }));
      const [run] = t.node('agent-1')!.runs;
      assert.equal(run.open, false);
      assert.equal(run.title(), 'upload: unchanged: bundle already there');
    });

    it('ends a host when a stage fails or its last stage closes, and every host when a cluster-wide stage begins', async () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      t.apply(ev('agent-1', 'start', 'failed', { message: 'boom' }));
      t.apply(ev('agent-2', 'start', 'done'));
      t.apply(ev('master-1', 'plan', 'done'));
      assert.deepEqual(t.hosts.map((h) => h.ended), [false, true, true]);
      assert.equal(await t.node('agent-1')!.run(1), undefined, 'no stage after a failure');
      t.apply(ev('cluster', 'postflight', 'started'));
      assert.equal(t.node('master-1')!.ended, true);
      assert.equal(await t.node('master-1')!.run(1), undefined);
      assert.equal(t.node('cluster')!.ended, false);
    });

    it('lets the tree wait for a stage that has not begun yet', async () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      const next = t.node('agent-1')!.run(0);
      t.apply(ev('agent-1', 'connect', 'started'));
      assert.equal((await next)?.stage, 'connect');
    });

    it('lists nodes that are not declared hosts (the cluster) in order of their first event', async () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      const first = t.extra(0);
      t.apply(ev('cluster', 'postflight', 'started'));
      t.apply(ev('agent-9', 'connect', 'started', { host: '127.0.0.19' }));
      assert.equal((await first)?.title, 'cluster http://127.0.0.10:5050');
      assert.deepEqual(t.extras.map((n) => n.title), ['cluster http://127.0.0.10:5050', 'agent-9 127.0.0.19']);
      const none = t.extra(2);
      t.end();
      assert.equal(await none, undefined);
    });

    it('end() closes whatever is open as skipped and releases every waiter', async () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      t.apply(ev('agent-1', 'upload', 'started'));
      const silent = t.node('agent-2')!.run(0);
      const upload = t.node('agent-1')!.runs[0];
      t.end();
      await within(100, upload.closed);
      assert.equal(upload.status, 'skipped');
      assert.equal(await within(100, silent), undefined);
    });

    it('sums a finished host up: the stages that changed it, or where it stopped', () => {
      const t = new ProvisionTracker(HOSTS, UP_STAGES);
      for (const stage of UP_STAGES) {
        t.apply(ev('agent-1', stage, 'started'));
        t.apply(ev('agent-1', stage, 'done', { elapsedMs: 10 }));
      }
      t.apply(ev('master-1', 'plan', 'started'));
      t.apply(ev('master-1', 'plan', 'progress', { message: 'unchanged' }));
      t.apply(ev('master-1', 'plan', 'done', { elapsedMs: 10 }));
      assert.equal(t.node('agent-1')!.summary(), 'upload, install, configure, start');
      assert.equal(t.node('master-1')!.summary(), 'plan: unchanged');
      assert.equal(t.node('agent-2')!.summary(), 'no events');
    });
  });

  describe('the listr2 tree on a terminal', function () {
    this.timeout(5000);

    it('draws host → stage, marks the failed host, and finishes when done() is called even if a host never reported', async () => {
      const term = fakeTerminal();
      const hosts = [...HOSTS, { name: 'agent-3', host: '127.0.0.14' }];
      const progress = createProvisionProgress({ mode: 'tty', hosts, stages: UP_STAGES, out: term.stream });
      const run = (node: string, stage: string, end: ProvisionStatus = 'done', message?: string) => {
        progress.listener(ev(node, stage, 'started'));
        progress.listener(ev(node, stage, end, { elapsedMs: 1200, ...(message ? { message } : {}) }));
      };
      for (const node of ['master-1', 'agent-1', 'agent-2']) for (const stage of ['connect', 'preflight', 'plan']) run(node, stage);
      for (const node of ['agent-1', 'agent-2']) for (const stage of ['upload', 'install', 'configure']) run(node, stage);
      run('agent-1', 'start');
      run('agent-2', 'start', 'failed', 'dcos-agent exited with code 1');
      progress.listener(ev('cluster', 'postflight', 'started'));
      progress.listener(ev('cluster', 'postflight', 'progress', { message: 'canary task ran on 127.0.0.12 and was removed' }));
      // postflight never reports its end: done() must close it
      await within(2000, progress.done());

      const frame = term.lastFrame();
      assert.match(frame, /^✔ master-1 127\.0\.0\.10: plan: done$/m, 'a host that changed nothing collapses to where it stopped');
      assert.match(frame, /^✔ agent-1 127\.0\.0\.12: upload, install, configure, start$/m);
      assert.match(frame, /^✖ agent-2 127\.0\.0\.13$/m);
      assert.match(frame, /^ {2}✔ configure \(1\.2s\)$/m, 'a failed host keeps its stages on show');
      assert.match(frame, /^ {2}✖ start: dcos-agent exited with code 1$/m);
      assert.match(frame, /^↓ agent-3 127\.0\.0\.14: no events$/m, 'a host that never reported is skipped, not waited for');
      assert.match(frame, /^ {2}↓ postflight: skipped: canary task ran on 127\.0\.0\.12 and was removed$/m);
      assert.ok(frame.indexOf('agent-3') < frame.indexOf('cluster'), 'the cluster-wide task comes last');
    });

    it('finishes at once when nothing was reported at all', async () => {
      const term = fakeTerminal();
      const progress = createProvisionProgress({ mode: 'tty', hosts: HOSTS, stages: UP_STAGES, out: term.stream });
      await within(2000, progress.done());
      assert.match(term.lastFrame(), /↓ agent-2 127\.0\.0\.13: no events/);
    });
  });
});
