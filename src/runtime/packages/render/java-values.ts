/**
 * How the Java values Cosmos hands mustache.java print (jsonToJava in
 * PackageDefinitionRenderer): integral numbers are BigIntegers, the others Doubles;
 * lists and maps print as java.util's AbstractCollection/AbstractMap toString.
 */

/** `n.toBigInt.getOrElse(n.toDouble)` printed: integral → all digits, no ".0"; else Java's Double.toString. */
export function javaNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : expandExponent(n);
  return javaDouble(n);
}

/** 1e21 → "1000000000000000000000": the shortest digits of the double, then zeros (what the JSON text most likely said). */
function expandExponent(n: number): string {
  const [mantissa, exponent] = n.toExponential().split('e');
  const digits = mantissa.replace('-', '').replace('.', '');
  return (n < 0 ? '-' : '') + digits.padEnd(Number(exponent) + 1, '0');
}

/**
 * Java's Double.toString: plain decimal with at least one fraction digit for
 * 10^-3 ≤ |d| < 10^7, otherwise "d.dddE±n" (0.0001 → "1.0E-4", 12345678.5 → "1.23456785E7").
 */
export function javaDouble(d: number): string {
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(d);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
