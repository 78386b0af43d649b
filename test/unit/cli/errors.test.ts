import assert from 'node:assert/strict';
import { ExitCodes, isDcosError, normalizeError, renderError } from '../../../src/cli/errors.js';
import { DcosError, ErrorCodes } from '../../../src/core/errors.js';

describe('error rendering', () => {
  const invalid = new DcosError(ErrorCodes.INVALID_DEFINITION, 'POST /v2/apps: Object is not valid', {
    details: [
      { path: '/cpus', errors: ['must be 0.001 or more'] },
      { path: '/', errors: ["AppDefinition must contain one of 'cmd' or 'args'", 'second problem'] },
    ],
  });

  it('prints one `Error:` line on stderr, then each validation detail as `  <path>: <errors>`', () => {
    const r = renderError(invalid, { json: false });
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      [
        'Error: POST /v2/apps: Object is not valid',
        '  /cpus: must be 0.001 or more',
        "  /: AppDefinition must contain one of 'cmd' or 'args'; second problem",
        '',
      ].join('\n'),
    );
  });

  it('with --json, prints {"error":{code,message,details}} on stdout as one line, and nothing on stderr', () => {
    const r = renderError(invalid, { json: true });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout.trimEnd().includes('\n'), false);
    assert.deepEqual(JSON.parse(r.stdout), {
      error: { code: 'DCOS_ERR_INVALID_DEFINITION', message: 'POST /v2/apps: Object is not valid', details: invalid.details },
    });
  });

  it('leaves details out of the JSON error when there are none', () => {
    const r = renderError(new DcosError(ErrorCodes.NOT_FOUND, 'App /web does not exist'), { json: true });
    assert.deepEqual(JSON.parse(r.stdout), { error: { code: 'DCOS_ERR_NOT_FOUND', message: 'App /web does not exist' } });
  });

  it("names the deployments that lock an app on a 409, a line each, and lists them in the JSON error", () => {
    const conflict = new DcosError(ErrorCodes.CONFLICT, 'PUT /v2/apps/web: App is locked by one or more deployments.', { extra: { deployments: [{ id: 'd1' }, { id: 'd2' }, { nonsense: 1 }] } });
    assert.deepEqual(renderError(conflict, { json: false }), {
      exitCode: ExitCodes.FAILED, stdout: '',
      stderr: 'Error: PUT /v2/apps/web: App is locked by one or more deployments.\n  locked by deployment d1\n  locked by deployment d2\n',
    });
    assert.deepEqual(JSON.parse(renderError(conflict, { json: true }).stdout).error.deployments, [{ id: 'd1' }, { id: 'd2' }]);
  });

  it('indents the further lines of a message (a daemon log tail) under the error line', () => {
    const r = renderError(new DcosError(ErrorCodes.CLUSTER_START, 'agent-2 exited\nlast lines of x.log:\n| boom'), { json: false });
    assert.equal(r.stderr, 'Error: agent-2 exited\n  last lines of x.log:\n  | boom\n');
  });

  it('maps error codes to exit codes: 2 for bad input, 3 for no usable cluster, 1 for the rest', () => {
    const exit = (code: (typeof ErrorCodes)[keyof typeof ErrorCodes]) => normalizeError(new DcosError(code, 'x')).exitCode;
    assert.equal(exit(ErrorCodes.INVALID_DEFINITION), ExitCodes.USAGE);
    assert.equal(exit(ErrorCodes.BAD_REQUEST), ExitCodes.USAGE);
    assert.equal(exit(ErrorCodes.NO_CLUSTER), ExitCodes.NO_CLUSTER);
    assert.equal(exit(ErrorCodes.UNAUTHORIZED), ExitCodes.NO_CLUSTER);
    for (const c of [ErrorCodes.NOT_FOUND, ErrorCodes.CONFLICT, ErrorCodes.UNREACHABLE, ErrorCodes.INTERNAL, ErrorCodes.CLUSTER_START]) {
      assert.equal(exit(c), ExitCodes.FAILED, c);
    }
  });

  it("turns oclif's multi-line usage errors into one line pointing at --help, with exit code 2", () => {
    const parseError = Object.assign(new Error('Missing 1 required arg:\nid  app id\nSee more help with --help'), { parse: {}, oclif: { exit: 2 } });
    const n = normalizeError(parseError);
    assert.deepEqual(n, { code: 'DCOS_ERR_BAD_REQUEST', message: 'Missing 1 required arg: id app id (see --help)', exitCode: 2 });
  });

  it('renders an unexpected error by its message, with exit code 1, and the stack only when debugging', () => {
    const err = new TypeError('cannot read x of undefined');
    assert.equal(renderError(err, { json: false }).stderr, 'Error: cannot read x of undefined\n');
    assert.equal(renderError(err, { json: false }).exitCode, 1);
    assert.match(renderError(err, { json: false, debug: true }).stderr, /at /);
    assert.equal(renderError('plain string', { json: false }).stderr, 'Error: plain string\n');
  });

  it('recognises a DcosError from another copy of core/errors by its name and code', () => {
    const foreign = Object.assign(new Error('App /x does not exist'), { name: 'DcosError', code: 'DCOS_ERR_NOT_FOUND', status: 404 });
    assert.equal(isDcosError(foreign), true);
    assert.equal(isDcosError(foreign, ErrorCodes.NOT_FOUND), true);
    assert.equal(isDcosError(foreign, ErrorCodes.CONFLICT), false);
    assert.equal(isDcosError(Object.assign(new Error('x'), { code: 'ENOENT' })), false);
    assert.equal(normalizeError(foreign).code, 'DCOS_ERR_NOT_FOUND');
  });
});
