import type { ValidationDetail } from '../../errors.js';
import { appIdProblems } from '../../ids.js';
import { translateDeprecatedApi } from '../deprecated-api.js';
import type { RawApp } from '../raw-app.js';
import { appCheckRules } from './app-check.js';
import { schemaProblems } from './app-schema.js';
import { commandRules } from './command.js';
import { constraintRules } from './constraints.js';
import { containerRules } from './container.js';
import { dependencyRules } from './dependencies.js';
import { envRules } from './env.js';
import { fetchRules } from './fetch.js';
import { healthCheckRules } from './health-checks.js';
import { labelRules } from './labels.js';
import { networkRules } from './networks.js';
import { nulRules } from './nul.js';
import { portRules } from './ports.js';
import { readinessCheckRules } from './readiness-checks.js';
import { refusedFieldRules } from './refused-fields.js';
import { resourceRules } from './resources.js';
import { roleRules } from './roles.js';
import { isPlainObject, Problems, type Rule, type RuleContext } from './rule-context.js';
import { strategyRules } from './strategies.js';

export { MAX_SCALAR_RESOURCE } from './schema-parts.js';
export { isRollbackRequest, rollbackProblems } from './rollback.js';

/** The rule families, each in its own file, in the order their problems are listed. */
const RULES: Rule[] = [
  idRules, refusedFieldRules, commandRules, resourceRules, envRules, labelRules, portRules, fetchRules, healthCheckRules,
  appCheckRules, readinessCheckRules, constraintRules, strategyRules, dependencyRules, roleRules, containerRules, networkRules, nulRules,
];

function idRules({ raw, problems, clean }: RuleContext): void {
  if (clean('/id') && typeof raw.id === 'string') for (const p of appIdProblems(raw.id)) problems.add('/id', p);
}

/**
 * Every problem of a raw app definition, each with its path, in Marathon's 422 shape,
 * with Marathon's rules, ranges and messages (api/v2/validation/AppValidation.scala and
 * the files it uses) where it has them, and what an agent would refuse at launch. Never
 * accept and ignore: a field this cluster does not act on is refused by name, as is an
 * unknown one. The deprecated API Marathon still takes is translated first
 * (deprecated-api.ts). An empty list means the definition is valid; normalizeAppDefinition
 * (normalize-app.ts) then resolves it.
 */
export function validateAppDefinition(given: unknown): ValidationDetail[] {
  if (!isPlainObject(given)) return [{ path: '/', errors: ['must be a JSON object'] }];
  const { raw, problems: deprecated } = translateDeprecatedApi(given);
  if (deprecated.length > 0) return deprecated;
  const problems = new Problems();
  const bad: string[] = [];
  for (const { path, message } of schemaProblems(raw)) {
    problems.add(path, message);
    bad.push(path);
  }
  const clean = (...paths: string[]) =>
    paths.every((p) => !bad.some((b) => b === p || b.startsWith(`${p}/`) || b.startsWith(`${p}(`)));
  const ctx: RuleContext = { raw: raw as RawApp, problems, clean };
  for (const rule of RULES) rule(ctx);
  return problems.list();
}
