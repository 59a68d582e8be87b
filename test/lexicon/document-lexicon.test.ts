import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DocumentLexicon, TextLexicon, documentLexicon, firstMentionAt, firstMentionAtPlain, type Mention } from '../../server/src/lexicon/lexicon.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { traitsIn } from '../../server/src/lexicon/agentic.js';
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

  it('shares the analysis of equal texts among thousands (its table grows), and finds each by `of`', () => {
    // Distinct texts, some of one key (same length, sampled characters alike), each twice, in a shuffled order.
    const distinct = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `${'a'.repeat(10)}${String(i).padStart(4, '0')}${'b'.repeat(66)}` : `text ${i} of many`));
    const texts = [...distinct, ...distinct].map((t, i) => ({ t, k: (i * 7919) % 6007 })).sort((a, b) => a.k - b.k).map((x) => x.t);
    const lexicon = new DocumentLexicon(docOf(texts));
    expect(lexicon.size).toBe(distinct.length);
    const byText = new Map<string, TextLexicon>();
    for (let i = 0; i < texts.length; i++) {
      const lex = lexicon.prose[i]!;
      expect(lex.text).toBe(texts[i]);
      const first = byText.get(texts[i]!);
      if (first) expect(lex).toBe(first);
      else byText.set(texts[i]!, lex);
    }
    expect(new Set(byText.values()).size).toBe(distinct.length);
    for (const t of distinct) expect(lexicon.of(new Segment(t, 3))).toBe(byText.get(t));
  });

  it('numbers its analyses 0 to size - 1, one number per distinct text, also those taken from an earlier version', () => {
    const ids = (lexicon: DocumentLexicon, segments: readonly TextLexicon[]) => {
      const byText = new Map<string, number>();
      for (const lex of segments) {
        expect(lex.id).toBeGreaterThanOrEqual(0);
        expect(lex.id).toBeLessThan(lexicon.size);
        if (byText.has(lex.text)) expect(lex.id).toBe(byText.get(lex.text));
        else byText.set(lex.text, lex.id);
      }
      expect(new Set(byText.values()).size).toBe(byText.size);
      return byText.size;
    };
    // A long text (taken from the earlier version's analysis, or edited from it) and short ones.
    const long = 'The nurse said she would help. '.repeat(700);
    const texts = ['a', 'b', 'a', long, 'The chairman left.', 'b', ''];
    const earlier = new DocumentLexicon(docOf(texts));
    expect(ids(earlier, earlier.prose)).toBe(earlier.size);
    for (const lex of earlier.prose) void lex.mentions;
    const later = new DocumentLexicon(docOf(['b', long, `${long}He left.`, 'c', 'a', 'c']), earlier);
    expect(ids(later, later.prose)).toBe(later.size);
    // A text first asked for later gets the next number; an equal one, its own.
    const extra = later.of(new Segment('d', 5));
    expect(extra.id).toBe(later.size - 1);
    expect(later.of(new Segment('c', 7)).id).toBe(later.prose[3]!.id);
    // An analysis made alone is in no lexicon.
    expect(new TextLexicon('a').id).toBe(-1);
  });
});

