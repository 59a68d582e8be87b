import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/option-length-cue';
import { poissonBinomialUpperTail } from '../../server/src/stats/exact';
import { diagnosticsOf } from './helpers';

const LETTERS = 'ABCD';
function demos(golds: number[], longestGold: boolean): string {
  return [
    ...golds.map((g, i) => {
      const options = ['short', 'brief', 'terse', 'small'].map((o, j) => (j === g && longestGold ? 'a much longer and more careful option' : o));
      return [`Q: Question ${i + 1}?`, ...options.map((o, j) => `(${LETTERS[j]}) ${o}`), `A: So the answer is (${LETTERS[g]}).`].join('\n');
    }),
    'Q: {{question}}\nA:',
  ].join('\n\n');
}

describe('option-length-cue over sets of different sizes in a row', () => {
  it("tests each set's own demos only, after a larger set", () => {
    const large = demos(Array.from({ length: 30 }, (_, i) => [0, 3, 1, 2][i % 4]!), true);
    const small = demos([1, 2, 1, 2, 1, 2], true);
    diagnosticsOf(rule, { text: large });
    const [d] = diagnosticsOf(rule, { text: small });
    expect(d).toBeDefined();
    expect(d!.data!.n).toBe(6);
    expect(d!.data!.longestCount).toBe(6);
    // Six demos, each gold the strict longest with probability 1/4, two tests (Bonferroni).
    expect(d!.data!.pLongest).toBeCloseTo(Math.min(1, 2 * poissonBinomialUpperTail([0.25, 0.25, 0.25, 0.25, 0.25, 0.25], 6)), 12);
    expect(d!.data!.kind).toBe('longest');
  });
});
