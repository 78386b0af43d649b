import type { ValidationDetail } from '../../core/errors.js';

/**
 * Problems of a cluster file as compilers print them, one per line, columns aligned,
 * so editors and terminals can jump to `file:line:column`:
 *
 *   cluster.yaml:4:3    /ssh/kefile     is not a known key  (hint: did you mean `keyFile`?)
 *   cluster.yaml:12:11  /agents/1/port  must be an integer from 1 to 65535
 *
 * For every command that loads a cluster file (validate, preflight, up…).
 */
export function formatProblemLines(details: ValidationDetail[]): string[] {
  const where = details.map((d) => (d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : ''));
  const whereWidth = Math.max(0, ...where.map((w) => w.length));
  const pathWidth = Math.max(0, ...details.map((d) => d.path.length));
  return details.map((d, i) => {
    const text = `${where[i].padEnd(whereWidth)}  ${d.path.padEnd(pathWidth)}  ${d.errors.join('; ')}`;
    return (d.hint ? `${text}  (hint: ${d.hint})` : text).trimStart();
  });
}
