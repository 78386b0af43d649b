import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import DebugDetails from '../../../src/commands/marathon/debug/details.js';
import DebugList from '../../../src/commands/marathon/debug/list.js';
import DebugSummary from '../../../src/commands/marathon/debug/summary.js';
import MarathonAbout from '../../../src/commands/marathon/about.js';
import LeaderShow from '../../../src/commands/marathon/leader/show.js';
import MarathonPing from '../../../src/commands/marathon/ping.js';
import { startMaster } from '../../../src/runtime/master/master.js';
import { eventually } from '../../harness/proc.js';
import { clusterPerSuite, runCommand } from './harness.js';

/** The launch-queue diagnostics and Marathon's own endpoints, against one real master and agent (127.0.104.41-42). */
describe('marathon debug, about, leader and ping', () => {
  const cluster = clusterPerSuite({ masterHost: '127.0.104.41', agentHosts: ['127.0.104.42'] });

  describe('marathon debug', () => {
    /** More memory than the agent has (2048 MiB): it waits, and the queue says why. */
    before(async () => {
      await cluster().marathon.createApp({ id: '/huge', cmd: 'exec sleep 1000', cpus: 0.01, mem: 4096, instances: 2 });
      await eventually(async () => (await cluster().marathon.queue()).find((q) => q.app.id === '/huge' && q.processedOffersSummary.processedOffersCount > 0), 10_000, 'an offer to be looked at for /huge');
    });

    it('list prints the apps waiting to launch: how many, since when, the delay and why', async () => {
      const [item] = await cluster().marathon.queue();
      const r = await runCommand(DebugList, []);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout, [
        `ID     SINCE${' '.repeat(item.since.length - 5)}  INSTANCES TO LAUNCH  DELAY  REASON`,
        `/huge  ${item.since}                    2    ---  ${item.waitingReason}`,
        '',
      ].join('\n'));
      assert.deepEqual(JSON.parse((await runCommand(DebugList, ['--json'])).stdout).map((q: { app: { id: string } }) => q.app.id), ['/huge']);
    });

    it('summary names the reason the app waits, then how the last offers matched what it asks for', async () => {
      const [item] = await cluster().marathon.queue();
      assert.match(item.waitingReason, /127\.0\.104\.42: insufficient/);
      const r = await runCommand(DebugSummary, ['huge']);
      assert.equal(r.exitCode, 0, r.stderr);
      const s = item.processedOffersSummary;
      const fields = [
        'APP        /huge',
        'TO LAUNCH  2',
        `SINCE      ${item.since}`,
        'DELAY      ---',
        `OFFERS     ${s.processedOffersCount} processed, ${s.unusedOffersCount} unused`,
        `REASON     ${item.waitingReason}`,
      ];
      // the table of rejectSummaryLastOffers follows when the server fills it in
      const table = s.rejectSummaryLastOffers.length === 0 ? [] : ['', 'REASON', ...s.rejectSummaryLastOffers.map((x) => x.reason)];
      assert.deepEqual(r.stdout.split('\n').map((l, i) => (i > fields.length ? l.split(/\s+/)[0] : l)), [...fields, ...table, '']);
      for (const x of s.rejectSummaryLastOffers.filter((x) => x.reason === 'InsufficientMemory')) {
        assert.match(r.stdout, new RegExp(`^InsufficientMemory\\s+4096\\s+${x.declined}/${x.processed}$`, 'm'));
      }
      assert.equal(JSON.parse((await runCommand(DebugSummary, ['/huge', '--json'])).stdout).app.id, '/huge');
    });

    it('details lists each offer the last pass did not use: host, agent, reasons', async () => {
      const r = await runCommand(DebugDetails, ['/huge']);
      assert.equal(r.exitCode, 0, r.stderr);
      const agent = cluster().agents[0].id;
      const [header, row, end] = r.stdout.split('\n');
      assert.match(header, new RegExp(`^HOST {10}AGENT {${agent.length - 3}}REASON +RECEIVED$`));
      assert.match(row, new RegExp(`^127\\.0\\.104\\.42  ${agent}  Insufficient\\w+ +\\d{4}-\\S+Z$`));
      assert.equal(end, '');
      const [item] = JSON.parse((await runCommand(DebugDetails, ['/huge', '--json'])).stdout).lastUnusedOffers;
      assert.equal(item.offer.agentId, agent);
    });

    it('summary and details of an app with nothing waiting are errors with exit code 1', async () => {
      const message = 'Error: /calm is not in the launch queue: nothing of it waits to launch (see `dcos marathon debug list`)\n';
      assert.deepEqual(await runCommand(DebugSummary, ['/calm']), { stdout: '', stderr: message, exitCode: 1 });
      assert.deepEqual(await runCommand(DebugDetails, ['/calm']), { stdout: '', stderr: message, exitCode: 1 });
    });
  });

  it('about prints GET /v2/info as JSON', async () => {
    const r = await runCommand(MarathonAbout, []);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, `${JSON.stringify(await cluster().marathon.info(), null, 2)}\n`);
  });

  it('leader show prints the leading instance, or GET /v2/leader with --json', async () => {
    const leader = await cluster().marathon.leader();
    assert.match(leader, /^127\.0\.104\.41:\d+$/);
    assert.equal((await runCommand(LeaderShow, [])).stdout, `${leader}\n`);
    assert.deepEqual(JSON.parse((await runCommand(LeaderShow, ['--json'])).stdout), { leader });
  });

  describe('marathon ping', () => {
    const clusterFile = () => join(cluster().dcosDir, 'clusters', 'test', 'cluster.json');
    let saved: string;
    beforeEach(() => { saved = readFileSync(clusterFile(), 'utf8'); });
    afterEach(() => writeFileSync(clusterFile(), saved));
    const pointAt = (url: string) => writeFileSync(clusterFile(), JSON.stringify({ ...JSON.parse(saved), url }));
    const freePort = (host: string) => new Promise<number>((resolve, reject) => {
      const s = createServer().once('error', reject).listen(0, host, () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });

    it('prints what Marathon answers', async () => {
      assert.deepEqual(await runCommand(MarathonPing, []), { stdout: 'Marathon ping response: pong\n', stderr: '', exitCode: 0 });
      assert.deepEqual(JSON.parse((await runCommand(MarathonPing, ['--once', '--json'])).stdout), { response: 'pong', attempts: 1 });
    });

    it('with --once, fails at once (exit 1) when nothing answers', async () => {
      pointAt(`http://127.0.104.49:${await freePort('127.0.104.49')}`);
      const started = Date.now();
      const r = await runCommand(MarathonPing, ['--once']);
      assert.equal(r.exitCode, 1);
      assert.match(r.stderr, /^Error: cannot reach http:\/\/127\.0\.104\.49:\d+\/ping: /);
      assert.ok(Date.now() - started < 2_000);
    });

    it('without --once, asks again until a master that is starting answers', async () => {
      const port = await freePort('127.0.104.48');
      pointAt(`http://127.0.104.48:${port}`);
      const stateDir = join(cluster().dir, 'late-master');
      const late = new Promise<Awaited<ReturnType<typeof startMaster>>>((resolve, reject) => setTimeout(() => {
        startMaster({ host: '127.0.104.48', port, stateDir, clusterName: 'late', token: cluster().token, nodeToken: cluster().nodeToken, log: pino({ level: 'silent' }) }).then(resolve, reject);
      }, 1_200));
      try {
        const r = await runCommand(MarathonPing, ['--json']);
        assert.equal(r.exitCode, 0, r.stderr);
        const { response, attempts } = JSON.parse(r.stdout);
        assert.equal(response, 'pong');
        assert.ok(attempts >= 2, `asked ${attempts} times`);
      } finally {
        await (await late).close();
      }
    });
  });
});
