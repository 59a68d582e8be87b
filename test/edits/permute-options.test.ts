import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { permuteOptionsEdits, positionAnswerEdit, reorderOptionsEdits, swapOrder } from '../../server/src/edits/permute-options';
import { applyEdits } from '../../server/src/engine/lint';
import { parseDocument } from '../../server/src/parse/index';

const demo = [
  'Q: Which is a mammal?',
  'Answer choices:',
  '(A) Whale',
  '(B) Shark',
  '(C) Trout',
  '(D) Eel',
  "A: Let's think step by step. Whales breathe air; (B), (C) and option D are fish. So the answer is (A).",
  '',
  'Q: {{question}}',
  'A:',
].join('\n');
const exemplarOf = (text: string, uri = 'x.prompt') => parseDocument(uri, text).exemplarSets[0]!.exemplars[0]!;

describe('permuteOptionsEdits', () => {
  it('moves option texts, keeps letters, and maps every cited letter', () => {
    const ex = exemplarOf(demo);
    // Position 0 shows old option 2 (Trout), 1 shows Whale, 2 shows Eel, 3 shows Shark.
    const out = applyEdits(demo, permuteOptionsEdits(ex, [2, 0, 3, 1], demo)).text;
    expect(out.split('\n').slice(2, 7)).toEqual([
      '(A) Trout',
      '(B) Whale',
      '(C) Eel',
      '(D) Shark',
      "A: Let's think step by step. Whales breathe air; (D), (A) and option C are fish. So the answer is (B).",
    ]);
  });

  it('keeps lower-case letters lower case, from the source or, in decoded mode, from the case text', () => {
    const lower = 'Q: Which is a mammal?\na) Whale\nb) Shark\nc) Trout\nA: Whales breathe air; (b) and option c are fish. So the answer is (a).\n';
    const ex = exemplarOf(lower);
    const want = 'Q: Which is a mammal?\na) Trout\nb) Whale\nc) Shark\nA: Whales breathe air; (c) and option a are fish. So the answer is (b).\n';
    expect(applyEdits(lower, permuteOptionsEdits(ex, [2, 0, 1], lower)).text).toBe(want);
    const decoded = permuteOptionsEdits(ex, [2, 0, 1], undefined, lower);
    expect(applyEdits(lower, decoded).text).toBe(want);
  });

  it('returns no edits for the identity and rejects non-permutations', () => {
    const ex = exemplarOf(demo);
    expect(permuteOptionsEdits(ex, [0, 1, 2, 3])).toEqual([]);
    expect(() => permuteOptionsEdits(ex, [0, 1, 2])).toThrow(/4 options/);
    expect(() => permuteOptionsEdits(ex, [0, 1, 1, 3])).toThrow(/not a permutation/);
  });

  it('without the source text, option edits carry decoded text (for rendering prompts)', () => {
    const text = JSON.stringify({ question: 'Pick the quote', options: ['say "hi"', 'plain'], answer: 'A' }) + '\n';
    const ex = exemplarOf(text, 'x.jsonl');
    const decoded = permuteOptionsEdits(ex, swapOrder(2, 0, 1));
    expect(decoded.map((e) => e.newText)).toEqual(['plain', 'say "hi"', 'B']);
    const source = permuteOptionsEdits(ex, swapOrder(2, 0, 1), text);
    const fixed = applyEdits(text, source).text;
    expect(JSON.parse(fixed)).toEqual({ question: 'Pick the quote', options: ['plain', 'say "hi"'], answer: 'B' });
  });

  it('property: any permutation keeps each demo correct and round-trips with its inverse', () => {
    const ex = exemplarOf(demo);
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (order) => {
        const out = applyEdits(demo, permuteOptionsEdits(ex, order, demo)).text;
        const again = exemplarOf(out);
        // The gold letter still names Whale.
        const gold = again.options.find((o) => o.letter === again.answer!.letter)!;
        expect(gold.text.text).toBe('Whale');
        const inverse = order.map((_, i) => order.indexOf(i));
        expect(applyEdits(out, permuteOptionsEdits(again, inverse, out)).text).toBe(demo);
      }),
    );
  });
});

