/**
 * Rules over preference datasets (DPO, ORPO, reward models): the chosen responses are the golds,
 * the rejected ones neither golds nor prose, and no fix reorders a record's options (its rejected
 * response names them by letter too).
 */
import { describe, expect, it } from 'vitest';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import labelImbalance from '../../server/src/rules/label-imbalance';
import gendered from '../../server/src/rules/gendered-term';
import { lint } from '../../server/src/engine/lint';
import { applyFix, diagnosticsOf, spanText } from './helpers';

const BRIEF = [
  '{"prompt": "Which planet is largest?\\n(A) Jupiter\\n(B) Mars\\n(C) Venus", "chosen": "(A)", "rejected": "(B)"}',
  '{"prompt": "Which metal is liquid at room temperature?\\n(A) Mercury\\n(B) Iron\\n(C) Copper", "chosen": "(A)", "rejected": "(C)"}',
  '{"prompt": "Which organ pumps blood?\\n(A) Heart\\n(B) Liver\\n(C) Lungs", "chosen": "(A)", "rejected": "(B)"}',
  '{"prompt": "Which gas is most common in air?\\n(A) Nitrogen\\n(B) Oxygen\\n(C) Argon", "chosen": "(A)", "rejected": "(C)"}',
  '',
].join('\n');

describe('answer-position-skew over preference records', () => {
  it('every chosen answer (A): flagged at the first chosen letter, with no fix (reordering would leave the rejected letters naming other options)', () => {
    const ds = diagnosticsOf(answerPositionSkew, { text: BRIEF, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ letter: 'A', count: 4, n: 4 });
    expect(spanText(BRIEF, ds[0]!)).toBe('(A)');
    expect(BRIEF.slice(ds[0]!.span.start - 11, ds[0]!.span.end + 1)).toBe('"chosen": "(A)"');
    expect(ds[0]!.range.start.line).toBe(0);
    expect(ds[0]!.fixes).toEqual([]);
    // The same records as Alpaca-style outputs (no rejected response) get the rebalancing fix.
    const alpaca = BRIEF.replace(/"chosen"/g, '"output"').replace(/, "rejected": "\([A-C]\)"/g, '');
    const fixable = diagnosticsOf(answerPositionSkew, { text: alpaca, uri: 'x.jsonl' });
    expect(fixable).toHaveLength(1);
    expect(diagnosticsOf(answerPositionSkew, { text: applyFix(alpaca, fixable[0]!), uri: 'x.jsonl' })).toEqual([]);
  });

  it('StackExchange-paired records {question, response_j, response_k}: response_j is the gold, flagged with no fix; response_k is no gold', () => {
    const pairs = (j: (r: { chosen: string; rejected: string }) => string, k: (r: { chosen: string; rejected: string }) => string) =>
      BRIEF.split('\n')
        .filter(Boolean)
        .map((l) => {
          const r = JSON.parse(l);
          return JSON.stringify({ qid: 1, question: r.prompt, response_j: j(r), response_k: k(r) });
        })
        .join('\n');
    const text = pairs((r) => r.chosen, (r) => r.rejected);
    const ds = diagnosticsOf(answerPositionSkew, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ letter: 'A', count: 4, n: 4 });
    expect(text.slice(ds[0]!.span.start - 14, ds[0]!.span.end + 1)).toBe('"response_j":"(A)"');
    expect(ds[0]!.fixes).toEqual([]);
    // Swapped, the all-(A) answers are the dispreferred ones: no finding of any rule.
    const swapped = pairs((r) => r.rejected, (r) => r.chosen);
    expect(lint({ uri: 'x.jsonl', text: swapped }).diagnostics.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
    // gendered-term reads response_j, not response_k.
    const one = (j: string, k: string) => JSON.stringify({ question: 'Who runs the meeting?', response_j: j, response_k: k });
    expect(diagnosticsOf(gendered, { text: one('The chairperson.', 'The chairman.'), uri: 'x.jsonl' })).toEqual([]);
    const flagged = one('The chairman.', 'The chairperson.');
    expect(diagnosticsOf(gendered, { text: flagged, uri: 'x.jsonl' }).map((d) => [spanText(flagged, d), d.span.start])).toEqual([['chairman', flagged.indexOf('chairman')]]);
  });

  it('conversational and HH-RLHF layouts are read too', () => {
    const chat = BRIEF.split('\n')
      .filter(Boolean)
      .map((l) => {
        const r = JSON.parse(l);
        return JSON.stringify({ prompt: [{ role: 'user', content: r.prompt }], chosen: [{ role: 'assistant', content: r.chosen }], rejected: [{ role: 'assistant', content: r.rejected }] });
      })
      .join('\n');
    const hh = BRIEF.split('\n')
      .filter(Boolean)
      .map((l) => {
        const r = JSON.parse(l);
        return JSON.stringify({ chosen: `\n\nHuman: ${r.prompt}\n\nAssistant: ${r.chosen}`, rejected: `\n\nHuman: ${r.prompt}\n\nAssistant: ${r.rejected}` });
      })
      .join('\n');
    for (const text of [chat, hh]) {
      const ds = diagnosticsOf(answerPositionSkew, { text, uri: 'x.jsonl' });
      expect(ds, text).toHaveLength(1);
      expect(spanText(text, ds[0]!)).toBe('(A)');
      expect(ds[0]!.span.start).toBeLessThan(text.indexOf('"rejected"'));
      expect(ds[0]!.fixes).toEqual([]);
    }
  });
});

