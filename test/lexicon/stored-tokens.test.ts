import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keepTokens, scanTokens, storedTokens, storeTokens, TokenBlock, type Tokens } from '../../server/src/lexicon/tokens.js';
import { TextLexicon } from '../../server/src/lexicon/lexicon.js';

const plain = (t: Tokens) => ({ text: t.text, count: t.count, start: [...t.start], end: [...t.end], hash: [...t.hash], joined: [...t.joined], flags: [...t.flags] });

describe('storeTokens: tokens kept without views until read', () => {
  it('gives the same tokens as keepTokens, for many texts stored before any is read', () => {
    const words = fc.constantFrom('He', 'she', "man's", 'nurse', 'x-y', '--', '. ', '\n', ' ', 'Über', '42', 'A');
    fc.assert(
      fc.property(fc.array(fc.array(words, { maxLength: 40 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 60 }), (texts) => {
        const stored = texts.map((text) => {
          const s = storeTokens(scanTokens(text));
          return { s, slot: storedTokens.slot };
        });
        const kept = texts.map((text) => keepTokens(scanTokens(text)));
        for (let i = 0; i < texts.length; i++) {
          const { s, slot } = stored[i]!;
          const t = s instanceof TokenBlock ? s.tokens(texts[i]!, slot) : s;
          expect(plain(t)).toEqual(plain(kept[i]!));
        }
      }),
    );
  });

  it('stores a short text with tokens in a TokenBlock, whose views are new on each read', () => {
    const s = storeTokens(scanTokens('She is a nurse.'));
    const slot = storedTokens.slot;
    expect(s).toBeInstanceOf(TokenBlock);
    const a = (s as TokenBlock).tokens('She is a nurse.', slot);
    const b = (s as TokenBlock).tokens('She is a nurse.', slot);
    expect(a.start).not.toBe(b.start);
    expect(plain(a)).toEqual(plain(b));
    expect(a.count).toBe(4);
  });

  it('keeps a text of more than 512 tokens, or none, as plain Tokens', () => {
    expect(storeTokens(scanTokens(''))).not.toBeInstanceOf(TokenBlock);
    expect(storeTokens(scanTokens('a '.repeat(600)))).not.toBeInstanceOf(TokenBlock);
  });

  it("TextLexicon.passTokens reads a short text's stored tokens without keeping them, a long text's as `tokens`", () => {
    const short = new TextLexicon('She is a nurse.');
    expect(short.mentions.length).toBeGreaterThan(0);
    const a = short.passTokens;
    const b = short.passTokens;
    // New views on each read: none was kept (`tokens` would keep the first and give it again).
    expect(a.start).not.toBe(b.start);
    expect(plain(a)).toEqual(plain(b));
    expect(plain(a)).toEqual(plain(short.tokens));
    const long = new TextLexicon('The woman is a nurse. '.repeat(200));
    expect(long.mentions.length).toBeGreaterThan(0);
    expect(long.passTokens).toBe(long.tokens);
    // A text without kept tokens is tokenised as `tokens` does.
    const none = new TextLexicon('No people here at all.');
    expect(plain(none.passTokens)).toEqual(plain(keepTokens(scanTokens('No people here at all.'))));
  });
});
