import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isTerminal } from '../../../../src/core/task-state.js';
import { AgentClient } from '../../../../src/api/agent-client.js';
import { HttpClient } from '../../../../src/api/http-client.js';
import { Agent } from '../../../../src/runtime/agent/agent.js';
import type { AgentConfig } from '../../../../src/runtime/agent/agent-config.js';
import { LAUNCH_BODY_LIMIT_BYTES } from '../../../../src/runtime/agent/http/task-routes.js';
import { isProcessAlive } from '../../../../src/runtime/agent/proc.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { FakeMaster, NODE_TOKEN, shellTask, silentLogger, tempDir, waitFor } from './helpers.js';

const HOST = '127.0.50.2';
const FRAMEWORK = 'fw-0000';

describe('Agent', () => {
  let dir: string;
  let master: FakeMaster;
  let agents: Agent[];

  const config = (overrides: Partial<AgentConfig> = {}): AgentConfig => ({
    masterUrl: master.url, listenHost: HOST, listenPort: 0, hostname: HOST, workDir: join(dir, 'work'), nodeToken: NODE_TOKEN,
    resources: { cpus: 2, mem: 1024, disk: 1024, ports: [[31000, 32000]] }, attributes: { rack: 'r1' }, ...overrides,
  });
  const start = async (overrides: Partial<AgentConfig> = {}, onShutdown?: () => void): Promise<Agent> => {
    const agent = await Agent.start(config(overrides), { logger: silentLogger, onShutdown, pollIntervalMs: 20 });
    agents.push(agent);
    return agent;
  };
  const clientOf = (agent: Agent, token = NODE_TOKEN) => new AgentClient({ baseUrl: `http://${HOST}:${agent.port}`, token });

  beforeEach(async () => {
    dir = tempDir();
    agents = [];
    master = await new FakeMaster('127.0.50.1').start();
  });
  afterEach(async () => {
    for (const a of agents) await a.stop();
    await master.stop();
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers with its id, address, resources and attributes, and keeps its id across restarts', async () => {
    const first = await start();
    const reg = await waitFor('registration', () => master.lastRegistration());
    assert.equal(reg.agentId, first.id);
    assert.match(reg.agentId, /-S0$/);
    assert.equal(reg.hostname, HOST);
    assert.equal(reg.port, first.port);
    assert.deepEqual(reg.resources, { cpus: 2, mem: 1024, disk: 1024, ports: [[31000, 32000]] });
    assert.deepEqual(reg.attributes, { rack: 'r1' });
    await waitFor('a heartbeat', () => master.heartbeats > 0);
    await first.stop();

    const second = await start();
    assert.equal(second.id, first.id);
  });

  it('accepts a launch of thousands of tasks, past the 1 MiB other requests may have, up to its own bound', async () => {
    const agent = await start({ simulation: {} });
    const tasks = Array.from({ length: 3_000 }, (_, i) => shellTask(`big.${i}`, 'sleep 3600', { env: { MARATHON_APP_ID: '/big', HOST, PADDING: 'x'.repeat(300) } }));
    const body = { frameworkId: FRAMEWORK, tasks };
    assert.ok(JSON.stringify(body).length > 1024 * 1024);
    assert.equal((await clientOf(agent).launch(body)).accepted.length, 3_000);
    await waitFor('3000 simulated tasks running', async () => (await clientOf(agent).state()).tasks.filter((t) => t.state === 'TASK_RUNNING').length === 3_000);

    const tooBig = { frameworkId: FRAMEWORK, tasks: [shellTask('huge.1', 'true', { env: { PADDING: 'x'.repeat(LAUNCH_BODY_LIMIT_BYTES) } })] };
    assert.equal((await clientOf(agent).http.send('POST', '/api/v1/tasks/launch', tooBig)).status, 413);
  });

  it('refuses to start simulated on a work dir that holds real tasks, naming one: it would report them lost while they run', async () => {
    const real = await start();
    await clientOf(real).launch({ frameworkId: FRAMEWORK, tasks: [shellTask('real.1', 'sleep 100')] });
    await waitFor('real.1 to run', async () => (await clientOf(real).state()).tasks.some((t) => t.taskId === 'real.1' && t.state === 'TASK_RUNNING'));
    await real.stop();
    agents.splice(agents.indexOf(real), 1);
    await assert.rejects(start({ simulation: {} }), /--driver simulated on .*, which holds 1 real tasks \(e\.g\. real\.1\)/);
  });

  it('accepts only the node credential on its API, and answers /ping to anyone', async () => {
    const agent = await start();
    const anonymous = new HttpClient({ baseUrl: `http://${HOST}:${agent.port}` });
    assert.equal((await anonymous.send('GET', '/api/v1/state')).status, 401);
    assert.equal((await anonymous.send('GET', '/files/read?path=/etc/passwd&offset=0')).status, 401);
    const user = new HttpClient({ baseUrl: `http://${HOST}:${agent.port}`, token: 'the-user-token' });
    assert.equal((await user.send('POST', '/api/v1/tasks/launch', { frameworkId: FRAMEWORK, tasks: [] })).status, 401);
    assert.equal((await user.send('POST', '/api/v1/shutdown', { killTasks: true })).status, 401);
    assert.deepEqual(await anonymous.send('GET', '/ping'), { status: 200, text: 'pong' });
    assert.equal((await clientOf(agent).state()).id, agent.id);
  });

  it('answers malformed requests with 400 and a message naming the problem, and keeps serving', async () => {
    const agent = await start();
    const http = clientOf(agent).http;
    const cases: Array<[string, unknown, RegExp]> = [
      ['/api/v1/tasks/launch', '{not json', /Invalid JSON/],
      ['/api/v1/tasks/launch', { frameworkId: FRAMEWORK }, /tasks/],
      ['/api/v1/tasks/launch', { frameworkId: '../etc', tasks: [] }, /frameworkId/],
      ['/api/v1/tasks/kill', {}, /taskId/],
      ['/api/v1/shutdown', { killTasks: 'maybe' }, /killTasks/],
    ];
    for (const [path, body, message] of cases) {
      const res = await http.send('POST', path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.match(JSON.parse(res.text).message, message);
    }
    assert.equal((await clientOf(agent).state()).id, agent.id);
  });

  it('refuses a task it cannot run with TASK_ERROR naming why, and runs the rest of the batch', async () => {
    const agent = await start();
    await waitFor('registration', () => master.lastRegistration());
    const tasks = [
      { ...shellTask('blank.1', 'x'), command: { shell: true, value: ' ' } },
      { ...shellTask('x.1', 'true'), taskId: '..' },
      { ...shellTask('env.1', 'true'), env: { 'A=B': 'x' } },
      { ...shellTask('x'.repeat(201), 'true') },
      shellTask('good.1', 'true'),
    ];
    assert.deepEqual(await clientOf(agent).launch({ frameworkId: FRAMEWORK, tasks }), { accepted: ['good.1'] });
    await waitFor('TASK_FINISHED of the good task', () => master.statesOf('good.1').includes('TASK_FINISHED'));
    const error = (taskId: string) => master.received.find((u) => u.taskId === taskId && u.state === 'TASK_ERROR')?.message;
    await waitFor('four TASK_ERRORs', () => ['blank.1', '..', 'env.1', 'x'.repeat(201)].every(error));
    assert.match(error('blank.1')!, /^Launch refused: command\/value must be a non-empty command line/);
    assert.match(error('..')!, /task id "\.\." cannot name a sandbox directory/);
    assert.match(error('env.1')!, /environment variable name "A=B"/);
    assert.match(error('x'.repeat(201))!, /cannot name a sandbox directory/);
  });

  it('runs launched tasks and reports their states to the master', async () => {
    const agent = await start();
    await waitFor('registration', () => master.lastRegistration());
    const client = clientOf(agent);
    assert.deepEqual(await client.launch({ frameworkId: FRAMEWORK, tasks: [shellTask('web.1', 'echo $MESOS_TASK_ID')] }), { accepted: ['web.1'] });
    await waitFor('TASK_FINISHED', () => master.statesOf('web.1').includes('TASK_FINISHED'));
    assert.deepEqual(master.statesOf('web.1'), ['TASK_RUNNING', 'TASK_FINISHED']);
    const sandbox = master.received.find((u) => u.taskId === 'web.1')!.sandbox!;
    assert.deepEqual(await client.readFile(join(sandbox, 'stdout'), 0), { data: 'web.1\n', offset: 0 });
    assert.deepEqual(await client.readFile(join(sandbox, 'stdout'), -1), { data: '', offset: 6 });
    await assert.rejects(client.readFile(join(dir, 'work', 'agent.db'), 0), /outside the task sandboxes/);
    await waitFor('task forgotten once acknowledged', async () => (await client.state()).tasks.length === 0);
  });

  it('launching 100 tasks at once costs far fewer than 100 status update requests', async () => {
    const agent = await start();
    await waitFor('registration', () => master.lastRegistration());
    const tasks = Array.from({ length: 100 }, (_, i) => shellTask(`burst.${i}`, 'exit 0'));
    const { accepted } = await clientOf(agent).launch({ frameworkId: FRAMEWORK, tasks });
    assert.equal(accepted.length, 100);
    await waitFor('every task finished', () => tasks.every((t) => master.statesOf(t.taskId).includes('TASK_FINISHED')), 30_000);
    assert.ok(master.updatePosts.length < 25, `${master.updatePosts.length} update requests for 200 updates`);
  });

  it('kills a task through the API: TASK_KILLING, then TASK_KILLED', async () => {
    const agent = await start();
    await waitFor('registration', () => master.lastRegistration());
    const client = clientOf(agent);
    await client.launch({ frameworkId: FRAMEWORK, tasks: [shellTask('sleepy.1', 'sleep 1000')] });
    await waitFor('TASK_RUNNING', () => master.statesOf('sleepy.1').includes('TASK_RUNNING'));
    await client.kill({ taskId: 'sleepy.1', gracePeriodSeconds: 1 });
    await waitFor('TASK_KILLED', () => master.statesOf('sleepy.1').includes('TASK_KILLED'));
    assert.deepEqual(master.statesOf('sleepy.1'), ['TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED']);
    await client.kill({ taskId: 'never-was.1', frameworkId: FRAMEWORK });
    await waitFor('TASK_LOST', () => master.statesOf('never-was.1').includes('TASK_LOST'));
  });

  it('registers again, with its tasks, when a heartbeat says the master forgot it', async () => {
    const agent = await start();
    await waitFor('registration', () => master.lastRegistration());
    await clientOf(agent).launch({ frameworkId: FRAMEWORK, tasks: [shellTask('long.1', 'sleep 1000')] });
    await waitFor('TASK_RUNNING', () => master.statesOf('long.1').includes('TASK_RUNNING'));
    master.known = false;
    const again = await waitFor('re-registration', () => master.registrations.length >= 2 && master.lastRegistration());
    assert.deepEqual(again.tasks.map((t) => [t.taskId, t.state, t.frameworkId]), [['long.1', 'TASK_RUNNING', FRAMEWORK]]);
  });

  it('waits for a master that is down, then registers and delivers what happened meanwhile', async () => {
    const address = master.url;
    await master.stop();
    const agent = await start({ masterUrl: address });
    await new Promise((r) => setTimeout(r, 300));
    await clientOf(agent).launch({ frameworkId: FRAMEWORK, tasks: [shellTask('offline.1', 'true')] });
    await waitFor('task ended', async () => (await clientOf(agent).state()).tasks.some((t) => isTerminal(t.state)));
    master = await new FakeMaster('127.0.50.1').start(Number(new URL(address).port));
    await waitFor('registration', () => master.lastRegistration());
    await waitFor('updates delivered', () => master.statesOf('offline.1').includes('TASK_FINISHED'));
  });

  it('on shutdown with killTasks, kills every task, answers, then asks to exit', async () => {
    let exitRequested = false;
    const agent = await start({}, () => { exitRequested = true; });
    await waitFor('registration', () => master.lastRegistration());
    const client = clientOf(agent);
    await client.launch({ frameworkId: FRAMEWORK, tasks: [shellTask('a.1', 'sleep 1000'), shellTask('b.1', 'trap "" TERM; sleep 1000', { killGracePeriodSeconds: 0.2 })] });
    await waitFor('both running', () => ['a.1', 'b.1'].every((id) => master.statesOf(id).includes('TASK_RUNNING')));
    await client.shutdown({ killTasks: true });
    assert.deepEqual(master.statesOf('a.1').at(-1), 'TASK_KILLED');
    assert.deepEqual(master.statesOf('b.1').at(-1), 'TASK_KILLED');
    await waitFor('exit requested', () => exitRequested);
  });

  it('on shutdown without killTasks, leaves tasks running', async () => {
    let exitRequested = false;
    const agent = await start({}, () => { exitRequested = true; });
    await waitFor('registration', () => master.lastRegistration());
    const client = clientOf(agent);
    await client.launch({ frameworkId: FRAMEWORK, tasks: [shellTask('stay.1', 'echo $$ > pid; exec sleep 1000')] });
    await waitFor('TASK_RUNNING', () => master.statesOf('stay.1').includes('TASK_RUNNING'));
    await client.shutdown({ killTasks: false });
    await waitFor('exit requested', () => exitRequested);
    await agent.stop();
    const sandbox = master.received.find((u) => u.taskId === 'stay.1')!.sandbox!;
    const pid = Number(readFileSync(join(sandbox, 'pid'), 'utf8'));
    assert.ok(isProcessAlive(pid));
  });
});
