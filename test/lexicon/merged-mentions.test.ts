import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextLexicon, mergedMentions, type Mention } from '../../server/src/lexicon/lexicon.js';
import type { Tokens } from '../../server/src/lexicon/tokens.js';

/** mergedMentions as it was written before its list was made at full size: slice and push. */
function reference(t: Tokens, ms: Mention[]): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < ms.length; i++) {
    let m = ms[i]!;
    while (m.tags.group && i + 1 < ms.length) {
      const n = ms[i + 1]!;
      if (n.token !== m.token + m.length || !t.joined[n.token]) break;
      if (!(n.tags.personNoun || n.tags.occupation || n.tags.role || n.tags.group || (n.tags.gender && !n.tags.pronoun))) break;
      m = { token: m.token, length: m.length + n.length, start: m.start, end: n.end, tags: { ...n.tags, group: m.tags.group } };
      i++;
    }
    out.push(m);
  }
  return out;
}

const strip = (ms: Mention[]) => ms.map((m) => ({ token: m.token, length: m.length, start: m.start, end: m.end, group: m.tags.group?.term, noun: !!m.tags.personNoun }));

describe('mergedMentions', () => {
  it('gives the merges of slice-and-push, at exactly their number, in texts with many and no merges', () => {
    const words = fc.constantFrom('Black', 'man', 'gay', 'nurse', 'the', 'Muslim', 'woman', 'women', 'and', 'Asian', 'engineer', ',', '.', 'he', 'John', 'old', 'people');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 60 }), (parts) => {
        const lex = new TextLexicon(parts.join(' '));
        const ms = lex.mentions;
        const got = mergedMentions(lex.tokens, ms);
        const want = reference(lex.tokens, ms);
        expect(got.length).toBe(want.length);
        expect(strip(got)).toEqual(strip(want));
        if (want.length === ms.length) expect(got).toBe(ms);
      }),
    );
  });

  it('merges a group adjective with the person noun after it', () => {
    const lex = new TextLexicon('A Black man and a gay nurse met an Asian engineer.');
    const got = mergedMentions(lex.tokens, lex.mentions);
    expect(got.map((m) => lex.text.slice(m.start, m.end))).toEqual(['Black man', 'gay nurse', 'Asian engineer']);
  });
});
