import assert from 'node:assert/strict';
import { MockAgent } from 'undici';
import { CosmosClient } from '../../../src/api/cosmos-client.js';
import { CosmosMediaTypes } from '../../../src/api/cosmos-types.js';
import { HttpClient } from '../../../src/api/http-client.js';
import { isDcosError } from '../../../src/cli/errors.js';
import { ErrorCodes } from '../../../src/core/errors.js';

/** The wire of CosmosClient, seen by undici's MockAgent (no server of ours is involved: this is the request the client makes). */
describe('CosmosClient', () => {
  let agent: MockAgent;
  let cosmos: CosmosClient;
  const base = 'http://cluster.test';
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    cosmos = new CosmosClient(new HttpClient({ baseUrl: base, token: 't', dispatcher: agent }));
  });
  afterEach(() => agent.close());

  it("POSTs each route with its request media type and asks for its response media type (or Cosmos's error)", async () => {
    let seen: Record<string, string> = {};
    let body = '';
    agent.get(base).intercept({ path: '/package/install', method: 'POST' }).reply((opts) => {
      seen = opts.headers as Record<string, string>;
      body = String(opts.body);
      return { statusCode: 200, data: { packageName: 'hello-world', packageVersion: '1', appId: '/hello-world' } };
    });
    const r = await cosmos.install({ packageName: 'hello-world', options: { service: { name: 'x' } } });
    assert.equal(r.appId, '/hello-world');
    assert.equal(seen['content-type'], CosmosMediaTypes.installRequest);
    assert.equal(seen.accept, `${CosmosMediaTypes.installResponse},${CosmosMediaTypes.error}`);
    assert.equal(seen.authorization, 'Bearer t');
    assert.deepEqual(JSON.parse(body), { packageName: 'hello-world', options: { service: { name: 'x' } } });
  });

  it("keeps Cosmos's error type and data on the DcosError (in extra), with its message", async () => {
    const errors = [{ level: 'error', instance: { pointer: '/service/mem' }, keyword: 'type', message: 'bad', found: 'string', expected: ['integer'] }];
    agent.get(base).intercept({ path: '/package/render', method: 'POST' }).reply(400, { type: 'JsonSchemaMismatch', message: 'Options JSON failed validation', data: { errors } });
    await assert.rejects(cosmos.render({ packageName: 'kafka', options: { service: { mem: 'x' } } }), (err: unknown) => {
      assert.ok(isDcosError(err, ErrorCodes.BAD_REQUEST));
      assert.equal(err.message, 'POST /package/render: Options JSON failed validation');
      assert.deepEqual(err.extra, { type: 'JsonSchemaMismatch', data: { errors } });
      return true;
    });
  });

  it('unwraps the repository list of repository add, delete and list', async () => {
    const repositories = [{ name: 'mine', uri: 'https://a/repo' }];
    let added: unknown;
    agent.get(base).intercept({ path: '/package/repository/add', method: 'POST' }).reply((opts) => {
      added = JSON.parse(String(opts.body));
      return { statusCode: 200, data: { repositories } };
    });
    agent.get(base).intercept({ path: '/package/repository/list', method: 'POST' }).reply(200, { repositories });
    assert.deepEqual(await cosmos.repositoryAdd('mine', 'https://a/repo', 0), repositories);
    assert.deepEqual(added, { name: 'mine', uri: 'https://a/repo', index: 0 });
    assert.deepEqual(await cosmos.repositoryList(), repositories);
  });
});
