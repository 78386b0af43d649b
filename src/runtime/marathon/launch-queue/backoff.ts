import type { AppDefinition } from '../../../core/marathon/app-definition.js';

/**
 * Marathon's launch backoff (docs/docs/backoff.md): after a task of an app fails, the
 * next launch waits `backoffSeconds`; each further failure multiplies the wait by
 * `backoffFactor`, up to `maxLaunchDelaySeconds`. A new config version resets it.
 */
export interface BackoffState {
  /** The current delay in ms; 0 when no failure happened since the last reset. */
  delayMs: number;
  /** No launch before this time (ms since epoch). */
  notBefore: number;
}

export function noBackoff(): BackoffState {
  return { delayMs: 0, notBefore: 0 };
}

export function afterFailure(state: BackoffState, app: Pick<AppDefinition, 'backoffSeconds' | 'backoffFactor' | 'maxLaunchDelaySeconds'>, now: number): BackoffState {
  const max = app.maxLaunchDelaySeconds * 1000;
  const delayMs = state.delayMs === 0 ? app.backoffSeconds * 1000 : state.delayMs * app.backoffFactor;
  const capped = Math.min(delayMs, max);
  return { delayMs: capped, notBefore: now + capped };
}

export function isDelayed(state: BackoffState | undefined, now: number): boolean {
  return state !== undefined && state.notBefore > now;
}
