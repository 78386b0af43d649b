/**
 * How deep a JSON text nests, found without parsing it: JSON.parse, ajv and
 * JSON.stringify all recurse, and a body nested thousands of levels deep overflows the
 * stack in one of them. The scan is iterative and stops at the first level past `limit`.
 * Returns the byte offset where the nesting first exceeds `limit`, or -1.
 */
export function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}
