import type { KeyFile } from '../ssh/key-file.js';
import { expandKeyFile } from './compile.js';
import type { Problem } from './problem.js';
import { isObj, rawNodes, str } from './raw-access.js';

/** Key files as this machine has them (cluster-file.ts ParseOptions.localKeys). */
export interface LocalKeys {
  /** ssh-agent runs ($SSH_AUTH_SOCK): nodes need no keyFile, and a key with a passphrase can be used. */
  agent: boolean;
  read(path: string): KeyFile;
}

/**
 * Every key file a node logs in with is read here, before any host is contacted: one
 * that is missing, unreadable or not a private key is a problem at the `keyFile` entry
 * naming it (`ssh.keyFile` once, however many nodes use it), as is a key protected by a
 * passphrase when no ssh-agent runs to hold it.
 */
export function keyFileAccessProblems(data: unknown, ctx: { file: string; homeDir: string; keys: LocalKeys }): Problem[] {
  const problems: Problem[] = [];
  const check = (path: string, keyFile: string | undefined) => {
    if (!keyFile || /^~[^/]/.test(keyFile)) return; // empty or ~user: reported by the schema and node checks
    const file = expandKeyFile(keyFile, ctx);
    const key = ctx.keys.read(file);
    if (!key.usable) problems.push({ path, message: `${key.problem} (${file})`, hint: key.hint, at: 'value' });
    else if (key.encrypted && !ctx.keys.agent) {
      problems.push({
        path,
        message: `is protected by a passphrase, and no ssh-agent runs (SSH_AUTH_SOCK is not set) (${file})`,
        hint: `dcos never asks for passphrases: start ssh-agent and \`ssh-add ${file}\``,
        at: 'value',
      });
    }
  };
  const nodes = rawNodes(data);
  if (nodes.some(({ node }) => node.keyFile === undefined)) check('/ssh/keyFile', str(isObj(data) ? data.ssh : undefined, 'keyFile'));
  for (const { path, node } of nodes) check(`${path}/keyFile`, str(node, 'keyFile'));
  return problems;
}
