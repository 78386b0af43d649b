/** Characters a POSIX shell never treats specially in a word. */
const SH_BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument for a POSIX sh command line: left bare when that is safe, otherwise in
 * single quotes (a single quote inside becomes '\''). The one way values reach a shell.
 */
export function shellArg(arg: string): string {
  if (SH_BARE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
