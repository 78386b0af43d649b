import assert from 'node:assert/strict';
import {
  appIdProblems, canonicalPathId, MAX_APP_ID_LENGTH, newTaskId, normalizeAppId, parentPathId, pathIdProblems,
} from '../../../../src/core/ids.js';
import { isSafeId } from '../../../../src/runtime/agent/sandbox.js';

describe('Marathon path ids', () => {
  it('makes app ids absolute', () => {
    assert.equal(normalizeAppId('a/b/'), '/a/b');
    assert.equal(normalizeAppId('/a'), '/a');
  });

  it('refuses app ids with uppercase, underscores, dot segments or a reserved last segment', () => {
    for (const bad of ['/Web', '/a_b', '/a/../b', '/a/./b', '/-a', '/a//b', '/web/restart', '/web/tasks']) {
      assert.equal(appIdProblems(bad).length, 1, bad);
    }
    assert.deepEqual(appIdProblems('/prod/web-1.v2'), []);
    assert.deepEqual(appIdProblems('/tasks/web'), [], 'only the last segment is reserved');
  });

  it('bounds app ids so that every task id made from them names a sandbox', () => {
    const longest = `/${'a'.repeat(MAX_APP_ID_LENGTH - 1)}`;
    assert.deepEqual(appIdProblems(longest), []);
    assert.ok(isSafeId(newTaskId(longest)), 'the longest id makes task ids the agent accepts');
    assert.match(appIdProblems(`${longest}b`)[0], new RegExp(`at most ${MAX_APP_ID_LENGTH} characters`));
    assert.match(appIdProblems(`/${'a'.repeat(80)}/${'b'.repeat(90)}`)[0], /at most/);
  });

  it('makes task ids from the app path, as Marathon does', () => {
    assert.match(newTaskId('/prod/web'), /^prod_web\.[0-9a-f-]{36}$/);
  });

  for (const [id, base, canonical] of [
    ['db', '/prod', '/prod/db'],
    ['../db', '/prod/web', '/prod/db'],
    ['./db', '/prod', '/prod/db'],
    ['../../../db', '/prod', '/db'],
    ['/ops/db', '/prod', '/ops/db'],
    ['db/', '/', '/db'],
  ]) {
    it(`resolves "${id}" against ${base} to ${canonical} (PathId.canonicalPath)`, () => {
      assert.equal(canonicalPathId(id, base), canonical);
    });
  }

  it('knows the group an id is in', () => {
    assert.equal(parentPathId('/prod/web'), '/prod');
    assert.equal(parentPathId('/web'), '/');
    assert.equal(parentPathId('/'), '/');
  });

  it('takes relative path ids with "." and ".." as references, but not in absolute ones', () => {
    assert.deepEqual(pathIdProblems('../shared/db'), []);
    assert.deepEqual(pathIdProblems('./db'), []);
    assert.match(pathIdProblems('/a/../b')[0], /absolute path must not contain/);
    assert.match(pathIdProblems('db_1')[0], /invalid characters/);
    assert.match(pathIdProblems('../versions')[0], /reserved keywords/);
    assert.match(pathIdProblems('..')[0], /reserved keywords/);
  });
});
