import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import GroupAdd from '../../../src/commands/marathon/group/add.js';
import GroupList from '../../../src/commands/marathon/group/list.js';
import GroupRemove from '../../../src/commands/marathon/group/remove.js';
import GroupScale from '../../../src/commands/marathon/group/scale.js';
import GroupShow from '../../../src/commands/marathon/group/show.js';
import GroupUpdate from '../../../src/commands/marathon/group/update.js';
import { eventually } from '../../harness/proc.js';
import { clusterPerSuite, runCommand, withStdin } from './harness.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const app = (id: string, instances = 1) => ({ id, cmd: 'exec sleep 1000', cpus: 0.01, mem: 8, instances });

/** The group commands against one real master and agent (127.0.104.11-12). */
describe('marathon group commands', () => {
  const cluster = clusterPerSuite({ masterHost: '127.0.104.11', agentHosts: ['127.0.104.12'] });
  const file = (name: string, content: unknown) => {
    const path = join(cluster().dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const settled = async () => eventually(async () => (await cluster().marathon.listDeployments()).length === 0, 15_000, 'the deployments to finish');
  const instancesOf = async (...ids: string[]) => Promise.all(ids.map(async (id) => (await cluster().marathon.getApp(id)).instances));

  before(async () => {
    const r = await runCommand(GroupAdd, [file('shop.json', { id: '/shop', apps: [app('front')], groups: [{ id: 'back', apps: [app('db'), app('cache')] }] })]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Created group /shop; deployment ${UUID}\n$`));
    await settled();
  });

  it('add creates the group with its apps and groups, and they run', async () => {
    assert.deepEqual((await cluster().marathon.listApps()).map((a) => [a.id, a.tasksRunning]).sort(), [['/shop/back/cache', 1], ['/shop/back/db', 1], ['/shop/front', 1]]);
  });

  it('add reads the definition on stdin, and lists every problem of a 422 with its path (exit 2)', async () => {
    const r = await withStdin(JSON.stringify({ id: '/bad', apps: [{ id: 'x', cpus: 0 }] }), () => runCommand(GroupAdd, []));
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /^Error: POST \/v2\/groups: Object is not valid\n/);
    assert.match(r.stderr, /^ {2}\/apps\(0\)\/cpus: must be 0\.001 or more$/m);
    await assert.rejects(cluster().marathon.getGroup('/bad'));
  });

  it('list prints every group with the apps under it, nested groups included; --json the root group\'s groups', async () => {
    const r = await runCommand(GroupList, []);
    assert.equal(r.stdout, [
      'ID          APPS',
      '/shop          3',
      '/shop/back     2',
      '',
    ].join('\n'));
    assert.deepEqual(JSON.parse((await runCommand(GroupList, ['--json'])).stdout), (await cluster().marathon.rootGroup()).groups);
  });

  it('show prints the group as JSON; an unknown group is an error with exit code 1', async () => {
    assert.deepEqual(JSON.parse((await runCommand(GroupShow, ['/shop/back'])).stdout), await cluster().marathon.getGroup('/shop/back'));
    assert.deepEqual(await runCommand(GroupShow, ['/nope']), { stdout: '', exitCode: 1, stderr: "Error: GET /v2/groups/nope: Group '/nope' does not exist\n" });
  });

  it('show --group-version prints the group as it was in that version', async () => {
    const { version } = await cluster().marathon.getGroup('/shop');
    const r = await runCommand(GroupShow, ['/shop', '--group-version', version]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).id, '/shop');
  });

  it('scale multiplies the instances of every app under the group', async () => {
    const r = await runCommand(GroupScale, ['/shop/back', '2']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Scaling group /shop/back by 2; deployment ${UUID}\n$`));
    await settled();
    assert.deepEqual(await instancesOf('/shop/back/db', '/shop/back/cache', '/shop/front'), [2, 2, 1]);
    assert.deepEqual(await runCommand(GroupScale, ['/shop', 'twice']), { stdout: '', exitCode: 2, stderr: 'Error: FACTOR must be a number of 0 or more, got "twice"\n' });
  });

  it('update puts the properties given as the group\'s, and refuses a group that does not exist (exit 1)', async () => {
    const r = await runCommand(GroupUpdate, ['/shop/back', `apps=${JSON.stringify([app('db', 3), app('cache', 1)])}`]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Updating group /shop/back; deployment ${UUID}\n$`));
    await settled();
    assert.deepEqual(await instancesOf('/shop/back/db', '/shop/back/cache'), [3, 1]);
    assert.deepEqual(await runCommand(GroupUpdate, ['/nope', 'dependencies=[]']), { stdout: '', exitCode: 1, stderr: "Error: GET /v2/groups/nope: Group '/nope' does not exist\n" });
  });

  it('remove deletes the group and every app under it', async () => {
    const r = await runCommand(GroupRemove, ['/shop', '--force']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Removing group /shop; deployment ${UUID}\n$`));
    await settled();
    assert.deepEqual(await cluster().marathon.listApps(), []);
    assert.equal((await runCommand(GroupRemove, ['/shop'])).exitCode, 1);
  });
});
