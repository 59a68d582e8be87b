import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { commonPrefixLength, commonSuffixLength, FLAG_ALL_CAPS, PREFIX_WHOLE, FLAG_CAPITALISED, FLAG_SENTENCE_START, hashWord, keepTokens, releaseHugeScratch, rescanTokens, scratchCapacity, scanCandidates, scannedCandidates, scanTokens, tokenize, tokenText, tokensOf as tokensOfSegment } from '../../server/src/lexicon/tokens.js';
import { mentionsOf } from '../../server/src/lexicon/lexicon.js';
import { Segment } from '../../server/src/model/segment.js';
import { PhraseIndex } from '../../server/src/lexicon/phrases.js';

describe('tokenize', () => {
  it('splits words with offsets, joins across spaces, hyphens and apostrophes only', () => {
    const t = tokenize("The chairman's man-hours, not--these. NASA é!");
    const words = Array.from({ length: t.count }, (_, i) => tokenText(t, i));
    expect(words).toEqual(['The', 'chairman', 's', 'man', 'hours', 'not', 'these', 'NASA', 'é']);
    expect([t.start[1], t.end[1]]).toEqual([4, 12]);
    expect(Array.from(t.joined.slice(0, t.count))).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 1]);
    expect(t.flags[0]! & FLAG_SENTENCE_START).toBeTruthy();
    expect(t.flags[7]! & FLAG_SENTENCE_START).toBeTruthy();
    expect(t.flags[7]! & FLAG_ALL_CAPS).toBeTruthy();
    expect(t.flags[1]! & FLAG_CAPITALISED).toBeFalsy();
  });

  it('hashes case-insensitively, the same way as hashWord', () => {
    const t = tokenize('Nurse NURSE nurse');
    expect(t.hash[0]).toBe(t.hash[1]);
    expect(t.hash[1]).toBe(t.hash[2]);
    expect(t.hash[0]).toBe(hashWord('nurse'));
  });
});

