// people-in-exemplars' `sentenceAt` (the sentences a dataset's records may repeat as setup) finds its
// boundaries with two regexes; it must return what the plain loop over the characters returns.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lastSentenceEnd, sentenceAt } from '../../server/src/lexicon/people-in-exemplars.js';

const isStop = (c: number) => c === 46 || c === 33 || c === 63;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 160;

/** The plain scan: back from `at` to a boundary (not before `from`), then on to the next one. */
function plainSentenceAt(text: string, at: number, from: number): [string, number] {
  let start = at;
  while (start > from) {
    const c = text.charCodeAt(start - 1);
    if (c === 10 || c === 13) break;
    if (isSpace(c) && start - 2 >= from && isStop(text.charCodeAt(start - 2))) break;
    start--;
  }
  while (start < at && isSpace(text.charCodeAt(start))) start++;
  const n = text.length;
  let end = at;
  while (end < n) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
    if (isStop(c) && (end === n || isSpace(text.charCodeAt(end)))) break;
  }
  return [text.slice(start, end), end];
}

const pieces = fc.constantFrom('a', 'Bob', 'the nurse', '.', '!', '?', '...', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', ',', '"', 'x.y', '\u2019');

describe('sentenceAt (setup sentences)', () => {
  it('returns the sentence and its end the plain scan finds, for any from <= at', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.nat(), fc.nat(), (parts, x, y) => {
        const text = parts.join('');
        const a = x % (text.length + 1);
        const b = y % (text.length + 1);
        const [from, at] = a <= b ? [a, b] : [b, a];
        const [sentence, end] = plainSentenceAt(text, at, from);
        expect(sentence).toBe(sentenceAt(text, at, from));
        expect(lastSentenceEnd()).toBe(end);
      }),
      { numRuns: 3000 },
    );
  });

  it('returns them along a text as markUncountedMentions asks (each from the last end on)', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, steps) => {
        const text = parts.join('');
        let from = 0;
        let at = 0;
        for (const step of steps) {
          at = Math.min(text.length, at + (step % 12));
          if (at < from) continue;
          const [sentence, end] = plainSentenceAt(text, at, from);
          expect(sentenceAt(text, at, from)).toBe(sentence);
          expect(lastSentenceEnd()).toBe(end);
          from = end;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the stop and drops the line break', () => {
    expect(sentenceAt('Hi there. Bob is here!\nNext', 10, 0)).toBe('Bob is here!');
    expect(lastSentenceEnd()).toBe(22);
    expect(sentenceAt('Line one\r\nBob', 10, 0)).toBe('Bob');
    expect(sentenceAt('No stop at all', 3, 0)).toBe('No stop at all');
    expect(sentenceAt('Ends with a stop.', 3, 0)).toBe('Ends with a stop.');
  });
});
