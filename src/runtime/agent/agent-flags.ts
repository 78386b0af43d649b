import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { normalizeRanges, type PortRange } from '../../core/resources.js';
import { DEFAULT_PORTS, type AgentConfig } from './agent-config.js';
import { detectCpus, detectDiskMiB, detectMemMiB } from './resource-detection.js';
import type { SimulationSettings } from './simulated-driver.js';

export const USAGE = `usage: dcos-agent --master URL --listen HOST:PORT --work-dir DIR --node-token-file FILE
                  [--ports 31000-32000] [--cpus N] [--mem MiB] [--disk MiB]
                  [--attributes rack:r1;zone:a] [--hostname ADDR]
                  [--driver process|simulated] [--simulated-start-delay-ms MS]
                  [--simulated-term-delay-ms MS] [--simulated-exit-after-ms MS]
                  [--simulated-exit-status N]`;

/** --simulated-* flags and the SimulationSettings field each sets. */
const SIMULATION_FLAGS = {
  'simulated-start-delay-ms': 'startDelayMs',
  'simulated-term-delay-ms': 'termDelayMs',
  'simulated-exit-after-ms': 'exitAfterMs',
  'simulated-exit-status': 'exitStatus',
} as const satisfies Record<string, keyof SimulationSettings>;

export interface AgentFlagsResult {
  config: AgentConfig;
  /** Problems worth a warning that do not stop the agent (e.g. a token file others can read). */
  warnings: string[];
}

export interface ResourceDetector {
  cpus(): number;
  memMiB(): number;
  diskMiB(dir: string): number;
}

const systemDetector: ResourceDetector = { cpus: detectCpus, memMiB: () => detectMemMiB(), diskMiB: detectDiskMiB };

function usageError(message: string): DcosError {
  return new DcosError(ErrorCodes.BAD_REQUEST, `${message}\n${USAGE}`);
}

/** Parses the daemon's flags into an AgentConfig; every mistake is reported with the flag it concerns. */
export function parseAgentFlags(argv: string[], detect: ResourceDetector = systemDetector): AgentFlagsResult {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        master: { type: 'string' }, listen: { type: 'string' }, 'work-dir': { type: 'string' },
        'node-token-file': { type: 'string' }, ports: { type: 'string' }, cpus: { type: 'string' },
        mem: { type: 'string' }, disk: { type: 'string' }, attributes: { type: 'string' }, hostname: { type: 'string' },
        driver: { type: 'string' },
        ...Object.fromEntries(Object.keys(SIMULATION_FLAGS).map((f) => [f, { type: 'string' as const }])),
      },
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const missing = ['master', 'listen', 'work-dir', 'node-token-file'].filter((f) => !values[f]);
  if (missing.length > 0) throw usageError(`missing required flag(s): ${missing.map((f) => `--${f}`).join(', ')}`);

  const masterUrl = parseMaster(values.master!);
  const [listenHost, listenPort] = parseListen(values.listen!);
  const workDir = resolve(values['work-dir']!);
  try {
    mkdirSync(workDir, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw usageError(`--work-dir ${workDir}: cannot create it (${(e as Error).message})`);
  }
  const simulation = parseSimulation(values);
  const { token, warnings } = readNodeToken(values['node-token-file']!);
  return {
    config: {
      masterUrl,
      listenHost,
      listenPort,
      hostname: values.hostname?.trim() || listenHost,
      workDir,
      nodeToken: token,
      resources: {
        cpus: values.cpus !== undefined ? positive('--cpus', values.cpus) : detect.cpus(),
        mem: values.mem !== undefined ? positive('--mem', values.mem) : detect.memMiB(),
        disk: values.disk !== undefined ? positive('--disk', values.disk, true) : detect.diskMiB(workDir),
        ports: values.ports !== undefined ? parsePorts(values.ports) : [DEFAULT_PORTS],
      },
      attributes: values.attributes !== undefined ? parseAttributes(values.attributes) : {},
      ...(simulation ? { simulation } : {}),
    },
    warnings,
  };
}

/** --driver simulated and its --simulated-* settings; those flags mean nothing with real processes, so they are refused there. */
function parseSimulation(values: Record<string, string | undefined>): SimulationSettings | undefined {
  const driver = values.driver ?? 'process';
  if (driver !== 'process' && driver !== 'simulated') throw usageError(`--driver must be "process" or "simulated", got "${driver}"`);
  const given = (Object.keys(SIMULATION_FLAGS) as Array<keyof typeof SIMULATION_FLAGS>).filter((f) => values[f] !== undefined);
  if (driver === 'process') {
    if (given.length > 0) throw usageError(`${given.map((f) => `--${f}`).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} only with --driver simulated`);
    return undefined;
  }
  const settings: SimulationSettings = {};
  for (const flag of given) {
    const n = Number(values[flag]);
    const max = flag === 'simulated-exit-status' ? 255 : Number.MAX_SAFE_INTEGER;
    if (values[flag]!.trim() === '' || !Number.isInteger(n) || n < 0 || n > max) {
      throw usageError(`--${flag} must be an integer from 0 to ${max}, got "${values[flag]}"`);
    }
    settings[SIMULATION_FLAGS[flag]] = n;
  }
  return settings;
}

function parseMaster(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--master must be a URL such as http://127.0.1.1:5050, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`--master must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function parseListen(value: string): [string, number] {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw usageError(`--listen must be HOST:PORT, e.g. 127.0.1.2:5051, got "${value}"`);
  return [m[1].replace(/^\[|\]$/g, ''), port];
}

function positive(flag: string, value: string, allowZero = false): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    throw usageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${value}"`);
  }
  return n;
}

/** "31000-32000,33000" → [[31000,32000],[33000,33000]] */
export function parsePorts(value: string): PortRange[] {
  const ranges: PortRange[] = [];
  for (const part of value.replace(/^\[|\]$/g, '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const begin = m ? Number(m[1]) : NaN;
    const end = m ? Number(m[2] ?? m[1]) : NaN;
    if (!m || begin < 1 || end > 65535 || end < begin) throw usageError(`--ports must be ranges such as 31000-32000, got "${value}"`);
    ranges.push([begin, end]);
  }
  if (ranges.length === 0) throw usageError(`--ports must name at least one port, got "${value}"`);
  return normalizeRanges(ranges);
}

/** "rack:r1;zone:a" → {rack: 'r1', zone: 'a'} (Mesos' --attributes syntax). */
export function parseAttributes(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(';').map((p) => p.trim()).filter(Boolean)) {
    const colon = pair.indexOf(':');
    const key = colon > 0 ? pair.slice(0, colon).trim() : '';
    if (!key) throw usageError(`--attributes must be key:value pairs separated by ";", got "${pair}"`);
    out[key] = pair.slice(colon + 1).trim();
  }
  return out;
}

/** The node credential: the trimmed content of a file. Refused when missing or empty. */
export function readNodeToken(file: string): { token: string; warnings: string[] } {
  let text: string;
  const warnings: string[] = [];
  try {
    text = readFileSync(file, 'utf8');
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) warnings.push(`node token file ${file} is readable by others (mode ${mode.toString(8)}); it should be 0600`);
  } catch (e) {
    throw usageError(`--node-token-file ${file}: cannot read the node token (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const token = text.trim();
  if (token === '') throw usageError(`--node-token-file ${file} is empty; it must hold the cluster's node token`);
  return { token, warnings };
}
