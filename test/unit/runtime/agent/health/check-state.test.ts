import assert from 'node:assert/strict';
import type { HealthCheckReport, TaskHealthCheck } from '../../../../../src/core/framework.js';
import {
  firstCheckAt, initialReport, judge, nextCheckAt, nextReportAt, taskHealthy,
} from '../../../../../src/runtime/agent/health/check-state.js';
import type { ProbeResult } from '../../../../../src/runtime/agent/health/probe.js';
import { healthCheck as httpCheck } from './helpers.js';

const START = 1_700_000_000_000;
const s = (seconds: number) => START + seconds * 1000;

const ok: ProbeResult = { kind: 'healthy' };
const bad: ProbeResult = { kind: 'unhealthy', cause: '500 Internal Server Error' };
const info: ProbeResult = { kind: 'informational', cause: '102 Processing' };
const notRun: ProbeResult = { kind: 'not-run', cause: 'spawn /bin/sh EAGAIN' };

interface Case {
  name: string;
  check?: Partial<TaskHealthCheck>;
  /** The check's state before the first step (an agent restart resumes from the last report). */
  from?: HealthCheckReport;
  /** [seconds after the task became RUNNING, result] */
  steps: Array<[number, ProbeResult]>;
  counted: boolean[];
  notify: boolean[];
  end: Partial<HealthCheckReport>;
}

const cases: Case[] = [
  {
    name: 'a failure within the grace period, before any success, changes nothing and is not reported',
    steps: [[1, bad], [9.9, bad]], counted: [false, false], notify: [false, false],
    end: { alive: false, consecutiveFailures: 0, lastFailure: undefined, lastFailureCause: undefined },
  },
  {
    name: 'a failure once the grace period is over counts and is reported',
    steps: [[9, bad], [10, bad]], counted: [false, true], notify: [false, true],
    end: { alive: false, consecutiveFailures: 1, lastFailure: s(10), lastFailureCause: '500 Internal Server Error' },
  },
  {
    name: 'the first success ends the grace period: the next failure counts at once',
    steps: [[1, ok], [2, bad]], counted: [true, true], notify: [true, true],
    end: { alive: false, consecutiveFailures: 1, firstSuccess: s(1), lastSuccess: s(1), lastFailure: s(2) },
  },
  {
    name: 'consecutive failures add up, each one reported, and a success resets them and is reported',
    check: { gracePeriodSeconds: 0 },
    steps: [[0, bad], [5, bad], [10, bad], [15, ok]], counted: [true, true, true, true], notify: [true, true, true, true],
    end: { alive: true, consecutiveFailures: 0, firstSuccess: s(15), lastSuccess: s(15), lastFailure: s(10) },
  },
  {
    name: 'a success after a success is not reported',
    steps: [[0, ok], [5, ok], [10, ok]], counted: [true, true, true], notify: [true, false, false],
    end: { alive: true, consecutiveFailures: 0, firstSuccess: s(0), lastSuccess: s(10) },
  },
  {
    name: 'with ignoreHttp1xx, a 1xx answer is neither success nor failure',
    check: { ignoreHttp1xx: true, gracePeriodSeconds: 0 },
    steps: [[0, ok], [5, info], [10, bad], [15, info]], counted: [true, false, true, false], notify: [true, false, true, false],
    end: { alive: false, consecutiveFailures: 1, lastFailureCause: '500 Internal Server Error' },
  },
  {
    name: 'without ignoreHttp1xx, a 1xx answer is a failure, as Marathon counts anything outside 200-399',
    check: { gracePeriodSeconds: 0 },
    steps: [[0, ok], [5, info]], counted: [true, true], notify: [true, true],
    end: { alive: false, consecutiveFailures: 1, lastFailureCause: '102 Processing' },
  },
  {
    name: 'a 1xx failure within the grace period is not counted, like any failure',
    steps: [[1, info]], counted: [false], notify: [false],
    end: { alive: false, consecutiveFailures: 0 },
  },
  {
    name: 'a check the agent could not run changes nothing: failures neither grow nor reset, and nothing is reported',
    check: { gracePeriodSeconds: 0 },
    steps: [[0, bad], [5, notRun], [10, bad], [15, notRun]], counted: [true, false, true, false], notify: [true, false, true, false],
    end: { alive: false, consecutiveFailures: 2, lastFailure: s(10) },
  },
  {
    name: 'after an agent restart, failures keep adding up from the last reported state',
    check: { gracePeriodSeconds: 0 },
    from: { alive: false, consecutiveFailures: 2, firstSuccess: s(-100), lastSuccess: s(-90), lastFailure: s(-80), lastFailureCause: 'x' },
    steps: [[0, bad]], counted: [true], notify: [true],
    end: { consecutiveFailures: 3, firstSuccess: s(-100) },
  },
  {
    name: 'after an agent restart, a check that had succeeded has no grace period left',
    from: { alive: true, consecutiveFailures: 0, firstSuccess: s(1), lastSuccess: s(1) },
    steps: [[3, bad]], counted: [true], notify: [true],
    end: { alive: false, consecutiveFailures: 1 },
  },
  {
    name: 'after an agent restart, the grace period is measured from the task start, not from the restart',
    from: initialReport(),
    steps: [[9, bad], [11, bad]], counted: [false, true], notify: [false, true],
    end: { consecutiveFailures: 1, lastFailure: s(11) },
  },
  {
    name: 'after an agent restart, a healthy check stays quiet on success',
    from: { alive: true, consecutiveFailures: 0, firstSuccess: s(0), lastSuccess: s(5) },
    steps: [[20, ok]], counted: [true], notify: [false],
    end: { alive: true, lastSuccess: s(20), firstSuccess: s(0) },
  },
];

