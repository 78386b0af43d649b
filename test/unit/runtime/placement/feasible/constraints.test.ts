import assert from 'node:assert/strict';
import type { Constraint } from '../../../../../src/core/marathon/app-definition.js';
import { constraintsStage } from '../../../../../src/runtime/placement/feasible/constraints.js';
import type { Candidate, ExistingInstance } from '../../../../../src/runtime/placement/placement.js';
import { candidate, check, instanceOn, request } from '../fixtures.js';

interface Case {
  constraints: Constraint[];
  /** The agent asked about: agent 1 with these attributes unless `agent` is given. */
  attributes?: Record<string, string>;
  agent?: Candidate;
  existing?: ExistingInstance[];
  /** The app's instances (GROUP_BY divides them). */
  target?: number;
  /** Candidates that reach the stage (GROUP_BY without a value spreads over their values). */
  reaching?: Candidate[];
  /** undefined: fits. */
  refuses?: string;
}

const onRack = (rack: string, n = 1) => instanceOn(n, { rack });
const agentOnRack = (n: number, rack: string) => candidate(n, { attributes: { rack } });

function table(cases: Record<string, Case>): void {
  for (const [title, c] of Object.entries(cases)) {
    it(title, () => {
      const agent = c.agent ?? candidate(1, { attributes: c.attributes ?? {} });
      const req = request({ constraints: c.constraints, existing: c.existing ?? [], targetInstances: c.target });
      const rejection = check(constraintsStage, req, agent, c.reaching ?? [agent]);
      assert.equal(rejection?.message, c.refuses);
      if (rejection) assert.equal(rejection.reason, 'UnfulfilledConstraint');
    });
  }
}

