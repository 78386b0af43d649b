import assert from 'node:assert/strict';
import { serviceApp, serviceApps } from '../../../src/cli/service-log.js';
import { isDcosError } from '../../../src/cli/errors.js';
import { ErrorCodes } from '../../../src/core/errors.js';

const app = (id: string, labels: Record<string, string> = {}) => ({ id, labels });

describe('service names (dcos service log NAME, service shutdown NAME)', () => {
  const apps = [
    app('/kafka', { DCOS_PACKAGE_NAME: 'kafka', DCOS_PACKAGE_FRAMEWORK_NAME: 'kafka', DCOS_SERVICE_NAME: 'kafka' }),
    app('/dev/kafka', { DCOS_PACKAGE_NAME: 'kafka', DCOS_PACKAGE_FRAMEWORK_NAME: 'dev/kafka' }),
    app('/nginx', { DCOS_PACKAGE_NAME: 'nginx' }),
    app('/lb', { DCOS_SERVICE_NAME: 'edge' }),
    app('/chronos', { DCOS_PACKAGE_FRAMEWORK_NAME: 'edge' }),
    app('/web'),
    app('/twin-a', { DCOS_PACKAGE_FRAMEWORK_NAME: 'twin' }),
    app('/twin-b', { DCOS_PACKAGE_FRAMEWORK_NAME: 'twin' }),
  ];

  const cases: Array<[string, string[], string]> = [
    ['kafka', ['/kafka'], 'the app whose DCOS_PACKAGE_FRAMEWORK_NAME is NAME'],
    ['dev/kafka', ['/dev/kafka'], 'a framework name with a slash, by label, not as an id'],
    ['edge', ['/chronos'], 'DCOS_PACKAGE_FRAMEWORK_NAME before DCOS_SERVICE_NAME'],
    ['web', ['/web'], 'else the app of that id, without its leading slash'],
    ['/web', ['/web'], 'else the app of that id'],
    ['nginx', ['/nginx'], 'a package app without the framework label, by its id'],
    ['twin', ['/twin-a', '/twin-b'], 'every app with the label'],
    ['nothing', [], 'nothing'],
  ];
  for (const [name, found, rule] of cases) {
    it(`resolves ${name} to ${JSON.stringify(found)}: ${rule}`, () => assert.deepEqual(serviceApps(apps, name), found));
  }

  it('takes DCOS_SERVICE_NAME when no framework label matches', () => {
    assert.deepEqual(serviceApps([app('/lb', { DCOS_SERVICE_NAME: 'edge' }), app('/edge')], 'edge'), ['/lb']);
  });

  const refused: Array<[string, string, RegExp]> = [
    ['twin', ErrorCodes.CONFLICT, /^multiple marathon apps found for service name \[twin\]: \[\/twin-a, \/twin-b\]/],
    ['nothing', ErrorCodes.NOT_FOUND, /^no marathon apps found for service name \[nothing\]: no app has the label DCOS_PACKAGE_FRAMEWORK_NAME or DCOS_SERVICE_NAME nothing, and no app has the id \/nothing$/],
  ];
  for (const [name, code, message] of refused) {
    it(`refuses ${name} with ${code}`, () => {
      assert.throws(() => serviceApp(apps, name), (err: unknown) => isDcosError(err, code as never) && message.test((err as Error).message));
    });
  }
});
