/** JSON Schema pieces for the RAML types of Marathon's app definition (docs/docs/rest-api/public/api/v2/types). */

/** RAML `format: int32`. */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * The largest cpus, mem or disk: far above any machine, and small enough that sums over
 * many agents keep the 0.001 precision Mesos gives scalar resources.
 */
export const MAX_SCALAR_RESOURCE = 1e12;

export const int32 = (minimum: number) => ({ type: 'integer', minimum, maximum: INT32_MAX });
export const scalar = (minimum: number) => ({ type: 'number', minimum, maximum: MAX_SCALAR_RESOURCE });
export const fraction = { type: 'number', minimum: 0, maximum: 1 };
export const bool = { type: 'boolean' };
export const string = { type: 'string' };
export const nonEmptyString = { type: 'string', minLength: 1 };
export const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
/** numberTypes.raml AnyPort (0: dynamic) and Port. */
export const anyPort = { type: 'integer', minimum: 0, maximum: 65535 };
export const port = { type: 'integer', minimum: 1, maximum: 65535 };
/** stringTypes.raml LegacyName: port names (which become $PORT_<NAME>). */
export const legacyName = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' };
/** stringTypes.raml Name and NetworkName. */
export const name = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
export const networkName = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$', maxLength: 63 };
export const protocol = { enum: ['tcp', 'udp', 'udp,tcp'] };
/** A field judged in code (a refused field, or a union the code reads better than a schema). */
export const inCode = {};

export const arrayOf = (items: object, extra: object = {}) => ({ type: 'array', items, ...extra });

/** An object with only these fields: any other is refused as unknown. */
export function closedObject(properties: Record<string, object>, required: string[] = []) {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The keyword that carries a union's message (read by app-schema.ts). */
export const UNION_MESSAGE = 'x-union-message';

/**
 * A value that is a string or an object: `if` a string, the string schema, else the
 * object schema; a value of neither shape is told `message`, which names both.
 */
export function stringOrObject(stringSchema: object, objectSchema: object, message: string) {
  return {
    if: { type: 'string' },
    then: { ...stringSchema, [UNION_MESSAGE]: message },
    else: { ...objectSchema, [UNION_MESSAGE]: message },
  };
}
