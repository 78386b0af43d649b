import assert from 'node:assert/strict';
import { confirm, confirmByTyping, type Prompter } from '../../../src/cli/prompt.js';

/** Answers the given lines in turn, recording the questions. */
function scripted(...answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return { asked, ask: async (q) => (asked.push(q), answers.shift() ?? '') };
}

describe('prompts', () => {
  for (const [answer, yes] of [['yes', true], ['Y', true], ['no', false], ['', false], ['yess', false]] as const) {
    it(`[yes/no]: ${JSON.stringify(answer)} ${yes ? 'confirms' : 'declines'}`, async () => {
      assert.equal(await confirm(scripted(answer), 'Continue installing? [yes/no] '), yes);
    });
  }

  it('typed confirmation: up to 3 tries, each wrong answer told', async () => {
    const told: string[] = [];
    const p = scripted('kafak', 'kafka');
    assert.equal(await confirmByTyping(p, 'Please type the name of the service to confirm: ', 'kafka', (l) => told.push(l)), true);
    assert.deepEqual(told, ["Expected 'kafka'. You supplied 'kafak'."]);
    const q = scripted('a', 'b', 'c', 'kafka');
    assert.equal(await confirmByTyping(q, '? ', 'kafka', () => undefined), false);
    assert.equal(q.asked.length, 3);
  });
});
