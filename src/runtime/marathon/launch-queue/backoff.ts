import type { AppDefinition } from '../../../core/marathon/app-definition.js';

/**
 * Marathon's launch backoff (docs/docs/backoff.md): after a task of an app fails, the
 * next launch waits `backoffSeconds`; each further failure multiplies the wait by
 * `backoffFactor`, up to `maxLaunchDelaySeconds`. A new config version resets it, and so
 * does a quiet period of maxLaunchDelaySeconds after the last delay ended.
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
  // A failure long after the last delay ended starts over, as Marathon's rate limiter
  // forgets a delay maxLaunchDelaySeconds after its deadline: a task that ran well for
  // hours is not held back as if it had just crashed in a loop.
  const quiet = state.delayMs > 0 && now > state.notBefore + max;
  const delayMs = state.delayMs === 0 || quiet ? app.backoffSeconds * 1000 : state.delayMs * app.backoffFactor;
  const capped = Math.min(delayMs, max);
  return { delayMs: capped, notBefore: now + capped };
}

export function isDelayed(state: BackoffState | undefined, now: number): boolean {
  return state !== undefined && state.notBefore > now;
}
