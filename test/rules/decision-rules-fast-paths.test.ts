// The fast paths of decision-rules.ts must find exactly what the plain code found: `openerStartList` (flags read
// four at a time) the sentence starts the plain loop over every token tests, and `mentionAt` (a binary search)
// the mention a Map by token gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FLAG_SENTENCE_START, tokenize, tokenLower, type Tokens } from '../../server/src/lexicon/tokens';
import { mentionsOf } from '../../server/src/lexicon/lexicon';
import { Segment } from '../../server/src/model/segment';
import { DemoTexts, demoSetRanges, mentionAt, openerStartList } from '../../server/src/rules/shared/decision-rules';
import { parseDocument } from '../../server/src/parse/index';
import type { PromptDocument } from '../../server/src/model/types';

const OPENERS = new Set(['always', 'only', 'please', 'then', 'first', 'reject', 'prefer', 'screen', 'give', 'hire', 'rate', 'skip', 'avoid', 'favour']);
const WORDS = [...OPENERS, 'Reject', 'PREFER', 'Only', 'men', 'women', 'applicants', 'over', '65', 'the', 'a', 'married', 'couples', 'customers', 'muslim', 'and', 'with', 'children'];
const GAPS = [' ', ' ', ' ', '. ', '.\n', '\n- ', '! ', '? ', '; ', ', ', ': ', '\n\n1. ', ' "', '" '];

/** The plain loop: every token, the opener test at each sentence start. */
function plainStarts(t: Tokens): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) if (t.flags[i]! & FLAG_SENTENCE_START && OPENERS.has(tokenLower(t, i))) out.push(i);
  return out;
}

const textOf = (minLength: number, maxLength: number) =>
  fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...GAPS)), { minLength, maxLength }).map((parts) => parts.map(([w, g]) => w + g).join(''));
const textArb = textOf(0, 400);

