// people-in-exemplars counts the sentences most records of a dataset repeat (setup, not the records' people)
// first by a key in buckets, then only the mentions of well-held buckets by their sentence: the marks must be
// those of counting every sentence by its string (uncountedMentionsForTests with -1), with any number of buckets.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDocument } from '../../server/src/parse/index.js';
import { uncountedMentionsForTests } from '../../server/src/lexicon/people-in-exemplars.js';

/** Sentences with people in them (pronouns, gendered nouns, roles, names) and without, some alike but for a word. */
const SENTENCES = [
  'You are a helpful nurse.',
  'You are a helpful doctor.',
  'She asked about her order.',
  'He asked about his order.',
  'The customer wants a refund.',
  'The customer wants a refund!',
  'My husband called twice.',
  'My wife called twice.',
  'Emily is a nurse who works nights.',
  'Write the message she sends to her manager.',
  'Ask Claude to summarise the thread.',
  'The parcel is late.',
  'Classify the customer message into one intent.',
  'Tell him the truth.',
  'Tell her the truth.',
];

const recordArb = fc.record({
  system: fc.array(fc.constantFrom(...SENTENCES), { maxLength: 2 }),
  user: fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 3 }),
  // Sentences on lines of their own, or after a stop.
  lines: fc.boolean(),
});

function jsonl(records: { system: string[]; user: string[]; lines: boolean }[]): string {
  return records
    .map((r) => {
      const join = (s: string[]) => s.join(r.lines ? '\n' : ' ');
      const messages = [
        ...(r.system.length > 0 ? [{ role: 'system', content: join(r.system) }] : []),
        { role: 'user', content: join(r.user) },
        { role: 'assistant', content: 'ok' },
      ];
      return JSON.stringify({ messages });
    })
    .join('\n');
}

describe('setup sentences counted in buckets first', () => {
  it('marks the mentions that counting every sentence by its string marks', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 12 }), (records, bits) => {
        const text = jsonl(records);
        const plain = [...uncountedMentionsForTests(parseDocument('x.jsonl', text), -1)];
        expect([...uncountedMentionsForTests(parseDocument('x.jsonl', text), bits)]).toEqual(plain);
        expect([...uncountedMentionsForTests(parseDocument('x.jsonl', text), 20)]).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  it("marks a sentence that most records repeat, and not one record's own sentence", () => {
    const records = [0, 1, 2, 3].map((i) => ({ system: ['You are a helpful nurse.'], user: [i === 0 ? 'She asked about her order.' : 'The parcel is late.'], lines: false }));
    const marks = [...uncountedMentionsForTests(parseDocument('x.jsonl', jsonl(records)), 20)];
    // Per record the system prompt's "nurse" (in setup: 1), then the first record's "She" and "her" (counted: 0).
    expect(marks).toEqual([1, 0, 0, 1, 1, 1]);
  });
});
