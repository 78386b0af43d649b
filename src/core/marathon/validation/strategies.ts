import type { RuleContext } from './rule-context.js';
import { closedObject, fraction, int32, stringOrObject } from './schema-parts.js';

/**
 * app.raml UpgradeStrategy (each 0..1; one left out keeps its default), backoff (int32
 * seconds; a factor from 1 to 1000: Marathon sets no top, but JSON reads 1e309 as
 * Infinity), killSelection.raml, taskKillGracePeriodSeconds (null: the agent's default)
 * and unreachableStrategy.raml ("disabled" or two durations; int64 in Marathon, int32
 * here: 68 years is enough and stays exact in milliseconds).
 */
export const STRATEGIES_SCHEMA = {
  upgradeStrategy: closedObject({ minimumHealthCapacity: fraction, maximumOverCapacity: fraction }),
  backoffSeconds: int32(0),
  backoffFactor: { type: 'number', minimum: 1, maximum: 1000 },
  maxLaunchDelaySeconds: int32(0),
  killSelection: { enum: ['YOUNGEST_FIRST', 'OLDEST_FIRST'] },
  taskKillGracePeriodSeconds: { ...int32(0), type: ['integer', 'null'] },
  unreachableStrategy: stringOrObject(
    { const: 'disabled' },
    closedObject({ inactiveAfterSeconds: int32(0), expungeAfterSeconds: int32(0) }),
    'must be "disabled" or {"inactiveAfterSeconds": <seconds>, "expungeAfterSeconds": <seconds>}',
  ),
};

/** UnreachableEnabled's validator: an instance is replaced (inactive) no later than it is expunged. */
export function strategyRules({ raw, problems, clean }: RuleContext): void {
  const u = raw.unreachableStrategy;
  if (clean('/unreachableStrategy') && typeof u === 'object') {
    const inactive = u.inactiveAfterSeconds ?? 0;
    const expunge = u.expungeAfterSeconds ?? 0;
    if (inactive > expunge) {
      problems.add('/unreachableStrategy/inactiveAfterSeconds', `inactiveAfterSeconds (${inactive}) must be less or equal to expungeAfterSeconds, which is ${expunge}`);
    }
  }
}
