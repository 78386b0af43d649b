import { MAX_TIMER_MS } from './clock.js';

/**
 * What an agent can run, shared by the scheduler's validation (a 422 naming the field)
 * and the agent's launch checks (TASK_ERROR for that task alone), so that nothing the
 * scheduler accepts is refused by an agent afterwards.
 */

/** Names a user may have: no leading "-" (never an option of getent), no "/", ":" or spaces. */
export const USER_NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.@$-]{0,63}$';
const USER_NAME = new RegExp(USER_NAME_PATTERN);

export function isUserName(name: string): boolean {
  return USER_NAME.test(name);
}

/** An HTTP check's path, as Node sends a request target: printable ASCII, no spaces. */
export const CHECK_PATH_PATTERN = '^[\\x21-\\x7e]*$';
export const MAX_CHECK_PATH_LENGTH = 2048;
const CHECK_PATH = new RegExp(CHECK_PATH_PATTERN);

export function isCheckPath(path: string): boolean {
  return path.length <= MAX_CHECK_PATH_LENGTH && CHECK_PATH.test(path);
}

export const MAX_CHECK_COMMAND_LENGTH = 64 * 1024;

/** The longest delay, interval or timeout of a check: one timer's wait (about 24.8 days). */
export const MAX_CHECK_TIMER_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