describe('constraints stage', () => {
  describe('fields', () => {
    table({
      'reads hostname and @hostname as the agent hostname': {
        constraints: [['@hostname', 'UNIQUE']], existing: [instanceOn(1)], refuses: '@hostname UNIQUE (already runs on 10.0.0.1)',
      },
      'reads @zone from the attribute "zone" (our agents have no Mesos fault domain)': {
        constraints: [['@zone', 'IS', 'a']], attributes: { zone: 'b' }, refuses: '@zone IS a (@zone is b)',
      },
      'reads @region from the attribute "region"': { constraints: [['@region', 'IS', 'eu']], attributes: { region: 'eu' } },
      'refuses an agent without the attribute, for every operator but UNLIKE': {
        constraints: [['rack', 'CLUSTER']], refuses: 'rack CLUSTER (agent has no attribute rack)',
      },
      'names the attribute behind @zone when an agent lacks it': {
        constraints: [['@zone', 'GROUP_BY']], refuses: '@zone GROUP_BY (agent has no attribute zone)',
      },
      'tries constraints in the app order, the first unmet being the reason': {
        constraints: [['rack', 'LIKE', 'r1'], ['hostname', 'UNIQUE']], attributes: { rack: 'r2' }, existing: [instanceOn(1)], refuses: 'rack LIKE r1 (rack is r2)',
      },
      'refuses an unknown operator by name': {
        constraints: [['rack', 'NEAR' as never]], attributes: { rack: 'r1' }, refuses: 'rack NEAR (unknown operator)',
      },
      'refuses an operator named like an object property, rather than calling it': {
        constraints: [['rack', 'toString' as never]], attributes: { rack: 'r1' }, refuses: 'rack toString (unknown operator)',
      },
    });
  });

  describe('UNIQUE', () => {
    table({
      'fits a host with no instance of the app': { constraints: [['hostname', 'UNIQUE']], existing: [instanceOn(2), instanceOn(3)] },
      'refuses a host where an instance runs': { constraints: [['hostname', 'UNIQUE']], existing: [instanceOn(1)], refuses: 'hostname UNIQUE (already runs on 10.0.0.1)' },
      'fits a fresh rack': { constraints: [['rack', 'UNIQUE']], attributes: { rack: 'r3' }, existing: [onRack('r1'), onRack('r2', 2)] },
      'refuses a rack that holds an instance': {
        constraints: [['rack', 'UNIQUE']], attributes: { rack: 'r1' }, existing: [onRack('r1', 2)], refuses: 'rack UNIQUE (already runs where rack is r1)',
      },
      'refuses an agent lacking the attribute even before any placement': { constraints: [['rack', 'UNIQUE']], refuses: 'rack UNIQUE (agent has no attribute rack)' },
    });
  });

  describe('CLUSTER', () => {
    table({
      'with a value: fits only the agent whose value it is': { constraints: [['hostname', 'CLUSTER', '10.0.0.1']] },
      'with a value: refuses another host': {
        constraints: [['hostname', 'CLUSTER', 'right.example']], refuses: 'hostname CLUSTER right.example (hostname is 10.0.0.1)',
      },
      'with a value: compares it as written, a scalar value unformatted (as Marathon does)': {
        constraints: [['rack', 'CLUSTER', '1.0']], attributes: { rack: '1.0' }, refuses: 'rack CLUSTER 1.0 (rack is 1)',
      },
      'without a value: fits any agent with the attribute before the first instance': { constraints: [['rack', 'CLUSTER']], attributes: { rack: 'r1' } },
      'without a value: fits where the instances are': { constraints: [['rack', 'CLUSTER']], attributes: { rack: 'r1' }, existing: [onRack('r1'), onRack('r1', 2)] },
      'without a value: refuses elsewhere': {
        constraints: [['rack', 'CLUSTER']], attributes: { rack: 'r2' }, existing: [onRack('r1')],
        refuses: 'rack CLUSTER (instances run where rack is r1; rack is r2 here)',
      },
      'without a value: follows the first instance when instances disagree': {
        constraints: [['rack', 'CLUSTER']], attributes: { rack: 'r2' }, existing: [onRack('r1'), onRack('r2', 2)],
        refuses: 'rack CLUSTER (instances run where rack is r1; rack is r2 here)',
      },
      'without a value: refuses everywhere when the first instance has no such attribute': {
        constraints: [['rack', 'CLUSTER']], attributes: { rack: 'r1' }, existing: [instanceOn(2)],
        refuses: 'rack CLUSTER (the agent of the first instance has no rack)',
      },
    });
  });

  describe('LIKE and UNLIKE', () => {
    table({
      'LIKE fits a value the expression matches': { constraints: [['rack', 'LIKE', 'rack-[1-3]']], attributes: { rack: 'rack-2' } },
      'LIKE refuses a value it does not match': { constraints: [['jdk', 'LIKE', '7']], attributes: { jdk: '6' }, refuses: 'jdk LIKE 7 (jdk is 6)' },
      'LIKE must match the whole value (Java String.matches)': { constraints: [['rack', 'LIKE', 'rack']], attributes: { rack: 'rack-1' }, refuses: 'rack LIKE rack (rack is rack-1)' },
      'LIKE anchors every alternative': { constraints: [['rack', 'LIKE', 'a|b']], attributes: { rack: 'ab' }, refuses: 'rack LIKE a|b (rack is ab)' },
      'LIKE .* fits any value': { constraints: [['rack', 'LIKE', '.*']], attributes: { rack: 'anything' } },
      'LIKE refuses an agent without the attribute': { constraints: [['jdk', 'LIKE', '7']], refuses: 'jdk LIKE 7 (agent has no attribute jdk)' },
      'LIKE without a value refuses every agent': { constraints: [['jdk', 'LIKE']], attributes: { jdk: '7' }, refuses: 'jdk LIKE (needs a regular expression)' },
      'LIKE refuses, by name, an expression that does not compile': {
        constraints: [['jdk', 'LIKE', '(']], attributes: { jdk: '7' }, refuses: 'jdk LIKE ( (not a regular expression: Invalid regular expression: /^(?:()$/: Unterminated group)',
      },
      'UNLIKE fits a value the expression does not match': { constraints: [['jdk', 'UNLIKE', '7']], attributes: { jdk: '6' } },
      'UNLIKE refuses a value it matches': { constraints: [['rack', 'UNLIKE', 'rack-[7-9]']], attributes: { rack: 'rack-7' }, refuses: 'rack UNLIKE rack-[7-9] (rack is rack-7)' },
      'UNLIKE fits an agent without the attribute': { constraints: [['jdk', 'UNLIKE', '7']] },
    });
  });

  describe('MAX_PER', () => {
    table({
      'fits a fresh host': { constraints: [['hostname', 'MAX_PER', '2']] },
      'fits below the limit': { constraints: [['hostname', 'MAX_PER', '2']], existing: [instanceOn(1)] },
      'refuses at the limit, naming the count': {
        constraints: [['hostname', 'MAX_PER', '2']], existing: [instanceOn(1), instanceOn(1)], refuses: 'hostname MAX_PER 2 (2 already run on 10.0.0.1)',
      },
      'counts per value, whatever else runs': { constraints: [['rack', 'MAX_PER', '1']], attributes: { rack: 'r2' }, existing: [onRack('r1'), onRack('r1', 2)] },
      'compares scalar values in Marathon formatting ("1.0" is rack 1)': {
        constraints: [['rack', 'MAX_PER', '2']], attributes: { rack: '1' }, existing: [onRack('1.0'), onRack('1', 2)],
        refuses: 'rack MAX_PER 2 (2 already run where rack is 1)',
      },
      'refuses everything for a limit that is not an integer': {
        constraints: [['rack', 'MAX_PER', 'two']], attributes: { rack: 'r1' }, refuses: 'rack MAX_PER two (the limit "two" is not an integer)',
      },
    });
  });

  describe('IS', () => {
    table({
      'fits the exact text value': { constraints: [['rack', 'IS', 'rack-1']], attributes: { rack: 'rack-1' } },
      'refuses another value': { constraints: [['rack', 'IS', 'rack-1']], attributes: { rack: 'rack-2' }, refuses: 'rack IS rack-1 (rack is rack-2)' },
      'compares scalars to the thousandth: "0.80" IS 0.8': { constraints: [['level', 'IS', '0.8']], attributes: { level: '0.80' } },
      'compares scalars to the thousandth: 0.8 IS "0.8001"': { constraints: [['level', 'IS', '0.8001']], attributes: { level: '0.8' } },
      'rounds half-even as Java does: 0.0625 is 0.062': { constraints: [['level', 'IS', '0.062']], attributes: { level: '0.0625' } },
    });
  });

  describe('GROUP_BY with a value (Marathon 1.10: T / G per value, the remainder one more)', () => {
    const rack = 'rack';
    table({
      'fits the first placement': { constraints: [[rack, 'GROUP_BY', '2']], attributes: { rack: 'r1' }, target: 5 },
      'lets a value take the remainder (5 over 2: 2, and one value 3)': {
        constraints: [[rack, 'GROUP_BY', '2']], attributes: { rack: 'r1' }, target: 5, existing: [onRack('r1'), onRack('r1')],
      },
      'lets a value reach T / G before others have any (5 over 4: 1 each, one value 2)': {
        constraints: [[rack, 'GROUP_BY', '4']], attributes: { rack: 'r1' }, target: 5, existing: [onRack('r1')],
      },
      'refuses a value past its share and the remainder': {
        constraints: [[rack, 'GROUP_BY', '2']], attributes: { rack: 'r1' }, target: 5, existing: [onRack('r1'), onRack('r1'), onRack('r1')],
        refuses: 'rack GROUP_BY 2 (5 instances over 2 values: 2 or 3 each; r1 holds 3)',
      },
      'refuses a second extra to one value': {
        constraints: [[rack, 'GROUP_BY', '4']], attributes: { rack: 'r1' }, target: 5, existing: [onRack('r1'), onRack('r1')],
        refuses: 'rack GROUP_BY 4 (5 instances over 4 values: 1 or 2 each; r1 holds 2)',
      },
      'gives the remainder to as many values as it has': {
        constraints: [[rack, 'GROUP_BY', '4']], attributes: { rack: 'r2' }, target: 5, existing: [onRack('r1'), onRack('r1'), onRack('r2')],
        refuses: 'rack GROUP_BY 4 (5 instances over 4 values: 1 or 2 each; r2 holds 1)',
      },
      'fits the last placement': {
        constraints: [[rack, 'GROUP_BY', '2']], attributes: { rack: 'r2' }, target: 5, existing: [onRack('r1'), onRack('r1'), onRack('r1'), onRack('r2')],
      },
      'refuses a new value once G values are used': {
        constraints: [[rack, 'GROUP_BY', '2']], attributes: { rack: 'r3' }, target: 5, existing: [onRack('r1'), onRack('r2')],
        refuses: 'rack GROUP_BY 2 (instances already on 2 values; rack r3 is not one)',
      },
      'refuses an agent lacking the attribute': {
        constraints: [[rack, 'GROUP_BY', '2']], target: 5, refuses: 'rack GROUP_BY 2 (agent has no attribute rack)',
      },
      'divides existing plus wanted when the app count is not given': {
        constraints: [[rack, 'GROUP_BY', '2']], attributes: { rack: 'r1' }, existing: [onRack('r1')],
        refuses: 'rack GROUP_BY 2 (2 instances over 2 values: 1 each; r1 holds 1)',
      },
    });
  });

  describe('GROUP_BY without a value (the values seen in this pass)', () => {
    const racks = [agentOnRack(1, 'r1'), agentOnRack(2, 'r2'), agentOnRack(3, 'r3')];
    table({
      'spreads over the values of the candidates that reach it': {
        constraints: [['rack', 'GROUP_BY']], agent: racks[0], reaching: racks, target: 6, existing: [onRack('r1'), onRack('r1')],
        refuses: 'rack GROUP_BY (6 instances over 3 values: 2 each; r1 holds 2)',
      },
      'counts only values the static constraints allow (6 over 2, not 3)': {
        constraints: [['rack', 'LIKE', 'r[12]'], ['rack', 'GROUP_BY']], agent: racks[0], reaching: racks, target: 6, existing: [onRack('r1'), onRack('r1')],
      },
      'refuses past T / G over the allowed values': {
        constraints: [['rack', 'LIKE', 'r[12]'], ['rack', 'GROUP_BY']], agent: racks[0], reaching: racks, target: 4, existing: [onRack('r1'), onRack('r1')],
        refuses: 'rack GROUP_BY (4 instances over 2 values: 2 each; r1 holds 2)',
      },
      'counts the values of existing instances too': {
        constraints: [['rack', 'GROUP_BY']], agent: racks[0], reaching: [racks[0]], target: 2, existing: [onRack('r9')],
      },
    });
  });
});
