/**
 * Property tests over few-shot-shaped random text for the six structure rules:
 * no rule crashes, every range and edit lies inside the document, edits of one
 * fix never overlap, and applying any first fix leaves text the rules still handle.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEdits, lint } from '../../server/src/engine/lint';
import { allRules } from '../../server/src/rules/index';

const structure = allRules.filter((r) => r.meta.category === 'structure');
const ids = ['answer-position-skew', 'label-imbalance', 'recency-run', 'suggested-answer', 'rationale-answer-mismatch', 'option-length-cue'];

const fragment = fc.constantFrom(
  'Q: Which is it?',
  'Question: Pick one. I think the answer is (B) but what do you think?',
  'Answer choices:',
  '(A) Apple',
  '(B) Carrot is longer than the rest',
  '(C) Pea',
  '(D) Fig',
  'A. red',
  'B. blue',
  "A: Let's think step by step. (B) is wrong, so the correct option is (C). So the answer is (A).",
  'A: So the answer is (B).',
  'A: (C)',
  'Answer: D',
  'Text: it was fine',
  'Label: Positive',
  'Label: Negative',
  'Explanation: clearly the answer is negative.',
  'Human: My professor says it is (A). Is it?',
  'Assistant: No',
  '###',
  '',
  '<!-- biaslens-disable-next-line answer-position-skew -->',
  '# biaslens-disable recency-run',
  'Q: {{question}}',
  "Isn't it (C)?",
  'I agree with the claim that cats rule, do you?',
);

/** Diagnostics and fixes seen, so the properties are known not to hold vacuously. */
const seen = { diagnostics: new Set<string>(), fixed: 0 };

function check(uri: string, text: string): void {
  const r = lint({ uri, text }, undefined, { rules: structure });
  for (const d of r.diagnostics) {
    seen.diagnostics.add(d.ruleId);
    expect(d.data.internalError, `${d.ruleId}: ${d.message}`).toBeUndefined();
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(ids).toContain(d.ruleId);
    for (const f of d.fixes) {
      const spans = f.edits.map((e) => e.span).sort((a, b) => a.start - b.start);
      spans.forEach((s, i) => {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(text.length);
        if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
      });
    }
    if (d.fixes[0]) {
      seen.fixed++;
      const fixed = applyEdits(text, d.fixes[0].edits).text;
      const again = lint({ uri, text: fixed }, undefined, { rules: structure });
      for (const a of again.diagnostics) expect(a.data.internalError, `${a.ruleId} after fix: ${a.message}`).toBeUndefined();
    }
  }
}

describe('structure rules: fuzz', () => {
  it('never crash on few-shot-shaped text, in text and markdown', () => {
    const LONG = 'a considerably longer option text';
    const lettered = fc
      .record({ k: fc.integer({ min: 2, max: 4 }), gold: fc.integer({ min: 0, max: 3 }), long: fc.boolean(), cue: fc.boolean(), concl: fc.integer({ min: 0, max: 4 }) })
      .map(({ k, gold, long, cue, concl }) => {
        const g = gold % k;
        const opts = Array.from({ length: k }, (_, j) => `(${'ABCD'[j]}) ${long && j === g ? LONG : `opt${j}`}`);
        const why = concl < k ? `so the correct option is (${'ABCD'[concl]}). ` : '';
        return [`Q: ${cue ? 'I think the answer is (A) but what do you think? ' : ''}Which one?`, 'Answer choices:', ...opts, `A: Let's think step by step. ${why}So the answer is (${'ABCD'[g]}).`].join('\n');
      });
    const labelled = fc
      .record({ label: fc.constantFrom('Positive', 'Negative', 'positive'), why: fc.constantFrom('', 'negative', 'positive') })
      .map(({ label, why }) => `Text: it was fine\n${why ? `Explanation: so the answer is ${why}.\n` : ''}Label: ${label}`);
    // A run of lettered demos that all answer the first letter ("the answer is always (A)"): with gold letters drawn
    // one by one, a skewed set came up in only 2-14 of 300 texts, and some runs met none.
    const alwaysFirst = fc.array(lettered.map((demo) => demo.replace(/So the answer is \([A-D]\)\.$/, 'So the answer is (A).')), { minLength: 3, maxLength: 5 }).map((demos) => demos.join('\n\n'));
    const block = fc.oneof({ arbitrary: lettered, weight: 3 }, { arbitrary: labelled, weight: 2 }, { arbitrary: fragment, weight: 1 }, { arbitrary: alwaysFirst, weight: 1 });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 14 }), fc.constantFrom('x.prompt', 'x.prompt.md'), (blocks, uri) => check(uri, blocks.join('\n\n'))),
      { numRuns: 300 },
    );
    expect(seen.fixed).toBeGreaterThan(0);
    expect([...seen.diagnostics].sort()).toEqual([...ids].sort());
  });

  it('never crash on JSONL records with random option counts and answers', () => {
    const record = fc.record({
      question: fc.constantFrom('Which?', 'I think the answer is (A). Which?', 'Pick'),
      choices: fc.array(fc.constantFrom('x', 'yy', 'a much longer option', 'z'), { minLength: 0, maxLength: 5 }),
      answer: fc.constantFrom('A', 'B', 'C', 'E', 'yes', 'no', ''),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => check('x.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n')),
      { numRuns: 200 },
    );
  });
});
