/**
 * Constraint fields, read as Marathon reads them (mesos/Constraints.scala readerForField):
 * "hostname" and "@hostname" are the agent's hostname; "@region" and "@zone" are the
 * fault domain, which our agents do not have, so they read the attributes "region" and
 * "zone" (set them with `--attributes region:eu;zone:a`); any other field is an attribute.
 *
 * Mesos types an attribute value that reads as a number as a scalar, and Marathon compares
 * scalars in their "0.###" formatting (half-even at the thousandth, no trailing zeros),
 * so "1.0", "01" and "1" are the same rack. Ranges and sets are compared as given: our
 * agents' attributes are text.
 */

/** Where a field's value comes from: the hostname, or the attribute of that name. */
export type FieldKey = string;

export const HOSTNAME: FieldKey = '@hostname';

export interface Placed {
  hostname: string;
  attributes: Readonly<Record<string, string>>;
}

export function fieldKey(field: string): FieldKey {
  switch (field) {
    case 'hostname':
    case '@hostname':
      return HOSTNAME;
    case '@region':
      return 'region';
    case '@zone':
      return 'zone';
    default:
      return field;
  }
}

/** The value constraints compare for `key` on an agent, or undefined when the agent has no such attribute. */
export function readField(key: FieldKey, agent: Placed): string | undefined {
  if (key === HOSTNAME) return agent.hostname;
  const raw = agent.attributes[key];
  return raw === undefined ? undefined : formatIfScalar(raw);
}

/** Marathon's MesosScalarValue. */
const SCALAR = /^[0-9]+(?:\.[0-9]+)?$/;

/** A value that reads as a Mesos scalar, in Marathon's formatting; any other value unchanged. */
export function formatIfScalar(value: string): string {
  const first = value.charCodeAt(0);
  if (!(first >= 48 && first <= 57) || !SCALAR.test(value)) return value;
  return formatScalar(Number(value));
}

/**
 * java.text.DecimalFormat("0.###") with its default HALF_EVEN rounding, which rounds the
 * double's exact binary value: 1.0005 is "1" (the double is just below the tie), 0.0625
 * is "0.062" (an exact tie goes to the even digit). Checked against a JVM; Java differs
 * only below the thousandth's half (0.0005 is "0" there), which no rack is named.
 */
export function formatScalar(x: number): string {
  if (!Number.isFinite(x) || x < 0) return String(x);
  if (Number.isInteger(x)) return x < 1e21 ? String(x) : BigInt(x).toString();
  const thousandths = roundHalfEven(x, 1000n);
  const whole = thousandths / 1000n;
  const fraction = (thousandths % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/** round(x × scale) half-even, exactly: x = mantissa × 2^exponent. */
function roundHalfEven(x: number, scale: bigint): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fractionBits = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fractionBits : fractionBits | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const numerator = mantissa * scale;
  if (exponent >= 0) return numerator << BigInt(exponent);
  const denominator = 1n << BigInt(-exponent);
  const quotient = numerator / denominator;
  const twiceRest = 2n * (numerator % denominator);
  if (twiceRest > denominator || (twiceRest === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}
