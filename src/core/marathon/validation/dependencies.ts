import { appIdProblems, normalizeAppId, pathIdProblems } from '../../ids.js';
import { resolveDependency } from '../normalize-app.js';
import { at, reportDuplicates, type RuleContext } from './rule-context.js';
import { arrayOf, nonEmptyString } from './schema-parts.js';

export const DEPENDENCIES_SCHEMA = { dependencies: arrayOf(nonEmptyString) };

/**
 * Each dependency is a path id (PathId.pathIdValidator: relative ones with "." and ".."
 * too), resolved against the app's group (normalize-app.ts resolveDependency). Resolved,
 * it names something other than the root and the app itself, and each only once.
 */
export function dependencyRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/dependencies') || !raw.dependencies) return;
  const appId = typeof raw.id === 'string' && appIdProblems(raw.id).length === 0 ? normalizeAppId(raw.id) : undefined;
  const resolved = raw.dependencies.map((d, i) => {
    const found = pathIdProblems(d);
    for (const p of found) problems.add(at('/dependencies', i), p);
    if (found.length > 0 || appId === undefined) return undefined;
    const id = resolveDependency(d, appId);
    if (id === '/') problems.add(at('/dependencies', i), `"${d}" resolves to the root group: name an app or a group`);
    else if (id === appId) problems.add(at('/dependencies', i), `"${d}" is the app itself (${appId}): an app cannot depend on itself`);
    return id;
  });
  reportDuplicates(resolved, (id) => id, (i, first) =>
    problems.add(at('/dependencies', i), `names ${resolved[i]} again, as dependencies(${first}) does: give each dependency once`));
}