describe('tokenize: offsets over any UTF-16 text', () => {
  // Reference: tokens are the maximal runs of word code units (ASCII letters and digits, other letters, marks
  // and numbers; not the curly quotes U+2018/U+2019), found here with a regular expression per code unit.
  const isWordUnit = (u: string) => /[A-Za-z0-9]/.test(u) || (u.charCodeAt(0) >= 128 && u !== '\u2018' && u !== '\u2019' && /[\p{L}\p{M}\p{N}]/u.test(u));
  const runs = (text: string) => {
    const out: [number, number][] = [];
    for (let i = 0; i < text.length; ) {
      if (!isWordUnit(text[i]!)) {
        i++;
        continue;
      }
      const s = i;
      while (i < text.length && isWordUnit(text[i]!)) i++;
      out.push([s, i]);
    }
    return out;
  };
  const mixed = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('Nurse', ' ', '\ud800', '\udc00', 'é', 'İ', '\u2019', "'", '-', '.', '\n', 'ＡＢ', '١٢')), { maxLength: 40 }).map((a) => a.join(''));

  it('finds the runs of word characters, with hashes equal to hashWord of their text (lone surrogates included)', () => {
    fc.assert(
      fc.property(mixed, (text) => {
        const t = tokenize(text);
        const got: [number, number][] = [];
        for (let i = 0; i < t.count; i++) {
          got.push([t.start[i]!, t.end[i]!]);
          expect(t.hash[i]).toBe(hashWord(tokenText(t, i)));
        }
        expect(got).toEqual(runs(text));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same tokens for a text scanned alone and after a longer text', () => {
    const long = `${'Long text with words, and more. '.repeat(300)}\u00e9\u4e2d`;
    const short = 'The chairman\u2019s notes';
    const before = tokenize(short);
    tokenize(long);
    const after = tokenize(short);
    expect(Array.from(after.start)).toEqual(Array.from(before.start));
    expect(Array.from(after.hash)).toEqual(Array.from(before.hash));
  });
});

describe('scanCandidates: every field against a plain reference tokeniser', () => {
  // The reference reads the text one code unit at a time with string operations only (no tables).
  const isWordUnit = (u: string) => /[A-Za-z0-9]/.test(u) || (u.charCodeAt(0) >= 128 && u !== '\u2018' && u !== '\u2019' && /[\p{L}\p{M}\p{N}]/u.test(u));
  const isUpper = (u: string) => u !== u.toLowerCase();
  const lowerUnit = (u: string) => (u.toLowerCase().length === 1 ? u.toLowerCase().charCodeAt(0) : u.charCodeAt(0));
  function reference(text: string, filter: Uint8Array, mask: number, prefixes: Int32Array) {
    const tokens: { start: number; end: number; hash: number; joined: number; flags: number }[] = [];
    const candidates: number[] = [];
    const prefixCandidates: number[] = [];
    let joinable = false;
    let sentenceStart = true;
    for (let i = 0; i < text.length; ) {
      const c = text[i]!;
      if (!isWordUnit(c)) {
        if (c === ' ' || c === '\t') {
          // keeps the gap joinable
        } else if (c === '-' || c === "'" || c === '\u2019') {
          if (i > 0 && text[i - 1] === c) joinable = false;
        } else {
          joinable = false;
          if ('.!?:\n\r;#*>'.includes(c) && (c !== '.' || !(i + 1 < text.length && isWordUnit(text[i + 1]!)))) sentenceStart = true;
        }
        i++;
        continue;
      }
      const s = i;
      while (i < text.length && isWordUnit(text[i]!)) i++;
      const word = text.slice(s, i);
      const letters = [...word.split('')].filter((u) => !/[0-9]/.test(u));
      const allCaps = letters.length > 1 && letters.every(isUpper);
      const hash = hashWord(word);
      const index = tokens.length;
      tokens.push({
        start: s,
        end: i,
        hash,
        joined: index > 0 && joinable ? 1 : 0,
        flags: (isUpper(word[0]!) ? FLAG_CAPITALISED : 0) | (allCaps ? FLAG_ALL_CAPS : 0) | (sentenceStart ? FLAG_SENTENCE_START : 0),
      });
      if (filter[hash & mask] !== 0) candidates.push(index);
      if (word.length >= 3) {
        const [a, b, d] = [0, 1, 2].map((k) => lowerUnit(word[k]!) - 97);
        const at = (a! * 26 + b!) * 26 + d!;
        if ([a, b, d].every((x) => x! >= 0 && x! < 26) && prefixes[at] !== 0) {
          // With a second part (see PREFIX_WHOLE), the code unit after the first three must be allowed by it.
          const fourth = prefixes.length > 26 * 26 * 26 ? prefixes[26 * 26 * 26 + at]! : -1;
          const next = s + 3 < text.length ? text.charCodeAt(s + 3) : 0;
          const letter = /[A-Za-z]/.test(String.fromCharCode(next)) ? String.fromCharCode(next).toLowerCase().charCodeAt(0) - 97 : -1;
          if (next >= 128 || (fourth & PREFIX_WHOLE) !== 0 || (letter >= 0 && (fourth & (1 << letter)) !== 0)) prefixCandidates.push(index);
        }
      }
      joinable = true;
      sentenceStart = false;
    }
    return { tokens, candidates, prefixCandidates };
  }
  const pieces = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom('Nurse', 'NASA', 'A1', 'Ab', 'AB', '12', 'e.g.', '3.5', ' ', '  ', '\t', '--', "'", '-', '\u2019', '\u2018', '.', '?', '\n', ';', '#', 'é', 'É', 'İ', '\u212a', 'ＡＢ', '١٢', 'Ⅻ', '\ud800', 'the', 'Man', 'she', 'strong'),
  );
  const texts = fc.array(pieces, { maxLength: 40 }).map((a) => a.join(''));

  it('gives the reference prefix candidates for a prefix table with a second part (the letters that may come fourth)', () => {
    fc.assert(
      fc.property(texts, fc.array(fc.tuple(fc.nat(26 * 26 * 26 - 1), fc.integer()), { maxLength: 200 }), fc.array(fc.integer(), { minLength: 5, maxLength: 5 }), (text, trigramList, masks) => {
        const prefixes = new Int32Array(2 * 26 * 26 * 26);
        for (const [x, m] of trigramList) {
          prefixes[x] = 1;
          prefixes[26 * 26 * 26 + x] = m;
        }
        // Trigrams of the words the texts hold, so some tokens pass, with any fourth letters.
        ['nur', 'str', 'she', 'man', 'nas'].forEach((w, k) => {
          const at = ((w.charCodeAt(0) - 97) * 26 + (w.charCodeAt(1) - 97)) * 26 + (w.charCodeAt(2) - 97);
          prefixes[at] = 1;
          prefixes[26 * 26 * 26 + at] = masks[k]!;
        });
        expectReference(text, new Uint8Array(256), 255, prefixes);
      }),
      { numRuns: 500 },
    );
    // The words of the texts above, each once with its fourth letter allowed and once without.
    const prefixes = new Int32Array(2 * 26 * 26 * 26);
    const at = (w: string) => ((w.charCodeAt(0) - 97) * 26 + (w.charCodeAt(1) - 97)) * 26 + (w.charCodeAt(2) - 97);
    prefixes[at('str')] = prefixes[at('nur')] = prefixes[at('she')] = prefixes[at('kin')] = 1;
    prefixes[26 * 26 * 26 + at('str')] = 1 << ('o'.charCodeAt(0) - 97);
    prefixes[26 * 26 * 26 + at('nur')] = 1 << ('x'.charCodeAt(0) - 97);
    prefixes[26 * 26 * 26 + at('she')] = PREFIX_WHOLE;
    const text = 'strong STRONG strange nurse she shed Kin\u212a kind';
    scanCandidates(text, new Uint8Array(1), 0, prefixes);
    // strong, STRONG (fourth letters allowed), she, shed (the trigram alone passes), Kin\u212a (a fourth code unit that is no ASCII character).
    expect(Array.from(scannedCandidates.prefixIndexes.subarray(0, scannedCandidates.prefixCount))).toEqual([0, 1, 4, 5, 6]);
    expectReference(text, new Uint8Array(256), 255, prefixes);
  });

  it('gives the reference tokens, flags, joins and candidate lists, for any filter and prefix table', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 0, max: 1000 }), fc.array(fc.nat(26 * 26 * 26 - 1), { maxLength: 200 }), (text, seed, trigramList) => {
        const mask = 255;
        const filter = new Uint8Array(mask + 1);
        for (let i = 0; i <= mask; i++) filter[i] = (i * 2654435761 + seed) % 3 === 0 ? 1 : 0;
        const prefixes = new Int32Array(26 * 26 * 26);
        for (const x of trigramList) prefixes[x] = 1;
        // Trigrams of the words the texts hold, so some tokens pass.
        for (const w of ['nur', 'str', 'she', 'man', 'nas']) prefixes[((w.charCodeAt(0) - 97) * 26 + (w.charCodeAt(1) - 97)) * 26 + (w.charCodeAt(2) - 97)] = 1;
        expectReference(text, filter, mask, prefixes);
      }),
      { numRuns: 500 },
    );
  });

  function expectReference(text: string, filter: Uint8Array, mask: number, prefixes: Int32Array): void {
    const want = reference(text, filter, mask, prefixes);
    const t = scanCandidates(text, filter, mask, prefixes);
    const got = Array.from({ length: t.count }, (_, i) => ({ start: t.start[i]!, end: t.end[i]!, hash: t.hash[i]!, joined: t.joined[i]!, flags: t.flags[i]! }));
    expect(got).toEqual(want.tokens);
    expect(Array.from(scannedCandidates.indexes.subarray(0, scannedCandidates.count))).toEqual(want.candidates);
    expect(Array.from(scannedCandidates.prefixIndexes.subarray(0, scannedCandidates.prefixCount))).toEqual(want.prefixCandidates);
  }

  it('gives the reference when a code unit is met for the first time inside, after or between words', () => {
    // The scan stops at a code unit it has not classified yet and resumes once it is (at the start of
    // the token it is in): each of these CJK letters and Hangul syllables is new to this process here.
    const filter = new Uint8Array(256).fill(1);
    const prefixes = new Int32Array(26 * 26 * 26);
    prefixes[((18 * 26) + 19) * 26 + 17] = 1; // "str"
    for (let k = 0; k < 40; k++) {
      const cjk = String.fromCharCode(0x9f00 + k);
      const hangul = String.fromCharCode(0xd600 + k);
      const sign = String.fromCharCode(0x2190 + k); // arrows: not word characters
      expectReference(`strong${cjk}er st${hangul}r ${sign}strong.${String.fromCharCode(0x9f80 + k)} x`, filter, 255, prefixes);
    }
  });

  it('gives the reference for a long run of letters without spaces, most of them new to this process', () => {
    // As in a text in a script without spaces: the scan classifies the rest of the run at its first stop.
    let run = 'the ';
    for (let k = 0; k < 3000; k++) run += String.fromCharCode(0xac00 + ((k * 7919) % 11000));
    expectReference(`${run}. ${run.slice(2000)}\u3002 x`, new Uint8Array(256).fill(1), 255, new Int32Array(26 * 26 * 26));
  });

  it('gives the reference for texts of every length from 1 to 200 (copied by a loop or by Buffer.write), sliced or flat', () => {
    // `codeUnits` copies a text up to SHORT_TEXT code units with charCodeAt, a longer one with Buffer.write;
    // a text cut from a larger one (a JSONL message) is a slice, and lone surrogates must be copied as they are.
    const source = "The chairman's wife, Dr. O'Neil-Smith, met NASA staff. \ud800Zoë's man-hours: 3.5e-2? \u2019Yes\u2019 #nurse\n".repeat(6);
    const filter = new Uint8Array(256).fill(1);
    const prefixes = new Int32Array(26 * 26 * 26);
    prefixes[((2 * 26) + 7) * 26 + 0] = 1; // "cha"
    for (let n = 1; n <= 200; n++) {
      const from = (n * 7) % 60;
      const sliced = source.slice(from, from + n);
      expectReference(sliced, filter, 255, prefixes);
      expectReference(Array.from(sliced).join(''), filter, 255, prefixes);
    }
  });

  it('gives the reference for a long text of one-letter words (as many tokens as a text can hold)', () => {
    const filter = new Uint8Array(256).fill(1);
    const text = 'a b. C '.repeat(3000);
    expectReference(text, filter, 255, new Int32Array(26 * 26 * 26));
  });
});

