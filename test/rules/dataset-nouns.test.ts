/**
 * Messages and fix titles call a dataset's exemplars "records" and a prompt's "demos"
 * (exemplarsNoun, as agentic-communal-skew and demographic-imbalance do), while data keeps
 * its fields: the noun is message-only (Report.messageData).
 */
import { describe, expect, it } from 'vitest';
import labelImbalance from '../../server/src/rules/label-imbalance';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import optionLengthCue from '../../server/src/rules/option-length-cue';
import recencyRun from '../../server/src/rules/recency-run';
import { exemplarsNoun } from '../../server/src/lexicon/people-in-exemplars';
import { diagnosticsOf } from './helpers';

const reviews = (labels: string[]) => labels.map((label, i) => JSON.stringify({ prompt: `Review ${i}: the food was fine`, completion: label })).join('\n') + '\n';

/** MMLU-style records, gold index `gold(i)`, option texts from `opts(i)`. */
const mcq = (n: number, gold: (i: number) => number, opts: (i: number) => string[]) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ question: `Question ${i}?`, choices: opts(i), answer: gold(i) })).join('\n') + '\n';

describe('"records" for a dataset', () => {
  it('label-imbalance: all records labelled one way', () => {
    const [d] = diagnosticsOf(labelImbalance, { text: reviews(Array(8).fill('positive')), uri: 'x.jsonl' });
    // Before: "All 8 demos are labelled …" in a JSONL file.
    expect(d!.message).toBe('All 8 records are labelled "positive"; models learn to answer "positive" regardless of the input.');
    expect(d!.data).not.toHaveProperty('items');
  });

  it('answer-position-skew: message and fix title', () => {
    const text = mcq(5, () => 1, (i) => [`a${i}`, `b${i}`, `c${i}`, `d${i}`]);
    const [d] = diagnosticsOf(answerPositionSkew, { text, uri: 'x.jsonl' });
    expect(d!.message).toBe('All 5 lettered records have the gold answer (B); models learn to answer (B) whatever the question.');
    expect(d!.fixes[0]!.title).toMatch(/^Rebalance gold letters \(reorder options in [2-5] records; /);
    expect(d!.data).not.toHaveProperty('items');
  });

  it('exemplarsNoun: singular for one', () => {
    expect([exemplarsNoun(true, 1), exemplarsNoun(true, 3), exemplarsNoun(false, 1), exemplarsNoun(false)]).toEqual(['record', 'records', 'demo', 'demos']);
  });

  it('option-length-cue: the gold option is the longest in every record', () => {
    const text = mcq(12, (i) => i % 4, (i) => [0, 1, 2, 3].map((k) => (k === i % 4 ? `the long correct answer ${i}` : `no ${i}${k}`)));
    const [d] = diagnosticsOf(optionLengthCue, { text, uri: 'x.jsonl' });
    expect(d!.message).toMatch(/^The gold option is the longest option in 12 of 12 records \(3 expected by chance; p < 0\.001\)\.$/);
    expect(d!.data).not.toHaveProperty('items');
  });

  it('recency-run never reports a dataset (records are not seen in order)', () => {
    expect(diagnosticsOf(recencyRun, { text: reviews(['negative', 'negative', 'positive', 'positive', 'positive', 'positive']), uri: 'x.jsonl' })).toEqual([]);
  });
});

describe('"demos" in a prompt, as before', () => {
  it('label-imbalance', () => {
    const text = Array.from({ length: 6 }, (_, i) => `Review: dish ${i} was fine\nSentiment: Positive`).join('\n\n') + '\n\nReview: {{review}}\nSentiment:';
    const [d] = diagnosticsOf(labelImbalance, { text });
    expect(d!.message).toBe('All 6 demos are labelled "Positive"; models learn to answer "Positive" regardless of the input.');
  });
});
