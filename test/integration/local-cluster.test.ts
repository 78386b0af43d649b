import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { killProcessesUnder } from '../harness/processes.js';
import { dcos, dcosOk, dcosSpawn, readCluster, type AttachedCluster } from '../harness/dcos-cli.js';
import { nodeNamed, restartNode } from '../harness/local-nodes.js';
import { eventually, isAlive, listProcesses, processesRunning } from '../harness/proc.js';

interface AppJson { id: string; instances: number; tasksRunning: number; tasksStaged: number; tasks?: TaskJson[] }
interface TaskJson { id: string; appId: string; host: string; ports: number[]; state: string; stagedAt: string; startedAt?: string; slaveId: string }

/** A task that serves HTTP on $HOST:$PORT0 and logs one line per request. */
const ECHO_CMD = `exec node -e "require('http').createServer((q, s) => { console.log('request ' + q.url); s.end('hello from ' + process.env.MESOS_TASK_ID); }).listen(process.env.PORT0, process.env.HOST, () => console.log('listening on ' + process.env.HOST + ':' + process.env.PORT0))"`;

describe('a local cluster driven through the dcos CLI', function () {
  this.timeout(60_000);
  let dir: string;
  let cluster: AttachedCluster;

  const appJson = async (id: string): Promise<AppJson> => JSON.parse(await dcosOk(dir, ['marathon', 'app', 'show', id, '--json']));
  const tasksOf = async (id: string): Promise<TaskJson[]> => JSON.parse(await dcosOk(dir, ['marathon', 'task', 'list', id, '--json']));
  const addApp = async (definition: object) => {
    const file = join(dir, `app-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(definition));
    return dcosOk(dir, ['marathon', 'app', 'add', file]);
  };
  const running = (id: string, n: number) => eventually(async () => {
    const app = await appJson(id);
    return app.tasksRunning === n && app.tasksStaged === 0 && (await tasksOf(id)).length === n ? app : undefined;
  }, 20_000, `${id} to run ${n} task(s)`);
  const removeApp = async (id: string, program: string[]) => {
    await dcosOk(dir, ['marathon', 'app', 'remove', id, '--force']);
    await eventually(() => processesRunning(program).length === 0, 15_000, `${id}'s processes to end`);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-it-'));
    await dcosOk(dir, ['cluster', 'up', '--local', '--agents', '2', '--name', 'it']);
    cluster = readCluster(dir, 'it');
  });

  after(async () => {
    const down = dir ? await dcos(dir, ['cluster', 'down', '--name', 'it']) : undefined;
    const leftBehind = dir ? listProcesses().filter((p) => p.cwd?.startsWith(dir) || p.argv.some((a) => a.includes(dir))) : [];
    if (dir) await killProcessesUnder(dir);
    if (dir) rmSync(dir, { recursive: true, force: true });
    assert.equal(down?.exitCode, 0, `cluster down failed: ${down?.stderr}`);
    assert.deepEqual(leftBehind.map((p) => p.argv.join(' ')), [], 'cluster down leaves no process behind');
  });

  it('leaves a running cluster unchanged when cluster up runs again', async () => {
    const again = await dcosOk(dir, ['cluster', 'up', '--local', '--agents', '2', '--name', 'it']);
    assert.match(again, /already up.*unchanged/);
    assert.equal(readCluster(dir, 'it').url, cluster.url);
  });

  it('registers both agents, as node list shows', async () => {
    const nodes = JSON.parse(await dcosOk(dir, ['node', 'list', '--json']));
    assert.equal(nodes.length, 2);
    const hosts = nodes.map((n: { hostname: string }) => n.hostname).sort();
    assert.deepEqual(hosts, nodeHosts(cluster));
  });

  it("runs an app whose tasks answer HTTP on their $HOST:$PORT, and app list --json shows the counts", async () => {
    await addApp({ id: '/it/web', cmd: ECHO_CMD, instances: 2, cpus: 0.1, mem: 32 });
    await running('/it/web', 2);
    for (const task of await tasksOf('/it/web')) {
      assert.ok(nodeHosts(cluster).includes(task.host), `task host ${task.host} is an agent address`);
      const res = await request(`http://${task.host}:${task.ports[0]}/`);
      assert.equal(await res.body.text(), `hello from ${task.id}`);
    }
    const listed = JSON.parse(await dcosOk(dir, ['marathon', 'app', 'list', '--json'])) as AppJson[];
    const web = listed.find((a) => a.id === '/it/web')!;
    assert.equal(web.instances, 2);
    assert.equal(web.tasksRunning, 2);
    const alias = JSON.parse(await dcosOk(dir, ['app', 'list', '--json'])) as AppJson[];
    assert.deepEqual(alias.map((a) => a.id), listed.map((a) => a.id));
  });

  it('shows what a task printed with service log, and a new line within a second with --follow', async () => {
    const [task] = await tasksOf('/it/web');
    await eventually(async () => (await dcosOk(dir, ['service', 'log', '/it/web'])).includes('listening on'), 5_000, 'the listening line');
    const ndjson = (await dcosOk(dir, ['service', 'log', '/it/web', '--json'])).trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(ndjson.some((l) => l.file === 'stdout' && l.line.startsWith('listening on ') && l.taskId.startsWith('it_web.')), 'service log --json prints NDJSON lines');
    const follow = dcosSpawn(dir, ['service', 'log', '/it/web', '--follow', '--lines', '5']);
    let seen = '';
    follow.stdout!.on('data', (d: Buffer) => { seen += d.toString(); });
    try {
      await eventually(() => seen.includes('listening on'), 10_000, 'follow to print the existing lines');
      const marker = `/marker-${Date.now()}`;
      // Both tasks get the request, so whichever task `service log` follows prints it.
      for (const t of await tasksOf('/it/web')) await (await request(`http://${t.host}:${t.ports[0]}${marker}`)).body.text();
      const sentAt = Date.now();
      await eventually(() => seen.includes(`request ${marker}`), 1_000, 'the new line');
      assert.ok(Date.now() - sentAt <= 1_000);
    } finally {
      follow.kill('SIGINT');
      await follow;
    }
    assert.ok(task);
  });

  it('scales 1 → 3 → 1 leaving exactly that many task processes', async () => {
    const program = ['sleep', '1001'];
    await addApp({ id: '/it/scale', cmd: 'exec sleep 1001', instances: 1, cpus: 0.01, mem: 8 });
    await running('/it/scale', 1);
    assert.equal(processesRunning(program).length, 1);
    await dcosOk(dir, ['marathon', 'app', 'start', '/it/scale', '3', '--force']);
    await running('/it/scale', 3);
    assert.equal(processesRunning(program).length, 3);
    await dcosOk(dir, ['marathon', 'app', 'start', '/it/scale', '1', '--force']);
    await running('/it/scale', 1);
    await eventually(() => processesRunning(program).length === 1, 10_000, 'surplus processes to end');
    await removeApp('/it/scale', program);
  });

  it('leaves no process behind when an app is removed', async () => {
    const program = ['sleep', '1004'];
    await addApp({ id: '/it/gone', cmd: 'exec sleep 1004', instances: 3, cpus: 0.01, mem: 8 });
    await running('/it/gone', 3);
    const pids = processesRunning(program);
    assert.equal(pids.length, 3);
    await dcosOk(dir, ['marathon', 'app', 'remove', '/it/gone', '--force']);
    await eventually(() => pids.every((p) => !isAlive(p)), 10_000, 'every task process to end');
    const wrappers = listProcesses().filter((p) => p.argv.includes('dcos-wrapper') && p.argv.some((a) => a.includes('/it_gone.')));
    assert.deepEqual(wrappers, []);
    const apps = JSON.parse(await dcosOk(dir, ['marathon', 'app', 'list', '--json'])) as AppJson[];
    assert.ok(!apps.some((a) => a.id === '/it/gone'));
  });

  it("relaunches a task whose process was killed, after the app's backoff", async () => {
    const program = ['sleep', '1002'];
    await addApp({ id: '/it/crash', cmd: 'exec sleep 1002', cpus: 0.01, mem: 8, backoffSeconds: 1, backoffFactor: 2 });
    await running('/it/crash', 1);
    const relaunchDelay = async () => {
      const [old] = await tasksOf('/it/crash');
      const [pid] = processesRunning(program);
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      const replacement = await eventually(async () => (await tasksOf('/it/crash')).find((t) => t.id !== old.id && t.state === 'TASK_RUNNING'), 15_000, 'a replacement task');
      return Date.parse(replacement.stagedAt) - killedAt;
    };
    const first = await relaunchDelay();
    assert.ok(first >= 900, `first relaunch waits backoffSeconds (1 s), waited ${first} ms`);
    const second = await relaunchDelay();
    assert.ok(second >= 1_900, `second relaunch waits 1 s × backoffFactor 2, waited ${second} ms`);
    const app = await appJson('/it/crash');
    assert.match(JSON.stringify(app), /Command terminated with signal SIGKILL|status 137/);
    await removeApp('/it/crash', program);
  });

  it('keeps apps and their running tasks untouched across a master restart', async () => {
    const program = ['sleep', '1003'];
    await addApp({ id: '/it/steady', cmd: 'exec sleep 1003', instances: 2, cpus: 0.01, mem: 8 });
    await running('/it/steady', 2);
    const tasksBefore = (await tasksOf('/it/steady')).map((t) => t.id).sort();
    const pidsBefore = processesRunning(program).sort();
    const { before, after } = await restartNode(nodeNamed(cluster, 'master'));
    assert.notEqual(before, after);
    await eventually(async () => (await request(`${cluster.url}/ping`)).statusCode === 200, 10_000, 'the master to answer again');
    await running('/it/steady', 2);
    assert.deepEqual((await tasksOf('/it/steady')).map((t) => t.id).sort(), tasksBefore);
    assert.deepEqual(processesRunning(program).sort(), pidsBefore);
    const nodes = JSON.parse(await dcosOk(dir, ['node', 'list', '--json']));
    assert.equal(nodes.length, 2);
    await removeApp('/it/steady', program);
  });

  it('answers 401 to a request without credentials or with the wrong ones, on master and agents', async () => {
    const status = async (url: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET') =>
      (await request(url, { method, headers, body: method === 'POST' ? '{}' : undefined })).statusCode;
    assert.equal(await status(`${cluster.url}/ping`), 200);
    for (const path of ['/v2/apps', '/v2/tasks', '/v2/info', '/master/state']) {
      assert.equal(await status(`${cluster.url}${path}`), 401, `${path} without credentials`);
      assert.equal(await status(`${cluster.url}${path}`, { authorization: 'Bearer wrong' }), 401, `${path} with a wrong token`);
      assert.equal(await status(`${cluster.url}${path}`, { authorization: `Bearer ${cluster.token}` }), 200, `${path} with the token`);
    }
    const basic = Buffer.from(`admin:${cluster.token}`).toString('base64');
    assert.equal(await status(`${cluster.url}/v2/apps`, { authorization: `Basic ${basic}` }), 200, 'HTTP Basic as Marathon clients send it');
    const agent = nodeNamed(cluster, 'agent');
    const agentUrl = `http://${agent.host}:${agent.port}`;
    assert.equal(await status(`${agentUrl}/api/v1/tasks/launch`, {}, 'POST'), 401, 'agent launch without credentials');
    assert.equal(await status(`${agentUrl}/api/v1/tasks/launch`, { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' }, 'POST'), 401, 'agent launch with the user token');
  });

  it('rejects a bad app definition with 422, listing each bad path, and changes nothing', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ id: '/it/Bad_Name', cpus: -1, mem: 'lots', instances: -1 }));
    const r = await dcos(dir, ['marathon', 'app', 'add', file]);
    assert.notEqual(r.exitCode, 0);
    for (const path of ['/id', '/cpus', '/mem', '/instances']) assert.match(r.stderr, new RegExp(`${path}: `), `stderr names ${path}`);
    const asJson = await dcos(dir, ['marathon', 'app', 'add', file, '--json']);
    const paths = JSON.parse(asJson.stdout).error.details.map((d: { path: string }) => d.path).sort();
    assert.deepEqual(paths, ['/', '/cpus', '/id', '/instances', '/mem']);
    const res = await request(`${cluster.url}/v2/apps`, {
      method: 'POST', headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'x', cmd: 'y', cpus: 0 }),
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(await res.body.json(), { message: 'Object is not valid', code: 'DCOS_ERR_INVALID_DEFINITION', details: [{ path: '/cpus', errors: ['must be 0.001 or more'] }] });
    const apps = JSON.parse(await dcosOk(dir, ['marathon', 'app', 'list', '--json'])) as AppJson[];
    assert.ok(!apps.some((a) => a.id === '/it/Bad_Name' || a.id === '/x'));
  });
});

function nodeHosts(cluster: AttachedCluster): string[] {
  return cluster.config.local.nodes.filter((n) => n.role === 'agent').map((n) => n.host).sort();
}
