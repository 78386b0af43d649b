import { createServer } from 'node:net';

/**
 * Loopback address blocks of local clusters. Block S (1..254) puts the master at
 * 127.0.S.1:5050 and agent i (0-based) at 127.0.S.(i+2):5051, so several clusters
 * (and test runs) coexist on one machine, and the daemons keep the real Mesos ports.
 * 127.0.0.x is never used: it is reserved for the SSH test hosts (root@127.0.0.K) and
 * for whatever else listens on 127.0.0.1.
 */
export const MASTER_PORT = 5050;
export const AGENT_PORT = 5051;
export const FIRST_BLOCK = 1;
export const LAST_BLOCK = 254;
/** Agents take host numbers 2..254 of the block. */
export const MAX_AGENTS = 253;

export interface BlockAddresses {
  block: number;
  master: { host: string; port: number };
  agents: Array<{ host: string; port: number }>;
}

export function blockAddresses(block: number, agents: number): BlockAddresses {
  return {
    block,
    master: { host: `127.0.${block}.1`, port: MASTER_PORT },
    agents: Array.from({ length: agents }, (_, i) => ({ host: `127.0.${block}.${i + 2}`, port: AGENT_PORT })),
  };
}

/** True when host:port can be bound right now (probe: listen, then close). */
export function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface ChooseBlockOptions {
  agents: number;
  /** Blocks recorded by other clusters of this DCOS_DIR (running or stopped with kept state). */
  reserved?: Iterable<number>;
  /** Probe, injectable for tests; default canBind. */
  isFree?: (host: string, port: number) => Promise<boolean>;
  /** Try this block first (a restarted cluster keeps its addresses when it can). */
  preferred?: number;
}

/**
 * The lowest block (the preferred one first) that no other cluster records and whose
 * master and agent addresses can all be bound; undefined when none is left.
 */
export async function chooseAddressBlock(opts: ChooseBlockOptions): Promise<BlockAddresses | undefined> {
  if (!Number.isInteger(opts.agents) || opts.agents < 1 || opts.agents > MAX_AGENTS) {
    throw new RangeError(`agents must be an integer from 1 to ${MAX_AGENTS}, got ${opts.agents}`);
  }
  const reserved = new Set(opts.reserved ?? []);
  const isFree = opts.isFree ?? canBind;
  const order: number[] = [];
  if (opts.preferred !== undefined) order.push(opts.preferred);
  for (let s = FIRST_BLOCK; s <= LAST_BLOCK; s++) if (s !== opts.preferred) order.push(s);
  for (const block of order) {
    if (block < FIRST_BLOCK || block > LAST_BLOCK || reserved.has(block)) continue;
    const addrs = blockAddresses(block, opts.agents);
    let free = true;
    for (const a of [addrs.master, ...addrs.agents]) {
      if (!(await isFree(a.host, a.port))) {
        free = false;
        break;
      }
    }
    if (free) return addrs;
  }
  return undefined;
}
