import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/src/parse/index.js';
import { profileGroups, traitWords } from '../../server/src/lexicon/people-in-exemplars.js';

const letter = (name: string, pronoun: string, words: string) => `Input: Write a reference letter for ${name}.\nOutput: ${pronoun} is ${words}.\n`;

describe('trait words of one-gender items in one large prompt', () => {
  it('reads every one-gender item, also past the first 32 separate ranges, and no other item', () => {
    // One-gender items with an item about nobody between each two: each is a range of its own (80 numbers).
    const parts: string[] = [];
    for (let i = 0; i < 40; i++) {
      parts.push(i % 2 === 0 ? letter('Susan', 'She', 'warm and caring') : letter('Brian', 'He', 'ambitious and confident'));
      parts.push(letter('the applicant', 'The applicant', 'kind and assertive'));
    }
    const doc = parseDocument('x.prompt', parts.join('\n'));
    const groups = profileGroups(doc);
    const words = traitWords(doc);
    expect(groups).toHaveLength(1);
    const profiles = groups[0]!.profiles;
    expect(profiles).toHaveLength(80);
    for (let i = 0; i < 80; i++) {
      const w = words[0]![i]!;
      if (i % 2 === 1) {
        expect(profiles.gender(i)).toBe('none');
        expect(w.agentic.length + w.communal.length).toBe(0);
      } else if ((i / 2) % 2 === 0) {
        expect(profiles.gender(i)).toBe('female');
        expect(w.communal.length).toBe(2);
      } else {
        expect(profiles.gender(i)).toBe('male');
        expect(w.agentic.length).toBe(2);
      }
    }
  });
});