describe('rejected responses are no golds', () => {
  const record = (review: string, chosen: string, rejected: string) =>
    JSON.stringify({ prompt: `Review: ${review}\nSentiment (positive or negative)?`, chosen, rejected });
  const reviews = ['Loved it', 'Great cast', 'Fine film', 'Superb', 'Moving', 'Fun', 'Charming', 'Brilliant', 'Sharp', 'Dull'];

  it('label-imbalance: chosen "positive" 9 times and "negative" once', () => {
    const text = reviews.map((r, i) => record(r, i < 9 ? 'positive' : 'negative', i < 9 ? 'negative' : 'positive')).join('\n');
    const ds = diagnosticsOf(labelImbalance, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/positive/);
    expect(ds[0]!.span.start).toBeLessThan(text.indexOf('"rejected"'));
  });

  it('no finding of any rule when only the rejected responses are skewed (chosen balanced, rejected all one label or letter)', () => {
    const labels = reviews.map((r, i) => record(r, i % 2 ? 'positive' : 'negative', 'negative')).join('\n');
    // Golds A, B, C, A, B, C; every rejected response (D).
    const letters = [
      ['Which planet is largest?', ['Jupiter', 'Mars', 'Venus', 'Pluto'], 'A'],
      ['Which metal is liquid at room temperature?', ['Iron', 'Mercury', 'Copper', 'Tin'], 'B'],
      ['Which organ pumps blood?', ['Liver', 'Lungs', 'Heart', 'Skin'], 'C'],
      ['Which gas is most common in air?', ['Nitrogen', 'Oxygen', 'Argon', 'Neon'], 'A'],
      ['Which ocean is largest?', ['Atlantic', 'Pacific', 'Indian', 'Arctic'], 'B'],
      ['Which animal is a mammal?', ['Shark', 'Trout', 'Whale', 'Eel'], 'C'],
    ]
      .map(([q, options, gold]) =>
        JSON.stringify({ prompt: `${q}\n${(options as string[]).map((o, i) => `(${'ABCD'[i]}) ${o}`).join('\n')}`, chosen: `(${gold})`, rejected: '(D)' }),
      )
      .join('\n');
    for (const text of [labels, letters]) {
      const doc = lint({ uri: 'x.jsonl', text });
      expect(doc.diagnostics.map((d) => `${d.ruleId}: ${d.message}`), text).toEqual([]);
    }
    // (The letters case is a real set: its chosen golds are read.)
    expect(lint({ uri: 'x.jsonl', text: letters.replace(/"chosen":"\([ABC]\)"/g, '"chosen":"(A)"') }).diagnostics.map((d) => d.ruleId)).toContain(
      'answer-position-skew',
    );
  });

  it('gendered-term reads the chosen response, not the rejected one (prose)', () => {
    const text = '{"prompt": "Who runs the meeting?", "chosen": "The chairperson.", "rejected": "The chairman."}';
    expect(diagnosticsOf(gendered, { text, uri: 'x.jsonl' })).toEqual([]);
    const swapped = '{"prompt": "Who runs the meeting?", "chosen": "The chairman.", "rejected": "The chairperson."}';
    expect(diagnosticsOf(gendered, { text: swapped, uri: 'x.jsonl' }).map((d) => spanText(swapped, d))).toEqual(['chairman']);
  });
});

