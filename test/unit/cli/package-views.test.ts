import assert from 'node:assert/strict';
import type { InstalledAppStatus, InstalledPackage, SearchResult } from '../../../src/api/cosmos-types.js';
import {
  cut, installNotice, installedPackages, installedTable, listDescription, optionsDiff, repoLines, searchTable, storedOptions,
  uninstallConfirmation, versionsInReleaseOrder,
} from '../../../src/cli/package-views.js';

const result = (name: string, description: string, over: Partial<SearchResult> = {}): SearchResult => ({
  name, currentVersion: '1.0.0', versions: { '1.0.0': '0' }, description, framework: false, tags: [], selected: false, ...over,
});

const install = (appId: string, name: string, version: string, description = `${name} does things`): InstalledPackage => ({
  appId,
  packageInformation: { packageDefinition: { packagingVersion: '4.0', name, version, maintainer: 'm', description, tags: [], selected: name === 'kafka', framework: true } },
});

describe('package views', () => {
  describe('cut (descriptions)', () => {
    const cases: Array<[string, number, number, string]> = [
      ['a'.repeat(79), 80, 76, 'a'.repeat(79)],
      ['a'.repeat(80), 80, 76, `${'a'.repeat(76)}...`],
      ['é'.repeat(80), 80, 76, `${'é'.repeat(76)}...`],
    ];
    for (const [text, limit, keep, expected] of cases) {
      it(`${[...text].length >= limit ? `cuts` : `keeps`} a text of ${[...text].length} characters (limit ${limit}, keeping ${keep}), counting characters, not bytes`, () => {
        assert.equal(cut(text, limit, keep), expected);
      });
    }
  });

  it('search: NAME VERSION CERTIFIED FRAMEWORK DESCRIPTION, aligned, a long description cut to 76 characters and "..."', () => {
    const long = 'x'.repeat(90);
    const table = searchTable([result('kafka', 'Apache Kafka', { selected: true, framework: true, currentVersion: '2.10.0-2.4.0' }), result('nginx', long)]);
    assert.equal(
      table,
      [
        'NAME   VERSION       CERTIFIED  FRAMEWORK  DESCRIPTION',
        'kafka  2.10.0-2.4.0  true       true       Apache Kafka',
        `nginx  1.0.0         false      false      ${'x'.repeat(76)}...`,
        '',
      ].join('\n'),
    );
  });

  describe('list', () => {
    it('groups installs by name and version with their app ids, sorted by name (dcos-core-cli --json shape)', () => {
      const list = installedPackages([install('/b', 'kafka', '2'), install('/a', 'cassandra', '1'), install('/c', 'kafka', '2'), install('/d', 'kafka', '3')]);
      assert.deepEqual(list.map((p) => [p.name, p.version, p.apps]), [['cassandra', '1', ['/a']], ['kafka', '2', ['/b', '/c']], ['kafka', '3', ['/d']]]);
      assert.equal(list[1].selected, true);
      assert.equal(list[1].packagingVersion, '4.0');
    });

    it('FILTER keeps packages whose name or an app id contains it; --app-id keeps the one with exactly that app', () => {
      const all = [install('/dev/broker', 'kafka', '2'), install('/cassandra', 'cassandra', '1')];
      assert.deepEqual(installedPackages(all, { filter: 'kaf' }).map((p) => p.name), ['kafka']);
      assert.deepEqual(installedPackages(all, { filter: 'dev/' }).map((p) => p.name), ['kafka']);
      assert.deepEqual(installedPackages(all, { appId: '/cassandra' }).map((p) => p.name), ['cassandra']);
      assert.deepEqual(installedPackages(all, { appId: '/cass' }), []);
      const two = [install('/a', 'kafka', '1'), install('/b', 'kafka', '1')];
      assert.deepEqual(installedPackages(two, { appId: '/a' }).map((p) => p.apps), [['/a']], 'only that app, not the others of its package');
      assert.deepEqual(installedPackages(two, { filter: 'b' }).map((p) => p.apps), [['/b']]);
    });

    const descriptions: Array<[string, string]> = [
      ['short', 'short'],
      ['first line\nsecond line', 'first line...'],
      ['y'.repeat(70), 'y'.repeat(70)],
      ['y'.repeat(71), `${'y'.repeat(66)}...`],
    ];
    for (const [description, shown] of descriptions) {
      it(`shows the description ${JSON.stringify(description.slice(0, 20))}… (${description.length} characters) as ${JSON.stringify(shown.slice(0, 20))}…`, () => {
        assert.equal(listDescription(description), shown);
      });
    }

    it('one row per installed app: NAME VERSION CERTIFIED APP COMMAND DESCRIPTION STATUS, a waiting app saying why', () => {
      const status = (over: Partial<InstalledAppStatus>): InstalledAppStatus => ({ instances: 1, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [], ...over });
      const table = installedTable(installedPackages([
        { ...install('/b', 'kafka', '2'), status: status({ tasksRunning: 1 }) },
        { ...install('/c', 'kafka', '2'), status: status({ waitingReason: '1 agent: agent has no fetcher', deployments: ['d1'] }) },
      ]));
      assert.equal(
        table,
        [
          'NAME   VERSION  CERTIFIED  APP  COMMAND  DESCRIPTION        STATUS',
          'kafka  2        true       /b   ---      kafka does things  Running 1/1',
          'kafka  2        true       /c   ---      kafka does things  Waiting: 1 agent: agent has no fetcher',
          '',
        ].join('\n'),
      );
    });
  });

  it('repo list: "name: uri" lines in search order', () => {
    assert.equal(repoLines([{ name: 'mine', uri: 'https://a/repo' }, { name: 'Universe', uri: 'https://u/repo' }]), 'mine: https://a/repo\nUniverse: https://u/repo\n');
  });

  it('describe --package-versions: versions in release order, not string order', () => {
    assert.deepEqual(versionsInReleaseOrder({ '0.10.0': '10', '0.9.0': '9', '0.1.0': '1' }), ['0.1.0', '0.9.0', '0.10.0']);
  });

  describe('install notice (dcos-core-cli words)', () => {
    it('a community package: the community notice, then the pre-install notes', () => {
      assert.deepEqual(installNotice({ selected: false, preInstallNotes: 'Needs 3 agents.' }), [
        'This is a Community service. Community services are not tested for production environments. There may be bugs, incomplete features, incorrect documentation, or other discrepancies.',
        'Needs 3 agents.',
      ]);
    });

    it('a certified package: nothing but its pre-install notes (no Mesosphere terms: they do not apply here)', () => {
      assert.deepEqual(installNotice({ selected: true }), []);
    });
  });

  describe('uninstall confirmation (dcos-core-cli words)', () => {
    it('asks for the service name by default', () => {
      const c = uninstallConfirmation('kafka', {});
      assert.equal(c.warning, 'WARNING: This action cannot be undone. This will uninstall [kafka] and delete all of its persistent data (logs, configurations, database artifacts, everything).');
      assert.equal(c.question, 'Please type the name of the service to confirm: ');
      assert.equal(c.expected, 'kafka');
    });

    it('asks for the full app id with --app-id', () => {
      const c = uninstallConfirmation('kafka', { appId: '/dev/kafka' });
      assert.match(c.warning, /uninstall \[\/dev\/kafka\]/);
      assert.equal(c.question, 'Please type the full name of the app ID to confirm: ');
      assert.equal(c.expected, '/dev/kafka');
    });

    it("asks to type 'uninstall all NAME' with --all", () => {
      const c = uninstallConfirmation('kafka', { all: true });
      assert.equal(c.warning, 'WARNING: This action cannot be undone. This will uninstall all instances of the [kafka] package, and delete all data for all kafka instances.');
      assert.equal(c.question, "Please type 'uninstall all kafka': ");
      assert.equal(c.expected, 'uninstall all kafka');
    });
  });

  describe('upgrade', () => {
    it('tells each option that changed, was added or was removed, by dotted path', () => {
      const before = { service: { name: 'kafka', cpus: 1, tags: ['a'] }, brokers: { count: 3 } };
      const after = { service: { name: 'kafka', cpus: 2, tags: ['a', 'b'], user: 'nobody' } };
      assert.deepEqual(optionsDiff(before, after), [
        '- brokers.count: 3',
        '~ service.cpus: 1 → 2',
        '~ service.tags: ["a"] → ["a","b"]',
        '+ service.user: "nobody"',
      ]);
      assert.deepEqual(optionsDiff(after, after), []);
    });

    it("reads the install's options from its DCOS_PACKAGE_OPTIONS label (base64 JSON), {} when absent or unreadable", () => {
      const options = { service: { name: 'x' } };
      assert.deepEqual(storedOptions({ DCOS_PACKAGE_OPTIONS: Buffer.from(JSON.stringify(options)).toString('base64') }), options);
      assert.deepEqual(storedOptions({ DCOS_PACKAGE_OPTIONS: 'e30=' }), {});
      assert.deepEqual(storedOptions({}), {});
      assert.deepEqual(storedOptions({ DCOS_PACKAGE_OPTIONS: 'not base64 json' }), {});
    });
  });
});
