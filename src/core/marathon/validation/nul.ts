import { at, type RuleContext } from './rule-context.js';

/** NUL cannot pass into a command line, an environment or a file name: refused anywhere, names included. */
export function nulRules({ raw, problems }: RuleContext): void {
  visit(raw, '', problems);
}

function visit(value: unknown, path: string, problems: RuleContext['problems']): void {
  if (typeof value === 'string') {
    if (value.includes('\0')) problems.add(path || '/', 'must not contain NUL characters');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => visit(v, at(path, i), problems));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\0')) problems.add(at(path, k), 'names must not contain NUL characters');
      visit(v, at(path, k), problems);
    }
  }
}