describe('objects with a chosen key that are no preference records', () => {
  it('give no findings', () => {
    const configs = [
      Array.from({ length: 10 }, (_, i) => JSON.stringify({ setting: `s${i}`, chosen: i < 9 ? 'dark' : 'light', rejected: 'none' })),
      Array.from({ length: 4 }, () => '{"chosen": "(A)", "rejected": "(B)"}'),
      Array.from({ length: 4 }, () => '{"label_for": "x", "chosen": ["(A)"], "rejected": ["(B)"]}'),
    ];
    for (const lines of configs) {
      const text = lines.join('\n');
      expect(lint({ uri: 'x.jsonl', text }).diagnostics, text).toEqual([]);
    }
  });
});

describe('KTO records', () => {
  it('answer-position-skew counts the desirable completions only, and its fix re-lints clean', () => {
    const rows = [
      ['Which planet is largest?\\n(A) Jupiter\\n(B) Mars\\n(C) Venus', '(B)'],
      ['Which metal is liquid at room temperature?\\n(A) Mercury\\n(B) Iron\\n(C) Copper', '(C)'],
      ['Which organ pumps blood?\\n(A) Heart\\n(B) Liver\\n(C) Lungs', '(B)'],
    ];
    // Desirable completions all (A), undesirable ones (B) and (C): read as golds, they balanced the letters.
    const text = rows
      .map(([q, bad]) => `{"prompt": "${q}", "completion": "(A)", "label": true}\n{"prompt": "${q}", "completion": "${bad}", "label": false}`)
      .join('\n');
    const ds = diagnosticsOf(answerPositionSkew, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ letter: 'A', count: 3, n: 3 });
    expect(ds[0]!.fixes.length).toBeGreaterThan(0);
    const fixed = applyFix(text, ds[0]!);
    expect(diagnosticsOf(answerPositionSkew, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    // The undesirable records are untouched.
    const undesirable = (t: string) => t.split('\n').filter((l) => l.includes('false'));
    expect(undesirable(fixed)).toEqual(undesirable(text));
  });

  it('conversational KTO: the desirable completions are counted, the undesirable ones not, and the fix re-lints clean', () => {
    const rows = [
      ['Which planet is largest?\\n(A) Jupiter\\n(B) Mars\\n(C) Venus', '(B)'],
      ['Which metal is liquid at room temperature?\\n(A) Mercury\\n(B) Iron\\n(C) Copper', '(C)'],
      ['Which organ pumps blood?\\n(A) Heart\\n(B) Liver\\n(C) Lungs', '(B)'],
    ];
    const rec = (q: string, a: string, label: boolean) =>
      `{"prompt": [{"role": "user", "content": "${q}"}], "completion": [{"role": "assistant", "content": "${a}"}], "label": ${label}}`;
    const text = rows.map(([q, bad]) => `${rec(q!, '(A)', true)}\n${rec(q!, bad!, false)}`).join('\n');
    const ds = diagnosticsOf(answerPositionSkew, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ letter: 'A', count: 3, n: 3 });
    expect(ds[0]!.span.start).toBe(text.indexOf('"content": "(A)"') + 12);
    expect(spanText(text, ds[0]!)).toBe('(A)');
    expect(ds[0]!.fixes.length).toBeGreaterThan(0);
    const fixed = applyFix(text, ds[0]!);
    expect(diagnosticsOf(answerPositionSkew, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    const undesirable = (t: string) => t.split('\n').filter((l) => l.includes('false'));
    expect(undesirable(fixed)).toEqual(undesirable(text));
    // Desirable completions balanced, undesirable ones all (A): nothing.
    const balanced = rows.map(([q], i) => `${rec(q!, `(${'ABC'[i]})`, true)}\n${rec(q!, '(A)', false)}`).join('\n');
    expect(lint({ uri: 'x.jsonl', text: balanced }).diagnostics.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
  });
});
