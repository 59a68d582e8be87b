import { describe, expect, it } from 'vitest';
import { DocumentLexicon } from '../../server/src/lexicon/lexicon.js';
import { Segment } from '../../server/src/model/segment.js';
import type { PromptDocument } from '../../server/src/model/types.js';

const docOf = (texts: string[]) => ({ prose: texts.map((t, i) => new Segment(t, i * 10000)) }) as unknown as PromptDocument;

describe('DocumentLexicon: one analysis per distinct text', () => {
  it('shares the analysis of equal texts and never of different ones, also when many texts look alike', () => {
    // Texts of one length that differ only in characters between the sampled ones, so they share a lookup key
    // (40 texts with one key: the list, then the Map by text).
    const alike = Array.from({ length: 40 }, (_, i) => `${'a'.repeat(10)}${String(i).padStart(2, '0')}${'b'.repeat(68)}`);
    const texts = [...alike, ...alike, 'The nurse said she would help.', '', '', 'x', 'y', 'The nurse said she would help.'];
    const lexicon = new DocumentLexicon(docOf(texts));
    expect(lexicon.prose.length).toBe(texts.length);
    for (let i = 0; i < texts.length; i++) {
      expect(lexicon.prose[i]!.text).toBe(texts[i]);
      for (let j = 0; j < texts.length; j++) {
        if (texts[i] === texts[j]) expect(lexicon.prose[i]).toBe(lexicon.prose[j]);
        else expect(lexicon.prose[i]).not.toBe(lexicon.prose[j]);
      }
    }
    // `of` finds the same analysis for another segment with an equal text.
    expect(lexicon.of(new Segment(alike[7]!, 5))).toBe(lexicon.prose[7]);
    expect(lexicon.of(new Segment('The nurse said she would help.', 5)).mentions.length).toBeGreaterThan(0);
  });
});
