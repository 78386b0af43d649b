/**
 * The task wrapper: a small POSIX sh script that is the leader of each task's process
 * group. It exists so that a task's exit status is known even when the agent was not
 * running when the task ended: the agent may die, be upgraded or restart while the
 * wrapper keeps waiting, and the status lands in the sandbox.
 *
 * Invocation: /bin/sh -c WRAPPER_SCRIPT dcos-wrapper <sandbox> <argv...>
 *
 * - The wrapper is started detached (setsid), so its pid is the task's session and
 *   process-group id; signalling -pid reaches the whole task.
 * - `trap : TERM INT HUP` keeps the wrapper alive through the kill's SIGTERM so it can
 *   still record the real status. `:` (not '') matters: an ignored signal would be
 *   inherited as ignored by the task; a caught one is reset to default on exec.
 * - The command runs in the foreground. POSIX defers a trapped signal's action until the
 *   foreground command completes, so `$?` is always the task's own status (128+N when a
 *   signal N ended it), never an interrupted wait.
 * - `( exec "$@" )` forces a real exec: argv naming a shell builtin ("exit", "cd") must
 *   not run inside the wrapper itself.
 * - Files are written to a temporary name then renamed, so the agent never reads half a
 *   number. `command -p` finds mv even when the task's env has an odd PATH.
 * - Only SIGKILL stops the wrapper before it records a status; the agent then knows the
 *   cause from its own records (it sent the SIGKILL) or reports the task as lost.
 */
export const WRAPPER_FILES = {
  stdout: 'stdout',
  stderr: 'stderr',
  exitStatus: 'exit_status',
  /** The wrapper's own pid, written first thing: recovery's fallback when the agent died before persisting it. */
  wrapperPid: 'wrapper.pid',
} as const;

export const WRAPPER_SCRIPT = `trap : TERM INT HUP
sb=$1
shift
exec </dev/null >>"$sb/${WRAPPER_FILES.stdout}" 2>>"$sb/${WRAPPER_FILES.stderr}"
echo $$ >"$sb/${WRAPPER_FILES.wrapperPid}.tmp" && command -p mv -f "$sb/${WRAPPER_FILES.wrapperPid}.tmp" "$sb/${WRAPPER_FILES.wrapperPid}"
( exec "$@" )
st=$?
echo "$st" >"$sb/${WRAPPER_FILES.exitStatus}.tmp" && command -p mv -f "$sb/${WRAPPER_FILES.exitStatus}.tmp" "$sb/${WRAPPER_FILES.exitStatus}"
`;

/** Name the wrapper shows as $0 (and in `ps`). */
export const WRAPPER_NAME = 'dcos-wrapper';

/** Arguments for /bin/sh that run `argv` under the wrapper with `sandbox` as its sandbox. */
export function wrapperArgs(sandbox: string, argv: string[]): string[] {
  return ['-c', WRAPPER_SCRIPT, WRAPPER_NAME, sandbox, ...argv];
}
