/**
 * Resources as Mesos models them for this cluster: three scalars and a set of port
 * ranges. All functions are pure; ranges are inclusive and kept sorted and merged.
 */
export type PortRange = [begin: number, end: number];

export interface Resources {
  cpus: number;
  /** MiB */
  mem: number;
  /** MiB */
  disk: number;
  ports: PortRange[];
}

export const SCALARS = ['cpus', 'mem', 'disk'] as const;
export type ScalarName = (typeof SCALARS)[number];

/** Scalars are compared with this tolerance, as Mesos does, so 0.1 + 0.2 fits in 0.3. */
const EPSILON = 1e-6;

export function emptyResources(): Resources {
  return { cpus: 0, mem: 0, disk: 0, ports: [] };
}

export function normalizeRanges(ranges: PortRange[]): PortRange[] {
  const sorted = ranges
    .filter(([b, e]) => e >= b)
    .map(([b, e]) => [b, e] as PortRange)
    .sort((a, b) => a[0] - b[0]);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

/** Ports as normalized ranges. Placement calls it for every task it places: one pass, no copies when the ports are ascending. */
export function portsToRanges(ports: readonly number[]): PortRange[] {
  let ascending = true;
  for (let i = 1; i < ports.length; i++) if (ports[i] < ports[i - 1]) ascending = false;
  const sorted = ascending ? ports : [...ports].sort((a, b) => a - b);
  const out: PortRange[] = [];
  for (const port of sorted) {
    const last = out[out.length - 1];
    if (last && port <= last[1] + 1) last[1] = Math.max(last[1], port);
    else out.push([port, port]);
  }
  return out;
}

export function countPorts(ranges: readonly PortRange[]): number {
  let n = 0;
  for (let i = 0; i < ranges.length; i++) n += ranges[i][1] - ranges[i][0] + 1;
  return n;
}

function subtractRanges(from: PortRange[], remove: PortRange[]): PortRange[] {
  let out = normalizeRanges(from);
  for (const [rb, re] of normalizeRanges(remove)) {
    const next: PortRange[] = [];
    for (const [b, e] of out) {
      if (re < b || rb > e) { next.push([b, e]); continue; }
      if (rb > b) next.push([b, rb - 1]);
      if (re < e) next.push([re + 1, e]);
    }
    out = next;
  }
  return out;
}

function rangesContain(outer: PortRange[], inner: PortRange[]): boolean {
  return subtractRanges(inner, outer).length === 0;
}

export function addResources(a: Resources, b: Resources): Resources {
  return {
    cpus: round(a.cpus + b.cpus),
    mem: round(a.mem + b.mem),
    disk: round(a.disk + b.disk),
    ports: normalizeRanges([...a.ports, ...b.ports]),
  };
}

/** The sum of many, with the port ranges merged once (adding one by one re-merges them every time). */
export function sumResources(list: readonly Resources[]): Resources {
  let cpus = 0;
  let mem = 0;
  let disk = 0;
  const ports: PortRange[] = [];
  for (const r of list) {
    cpus += r.cpus;
    mem += r.mem;
    disk += r.disk;
    for (const range of r.ports) ports.push(range);
  }
  return { cpus: round(cpus), mem: round(mem), disk: round(disk), ports: normalizeRanges(ports) };
}

/** a − b, never below zero. */
export function subtractResources(a: Resources, b: Resources): Resources {
  return {
    cpus: Math.max(0, round(a.cpus - b.cpus)),
    mem: Math.max(0, round(a.mem - b.mem)),
    disk: Math.max(0, round(a.disk - b.disk)),
    ports: subtractRanges(a.ports, b.ports),
  };
}

/** True when `need` fits inside `have` (scalars within EPSILON, every port present). */
export function containsResources(have: Resources, need: Resources): boolean {
  return (
    need.cpus <= have.cpus + EPSILON &&
    need.mem <= have.mem + EPSILON &&
    need.disk <= have.disk + EPSILON &&
    rangesContain(have.ports, need.ports)
  );
}

export function isEmptyResources(r: Resources): boolean {
  return r.cpus <= EPSILON && r.mem <= EPSILON && r.disk <= EPSILON && r.ports.length === 0;
}

/** Rounds away float noise (0.1 + 0.2) so that sums stay comparable. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