describe('TextLexicon: lookups over the tokens listed while scanning', () => {
  // A long text (over the length from which trait candidates are listed) with trait words in several
  // spellings (capitals, a non-ASCII capital that lower-cases to ASCII, short tokens, digits, hyphens).
  const words = [
    'She', 'is', 'CONFIDENT', 'and', 'warm;', 'he', 'was', 'ambitious', 'kind', 'of', 'caring', 'the', 'nurse', 'and', 'his',
    'brother', 'were', 'ass', 'Assertive', 'sup', '3ab', 'ab3', 'self-reliant', 'Mr', 'Smith', 'met', 'Mary', 'old', 'people',
    'gay', 'man', '\u212Aind', 'leader', 'Émile', 'helpful', 'x', 'led', 'Son', 'nag', 'le',
  ];
  const text = Array.from({ length: 2000 }, (_, i) => words[(i * 7) % words.length]).join(' ');

  it('finds the same mentions and trait words as a pass over every token', () => {
    const scanned = new TextLexicon(text);
    expect(text.length).toBeGreaterThan(4096);
    const mentions = scanned.mentions;
    expect(mentions.length).toBeGreaterThan(0);
    expect(scanned.traitCandidates).toBeDefined();
    // The same text tokenised first: mentions and traits from every token, no candidates.
    const plain = new TextLexicon(text);
    const tokens = plain.tokens;
    expect(plain.traitCandidates).toBeUndefined();
    expect(plain.mentions).toEqual(mentions);
    expect(scanned.traits).toEqual(traitsIn(tokens));
    expect(scanned.traits.length).toBeGreaterThan(0);
    // In token ranges too.
    const ranges = [3, 40, 41, 41, 100, 900, 1500, 5000];
    expect(traitsIn(scanned.scan(), ranges, scanned.traitCandidates)).toEqual(traitsIn(tokens, ranges));
  });
});

describe('TextLexicon.edited: an edited text analysed from its earlier version', () => {
  // Lines that start and end with people words, group adjectives before person nouns, names, trait words.
  const words = ['She', 'he', 'Maria', 'the', 'chairman', 'gay', 'man', 'Muslim', 'nurse', 'ambitious', 'warm', 'kind', 'of', 'said', 'x', 'men'];
  const line = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }).map((a) => a.join(' '));
  const text = fc.array(line, { minLength: 2, maxLength: 30 }).map((a) => a.join('\n') + '\n');
  const inserted = fc.array(fc.constantFrom(...words, ' ', '\n', '-', "'", '.'), { maxLength: 4 }).map((a) => a.join(''));
  const view = (lexicon: TextLexicon) => {
    const t = lexicon.tokens;
    return { mentions: lexicon.mentions, start: Array.from(t.start.subarray(0, t.count)), flags: Array.from(t.flags.subarray(0, t.count)), traits: lexicon.traits };
  };

  it('has the tokens, mentions and trait words of a fresh analysis, for any edit', () => {
    let edited = 0;
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(10), inserted, (before, at, removed, insert) => {
        const from = at % (before.length + 1);
        const after = before.slice(0, from) + insert + before.slice(Math.min(before.length, from + removed));
        const earlier = new TextLexicon(before);
        if (earlier.mentions.length === 0) return;
        const got = TextLexicon.edited(earlier, after);
        if (!got) return;
        edited++;
        expect(view(got)).toEqual(view(new TextLexicon(after)));
      }),
      { numRuns: 1500 },
    );
    expect(edited).toBeGreaterThan(700);
  });
});