describe('rescanTokens: an edited text rescanned in the changed lines only', () => {
  const pieces = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom('Nurse', 'NASA', 'A1', 'e.g.', '3.5', ' ', '\t', '--', "'", '-', '\u2019', '.', '?', '\n', '\n', '\n', '\r\n', '\n\n', ';', '#', 'é', 'İ', '\u212a', '\ud800', 'the', 'Man', 'she', 'strong', 'kind of'),
  );
  const text = (max: number) => fc.array(pieces, { minLength: 1, maxLength: max }).map((a) => a.join(''));
  const prefixes = new Int32Array(26 * 26 * 26);
  for (const w of ['nur', 'str', 'she', 'man', 'nas', 'kin']) prefixes[((w.charCodeAt(0) - 97) * 26 + (w.charCodeAt(1) - 97)) * 26 + (w.charCodeAt(2) - 97)] = 1;
  const noFilter = new Uint8Array(1);
  /** A fresh scan of `text`, kept, with its prefix candidates. */
  function fresh(text: string) {
    const tokens = keepTokens(scanCandidates(text, noFilter, 0, prefixes));
    return { tokens, prefixIndexes: scannedCandidates.prefixIndexes.slice(0, scannedCandidates.prefixCount) };
  }
  const fields = (t: ReturnType<typeof fresh>['tokens']) => ({
    text: t.text,
    count: t.count,
    start: Array.from(t.start.subarray(0, t.count)),
    end: Array.from(t.end.subarray(0, t.count)),
    hash: Array.from(t.hash.subarray(0, t.count)),
    joined: Array.from(t.joined.subarray(0, t.count)),
    flags: Array.from(t.flags.subarray(0, t.count)),
  });

  it('gives the tokens and prefix candidates of a fresh scan, for any edit of any text', () => {
    let rescanned = 0;
    fc.assert(
      fc.property(text(80), fc.nat(), fc.nat(12), text(4), fc.boolean(), (before, at, removed, inserted, insert) => {
        const from = at % (before.length + 1);
        const after = before.slice(0, from) + (insert ? inserted : '') + before.slice(Math.min(before.length, from + removed));
        const earlier = fresh(before);
        const got = rescanTokens(earlier.tokens, earlier.prefixIndexes, after, prefixes);
        if (!got) return;
        rescanned++;
        const want = fresh(after);
        expect(fields(got.tokens)).toEqual(fields(want.tokens));
        expect(Array.from(got.prefixIndexes!)).toEqual(Array.from(want.prefixIndexes));
      }),
      { numRuns: 2000 },
    );
    // Most edits leave more than half of the text as it was: the rescan path really ran.
    expect(rescanned).toBeGreaterThan(1000);
  });

  it('gives nothing when less than half of the text is unchanged', () => {
    const earlier = fresh('the nurse\nsaid she\n');
    expect(rescanTokens(earlier.tokens, earlier.prefixIndexes, 'a man\nwent there, very far\n', prefixes)).toBeUndefined();
    expect(rescanTokens(earlier.tokens, earlier.prefixIndexes, 'the nurse\nsaid she\n', prefixes)?.tokens.count).toBe(earlier.tokens.count);
  });

  it('finds common prefixes and suffixes across the block size', () => {
    const naivePrefix = (a: string, b: string) => {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return i;
    };
    const naiveSuffix = (a: string, b: string, max: number) => {
      let k = 0;
      while (k < max && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
      return k;
    };
    fc.assert(
      fc.property(fc.nat(10000), fc.nat(10000), fc.string({ maxLength: 3 }), fc.nat(10000), (length, at, change, max) => {
        const base = Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 13))).join('');
        const p = at % (length + 1);
        const edited = base.slice(0, p) + change + base.slice(Math.min(length, p + 1));
        expect(commonPrefixLength(base, edited)).toBe(naivePrefix(base, edited));
        const bound = Math.min(max, base.length, edited.length);
        expect(commonSuffixLength(base, edited, bound)).toBe(naiveSuffix(base, edited, bound));
      }),
      { numRuns: 300 },
    );
  });
});

