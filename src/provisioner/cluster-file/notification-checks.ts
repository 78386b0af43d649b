import { webhookUrlProblem } from '../../core/notifier-config.js';
import { expandKeyFile } from './compile.js';
import { tildeUserProblem } from './node-checks.js';
import type { Problem } from './problem.js';
import { isObj, str } from './raw-access.js';

/**
 * `notifications.webhookUrlFile` names a file of this machine that holds the webhook
 * URL (a secret, so not in cluster.yaml). With `read` (cluster-file.ts
 * ParseOptions.readLocalFile) the file is read here, before any host is contacted: one
 * that is missing, empty or holds no http(s) URL is a problem at that key. No message
 * repeats the file's content.
 */
export function notificationProblems(data: unknown, ctx: { file: string; homeDir: string; read?: (path: string) => string }): Problem[] {
  const path = '/notifications/webhookUrlFile';
  const given = isObj(data) ? str(data.notifications, 'webhookUrlFile') : undefined;
  if (!given) return []; // absent, empty or not a string: the schema's
  if (/^~[^/]/.test(given)) return [tildeUserProblem(path)];
  if (!ctx.read) return [];
  const file = expandKeyFile(given, ctx);
  const hint = `write the incoming webhook's URL into ${file} (\`chmod 600\` it: whoever has the URL can post)`;
  let text: string;
  try {
    text = ctx.read(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    return [{ path, message: `cannot be read: ${why} (${file})`, hint, at: 'value' }];
  }
  if (text.trim() === '') return [{ path, message: `is empty (${file})`, hint, at: 'value' }];
  const problem = webhookUrlProblem(text);
  return problem ? [{ path, message: `holds no webhook URL: it ${problem} (${file})`, hint, at: 'value' }] : [];
}
