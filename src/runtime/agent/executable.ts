import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * Finds why `argv0` cannot be executed the way execvp would look for it (a "/" in the
 * name: that path, relative to `cwd`; otherwise each PATH entry). Undefined when it can.
 * Checked before spawning so that a typo in `args` fails with a message naming the
 * program, rather than as an anonymous exit status 127 from the wrapper.
 */
export function executableProblem(argv0: string | undefined, path: string, cwd: string): string | undefined {
  if (argv0 === undefined || argv0 === '') return 'the command is empty';
  if (argv0.includes('/')) {
    const file = isAbsolute(argv0) ? argv0 : resolve(cwd, argv0);
    return isExecutableFile(file) ? undefined : `"${argv0}" is not an executable file`;
  }
  for (const dir of path.split(delimiter)) {
    if (isExecutableFile(join(dir === '' ? cwd : resolve(cwd, dir), argv0))) return undefined;
  }
  return `executable "${argv0}" not found in PATH (${path})`;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