describe('health check decision core (judge)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const check = httpCheck(c.check);
      let report = c.from ?? initialReport();
      const counted: boolean[] = [];
      const notify: boolean[] = [];
      for (const [at, result] of c.steps) {
        const verdict = judge(check, report, result, { now: s(at), runningSince: START });
        counted.push(verdict.counted);
        notify.push(verdict.notify);
        report = verdict.report;
      }
      assert.deepEqual(counted, c.counted, 'counted');
      assert.deepEqual(notify, c.notify, 'notify');
      for (const [field, value] of Object.entries(c.end)) assert.deepEqual(report[field as keyof HealthCheckReport], value, field);
    });
  }

  it('never changes the report it is given (reports are values)', () => {
    const before = initialReport();
    judge(httpCheck({ gracePeriodSeconds: 0 }), before, bad, { now: s(1), runningSince: START });
    assert.deepEqual(before, initialReport());
  });
});

describe('health check timing', () => {
  it('runs the first check delaySeconds after the task became RUNNING, or at once when that moment has passed (an agent restart)', () => {
    const check = httpCheck({ delaySeconds: 15 });
    assert.equal(firstCheckAt(check, START, s(0)), s(15));
    assert.equal(firstCheckAt(check, START, s(40)), s(40));
  });

  it('waits intervalSeconds after the end of a run before the next one', () => {
    assert.equal(nextCheckAt(httpCheck({ intervalSeconds: 5 }), s(7)), s(12));
  });

  it('sends a first update at once, and the next one no sooner than one interval after the last', () => {
    assert.equal(nextReportAt(undefined, 5_000, s(3)), s(3));
    assert.equal(nextReportAt(s(3), 5_000, s(4)), s(8));
    assert.equal(nextReportAt(s(3), 5_000, s(9)), s(9));
  });

  it('calls a task healthy only when every one of its checks is alive', () => {
    assert.equal(taskHealthy([{ alive: true, consecutiveFailures: 0 }, { alive: true, consecutiveFailures: 0 }]), true);
    assert.equal(taskHealthy([{ alive: true, consecutiveFailures: 0 }, initialReport()]), false);
  });
});
