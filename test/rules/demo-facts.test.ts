import { describe, expect, it } from 'vitest';
import { demoFacts, goldIndex } from '../../server/src/rules/shared/fewshot.js';
import { parseDocument } from '../../server/src/parse/index.js';

function demos(n: number, gold: (i: number) => string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += `Q: Question ${i}?\n(A) one\n(B) two\n(C) three\nA: (${gold(i)})\n\n`;
  return s;
}

describe('demoFacts', () => {
  it('lists exactly the lettered demos of each set, also after a larger set', () => {
    const large = parseDocument('a.prompt', demos(40, (i) => 'ABC'[i % 3]!));
    const small = parseDocument('b.prompt', demos(3, () => 'C'));
    for (const doc of [large, small]) {
      for (const set of doc.exemplarSets) {
        const f = demoFacts(set);
        const want = set.exemplars.map((e, i) => [i, goldIndex(e), e.options.length] as const).filter(([, g]) => g !== undefined);
        expect(want.length).toBeGreaterThan(0);
        expect(f.lettered).toEqual(want.map(([i]) => i));
        expect(f.letteredGolds).toEqual(want.map(([, g]) => g));
        expect(f.letteredKs).toEqual(want.map(([, , k]) => k));
      }
    }
    expect(demoFacts(small.exemplarSets[0]!).lettered.length).toBe(3);
  });
});