describe('DocumentLexicon.mayMention', () => {
  // Multiple-choice prompts whose questions and options mix people and group words (names, group adjectives
  // with and without capitals, gendered nouns, pronouns, multi-word phrases) with plain words, in several
  // option marker styles.
  const people = ['Muslim', 'muslim', 'Mexican', 'the nurse', 'a gay man', 'Will', 'will', 'May', 'Mary', 'his brother', 'old people', 'immigrants', 'she', 'Mr Smith', 'Deaf nurse', 'chairman'];
  const plain = ['light', 'water', 'the', 'Cat', 'river', 'three', 'blue', 'Paris', 'energy'];
  // Mostly plain words, so that many items name no one.
  const word = fc.oneof({ arbitrary: fc.constantFrom(...people), weight: 1 }, { arbitrary: fc.constantFrom(...plain), weight: 12 });
  const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((a) => a.join(' '));
  const marker = fc.constantFrom('(X) ', 'X. ', 'X) ', '[X] ', '- (X) ', 'X: ');
  const item = fc.record({ question: phrase, options: fc.array(phrase, { minLength: 2, maxLength: 4 }), marker, answer: fc.nat(3), inline: fc.boolean() });
  const prompt = fc.array(item, { minLength: 3, maxLength: 8 }).map((items) =>
    items
      .map(({ question, options, marker: m, answer, inline }) => {
        const letters = options.map((_, i) => String.fromCharCode(65 + i));
        const opts = inline ? options.map((o, i) => `(${letters[i]}) ${o}`).join(' ') : options.map((o, i) => m.replace('X', letters[i]!) + o).join('\n');
        return `Q: Which of these is it, ${question}?\nAnswer choices:\n${opts}\nA: So the answer is (${letters[answer % options.length]}).\n`;
      })
      .join('\n'),
  );

  it('is false for an item only when no text cut from it at word boundaries mentions anyone', () => {
    let skipped = 0;
    let withPeople = 0;
    fc.assert(
      fc.property(prompt, (text) => {
        const doc = parseDocument('x.prompt', text);
        const lexicon = documentLexicon(doc);
        // Before any rule has asked for the prose's mentions, it does not look for them: it cannot rule anything out.
        for (const e of doc.exemplarSets.flatMap((set) => set.exemplars)) expect(lexicon.mayMention(e.span)).toBe(true);
        for (const p of lexicon.prose) void p.mentions;
        for (const set of doc.exemplarSets) {
          for (const e of set.exemplars) {
            const texts = [...(e.question ? [e.question.text] : []), ...e.options.map((o) => o.text.text)];
            const mentioned = texts.some((t) => new TextLexicon(t).mentions.length > 0);
            if (mentioned) withPeople++;
            if (lexicon.mayMention(e.span)) continue;
            skipped++;
            expect(mentioned).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
    // Both kinds of item came up.
    expect(skipped).toBeGreaterThan(50);
    expect(withPeople).toBeGreaterThan(50);
  });
});

describe('firstMentionAt', () => {
  it('finds the first mention at or after a start from any hint, as the binary search over all mentions does', () => {
    // Starts in text order (repeats allowed), a start to look for around them, and any hint (also outside the list).
    const starts = fc.array(fc.nat(40), { maxLength: 30 }).map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(starts, fc.integer({ min: -2, max: 45 }), fc.integer({ min: -3, max: 35 }), (s, from, hint) => {
        const mentions = s.map((start) => ({ start, end: start + 1 }) as unknown as Mention);
        expect(firstMentionAt(mentions, from, hint)).toBe(firstMentionAtPlain(mentions, from));
      }),
      { numRuns: 5000 },
    );
    const mentions = [1, 3, 3, 7].map((start) => ({ start }) as unknown as Mention);
    expect([0, 1, 2, 3, 4, 8].map((from) => firstMentionAtPlain(mentions, from))).toEqual([0, 0, 1, 1, 3, 4]);
  });

  it('gives mayMention the same answers in any order of lookups', () => {
    let items = 'Q: Which of these is it?\n(A) light\n(B) water\nA: (A)\n\n';
    for (let i = 0; i < 30; i++) items += `Q: Who is it, ${i % 3 === 0 ? 'the Muslim man' : 'the river'}?\n(A) ${i % 4 === 0 ? 'Mary' : 'blue'}\n(B) three\nA: (B)\n\n`;
    const spans = (doc: PromptDocument) => doc.exemplarSets.flatMap((set) => set.exemplars.flatMap((e) => [e.span, ...e.options.map((o) => o.span)]));
    const answers = (order: (n: number) => number[]) => {
      const doc = parseDocument('x.prompt', items);
      const lexicon = documentLexicon(doc);
      for (const p of lexicon.prose) void p.mentions;
      const all = spans(doc);
      const got = new Array<boolean>(all.length);
      for (const i of order(all.length)) got[i] = lexicon.mayMention(all[i]!);
      return got;
    };
    const inOrder = answers((n) => [...Array(n).keys()]);
    expect(inOrder.filter((x) => x).length).toBeGreaterThan(5);
    expect(inOrder.filter((x) => !x).length).toBeGreaterThan(5);
    expect(answers((n) => [...Array(n).keys()].reverse())).toEqual(inOrder);
    expect(answers((n) => [...Array(n).keys()].map((i) => (i * 7) % n))).toEqual(inOrder);
  });
});
