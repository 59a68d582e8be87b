import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PhraseIndex } from '../../server/src/lexicon/phrases.js';
import { tokenize, tokenText } from '../../server/src/lexicon/tokens.js';

/** The longest entry starting at token i, by trying every entry (0 when none). */
function bruteForce(entries: string[][], text: string): number[] {
  const t = tokenize(text);
  const joinedRun = (i: number, n: number) => Array.from({ length: n - 1 }, (_, k) => t.joined[i + k + 1]).every(Boolean);
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) {
    let best = 0;
    for (const e of entries) {
      if (e.length > best && i + e.length <= t.count && joinedRun(i, e.length) && e.every((w, k) => tokenText(t, i + k).toLowerCase() === w)) best = e.length;
    }
    out.push(best);
  }
  return out;
}

function matchLengths(idx: PhraseIndex<string>, text: string): number[] {
  const t = tokenize(text);
  return Array.from({ length: t.count }, (_, i) => idx.matchLength(t, i));
}

describe('PhraseIndex: lookups in a large index', () => {
  // Many entries, so the lookup table has probe runs and wraps around; entries added after lookups were made;
  // and the same index restored from its snapshot.
  // A small vocabulary, so that the text holds many entries; phrases of it give hundreds of keys.
  const word = fc.stringMatching(/^[a-c]{1,3}$/);
  const phrase = fc.array(word, { minLength: 1, maxLength: 3 });
  it('finds the longest entry at every token, as trying every entry would', () => {
    fc.assert(
      fc.property(
        fc.array(phrase, { minLength: 1, maxLength: 200 }),
        fc.array(phrase, { maxLength: 50 }),
        fc.array(fc.tuple(word, fc.constantFrom(' ', '-', ', ')), { maxLength: 60 }),
        (first, later, words) => {
          const text = words.map(([w, gap]) => w + gap).join('');
          const idx = new PhraseIndex<string>();
          for (const e of first) idx.add(e.join(' '), e.join(' '));
          expect(matchLengths(idx, text)).toEqual(bruteForce(first, text));
          for (const e of later) idx.add(e.join(' '), e.join(' '));
          const all = [...first, ...later];
          expect(matchLengths(idx, text)).toEqual(bruteForce(all, text));
          const restored = PhraseIndex.fromSnapshotText(idx.snapshotText((v) => v), (raw) => raw);
          expect(matchLengths(restored, text)).toEqual(bruteForce(all, text));
          // The value found is the entry's own.
          const t = tokenize(text);
          for (let i = 0; i < t.count; i++) {
            const m = restored.matchAt(t, i);
            if (m) expect(m.value).toBe(Array.from({ length: m.length }, (_, k) => tokenText(t, i + k).toLowerCase()).join(' '));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
