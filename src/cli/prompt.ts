import { usageError } from './errors.js';

/**
 * Questions of destructive or costly commands (package install, uninstall, upgrade,
 * service shutdown), after dcos-core-cli. Questions go to stderr, so stdout carries only
 * the result. Without a terminal on stdin nobody can answer: the command is refused
 * unless --yes was given, instead of reading a script's input as an answer.
 */
export interface Prompter {
  /** Shows `question` and answers the line typed (without its newline); '' at the end of input. */
  ask(question: string): Promise<string>;
}

/** The terminal's prompter; refuses (a usage error naming --yes) when stdin is not a terminal. */
export async function terminalPrompter(what: string): Promise<Prompter> {
  if (!process.stdin.isTTY) throw usageError(`${what} needs a confirmation, but stdin is not a terminal: pass --yes to confirm`);
  const { createInterface } = await import('node:readline/promises');
  return {
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      try {
        return (await rl.question(question)).trim();
      } finally {
        rl.close();
      }
    },
  };
}

/** dcos-core-cli's `[yes/no]` question: yes or y (any case) confirms; anything else declines. */
export async function confirm(prompter: Prompter, question: string): Promise<boolean> {
  return /^(y|yes)$/i.test(await prompter.ask(question));
}

/**
 * dcos-core-cli's typed confirmation (package uninstall): up to 3 tries to type
 * `expected`; each wrong answer is told on `errOut`. Answers whether it was typed.
 */
export async function confirmByTyping(prompter: Prompter, question: string, expected: string, errOut: (line: string) => void): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    const answer = await prompter.ask(question);
    if (answer === expected) return true;
    errOut(`Expected '${expected}'. You supplied '${answer}'.`);
  }
  return false;
}
