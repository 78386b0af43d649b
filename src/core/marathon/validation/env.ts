import { at, isPlainObject, type RuleContext } from './rule-context.js';
import { inCode } from './schema-parts.js';

export const NO_SECRET_STORE = 'this cluster has no secret store';

/** env values are strings or {secret} (environmentVariable.raml LegacyEnvVars), judged in code with `secrets`. */
export const ENV_SCHEMA = { env: { type: 'object' }, secrets: inCode };

/**
 * Names: any non-empty string (Marathon's LegacyEnvVars), but one a process environment
 * can hold: no "=" (NUL is refused everywhere, nul.ts). Values: strings; secret
 * references need a secret store, which this cluster does not have, so `secrets` must be
 * empty too.
 */
export function envRules({ raw, problems, clean }: RuleContext): void {
  if (clean('/env') && raw.env) {
    for (const [name, value] of Object.entries(raw.env)) {
      const path = at('/env', name);
      if (name === '' || name.includes('=')) problems.add(path, 'an environment variable name must not be empty or contain "="');
      if (isPlainObject(value) && 'secret' in value) {
        problems.add(path, `secret references ({"secret": …}) are refused: ${NO_SECRET_STORE}; give the value as a string`);
      } else if (typeof value !== 'string') {
        problems.add(path, 'must be of type string');
      }
    }
  }
  const secrets = raw.secrets;
  if (secrets !== undefined && secrets !== null && !(isPlainObject(secrets) && Object.keys(secrets).length === 0)) {
    problems.add('/secrets', `is refused: ${NO_SECRET_STORE}; use {} or leave it out`);
  }
}