describe('positionAnswerEdit', () => {
  const mmlu = JSON.stringify({ question: 'Which is a mammal?', choices: ['Shark', 'Whale', 'Trout', 'Eel'], answer: 1 }) + '\n';
  const arc = JSON.stringify({ question: 'Which is a mammal?', choices: { text: ['Shark', 'Whale', 'Trout', 'Eel'], label: ['1', '2', '3', '4'] }, answerKey: '2' }) + '\n';

  // TruthfulQA's one-hot mc1 labels (written with uneven spaces, kept between the items), HellaSwag's label "1".
  const truthful = '{"question": "Which is a mammal?", "mc1_targets": {"choices": ["Shark", "Whale", "Trout", "Eel"], "labels": [0,1 , 0,  0]}}\n';
  const hellaswag = JSON.stringify({ ctx: 'A mammal:', endings: ['Shark', 'Whale', 'Trout', 'Eel'], label: '1' }) + '\n';

  it('property: with the option edits, an index, a digit label or a one-hot list still names its option after any permutation', () => {
    for (const [text, gold] of [
      [mmlu, (r: { choices: string[]; answer: number }) => r.choices[r.answer]],
      [arc, (r: { choices: { text: string[] }; answerKey: string }) => r.choices.text[Number(r.answerKey) - 1]],
      [truthful, (r: { mc1_targets: { choices: string[]; labels: number[] } }) => r.mc1_targets.labels.filter((l) => l === 1).length === 1 && r.mc1_targets.choices[r.mc1_targets.labels.indexOf(1)]],
      [hellaswag, (r: { endings: string[]; label: string }) => typeof r.label === 'string' && r.endings[Number(r.label)]],
    ] as const) {
      const ex = exemplarOf(text, 'x.jsonl');
      fc.assert(
        fc.property(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (order) => {
          const answer = positionAnswerEdit(ex, order, text)!;
          expect(answer.position).toBe(order.indexOf(1));
          const out = JSON.parse(applyEdits(text, [...permuteOptionsEdits(ex, order, text), answer]).text);
          expect((gold as (r: unknown) => string)(out)).toBe('Whale');
        }),
      );
    }
  });

  it('moves a one-hot list\'s items with their options in one edit over the items, the text between them kept', () => {
    const ex = exemplarOf(truthful, 'x.jsonl');
    expect(ex.answer!.oneHot).toHaveLength(4);
    expect(truthful.slice(ex.answer!.span.start, ex.answer!.span.end)).toBe('1');
    const answer = positionAnswerEdit(ex, [1, 0, 2, 3], truthful)!;
    expect(truthful.slice(answer.span.start, answer.span.end)).toBe('0,1 , 0,  0');
    expect(answer).toMatchObject({ newText: '1,0 , 0,  0', position: 0 });
  });

  it('is undefined for an answer written otherwise, or not given by position', () => {
    const float = mmlu.replace('"answer":1', '"answer":1.0');
    expect(exemplarOf(float, 'x.jsonl').answer?.letter).toBe('B');
    expect(positionAnswerEdit(exemplarOf(float, 'x.jsonl'), [1, 0, 2, 3], float)).toBeUndefined();
    expect(positionAnswerEdit(exemplarOf(demo), [1, 0, 2, 3], demo)).toBeUndefined();
  });
});

describe('reorderOptionsEdits', () => {
  const mmlu = JSON.stringify({ question: 'Which is a mammal?', choices: ['Shark', 'Whale', 'Trout', 'Eel'], answer: 1 }) + '\n';
  const arc = JSON.stringify({ question: 'Which is a mammal?', choices: { text: ['Shark', 'Whale', 'Trout', 'Eel'], label: ['1', '2', '3', '4'] }, answerKey: '2' }) + '\n';

  it('adds the rewritten index or digit label to the option edits, in order', () => {
    const edits = reorderOptionsEdits(exemplarOf(mmlu, 'x.jsonl'), swapOrder(4, 1, 3), mmlu)!;
    expect(edits.map((e) => e.newText)).toEqual(['Eel', 'Whale', '3']);
    expect(JSON.parse(applyEdits(mmlu, edits).text)).toEqual({ question: 'Which is a mammal?', choices: ['Shark', 'Eel', 'Trout', 'Whale'], answer: 3 });
    const arcEdits = reorderOptionsEdits(exemplarOf(arc, 'x.jsonl'), swapOrder(4, 0, 1), arc)!;
    expect(JSON.parse(applyEdits(arc, arcEdits).text)).toMatchObject({ choices: { text: ['Whale', 'Shark', 'Trout', 'Eel'], label: ['1', '2', '3', '4'] }, answerKey: '1' });
    for (let i = 1; i < arcEdits.length; i++) expect(arcEdits[i]!.span.start).toBeGreaterThan(arcEdits[i - 1]!.span.start);
  });

  it('leaves the answer alone when its option does not move, and equals permuteOptionsEdits for a letter answer', () => {
    const ex = exemplarOf(mmlu, 'x.jsonl');
    expect(reorderOptionsEdits(ex, swapOrder(4, 0, 2), mmlu)).toEqual(permuteOptionsEdits(ex, swapOrder(4, 0, 2), mmlu));
    expect(reorderOptionsEdits(exemplarOf(demo), [2, 0, 3, 1], demo)).toEqual(permuteOptionsEdits(exemplarOf(demo), [2, 0, 3, 1], demo));
  });

  it('is undefined when the answer given by position cannot be rewritten exactly', () => {
    const float = mmlu.replace('"answer":1', '"answer":1.0');
    expect(reorderOptionsEdits(exemplarOf(float, 'x.jsonl'), swapOrder(4, 1, 3), float)).toBeUndefined();
    const escaped = arc.replace('"answerKey":"2"', '"answerKey":"\\u0032"');
    expect(exemplarOf(escaped, 'x.jsonl').answer?.letter).toBe('B');
    expect(reorderOptionsEdits(exemplarOf(escaped, 'x.jsonl'), swapOrder(4, 1, 3), escaped)).toBeUndefined();
  });
});
