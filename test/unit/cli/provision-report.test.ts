import assert from 'node:assert/strict';
import {
  downSummary, planText, preflightTable, upSummary, type CheckResultView, type HostOutcomeView, type UpResultView,
} from '../../../src/cli/provision-report.js';

const node = (name: string, host: string) => ({ name, ssh: { host } });
const master1 = node('master-1', '127.0.0.10');
const agent1 = node('agent-1', '127.0.0.12');
const agent2 = node('agent-2', '127.0.0.13');
const agent3 = node('agent-3', '127.0.0.14');

const text = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('provisioning reports', () => {
  describe('preflightTable', () => {
    const pass = (id: string, title: string): CheckResultView => ({ id, title, status: 'pass', detail: 'fine' });
    const checks = [pass('os', 'operating system is Linux'), pass('ports', 'ports of the role are free'), pass('cgroups', 'cgroups are mounted')];

    it('shows a check × host grid, then every result that is not a pass, then the verdict', () => {
      const out = preflightTable([
        { node: master1, results: checks },
        {
          node: agent1,
          results: [
            checks[0],
            { ...checks[1], status: 'fail', detail: 'port 5051 on 127.0.0.12 is in use by another program: free it or change ports.agent' },
            { ...checks[2], status: 'warn', detail: 'no cgroup filesystem:\ntasks run without resource isolation' },
          ],
        },
        { node: agent2, error: 'connect ECONNREFUSED 127.0.0.13:22', results: [] },
      ]);
      assert.equal(out, text(
        'CHECK    master-1  agent-1  agent-2  DESCRIPTION',
        'os       ok        ok       ---      operating system is Linux',
        'ports    ok        FAIL     ---      ports of the role are free',
        'cgroups  ok        WARN     ---      cgroups are mounted',
        '',
        'agent-1 (127.0.0.12)  ports    FAIL  port 5051 on 127.0.0.12 is in use by another program: free it or change ports.agent',
        'agent-1 (127.0.0.12)  cgroups  WARN  no cgroup filesystem: tasks run without resource isolation',
        'agent-2 (127.0.0.13)  ---      FAIL  could not be checked: connect ECONNREFUSED 127.0.0.13:22',
        '',
        'Preflight failed on agent-1, agent-2: 3 checks each, 1 warning.',
      ));
    });

    it('says so when every host passes, warnings included', () => {
      const out = preflightTable([
        { node: master1, results: checks },
        { node: agent1, results: [checks[0], checks[1], { ...checks[2], status: 'warn', detail: 'no cgroups' }] },
      ]);
      assert.match(out, /^cgroups {2}ok {8}WARN {5}cgroups are mounted$/m);
      assert.match(out, /\nPreflight passed on all 2 hosts: 3 checks each, 1 warning\.\n$/);
    });
  });

  const changes = [
    { stage: 'upload', reason: 'bundle 3f2a9c1e0b4d is not on the host' },
    { stage: 'install', reason: 'current is none, wanted 3f2a9c1e0b4d' },
    { stage: 'configure', reason: 'not configured yet' },
    { stage: 'start', reason: 'service is not running' },
  ];
  const mixed = (hosts: HostOutcomeView[], extra: Partial<UpResultView> = {}): UpResultView => ({
    masterUrl: 'http://127.0.0.10:5050', agentIds: { 'agent-1': 'S1' }, canary: { host: '127.0.0.12' }, ok: false, hosts, ...extra,
  });
  const retry = (nodes: string[]) => `dcos cluster up cluster.yaml --only ${nodes.join(',')}`;

  describe('upSummary', () => {
    it('gives each host a line, the postflight outcome, and a command that retries just the failed hosts', () => {
      const out = upSummary(mixed([
        { node: master1, status: 'unchanged', changes: [] },
        { node: agent1, status: 'changed', changes },
        { node: agent2, status: 'failed', changes: changes.slice(2), error: 'dcos-agent exited with code 1\nport 5051 in use' },
        { node: agent3, status: 'failed', changes: [], error: 'connect ECONNREFUSED 127.0.0.14:22' },
      ]), retry);
      assert.equal(out, text(
        'master-1  127.0.0.10  unchanged',
        'agent-1   127.0.0.12  changed    upload, install, configure, start',
        'agent-2   127.0.0.13  failed     dcos-agent exited with code 1; port 5051 in use',
        'agent-3   127.0.0.14  failed     connect ECONNREFUSED 127.0.0.14:22',
        '',
        'Postflight: the leader answers at http://127.0.0.10:5050; 1 agent registered; canary task ran on 127.0.0.12 and was removed.',
        'Failed: agent-2, agent-3. Retry just them: dcos cluster up cluster.yaml --only agent-2,agent-3',
      ));
    });

    it('says when nothing changed, and has no retry line when nothing failed', () => {
      const out = upSummary(mixed([
        { node: master1, status: 'unchanged', changes: [] },
        { node: agent1, status: 'unchanged', changes: [] },
      ], { canary: undefined, agentIds: { 'agent-1': 'S1', 'agent-2': 'S2' }, ok: true }), retry);
      assert.equal(out, text(
        'master-1  127.0.0.10  unchanged',
        'agent-1   127.0.0.12  unchanged',
        '',
        'Postflight: the leader answers at http://127.0.0.10:5050; 2 agents registered; no canary task (nothing changed).',
      ));
    });

    it('shows the preflight warnings of the hosts it changed, and a runtime it rolled out', () => {
      const warn = (id: string, detail: string): CheckResultView => ({ id, title: id, status: 'warn', detail });
      const out = upSummary(mixed([
        { node: master1, status: 'changed', changes, preflight: { results: [warn('hostname-unique', 'lab is also the hostname of agent-1')] } },
        { node: agent1, status: 'changed', changes, preflight: { results: [warn('sftp', 'no SFTP subsystem'), warn('hostname-unique', 'lab is also the hostname of master-1')] } },
      ], { ok: true, runtime: { from: ['0.2.0'], to: '0.1.0' } }), retry);
      assert.equal(out, text(
        'master-1  127.0.0.10  changed  upload, install, configure, start',
        'agent-1   127.0.0.12  changed  upload, install, configure, start',
        '',
        'Preflight 3 warnings:',
        '  master-1 (127.0.0.10)  hostname-unique  lab is also the hostname of agent-1',
        '  agent-1 (127.0.0.12)   sftp             no SFTP subsystem',
        '  agent-1 (127.0.0.12)   hostname-unique  lab is also the hostname of master-1',
        '',
        'Runtime 0.2.0 → 0.1.0 rolled out: masters one at a time, then agents in batches.',
        'Postflight: the leader answers at http://127.0.0.10:5050; 1 agent registered; canary task ran on 127.0.0.12 and was removed.',
      ));
    });

    it('reports a failed postflight', () => {
      const out = upSummary(mixed([{ node: master1, status: 'changed', changes }], { postflightError: 'postflight: 1 agent(s) did not all register within 60 s' }), retry);
      assert.match(out, /\nPostflight failed: postflight: 1 agent\(s\) did not all register within 60 s\n$/);
      assert.doesNotMatch(out, /Retry/);
    });
  });

  describe('planText (--dry-run)', () => {
    it('says per host what would change and why, or that nothing would', () => {
      const out = planText(mixed([
        { node: master1, status: 'unchanged', changes: [] },
        { node: agent1, status: 'planned', changes },
        { node: agent3, status: 'failed', changes: [], error: 'connect ECONNREFUSED 127.0.0.14:22' },
      ]));
      assert.equal(out, text(
        'master-1:  unchanged',
        'agent-1:   upload (bundle 3f2a9c1e0b4d is not on the host), install (current is none, wanted 3f2a9c1e0b4d), '
          + 'configure (not configured yet), start (service is not running)',
        'agent-3:   failed: connect ECONNREFUSED 127.0.0.14:22',
        '',
        'Dry run: 1 host would change, 1 unchanged, 1 could not be planned. Nothing was changed.',
      ));
    });

    it('says which runtime would be rolled out', () => {
      const out = planText(mixed([{ node: agent1, status: 'planned', changes }], { runtime: { from: ['0.1.0'], to: '0.2.0' } }));
      assert.match(out, /\nRuntime 0\.1\.0 → 0\.2\.0 would be rolled out: masters one at a time, then agents in batches\.\nDry run: /);
    });
  });

  describe('downSummary', () => {
    it('lists each host removed (with the task processes it ended) or failed and why', () => {
      const out = downSummary({
        ok: false,
        hosts: [
          { node: master1, ok: true },
          { node: agent1, ok: true, killed: 3 },
          { node: agent2, ok: true, killed: 1 },
          { node: agent3, ok: false, error: 'connect ECONNREFUSED 127.0.0.14:22' },
        ],
      });
      assert.equal(out, text(
        'master-1  127.0.0.10  removed',
        'agent-1   127.0.0.12  removed  3 task processes ended',
        'agent-2   127.0.0.13  removed  1 task process ended',
        'agent-3   127.0.0.14  failed   connect ECONNREFUSED 127.0.0.14:22',
        '',
        'Failed: agent-3.',
      ));
    });

    it('confirms a clean removal and can name the retry command', () => {
      assert.match(downSummary({ ok: true, hosts: [{ node: master1, ok: true }, { node: agent1, ok: true }] }), /\nRemoved from all 2 hosts\.\n$/);
      const failed = downSummary({ ok: false, hosts: [{ node: agent1, ok: false, error: 'x' }] }, (n) => `dcos cluster down cluster.yaml --only ${n.join(',')}`);
      assert.match(failed, /\nFailed: agent-1\. Retry just them: dcos cluster down cluster\.yaml --only agent-1\n$/);
    });
  });
});
