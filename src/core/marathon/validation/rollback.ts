import type { ValidationDetail } from '../../errors.js';
import { isPlainObject } from './rule-context.js';

/** Fields given a value (Marathon reads a JSON null as a field left out). */
function givenFields(raw: Record<string, unknown>): string[] {
  return Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
}

/**
 * PUT /v2/apps/{id} with {"version": v} alone (or with "id") is Marathon's rollback to
 * that earlier version of the app; it is not a definition, so the app service checks
 * this before validateAppDefinition.
 */
export function isRollbackRequest(raw: unknown): boolean {
  return isPlainObject(raw) && typeof raw.version === 'string' && givenFields(raw).every((k) => k === 'version' || k === 'id');
}

/** Marathon's AppValidation.validateAppUpdateVersion: `version` with any field but `id` is refused. */
export function rollbackProblems(raw: unknown): ValidationDetail[] {
  if (!isPlainObject(raw) || raw.version === undefined || raw.version === null) return [];
  if (givenFields(raw).every((k) => k === 'version' || k === 'id')) return [];
  return [{ path: '/', errors: ["The 'version' field may only be combined with the 'id' field."] }];
}
