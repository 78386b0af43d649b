/**
 * sh functions for reading, on a host, the pidfiles dcos-supervise writes with
 * --pidfile-start-time ("PID STARTTIME"). A pid alone is not a process identity (pids
 * are recycled), so `pid_of FILE` prints the pid only while that process is alive and
 * still has the recorded start time (field 22 of /proc/PID/stat; the command name in
 * field 2 may hold spaces, so fields are counted after its closing parenthesis). A
 * pidfile of an older install, with no start time, is taken at its word.
 */
export const PIDFILE_FUNCTIONS = `pid_of() {
  [ -f "$1" ] || return 1
  _pid=; _start=
  read -r _pid _start _rest < "$1" || [ -n "$_pid" ] || return 1
  case "$_pid" in ''|*[!0-9]*) return 1;; esac
  _stat=$(sed 's/.*) //' "/proc/$_pid/stat" 2>/dev/null) || return 1
  [ -n "$_stat" ] || return 1
  set -- $_stat
  case "$1" in Z|X) return 1;; esac
  [ -z "$_start" ] || [ "\${20}" = "$_start" ] || return 1
  echo "$_pid"
}
`;
