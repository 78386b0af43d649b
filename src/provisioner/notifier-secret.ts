import { readFile } from 'node:fs/promises';
import { DcosError, ErrorCodes } from '../core/errors.js';
import { webhookUrlProblem, type NotifierConfig, type NotifierEvent } from '../core/notifier-config.js';

/** The master's --notifier-config file, among its secrets (it holds the webhook URL). */
export const NOTIFIER_CONFIG_FILE = 'notifier.json';

/**
 * The text of the master's --notifier-config (core/notifier-config.ts) for the webhook
 * URL that `webhookUrlFile` holds, read here on the CLI's machine. Errors name the file,
 * never its content.
 */
export async function notifierConfigText(webhookUrlFile: string, events?: NotifierEvent[]): Promise<string> {
  let url: string;
  try {
    url = (await readFile(webhookUrlFile, 'utf8')).trim();
  } catch (err) {
    throw new DcosError(ErrorCodes.BAD_REQUEST, `cannot read the webhook URL file ${webhookUrlFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  const problem = url === '' ? 'is empty' : webhookUrlProblem(url);
  if (problem) throw new DcosError(ErrorCodes.BAD_REQUEST, `the webhook URL file ${webhookUrlFile} ${url === '' ? problem : `holds no webhook URL: it ${problem}`}`);
  const config: NotifierConfig = { webhookUrl: url, ...(events ? { events } : {}) };
  return JSON.stringify(config);
}
