import { describe, expect, it } from 'vitest';
import recencyRun from '../../server/src/rules/recency-run';
import labelImbalance from '../../server/src/rules/label-imbalance';
import { applyFix, diagnosticsOf, spanText } from './helpers';

// The layout of /work/notes/s22/hunt17/controls/k03: "Example N: Input: … Output: …" on one line, the query slot after.
const reviews = ['Broke after a week.', 'Works exactly as described.', 'Great value for money.', 'Really comfortable to wear.', 'My kids love it.', 'Would buy again.', 'Arrived early and well packed.'];
const k03 = (labels: string[]) =>
  [
    'Classify the review as positive or negative.',
    '',
    ...labels.map((l, i) => `Example ${i + 1}: Input: ${reviews[i]} Output: ${l}`),
    '',
    'Input: {{review}}',
    'Output:',
  ].join('\n');
const skewed = k03(['negative', 'positive', 'positive', 'positive', 'positive', 'positive', 'positive']);

describe('same-line label pairs in the rules (k03 layout)', () => {
  it('label-imbalance reports the skewed labels on the answer after "Output:"', () => {
    const ds = diagnosticsOf(labelImbalance, { text: skewed });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toBe('"positive" is 6 of 7 labels (86%, 50% if balanced; p = 0.125, exact binomial test).');
    expect(ds[0]!.range).toEqual({ start: { line: 3, character: 54 }, end: { line: 3, character: 62 } });
    expect(spanText(skewed, ds[0]!)).toBe('positive');
  });

  it('recency-run reports the run of "positive" at the end, on the last demo\'s answer', () => {
    const ds = diagnosticsOf(recencyRun, { text: skewed });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toBe('The last 6 demos are all labelled "positive"; models lean towards the label they saw last.');
    expect(ds[0]!.range).toEqual({ start: { line: 8, character: 57 }, end: { line: 8, character: 65 } });
    expect(spanText(skewed, ds[0]!)).toBe('positive');
  });

  it('balanced labels in the same layout give neither finding', () => {
    const balanced = k03(['negative', 'positive', 'negative', 'positive', 'negative', 'positive', 'negative']);
    expect(diagnosticsOf(labelImbalance, { text: balanced })).toEqual([]);
    expect(diagnosticsOf(recencyRun, { text: balanced })).toEqual([]);
  });

  it('without the "Example N:" marks the same lines give the same findings', () => {
    const bare = skewed.replace(/^Example \d+: /gm, '');
    expect(diagnosticsOf(labelImbalance, { text: bare }).map((d) => spanText(bare, d))).toEqual(['positive']);
    expect(diagnosticsOf(recencyRun, { text: bare }).map((d) => spanText(bare, d))).toEqual(['positive']);
  });
});

describe('same-line label pairs: fixes', () => {
  it('the recency-run fix swaps whole demo lines and ends the run', () => {
    const [d] = diagnosticsOf(recencyRun, { text: skewed });
    const fixed = applyFix(skewed, d!);
    // The last demo (a "positive") trades places with the nearest earlier demo of another label; the marks stay.
    expect(fixed.split('\n').slice(2, 9)).toEqual([
      'Example 1: Input: Arrived early and well packed. Output: positive',
      'Example 2: Input: Works exactly as described. Output: positive',
      'Example 3: Input: Great value for money. Output: positive',
      'Example 4: Input: Really comfortable to wear. Output: positive',
      'Example 5: Input: My kids love it. Output: positive',
      'Example 6: Input: Would buy again. Output: positive',
      'Example 7: Input: Broke after a week. Output: negative',
    ]);
    expect(diagnosticsOf(recencyRun, { text: fixed })).toEqual([]);
  });
});