describe('decision rules: fast paths', () => {
  it('openerStartList lists the sentence starts the plain loop finds (short and long texts)', () => {
    fc.assert(
      // Texts of more than 512 tokens have tokens of their own (flags read four at a time); shorter ones share a block.
      fc.property(fc.oneof(textArb, textOf(300, 700)), fc.integer({ min: 0, max: 3 }), (text, pad) => {
        // A leading pad shifts token indexes against the four-byte reads.
        const t = tokenize('x '.repeat(pad) + text);
        const plain = plainStarts(t);
        // Every word of WORDS that may open an instruction is in OPENERS (a subset of the module's list).
        expect(openerStartList(t)).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('openerStartList finds the starts of a text longer than its first list', () => {
    // Five tokens a sentence: the starts fall on each of the four bytes read together.
    const text = 'Reject the men over 65. '.repeat(400);
    const t = tokenize(text);
    expect(openerStartList(t)).toEqual(plainStarts(t));
    expect(plainStarts(t)).toHaveLength(400);
  });

  it('openerStartList of a token range lists the starts of the whole text in that range', () => {
    fc.assert(
      fc.property(textOf(100, 500), fc.nat(), fc.nat(), (text, a, b) => {
        const t = tokenize(text);
        const from = a % (t.count + 1);
        const to = from + (b % (t.count - from + 1));
        expect(openerStartList(t, from, to)).toEqual(openerStartList(t).filter((i) => i >= from && i < to));
      }),
      { numRuns: 300 },
    );
  });

  it('demoSetRanges and openerStartList outside them: the starts whose source offset is in no demo set (less its query slots)', () => {
    const sentence = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', '. ', '.\n', '\n', '\n- ')), { minLength: 1, maxLength: 30 })
      .map((parts) => parts.map(([w, g]) => w + g).join('').trim() || 'x');
    const block = fc.tuple(sentence, sentence, fc.constantFrom('REJECT', 'OK', '', 'men')).map(([a, b, out]) => `Input:\n${a}\n${b}\nOutput:${out ? ' ' + out : ''}\n\n`);
    const fewshot = fc.tuple(sentence, fc.array(fc.oneof(block, block, sentence.map((x) => x + '\n\n')), { minLength: 1, maxLength: 12 }), sentence).map(
      ([before, blocks, after]) => `Decide REJECT or OK. ${before}\n\n${blocks.join('')}${after}\n`,
    );
    // A chat prompt (escapes: mapped segments), with system messages among the demo turns.
    const chat = fc.array(fc.tuple(fc.constantFrom('system', 'user', 'assistant', 'user', 'assistant'), sentence), { minLength: 1, maxLength: 10 }).map(
      (ms) => JSON.stringify({ messages: [{ role: 'system', content: 'Decide REJECT or OK.' }, ...ms.map(([role, content]) => ({ role, content }))] }),
    );
    let skipped = 0;
    fc.assert(
      fc.property(fc.oneof(fc.tuple(fewshot, fc.constant('x.prompt')), fc.tuple(chat, fc.constant('x.json'))), ([text, uri]) => {
        const doc = parseDocument(uri, text);
        const ranges = demoSetRanges(doc);
        const inSet = (at: number) =>
          doc.exemplarSets.some((x) => x.kind === 'demos' && at >= x.span.start && at < x.span.end) && !doc.testInputs.some((x) => at >= x.span.start && at < x.span.end);
        for (let at = 0; at <= text.length; at++) expect(ranges.some((r) => at >= r.start && at < r.end)).toBe(inSet(at));
        for (const seg of doc.prose) {
          const t = tokenize(seg.text);
          const all = openerStartList(t);
          const plain = all.filter((i) => !inSet(seg.sourceOffset(t.start[i]!)));
          expect(openerStartList(t, 0, t.count, seg, ranges)).toEqual(plain);
          skipped += all.length - plain.length;
        }
      }),
      { numRuns: 200 },
    );
    // Not vacuous: starts inside demo sets were left out.
    expect(skipped).toBeGreaterThan(100);
  });

  it('mentionAt finds the mention a Map by token finds, at every token', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const ms = mentionsOf(new Segment(text, 0));
        const byToken = new Map(ms.map((m) => [m.token, m]));
        const t = tokenize(text);
        for (let k = -1; k <= t.count; k++) expect(mentionAt(ms, k)).toBe(byToken.get(k));
      }),
      { numRuns: 200 },
    );
  });

  it('DemoTexts.coversText says a prose text is inside a demo text only when every character of it is (demoTextSpans)', () => {
    /** The plain test: each character's source offset in the source span of a demo's question, context, output or rationale. */
    const plainCovers = (doc: PromptDocument, s: number): boolean => {
      const spans = doc.exemplarSets.flatMap((set) => set.exemplars.flatMap((e) => [e.question, e.context, e.output, e.rationale]))
        .filter((d) => d !== undefined)
        .map((d) => d.sourceSpan());
      const seg = doc.prose[s]!;
      for (let i = 0; i < seg.text.length; i++) {
        const at = seg.sourceOffset(i);
        if (!spans.some((d) => at >= d.start && at < d.end)) return false;
      }
      return true;
    };
    const sentence = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', '. ', '\n', '\\n', '"')), { minLength: 1, maxLength: 12 })
      .map((parts) => parts.map(([w, g]) => w + g).join('').trim() || 'x');
    const jsonl = fc.array(fc.tuple(sentence, sentence, fc.constantFrom('REJECT', 'OK', 'men')), { minLength: 1, maxLength: 6 }).map((rs) =>
      rs.map(([sys, user, out]) => JSON.stringify({ messages: [{ role: 'system', content: sys }, { role: 'user', content: user }, { role: 'assistant', content: out }] })).join('\n') + '\n',
    );
    const fewshot = fc.array(fc.tuple(sentence, sentence, fc.constantFrom('REJECT', 'OK', 'men')), { minLength: 1, maxLength: 6 }).map(
      (ds) => 'Decide REJECT or OK.\n\n' + ds.map(([a, b, out]) => `Input:\n${a}\n${b}\nOutput: ${out}\n\n`).join('') + 'Input: {{x}}\nOutput:\n',
    );
    let covered = 0;
    fc.assert(
      fc.property(fc.oneof(fc.tuple(jsonl, fc.constant('x.jsonl')), fc.tuple(fewshot, fc.constant('x.prompt'))), ([text, uri]) => {
        const doc = parseDocument(uri, text);
        const demos = new DemoTexts(doc);
        // In source order (as decisionRules asks), then backwards (the binary search).
        const order = [...doc.prose.keys(), ...[...doc.prose.keys()].reverse()];
        for (const s of order) {
          const fast = demos.coversText(doc.prose[s]!);
          if (fast) {
            expect(plainCovers(doc, s)).toBe(true);
            covered++;
          }
        }
      }),
      { numRuns: 200 },
    );
    // Not vacuous: a dataset record's user and assistant turns are covered.
    expect(covered).toBeGreaterThan(200);
    const doc = parseDocument('x.jsonl', JSON.stringify({ messages: [{ role: 'system', content: 'Decide.' }, { role: 'user', content: 'Prefer men.' }, { role: 'assistant', content: 'OK' }] }) + '\n');
    const demos = new DemoTexts(doc);
    expect(doc.prose.map((p) => demos.coversText(p))).toEqual([false, true, true]);
  });
});
