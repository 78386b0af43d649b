import { countPorts, type PortRange } from '../../core/resources.js';

/**
 * `count` distinct ports from the ranges, starting at a random place and wrapping around:
 * Marathon picks host ports at random, so a restarted task rarely lands on a port still
 * in TIME_WAIT. undefined when the ranges hold fewer than `count`.
 */
export function pickPorts(ranges: PortRange[], count: number, random: () => number): number[] | undefined {
  if (count === 0) return [];
  const total = countPorts(ranges);
  if (total < count) return undefined;
  const start = Math.floor(random() * total);
  const picked = new Array<number>(count);
  for (let k = 0; k < count; k++) picked[k] = portAt(ranges, (start + k) % total);
  return picked;
}

function portAt(ranges: PortRange[], index: number): number {
  let i = index;
  for (const [b, e] of ranges) {
    const size = e - b + 1;
    if (i < size) return b + i;
    i -= size;
  }
  throw new Error('port index out of range');
}

/**
 * Normalized ranges less the given ports, still normalized. The hot path of a pass: one
 * array of the exact size per port (arrays grown by push reserve 16 slots).
 */
export function withoutPorts(ranges: PortRange[], ports: number[]): PortRange[] {
  let out = ranges;
  for (const port of ports) {
    let at = 0;
    while (at < out.length && port > out[at][1]) at++;
    if (at === out.length || port < out[at][0]) continue;
    const [b, e] = out[at];
    const pieces = (port > b ? 1 : 0) + (port < e ? 1 : 0);
    const next = new Array<PortRange>(out.length - 1 + pieces);
    for (let i = 0; i < at; i++) next[i] = out[i];
    let k = at;
    if (port > b) next[k++] = [b, port - 1];
    if (port < e) next[k++] = [port + 1, e];
    for (let i = at + 1; i < out.length; i++) next[k++] = out[i];
    out = next;
  }
  return out;
}

/** True when the ranges are sorted, disjoint, not adjacent and well formed, as normalizeRanges leaves them. */
export function isNormalized(ranges: PortRange[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    if (ranges[i][1] < ranges[i][0] || (i > 0 && ranges[i][0] <= ranges[i - 1][1] + 1)) return false;
  }
  return true;
}
