import { readFileSync, statSync } from 'node:fs';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import { DEFAULT_NOTIFIER_EVENTS, notifierConfigProblems, type NotifierConfig, type NotifierEvent } from '../../../core/notifier-config.js';

/** The notifier's configuration with its defaults resolved. */
export interface NotifierSettings {
  webhookUrl: string;
  events: ReadonlySet<NotifierEvent>;
  channel?: string;
}

export interface LoadedNotifierConfig {
  settings: NotifierSettings;
  /** To log: e.g. the file is open to others than its owner. */
  warnings: string[];
}

/** A file larger than this is no notifier config. */
const MAX_BYTES = 64 * 1024;

/**
 * Reads `--notifier-config FILE` (format: core/notifier-config.ts). Every problem is
 * reported at once as `FILE: field: problem`; none repeats the webhook URL. A file
 * that group or others may read or write is accepted with a warning (the URL is a secret).
 */
export function loadNotifierConfig(file: string): LoadedNotifierConfig {
  const fail = (message: string, cause?: unknown) => new DcosError(ErrorCodes.BAD_REQUEST, `${file}: ${message}`, { cause });
  let text: string;
  let mode: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw fail('is not a regular file');
    if (st.size > MAX_BYTES) throw fail(`is larger than ${MAX_BYTES} bytes`);
    mode = st.mode & 0o777;
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof DcosError) throw err;
    throw fail(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail(`is not JSON: ${(err as Error).message}`);
  }
  const problems = notifierConfigProblems(value);
  if (problems.length > 0) throw fail(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  const config = value as NotifierConfig;
  const warnings = (mode & 0o077) !== 0
    ? [`${file} is open to others than its owner (mode ${mode.toString(8).padStart(4, '0')}); it holds the webhook URL, a secret: chmod 600 it`]
    : [];
  return {
    settings: {
      webhookUrl: config.webhookUrl.trim(),
      events: new Set(config.events ?? DEFAULT_NOTIFIER_EVENTS),
      ...(config.channel !== undefined ? { channel: config.channel } : {}),
    },
    warnings,
  };
}