describe('PhraseIndex', () => {
  it('finds the longest phrase first and verifies words', () => {
    const idx = new PhraseIndex<string>();
    idx.add('man', 'single');
    idx.add('man hours', 'phrase');
    idx.add('man in the street', 'long');
    const t = tokenize('A man-hours count; the man in the street; a man, hours later.');
    expect(idx.matchAll(t).map((m) => [m.value, t.text.slice(m.start, m.end)])).toEqual([
      ['phrase', 'man-hours'],
      ['long', 'man in the street'],
      ['single', 'man'],
    ]);
    expect(idx.get('MAN HOURS')).toBe('phrase');
    expect(idx.get('woman')).toBeUndefined();
  });
});

describe('PhraseIndex: matchLength against a brute-force search', () => {
  it('finds the longest entry at every token, as trying every entry would', () => {
    const vocab = ['the', 'old', 'man', 'men', 'people', 'of', 'color', 'in', 'street', 'a', 'x'];
    const phraseArb = fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(phraseArb, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(fc.constantFrom(...vocab), fc.constantFrom(' ', '-', ', ', '. ')), { maxLength: 40 }), (entries, text) => {
        const idx = new PhraseIndex<string>();
        for (const e of entries) idx.add(e.join(' '), e.join(' '));
        const t = tokenize(text.map(([w, gap]) => w + gap).join(''));
        const joinedRun = (i: number, n: number) => Array.from({ length: n - 1 }, (_, k) => t.joined[i + k + 1]).every(Boolean);
        for (let i = 0; i < t.count; i++) {
          let best = 0;
          for (const e of entries) {
            if (e.length > best && i + e.length <= t.count && joinedRun(i, e.length) && e.every((w, k) => tokenText(t, i + k).toLowerCase() === w)) best = e.length;
          }
          expect(idx.matchLength(t, i)).toBe(best);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('tokensOf: shared by equal texts', () => {
  it('segments with the same short text share one Tokens (and so one set of mentions)', () => {
    const a = Segment.fromSource('x The nurse said she would help.', 2, 32);
    const b = new Segment('The nurse said she would help.', 500);
    expect(tokensOfSegment(a)).toBe(tokensOfSegment(b));
    expect(mentionsOf(a)).toBe(mentionsOf(b));
    expect(mentionsOf(a).length).toBeGreaterThan(0);
    // Long texts are not kept by text (a closed document must not stay in memory), but tokenise the same.
    const long = 'word '.repeat(2000);
    const l1 = tokensOfSegment(new Segment(long, 0));
    const l2 = tokensOfSegment(new Segment(long, 0));
    expect(l1).not.toBe(l2);
    expect(Array.from(l1.hash.subarray(0, l1.count))).toEqual(Array.from(l2.hash.subarray(0, l2.count)));
  });
});

describe('tokenize: the scratch of a huge text', () => {
  it('is kept for 10 s after the last scan that used it (so a re-lint reuses it), then let go', () => {
    vi.useFakeTimers();
    try {
      releaseHugeScratch();
      // 4 M code units, 2 M tokens: past what the scratch keeps for good (2^19 tokens, 2^20 code units).
      const huge = 'ab '.repeat(1 << 20) + 'a '.repeat(1 << 19);
      const first = tokenize(huge);
      expect(first.count).toBe((1 << 20) + (1 << 19));
      expect(first.end[first.count - 1]).toBe(huge.length - 1);
      const kept = scratchCapacity();
      expect(kept.tokens).toBeGreaterThan(1 << 19);
      expect(kept.codeUnits).toBeGreaterThan(1 << 20);
      vi.advanceTimersByTime(9_000);
      // A second scan restarts the wait and reuses the same room.
      const second = tokenize(huge);
      expect(Array.from(second.hash.subarray(0, 1000))).toEqual(Array.from(first.hash.subarray(0, 1000)));
      expect(scratchCapacity()).toEqual(kept);
      vi.advanceTimersByTime(9_999);
      expect(scratchCapacity()).toEqual(kept);
      vi.advanceTimersByTime(1);
      expect(scratchCapacity()).toEqual({ tokens: 1024, codeUnits: 1024 });
      // The tokens kept earlier are copies, untouched by the release.
      expect(second.count).toBe(first.count);
      expect(tokenText(second, second.count - 1)).toBe('a');
      expect(tokenize('The nurse').count).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('keepTokens: copies', () => {
  /** The bytes of a typed array's entries (to compare two arrays at once). */
  const bytesOf = (a: Int32Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const sameTokens = (kept: ReturnType<typeof tokenize>, text: string) => {
    // The scratch as a second scan of the same text leaves it: the tokens the copy must hold.
    const scanned = scanTokens(text);
    expect(kept.count).toBe(scanned.count);
    for (const k of ['start', 'end', 'hash', 'joined', 'flags'] as const) {
      expect(kept[k].length).toBe(kept.count);
      expect(bytesOf(kept[k]).equals(bytesOf(scanned[k].subarray(0, scanned.count)))).toBe(true);
    }
  };

  it('a huge scan\'s copy holds every token as scanned, in arrays of its count', () => {
    releaseHugeScratch();
    // 3.4 M code units: a scratch past what is kept for good (2^19 tokens), so keepTokens copies out of it.
    const huge = 'The nurse, she-said. Kim\'s ÉCOLE -- 42 x\n'.repeat(80_000);
    const kept = tokenize(huge);
    expect(scratchCapacity().tokens).toBeGreaterThan(1 << 19);
    sameTokens(kept, huge);
    releaseHugeScratch();
  });

  it('a mid-sized scan\'s copy (more than a block holds, fewer than are handed over) holds every token as scanned', () => {
    const text = 'The nurse, she-said. Kim\'s ÉCOLE -- 42 x\n'.repeat(300);
    const kept = tokenize(text);
    expect(kept.count).toBeGreaterThan(512);
    expect(kept.count).toBeLessThan(1 << 16);
    sameTokens(kept, text);
  });
});

describe('keepTokens: a long scan takes the scratch', () => {
  it('keeps the arrays it scanned into, and later scans write into new ones', () => {
    releaseHugeScratch();
    // 100,000 tokens: past the hand-over size (2^16) and within what the scratch keeps for good (2^19).
    const long = 'the nurse said '.repeat(100_000 / 3) + 'she';
    const expected = tokenize(long.slice(0, 600));
    const kept = tokenize(long);
    expect(kept.count).toBe(100_000);
    // Taken, not copied: the next scan starts with a new scratch of the first size.
    expect(scratchCapacity().tokens).toBe(1024);
    const before = { start: Array.from(kept.start), hash: Array.from(kept.hash), flags: Array.from(kept.flags), joined: Array.from(kept.joined) };
    // Other long and short scans after it leave the kept tokens as they were (this one fits the room the first had).
    const other = tokenize('Different words entirely, here. '.repeat(20_000));
    expect(other.count).toBe(80_000);
    tokenize('A chairman');
    expect(Array.from(kept.start)).toEqual(before.start);
    expect(Array.from(kept.hash)).toEqual(before.hash);
    expect(Array.from(kept.flags)).toEqual(before.flags);
    expect(Array.from(kept.joined)).toEqual(before.joined);
    // And they are the tokens a short scan of the same words gives.
    expect(Array.from(kept.hash.subarray(0, expected.count))).toEqual(Array.from(expected.hash));
    expect(Array.from(kept.end.subarray(0, expected.count))).toEqual(Array.from(expected.end));
    expect(kept.end[kept.count - 1]).toBe(long.length);
    expect(tokenText(kept, kept.count - 1)).toBe('she');
  });
});
