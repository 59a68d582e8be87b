import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import { jsonStringSegment } from '../../server/src/parse/json-strings';
import { MAX_DEPTH, PlainJsonLines, fromJsonc, fromValidJson, isPlainJson, newChatLineTokens, scanChatLine, strictJsonTree, type SNode } from '../../server/src/parse/structured-tree';
import { parseTree } from 'jsonc-parser';
import type { OptionItem, Span } from '../../server/src/model/types';
import { allSpans } from './all-spans';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('JSONL: question / options / answer records', () => {
  const text = fixture('mcq.jsonl');
  const doc = parseJsonlDocument('mcq.jsonl', text);

  it('makes one dataset exemplar per record, with the record range', () => {
    expect(doc.problems).toEqual([]);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.kind).toBe('dataset');
    expect(set.shape).toBe('record');
    expect(set.exemplars).toHaveLength(4);
    const lines = text.split('\n');
    expect(at(text, set.exemplars[0]!.span)).toBe(lines[0]);
    expect(at(text, set.exemplars[3]!.span)).toBe(lines[3]);
    expect(set.exemplars.map((e) => e.index)).toEqual([0, 1, 2, 3]);
  });

  it('takes options from an array (letters by position) and finds the gold letter', () => {
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.question!.text).toBe('Which planet is largest?');
    expect(at(text, ex.question!.sourceSpan())).toBe('Which planet is largest?');
    expect(ex.options.map((o) => [o.letter, o.text.text])).toEqual([
      ['A', 'Mars'],
      ['B', 'Jupiter'],
      ['C', 'Venus'],
    ]);
    expect(at(text, ex.options[1]!.text.sourceSpan())).toBe('Jupiter');
    expect(at(text, ex.options[1]!.span)).toBe('"Jupiter"');
    // The letter is implied by position: an empty span at the item.
    expect(ex.options[1]!.letterSpan.start).toBe(ex.options[1]!.span.start);
    expect(ex.options[1]!.letterSpan.end).toBe(ex.options[1]!.span.start);
    expect(ex.answer!.letter).toBe('B');
    expect(ex.answer!.label).toBe('Jupiter');
    const gold = ex.answer!.letterSpan!;
    expect(at(text, gold)).toBe('B');
    expect(text.slice(gold.start - 11, gold.end + 1)).toBe('"answer": "B"');
    expect(ex.rationale!.text).toBe('Jupiter is the largest planet, so (B) is right.');
    expect(ex.letterCitations.map((c) => [c.letter, at(text, c.span)])).toEqual([
      ['B', 'B'],
      ['B', 'B'],
    ]);
  });

  it('takes options from an object keyed by letter, with the key as the letter span', () => {
    const ex = doc.exemplarSets[0]!.exemplars[1]!;
    expect(ex.options.map((o) => o.letter)).toEqual(['A', 'B']);
    const a = ex.options[0]!;
    expect(at(text, a.letterSpan)).toBe('A');
    expect(text.slice(a.letterSpan.start - 1, a.letterSpan.end + 1)).toBe('"A"');
    expect(ex.answer!.letter).toBe('A');
    expect(at(text, ex.answer!.letterSpan)).toBe('A');
  });

  it('reads an option index (MMLU style) as a letter without a letter span', () => {
    const ex = doc.exemplarSets[0]!.exemplars[2]!;
    expect(ex.answer!.letter).toBe('C');
    expect(ex.answer!.label).toBe('four');
    expect(ex.answer!.letterSpan).toBeUndefined();
    expect(at(text, ex.answer!.span)).toBe('2');
  });

  it('reads ARC-style nested question/choices with answerKey', () => {
    const ex = doc.exemplarSets[0]!.exemplars[3]!;
    expect(ex.question!.text).toBe('What do plants need?');
    expect(ex.options.map((o) => [o.letter, o.text.text])).toEqual([
      ['A', 'Sunlight'],
      ['B', 'Darkness'],
    ]);
    expect(at(text, ex.options[1]!.letterSpan)).toBe('B');
    expect(ex.answer!.letter).toBe('A');
    expect(text.slice(ex.answer!.letterSpan!.start - 14, ex.answer!.letterSpan!.end + 1)).toBe('"answerKey": "A"');
  });

  it('puts every string value in prose once, never keys or ids', () => {
    const prose = doc.prose.map((p) => p.text);
    expect(prose).toContain('Which planet is largest?');
    expect(prose).toContain('Jupiter');
    expect(prose).not.toContain('question');
    expect(prose).not.toContain('q-1');
    const spans = doc.prose.map((p) => p.sourceSpan());
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });
});

describe('JSONL: Hugging Face multiple-choice exports (ARC, OpenBookQA, CommonsenseQA, MMLU)', () => {
  /** The first exemplar of a one-record JSONL file. */
  const one = (record: string) => {
    const doc = parseJsonlDocument('hf.jsonl', record);
    expect(doc.problems).toEqual([]);
    return { doc, ex: doc.exemplarSets[0]?.exemplars[0] };
  };
  /** [letter, option text, source of the text, source of the option, source of the letter span] per option. */
  const optionRows = (text: string, ex: { options: OptionItem[] }) =>
    ex.options.map((o) => [o.letter, o.text.text, at(text, o.text.sourceSpan()), at(text, o.span), at(text, o.letterSpan)]);
  /** The text around a span: `before` characters before it and `after` after it. */
  const around = (text: string, s: Span, before: number, after: number) => text.slice(s.start - before, s.end + after);

  it('ARC (load_dataset("ai2_arc")): choices {text, label} with answerKey, the label as the letter span', () => {
    const text = '{"id": "Mercury_1", "question": "Which gas do plants take in?", "choices": {"text": ["Oxygen", " Carbon dioxide ", "Helium"], "label": ["A", "B", "C"]}, "answerKey": "B"}';
    const { ex } = one(text);
    expect(ex!.question!.text).toBe('Which gas do plants take in?');
    expect(optionRows(text, ex!)).toEqual([
      ['A', 'Oxygen', 'Oxygen', '"Oxygen"', 'A'],
      ['B', 'Carbon dioxide', 'Carbon dioxide', '" Carbon dioxide "', 'B'],
      ['C', 'Helium', 'Helium', '"Helium"', 'C'],
    ]);
    // Each letter span is its own label in the label array.
    expect(around(text, ex!.options[1]!.letterSpan, 16, 7)).toBe('"label": ["A", "B", "C"]');
    expect(ex!.answer!.letter).toBe('B');
    expect(ex!.answer!.label).toBe('Carbon dioxide');
    expect(around(text, ex!.answer!.letterSpan!, 14, 1)).toBe('"answerKey": "B"');
    expect(ex!.letterCitations.map((c) => [c.letter, around(text, c.span, 14, 1)])).toEqual([['B', '"answerKey": "B"']]);
  });

  it('ARC with the label array first and five options', () => {
    const text = '{"question": "Q?", "choices": {"label": ["A", "B", "C", "D", "E"], "text": ["v", "w", "x", "y", "z"]}, "answerKey": "E"}';
    const { ex } = one(text);
    expect(optionRows(text, ex!).map((r) => [r[0], r[3]])).toEqual([
      ['A', '"v"'],
      ['B', '"w"'],
      ['C', '"x"'],
      ['D', '"y"'],
      ['E', '"z"'],
    ]);
    expect(around(text, ex!.options[4]!.letterSpan, 1, 1)).toBe('"E"');
    expect(text.indexOf('"E"')).toBe(ex!.options[4]!.letterSpan.start - 1);
    expect(ex!.answer!.letter).toBe('E');
    expect(around(text, ex!.answer!.letterSpan!, 14, 1)).toBe('"answerKey": "E"');
  });

  it('ARC labels "1".."4": letters by position (not written, empty spans), the gold by its label, with no letter span to rewrite', () => {
    const text = '{"question": "Q?", "choices": {"text": ["one", "two", "three", "four"], "label": ["1", "2", "3", "4"]}, "answerKey": "3"}';
    const { ex } = one(text);
    expect(optionRows(text, ex!)).toEqual([
      ['A', 'one', 'one', '"one"', ''],
      ['B', 'two', 'two', '"two"', ''],
      ['C', 'three', 'three', '"three"', ''],
      ['D', 'four', 'four', '"four"', ''],
    ]);
    for (const o of ex!.options) expect(o.letterSpan).toEqual({ start: o.span.start, end: o.span.start });
    expect(ex!.answer!.letter).toBe('C');
    expect(ex!.answer!.label).toBe('three');
    expect(ex!.answer!.letterSpan).toBeUndefined();
    expect(ex!.answer!.labelSpan).toBeUndefined();
    expect(around(text, ex!.answer!.span, 14, 1)).toBe('"answerKey": "3"');
    expect(ex!.letterCitations).toEqual([]);
  });

  it('OpenBookQA: question_stem is the question', () => {
    const text = '{"id": "7-980", "question_stem": "The sun is responsible for", "choices": {"text": ["puppies", "plants sprouting"], "label": ["A", "B"]}, "answerKey": "B", "fact1": "the sun is a source of energy"}';
    const { ex } = one(text);
    expect(ex!.question!.text).toBe('The sun is responsible for');
    expect(at(text, ex!.question!.sourceSpan())).toBe('The sun is responsible for');
    expect(optionRows(text, ex!).map((r) => [r[0], r[2]])).toEqual([
      ['A', 'puppies'],
      ['B', 'plants sprouting'],
    ]);
    expect(ex!.answer!.letter).toBe('B');
    expect(around(text, ex!.answer!.letterSpan!, 14, 1)).toBe('"answerKey": "B"');
  });

  it('CommonsenseQA: flat question with choices {label, text}, and the nested original layout', () => {
    const flat = '{"id": "075e", "question": "Where would you put a plate?", "question_concept": "plate", "choices": {"label": ["A", "B"], "text": ["cupboard", "river"]}, "answerKey": "A"}';
    const f = one(flat).ex!;
    expect(f.question!.text).toBe('Where would you put a plate?');
    expect(optionRows(flat, f)).toEqual([
      ['A', 'cupboard', 'cupboard', '"cupboard"', 'A'],
      ['B', 'river', 'river', '"river"', 'B'],
    ]);
    expect(f.answer!.letter).toBe('A');
    expect(around(flat, f.answer!.letterSpan!, 14, 1)).toBe('"answerKey": "A"');
    const nested =
      '{"answerKey": "B", "id": "61fe", "question": {"question_concept": "plate", "choices": [{"label": "A", "text": "river"}, {"label": "B", "text": "cupboard"}], "stem": "Where would you put a plate?"}}';
    const n = one(nested).ex!;
    expect(n.question!.text).toBe('Where would you put a plate?');
    expect(n.options.map((o) => [o.letter, o.text.text, at(nested, o.letterSpan)])).toEqual([
      ['A', 'river', 'A'],
      ['B', 'cupboard', 'B'],
    ]);
    expect(n.answer!.letter).toBe('B');
    expect(nested.slice(n.answer!.letterSpan!.start - 14, n.answer!.letterSpan!.end + 1)).toBe('"answerKey": "B"');
  });

  it('MMLU (cais/mmlu): choices as four strings, the gold as an index', () => {
    const text = '{"question": "What is 2 + 2?", "subject": "elementary_mathematics", "choices": ["3", "4", "5", "22"], "answer": 1}';
    const { ex } = one(text);
    expect(ex!.question!.text).toBe('What is 2 + 2?');
    expect(optionRows(text, ex!).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['A', '3', '"3"'],
      ['B', '4', '"4"'],
      ['C', '5', '"5"'],
      ['D', '22', '"22"'],
    ]);
    expect(ex!.answer!.letter).toBe('B');
    expect(ex!.answer!.label).toBe('4');
    expect(ex!.answer!.letterSpan).toBeUndefined();
    expect(around(text, ex!.answer!.span, 10, 1)).toBe('"answer": 1}');
  });

  it('MMLU / C-Eval / CMMLU exports: options as the record\'s own keys "A".."D", the gold a letter or an index', () => {
    const text = '{"id": 3, "question": "Which organ produces insulin?", "A": "Liver", "B": " Pancreas ", "C": "Kid\\u006eey", "D": "Spleen", "answer": "B", "explanation": "Beta cells."}';
    const { ex } = one(text);
    expect(ex!.question!.text).toBe('Which organ produces insulin?');
    expect(optionRows(text, ex!)).toEqual([
      ['A', 'Liver', 'Liver', '"A": "Liver"', 'A'],
      ['B', 'Pancreas', 'Pancreas', '"B": " Pancreas "', 'B'],
      ['C', 'Kidney', 'Kid\\u006eey', '"C": "Kid\\u006eey"', 'C'],
      ['D', 'Spleen', 'Spleen', '"D": "Spleen"', 'D'],
    ]);
    expect(ex!.answer!.letter).toBe('B');
    expect(around(text, ex!.answer!.letterSpan!, 11, 1)).toBe('"answer": "B"');
    const byIndex = one('{"question": "Q?", "A": "x", "B": "y", "C": "z", "answer": 2}').ex!;
    expect(byIndex.options.map((o) => o.letter)).toEqual(['A', 'B', 'C']);
    expect(byIndex.answer!.letter).toBe('C');
    // In YAML, with the keys in any quoting, and without an answer: a test input with those options.
    const yaml = 'examples:\n  - question: Q?\n    "A": x\n    B: y\n    answer: A\n';
    const y = parseStructuredDocument('x.yaml', yaml, 'yaml').exemplarSets[0]!.exemplars[0]!;
    expect(y.options.map((o) => [o.letter, at(yaml, o.letterSpan), at(yaml, o.text.sourceSpan())])).toEqual([
      ['A', 'A', 'x'],
      ['B', 'B', 'y'],
    ]);
    const input = parseJsonlDocument('hf.jsonl', '{"question": "Q?", "A": "x", "B": "y"}');
    expect(input.testInputs[0]!.options.map((o) => o.letter)).toEqual(['A', 'B']);
  });

  it('BBQ\'s released files: options as the keys "ans0".."ansN" (letters by position), the gold `label` their index', () => {
    // A record as nyu-mll/BBQ's data/*.jsonl write it (hunt10 repro r2 had no options and a gold "0").
    const text =
      '{"example_id": 3, "question_index": "2", "question_polarity": "neg", "context_condition": "ambig", "category": "Disability_status", "answer_info": {"ans0": ["hearing", "nonDisabled"], "ans1": ["Undetermined", "unknown"], "ans2": ["deaf", "disabled"]}, "additional_metadata": {"subcategory": "None", "stereotyped_groups": ["disabled"], "version": "a", "source": "x"}, "context": "Two new employees, a deaf man and a hearing man, joined the team.", "question": "Who was bad at following instructions?", "ans0": "The hearing man", "ans1": " Undetermined ", "ans2": "The de\\u0061f man", "label": 1}';
    const { doc, ex } = one(text);
    expect(doc.testInputs).toEqual([]);
    expect(ex!.question!.text).toBe('Who was bad at following instructions?');
    expect(ex!.context!.text).toBe('Two new employees, a deaf man and a hearing man, joined the team.');
    // The letters are implied: an empty letter span at the key's opening quote. Not the answer_info object's "ans0".."ans2".
    const keyAt = (k: string) => text.indexOf(`"${k}": "`);
    expect(optionRows(text, ex!)).toEqual([
      ['A', 'The hearing man', 'The hearing man', '"ans0": "The hearing man"', ''],
      ['B', 'Undetermined', 'Undetermined', '"ans1": " Undetermined "', ''],
      ['C', 'The deaf man', 'The de\\u0061f man', '"ans2": "The de\\u0061f man"', ''],
    ]);
    expect(ex!.options.map((o) => o.letterSpan)).toEqual(['ans0', 'ans1', 'ans2'].map((k) => ({ start: keyAt(k), end: keyAt(k) })));
    // The gold is the index, its span the number as written; no letter or label is written for a fix to rewrite.
    expect(ex!.answer!.letter).toBe('B');
    expect(ex!.answer!.label).toBe('Undetermined');
    expect(ex!.answer!.letterSpan).toBeUndefined();
    expect(ex!.answer!.labelSpan).toBeUndefined();
    expect(around(text, ex!.answer!.span, 9, 1)).toBe('"label": 1}');
    // `category` is metadata here, not a gold or a label of the set.
    expect(doc.exemplarSets).toHaveLength(1);
    expect(doc.exemplarSets[0]!.exemplars).toHaveLength(1);
    // `answer_index` names the option as `label` does; without a gold the record is a test input with its options.
    const byIndex = one('{"question": "Q?", "ans0": "x", "ans1": "y", "answer_index": 1}').ex!;
    expect([byIndex.options.map((o) => o.text.text), byIndex.answer!.letter, byIndex.answer!.label]).toEqual([['x', 'y'], 'B', 'y']);
    const input = parseJsonlDocument('bbq.jsonl', '{"context": "c", "question": "Q?", "category": "Age", "ans0": "x", "ans1": "y"}');
    expect(input.exemplarSets).toEqual([]);
    expect(input.testInputs[0]!.options.map((o) => [o.letter, o.text.text])).toEqual([['A', 'x'], ['B', 'y']]);
    // In YAML too.
    const yaml = 'examples:\n  - question: Q?\n    ans0: x\n    ans1: y\n    label: 0\n';
    const y = parseStructuredDocument('x.yaml', yaml, 'yaml').exemplarSets[0]!.exemplars[0]!;
    expect([y.options.map((o) => at(yaml, o.text.sourceSpan())), y.answer!.letter, at(yaml, y.answer!.span)]).toEqual([['x', 'y'], 'A', '0']);
  });

  describe('no options from "ans" keys that are not "ans0", "ans1", … in order, or whose gold is no index of them', () => {
    const cases: [string, string][] = [
      ['one key only', '{"question": "Q?", "ans0": "x", "label": 0}'],
      ['not from 0', '{"question": "Q?", "ans1": "x", "ans2": "y", "label": 0}'],
      ['a gap', '{"question": "Q?", "ans0": "x", "ans2": "y", "label": 0}'],
      ['out of order', '{"question": "Q?", "ans1": "y", "ans0": "x", "label": 0}'],
      ['a repeated key', '{"question": "Q?", "ans0": "x", "ans1": "y", "ans1": "z", "label": 0}'],
      ['a leading zero', '{"question": "Q?", "ans00": "x", "ans01": "y", "label": 0}'],
      ['a value that is not a string', '{"question": "Q?", "ans0": "x", "ans1": 2, "label": 0}'],
      ['no question', '{"context": "c", "ans0": "x", "ans1": "y", "label": 0}'],
      ['a gold index of no key', '{"question": "Q?", "ans0": "x", "ans1": "y", "label": 2}'],
      ['a gold that is not an integer', '{"question": "Q?", "ans0": "x", "ans1": "y", "label": 1.5}'],
      ['a gold written as a string', '{"question": "Q?", "ans0": "x", "ans1": "y", "label": "1"}'],
      ['a gold letter (the keys write none)', '{"question": "Q?", "ans0": "x", "ans1": "y", "answer": "B"}'],
      ['a gold that is a key\'s text', '{"question": "Q?", "ans0": "x", "ans1": "y", "answer": "y"}'],
      ['a gold in the output field', '{"question": "Q?", "ans0": "x", "ans1": "y", "output": "x"}'],
    ];
    for (const [name, text] of cases) {
      it(name, () => {
        const doc = parseJsonlDocument('x.jsonl', text);
        const ex = doc.exemplarSets[0]?.exemplars[0] ?? doc.testInputs[0];
        expect(ex).toBeDefined();
        expect(ex!.options ?? []).toEqual([]);
      });
    }
    it('an options field besides them is read instead', () => {
      const ex = parseJsonlDocument('x.jsonl', '{"question": "Q?", "options": ["p", "q", "r"], "ans0": "x", "ans1": "y", "label": 2}').exemplarSets[0]!.exemplars[0]!;
      expect([ex.options.map((o) => o.text.text), ex.answer!.label]).toEqual([['p', 'q', 'r'], 'r']);
    });
  });

  describe('no options from single-letter keys that are not exactly "A", "B", "C", … in order', () => {
    const cases: [string, string][] = [
      ['a Q/A record', '{"Q": "What is 2 + 2?", "A": "4"}'],
      ['one letter only', '{"question": "Q?", "A": "x", "answer": "A"}'],
      ['letters out of order', '{"question": "Q?", "B": "y", "A": "x", "answer": "A"}'],
      ['a gap', '{"question": "Q?", "A": "x", "C": "z", "answer": "A"}'],
      ['another single-letter key after them', '{"question": "Q?", "A": "x", "B": "y", "Q": "z", "answer": "A"}'],
      ['lower-case keys', '{"question": "Q?", "a": "x", "b": "y", "answer": "a"}'],
      ['a value that is not a string', '{"question": "Q?", "A": "x", "B": 2, "answer": "A"}'],
      ['a key written with an escape', '{"question": "Q?", "\\u0041": "x", "B": "y", "answer": "A"}'],
      ['no question', '{"context": "c", "A": "x", "B": "y", "answer": "A"}'],
      ['an options field besides them', '{"question": "Q?", "options": ["p", "q", "r"], "A": "x", "B": "y", "answer": "C"}'],
      // The gold must name a key by position (a letter or an index), as MMLU/C-Eval/CMMLU exports write it: a gold
      // that is a value means the keys are fields (hunt4 repro: spreadsheet columns A, B, C, the answer a cell value).
      ['a gold that is a value (spreadsheet columns)', '{"question": "Columns: A = order id, B = quantity, C = unit price. How many units were ordered?", "A": "ORD-1", "B": "3", "C": "4.50", "answer": "3"}'],
      ['a gold that is a key\'s text', '{"question": "Q?", "A": "x", "B": "y", "answer": "y"}'],
      ['a gold letter of no key', '{"question": "Q?", "A": "x", "B": "y", "answer": "C"}'],
      ['a gold index of no key', '{"question": "Q?", "A": "x", "B": "y", "answer": 2}'],
      ['a gold in the output field that is a value', '{"question": "Q?", "A": "x", "B": "y", "output": "x and y"}'],
    ];
    for (const [name, text] of cases) {
      it(name, () => {
        const doc = parseJsonlDocument('x.jsonl', text);
        const ex = doc.exemplarSets[0]?.exemplars[0];
        if (name === 'an options field besides them') expect(ex!.options.map((o) => o.text.text)).toEqual(['p', 'q', 'r']);
        else expect(ex?.options ?? []).toEqual([]);
      });
    }
  });

  it('a record of choices {text, label} without an answerKey is a test input with those options', () => {
    const text = '{"question": "Q?", "choices": {"text": ["x", "y"], "label": ["A", "B"]}}';
    const doc = parseJsonlDocument('hf.jsonl', text);
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.testInputs).toHaveLength(1);
    expect(doc.testInputs[0]!.options.map((o) => [o.letter, at(text, o.text.sourceSpan()), at(text, o.letterSpan)])).toEqual([
      ['A', 'x', 'A'],
      ['B', 'y', 'B'],
    ]);
  });

  describe('no lettered options when the structure is not exactly that layout', () => {
    const cases: [string, string][] = [
      ['a choices object without label', '{"question": "Q?", "choices": {"text": ["x", "y", "z"]}, "answerKey": "A"}'],
      ['a choices object without text', '{"question": "Q?", "choices": {"label": ["A", "B", "C"]}, "answerKey": "A"}'],
      ['labels that are not letters or digits', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["yes", "no", "maybe"]}, "answerKey": "yes"}'],
      ['labels written with a marker', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["(A)", "(B)", "(C)"]}, "answerKey": "(A)"}'],
      ['labels out of order', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["B", "A", "C"]}, "answerKey": "A"}'],
      ['digit labels not counting from 1', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["0", "1", "2"]}, "answerKey": "1"}'],
      ['lower-case labels', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["a", "b", "c"]}, "answerKey": "a"}'],
      ['an answerKey not among the labels', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["A", "B", "C"]}, "answerKey": "D"}'],
      ['an answerKey with white space around it', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["A", "B", "C"]}, "answerKey": " A"}'],
      ['a digit answerKey given as a number', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["1", "2", "3"]}, "answerKey": 2}'],
      ['label and text arrays of different lengths', '{"question": "Q?", "choices": {"text": ["x", "y", "z"], "label": ["A", "B"]}, "answerKey": "A"}'],
      ['a third key in the choices object', '{"question": "Q?", "choices": {"text": ["x", "y"], "label": ["A", "B"], "extra": ["p", "q"]}, "answerKey": "A"}'],
      ['a text that is not a string', '{"question": "Q?", "choices": {"text": ["x", 2], "label": ["A", "B"]}, "answerKey": "A"}'],
      ['a single choice', '{"question": "Q?", "choices": {"text": ["x"], "label": ["A"]}, "answerKey": "A"}'],
    ];
    for (const [name, text] of cases) {
      it(name, () => {
        const { ex } = one(text);
        expect(ex).toBeDefined();
        expect(ex!.options).toEqual([]);
      });
    }
  });

  it('gives the options of a JSON array of such records too (same record reader)', () => {
    const text = JSON.stringify({ data: [{ question: 'Q?', choices: { text: ['x', 'y'], label: ['A', 'B'] }, answerKey: 'B' }] }, null, 2);
    const doc = parseStructuredDocument('hf.json', text, 'json');
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.options.map((o) => [o.letter, at(text, o.text.sourceSpan()), at(text, o.letterSpan)])).toEqual([
      ['A', 'x', 'A'],
      ['B', 'y', 'B'],
    ]);
    expect(ex.answer!.letter).toBe('B');
    expect(text.slice(ex.answer!.letterSpan!.start - 14, ex.answer!.letterSpan!.end + 1)).toBe('"answerKey": "B"');
  });
});

describe('JSONL: OpenAI chat fine-tuning records', () => {
  const text = fixture('chat.jsonl');
  const doc = parseJsonlDocument('chat.jsonl', text);

  it('turns every message into a Message with role span and content', () => {
    expect(doc.problems).toEqual([]);
    expect(doc.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'system', 'user', 'assistant', 'user', 'assistant', 'user']);
    const user = doc.messages[1]!;
    expect(at(text, user.roleSpan)).toBe('user');
    expect(user.content.text).toBe('Is the sky green?\n(A) Yes\n(B) No');
    expect(at(text, user.content.sourceSpan())).toBe('Is the sky green?\\n(A) Yes\\n(B) No');
    expect(text.slice(user.span.start, user.span.end)).toMatch(/^\{"role": "user".*\}$/);
  });

  it('makes the last user and assistant turns the exemplar', () => {
    const set = doc.exemplarSets.find((s) => s.kind === 'dataset')!;
    expect(set.shape).toBe('chat');
    expect(set.exemplars).toHaveLength(2);
    const ex = set.exemplars[0]!;
    expect(ex.question!.text).toBe('Is the sky green?');
    expect(ex.options.map((o) => [o.letter, o.text.text, at(text, o.text.sourceSpan())])).toEqual([
      ['A', 'Yes', 'Yes'],
      ['B', 'No', 'No'],
    ]);
    expect(at(text, ex.options[1]!.letterSpan)).toBe('B');
    expect(ex.answer!.letter).toBe('B');
    expect(at(text, ex.answer!.letterSpan)).toBe('B');
    expect(text.slice(ex.answer!.letterSpan!.start - 15, ex.answer!.letterSpan!.end + 1)).toBe('the answer is (B)');
    const lines = text.split('\n');
    expect(at(text, ex.span)).toBe(lines[0]);
  });

  it('finds user/assistant demo pairs inside a record as a demos set', () => {
    const demos = doc.exemplarSets.filter((s) => s.kind === 'demos');
    expect(demos).toHaveLength(1);
    expect(demos[0]!.shape).toBe('chat');
    expect(demos[0]!.exemplars.map((e) => e.answer?.label)).toEqual(['Positive']);
    // The record's own exemplar is its last pair.
    const second = doc.exemplarSets.find((s) => s.kind === 'dataset')!.exemplars[1]!;
    expect(second.question!.text).toBe('Review: dull and slow.');
    expect(second.answer!.label).toBe('Negative');
  });

  it('makes a record that ends with a user turn a test input', () => {
    expect(doc.testInputs).toHaveLength(1);
    expect(doc.testInputs[0]!.text.text).toBe('What is {{topic}}?');
    expect(doc.variables.map((v) => [v.name, at(text, v.span)])).toEqual([['topic', '{{topic}}']]);
  });

  it('counts a system prompt repeated in every record as prose each time, but analyses it once', () => {
    expect(doc.prose.filter((p) => p.text === 'Answer with the letter.')).toHaveLength(2);
  });
});

describe('JSONL: prompt / completion and input / output records', () => {
  const text = [
    '{"prompt": "Review: great film!\\nSentiment:", "completion": " Positive"}',
    '{"input": "2 + 2", "output": "4"}',
    '{"text": "I loved it", "label": 1}',
    '{"question": "Unanswered question?"}',
    '{"question": "Pick one:\\n(A) red\\n(B) blue"}',
  ].join('\n');
  const doc = parseJsonlDocument('pc.jsonl', text);

  it('reads each shape', () => {
    const [pc, io, tl] = doc.exemplarSets[0]!.exemplars;
    expect(pc!.question!.text).toBe('Review: great film!\nSentiment:');
    expect(pc!.answer!.label).toBe('Positive');
    expect(at(text, pc!.answer!.labelSpan)).toBe('Positive');
    expect(io!.question!.text).toBe('2 + 2');
    expect(io!.answer!.label).toBe('4');
    expect(tl!.answer!.label).toBe('1');
    expect(at(text, tl!.answer!.labelSpan)).toBe('1');
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['Unanswered question?', 'Pick one:\n(A) red\n(B) blue']);
    expect(at(text, doc.testInputs[0]!.span)).toBe('{"question": "Unanswered question?"}');
    expect(doc.testInputs[1]!.options.map((o) => [o.letter, at(text, o.text.sourceSpan())])).toEqual([
      ['A', 'red'],
      ['B', 'blue'],
    ]);
  });
});

describe('JSONL: completion prompts that carry their own demos', () => {
  const line = (q: string, a: string) => JSON.stringify({ prompt: `Q: Is fire hot?\nA: Yes\n\nQ: ${q}\nA:`, completion: ` ${a}` });
  const text = [line('Is ice hot?', 'No'), line('Is snow cold?', 'Yes')].join('\n');
  const doc = parseJsonlDocument('fs.jsonl', text);

  it('finds the embedded demos once (the same demos repeat in every record), mapped through the escapes', () => {
    const demos = doc.exemplarSets.filter((s) => s.kind === 'demos');
    expect(demos).toHaveLength(1);
    const ex = demos[0]!.exemplars[0]!;
    expect(ex.question!.text).toBe('Is fire hot?');
    expect(at(text, ex.question!.sourceSpan())).toBe('Is fire hot?');
    expect(ex.answer!.label).toBe('Yes');
    expect(ex.answer!.labelSpan!.start).toBe(text.indexOf('Yes'));
    const records = doc.exemplarSets.find((s) => s.kind === 'dataset')!;
    expect(records.exemplars.map((e) => e.answer?.label)).toEqual(['No', 'Yes']);
  });
});

describe('JSONL: escapes map to exact source offsets', () => {
  const text = '{"question": "Say \\"hi\\"\\ncaf\\u00e9 \\ud83d\\ude00 ok", "answer": "x\\ty"}';
  const doc = parseJsonlDocument('esc.jsonl', text);
  const q = doc.exemplarSets[0]!.exemplars[0]!.question!;

  it('decodes the text', () => {
    expect(q.text).toBe('Say "hi"\ncafé 😀 ok');
  });

  it('maps each decoded character to the escape that produced it', () => {
    const span = (s: string) => {
      const i = q.text.indexOf(s);
      return at(text, q.sourceSpan(i, i + s.length));
    };
    expect(span('"hi"')).toBe('\\"hi\\"');
    expect(span('\n')).toBe('\\n');
    expect(span('é')).toBe('\\u00e9');
    expect(span('😀')).toBe('\\ud83d\\ude00');
    expect(span('ok')).toBe('ok');
    expect(at(text, q.sourceSpan())).toBe('Say \\"hi\\"\\ncaf\\u00e9 \\ud83d\\ude00 ok');
  });

  it('keeps identity segments free of offset tables', () => {
    const plain = jsonStringSegment('"abc"', 0, 5);
    expect(plain.isIdentity).toBe(true);
    expect(plain.text).toBe('abc');
    expect(jsonStringSegment('"a\\nb"', 0, 6).isIdentity).toBe(false);
  });

  it('round-trips any string through JSON.stringify (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 5 }), (s, prefix) => {
        const src = JSON.stringify(prefix) + ':' + JSON.stringify(s);
        const start = JSON.stringify(prefix).length + 1;
        const seg = jsonStringSegment(src, start, src.length);
        expect(seg.text).toBe(s);
        for (let i = 0; i < s.length; i++) {
          const code = s.charCodeAt(i);
          if (code >= 0xd800 && code <= 0xdfff) continue; // half of a pair: its source is the pair
          const piece = at(src, seg.sourceSpan(i, i + 1))!;
          expect(JSON.parse(`"${piece}"`)).toBe(s[i]);
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('JSONL: malformed input', () => {
  it('reports a malformed line at the parser position and keeps the other lines', () => {
    const text = [
      '{"question": "Q1?", "answer": "A"}',
      '{"question": "Q2?" "answer": "B"}',
      '{"question": "Q3?", "answer": "C"}',
    ].join('\n');
    const doc = parseJsonlDocument('bad.jsonl', text);
    expect(doc.problems).toHaveLength(1);
    const p = doc.problems[0]!;
    expect(p.severity).toBe('error');
    expect(p.message).toBe("Line 2: expected ',' or '}' after property value (column 20)");
    const line2 = text.indexOf('\n') + 1;
    expect(p.span.start).toBe(line2 + 19);
    expect(at(text, p.span)).toBe('"answer": "B"}');
    expect(doc.exemplarSets[0]!.exemplars.map((e) => e.question!.text)).toEqual(['Q1?', 'Q3?']);
    // What the tolerant parser recovered from the bad line is still prose.
    expect(doc.prose.map((s) => s.text)).toContain('Q2?');
  });

  it('reports a truncated line', () => {
    const text = '{"question": "Q1?", "answer": "A"}\n{"question": "cut off her';
    const doc = parseJsonlDocument('t.jsonl', text);
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]!.message).toMatch(/^Line 2: unterminated string \(column \d+\)$/);
    expect(doc.exemplarSets[0]!.exemplars).toHaveLength(1);
    expect(doc.prose.map((s) => s.text)).toContain('cut off her');
  });

  it('reports a bad escape', () => {
    const text = '{"question": "a \\q b", "answer": "A"}';
    const doc = parseJsonlDocument('e.jsonl', text);
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]!.message).toMatch(/^Line 1: bad escaped character \(column \d+\)$/);
    expect(doc.problems[0]!.span.start).toBeGreaterThanOrEqual(text.indexOf('\\q'));
    expect(doc.problems[0]!.span.start).toBeLessThanOrEqual(text.indexOf('\\q') + 1);
  });

  it('survives very deep nesting, with a warning, and keeps the other lines', () => {
    const deep = '{"a": ' + '['.repeat(20000) + '"x"' + ']'.repeat(20000) + '}';
    const doc = parseJsonlDocument('d.jsonl', `${deep}\n{"input": "q", "output": "a"}`);
    expect(doc.problems.map((p) => [p.severity, p.message])).toEqual([['warning', 'Line 1: values nested more than 64 levels deep are not analysed']]);
    expect(doc.exemplarSets[0]!.exemplars).toHaveLength(1);
  });

  it('warns about a line that is not an object', () => {
    const doc = parseJsonlDocument('a.jsonl', '["just", "an array"]\n');
    expect(doc.problems.map((p) => [p.severity, p.message])).toEqual([['warning', 'Line 1: expected a JSON object, found an array']]);
    expect(doc.prose.map((p) => p.text)).toEqual(['just', 'an array']);
  });

  it('accepts an empty file, blank lines, CRLF and a BOM', () => {
    expect(parseJsonlDocument('e.jsonl', '').problems).toEqual([]);
    const text = '\uFEFF{"input": "x", "output": "y"}\r\n\r\n   \r\n{"input": "z", "output": "w"}\r\n';
    const doc = parseJsonlDocument('c.jsonl', text);
    expect(doc.problems).toEqual([]);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => at(text, e.span))).toEqual(['{"input": "x", "output": "y"}', '{"input": "z", "output": "w"}']);
  });

  it('keeps // comments with directives, and a file of only comments is empty but fine', () => {
    const text = '// biaslens-disable-file label-imbalance\n// a note\n  // biaslens-enable\n';
    const doc = parseJsonlDocument('c.jsonl', text);
    expect(doc.problems).toEqual([]);
    expect(doc.comments.map((c) => [c.text, at(text, c.span)])).toEqual([
      ['biaslens-disable-file label-imbalance', '// biaslens-disable-file label-imbalance'],
      ['biaslens-enable', '// biaslens-enable'],
    ]);
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.prose).toEqual([]);
  });
});

const JSON_FRAGMENTS = [
  '{"messages":[{"role":"user","content":"', '"},{"role":"assistant","content":"', '"}]}', '{"prompt":"', '","completion":"',
  '{"question":"', '","answer":"', '","options":["', '","', '"]', '"}', '{"question": {"stem": "', '"choices": [{"label": "A", "text": "',
  '\n', '\r\n', '// biaslens-disable-file\n', '\\n', '\\"', '\\u0041', '\\ud83d', '\\q', '{"input": 1}', '"answer": 3', 'null', 'true',
  '[', ']', '{', '}', ',', ':', '(A) ', '(B) ', 'So the answer is (B).', '{{x}}', 'é', '😀',
];

describe('JSONL: property tests', () => {
  it('no input crashes the parser and every span lies inside the document', () => {
    const input = fc.array(fc.oneof(fc.constantFrom(...JSON_FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(
      fc.property(input, (text) => {
        const doc = parseJsonlDocument('f.jsonl', text);
        for (const s of allSpans(doc)) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeGreaterThanOrEqual(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 400, seed: 20261128 },
    );
  });

  it('valid records from any JSON values parse without problems, one exemplar or test input per record', () => {
    const record = fc.record(
      {
        question: fc.string({ maxLength: 30 }),
        options: fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
        answer: fc.oneof(fc.constantFrom('A', 'B', '(C)'), fc.integer({ min: 0, max: 3 })),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['question'] },
    );
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), (records) => {
        const text = records.map((r) => JSON.stringify(r)).join('\n');
        const doc = parseJsonlDocument('r.jsonl', text);
        expect(doc.problems).toEqual([]);
        const exemplars = doc.exemplarSets.filter((s) => s.kind === 'dataset').reduce((n, s) => n + s.exemplars.length, 0);
        expect(exemplars + doc.testInputs.filter((t) => text.slice(t.span.start, t.span.end).startsWith('{"question"')).length).toBe(records.length);
        for (const s of allSpans(doc)) expect(s.end).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

/** A tree as plain data: spans, keys, decoded strings and their source spans. */
function dump(n: SNode | undefined): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'object':
      return { span: n.span, props: n.props.map((p) => ({ key: p.key, norm: p.norm, keySpan: p.keySpan, span: p.span, value: dump(p.value) })) };
    case 'array':
      return { span: n.span, items: n.items.map(dump) };
    case 'string':
      return { span: n.span, text: n.seg.text, src: n.seg.sourceSpan(), identity: n.seg.isIdentity };
    case 'scalar':
      return { span: n.span, value: n.value, raw: n.raw };
  }
}

describe('JSONL: the scanner-built tree equals the jsonc-parser tree', () => {
  it('for any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(0, 1, 2), fc.string({ maxLength: 3 }).map((s) => s.replace(/\S/g, ' ')), (v, indent, pad) => {
        const body = JSON.stringify(v, null, indent) ?? 'null';
        const text = pad + body + pad;
        const tree = parseTree(text)!;
        expect(dump(fromValidJson(text, pad.length, pad.length + body.length))).toEqual(dump(fromJsonc(text, tree)));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('JSONL: the strict one-pass tree', () => {
  // The whole tree, key order and offset tables included (as the engine's output is compared).
  // (Props and strings are written out field by field: the strict tree makes their spans on demand.)
  const exact = (n: SNode | undefined) =>
    JSON.stringify(n, (_k, v) =>
      v instanceof Int32Array
        ? Array.from(v)
        : v && typeof v === 'object' && 'norm' in v
          ? { key: v.key, norm: v.norm, keySpan: v.keySpan, value: v.value, span: v.span }
          : v && typeof v === 'object' && v.kind === 'string'
            ? { kind: v.kind, span: v.span, seg: v.seg }
            : v,
    );
  const accepts = (s: string) => {
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  };

  it('equals the scanner-built tree for any JSON value, escapes and white space included (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom(0, 1, 2, '\t'),
        fc.string({ maxLength: 3 }).map((s) => s.replace(/./g, (ch) => ' \t\r'[ch.charCodeAt(0) % 3]!)),
        fc.boolean(),
        (v, indent, pad, escape) => {
          let body = JSON.stringify(v, null, indent) ?? 'null';
          // Escapes JSON.stringify does not write: \/ and \u for ordinary characters.
          // ("a… becomes "\u00a…, a valid escape when a hex digit follows, else a line JSON.parse rejects and the case is skipped.)
          if (escape) body = body.replace(/"([a-z])/g, '"\\u00$1').replace(/\//g, '\\/');
          // A line among others, as in a JSONL file.
          const text = '{"k": 1}\n' + pad + body + pad + '\n[2]';
          const start = text.indexOf('\n') + 1;
          const end = text.lastIndexOf('\n');
          if (!accepts(text.slice(start, end))) return;
          expect(exact(strictJsonTree(text, start, end))).toBe(exact(fromValidJson(text, start, end)));
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });

  it('accepts exactly what JSON.parse accepts (property over near-JSON text)', () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '"a"', '"\\u00e9"', '"\\x"', '"\\u12"', '\\', '"\\"', 'true', 'tru', 'null', 'nul', 'false',
      '0', '-0', '01', '1.', '1.5', '.5', '-', '1e', '1e+5', '2E-3', '+1', ' ', '\t', '\r', '\u00a0', '\u0001', '"\u0001"', 'x', '"é"', '"\ud83d"'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const body = parts.join('');
        const tree = strictJsonTree(body, 0, body.length);
        expect(tree !== undefined).toBe(accepts(body));
        if (tree) expect(exact(tree)).toBe(exact(fromValidJson(body, 0, body.length)));
      }),
      { numRuns: 4000, seed: 11 },
    );
  });

  it('leaves values nested deeper than MAX_DEPTH to the depth-limited path', () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(strictJsonTree(nested(MAX_DEPTH), 0, 2 * MAX_DEPTH)).toBeDefined();
    expect(strictJsonTree(nested(MAX_DEPTH + 1), 0, 2 * MAX_DEPTH + 2)).toBeUndefined();
    // Through the JSONL parser the deep line still gives its warning.
    const doc = parseJsonlDocument('d.jsonl', `{"a": ${nested(MAX_DEPTH + 1)}}`);
    expect(doc.problems.map((p) => p.severity)).toEqual(['warning']);
  });
});

describe('JSONL: option arrays with written letters', () => {
  it('uses a written letter that agrees with its position, and ignores odd roles', () => {
    const text = '{"question": "Q?", "options": ["(A) Paris", "B. Rome", "Athens"], "answer": "C"}\n{"messages": [{"role": "constructor", "content": "x"}]}';
    const doc = parseJsonlDocument('l.jsonl', text);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.options.map((o) => [o.letter, o.text.text, at(text, o.letterSpan)])).toEqual([
      ['A', 'Paris', 'A'],
      ['B', 'Rome', 'B'],
      ['C', 'Athens', ''],
    ]);
    expect(ex.answer!.label).toBe('Athens');
    expect(doc.messages).toEqual([]);
  });
});

describe('JSONL: chat lines read without a tree', () => {
  // The whole document as the engine's output is compared: key order and offset tables included.
  const ser = (text: string, direct: boolean) =>
    JSON.stringify(parseJsonlDocument('c.jsonl', text, { directChatLines: direct }), (_k, v) => (v instanceof Int32Array ? Array.from(v) : v));

  /** A JSON string token for `s`, sometimes with escapes JSON.stringify does not write. */
  const token = (s: string, escape: number) => {
    const t = JSON.stringify(s);
    if (escape === 1) return t.replace(/[a-z]/, (ch) => '\\u00' + ch.charCodeAt(0).toString(16));
    if (escape === 2) return t.replace(/\//g, '\\/').replace(/ /, '\\u0020');
    return t;
  };
  const ROLES = ['system', 'user', 'assistant', 'developer', 'tool', 'human', 'gpt', 'model', 'User', ' user ', 'ASSISTANT', 'constructor', 'narrator', '', '{role}'];
  const CONTENTS = [
    'Classify the message.', 'Where is my refund?', 'billing', 'Q: Is it A?\nA: (B)', 'Hello {name}, {{ item }}', 'file://prompt.txt', '   ',
    '', 'He said "no" \\ then\tleft', 'Caf\u00e9 \ud83d\ude00', 'Options:\n(A) yes\n(B) no', 'So the answer is (A).', '\u0001',
  ];
  const SPACE = ['', ' ', '  ', '\t', '\r', ' \t'];
  const message = fc.record({
    role: fc.constantFrom(...ROLES),
    content: fc.oneof(fc.constantFrom(...CONTENTS), fc.string({ maxLength: 12 })),
    roleEscape: fc.constantFrom(0, 0, 1, 2),
    contentEscape: fc.constantFrom(0, 0, 1, 2),
    contentFirst: fc.boolean(),
    ws: fc.constantFrom(...SPACE),
  });
  const line = fc.record({
    messages: fc.array(message, { maxLength: 5 }),
    ws: fc.constantFrom(...SPACE),
    // Lines that are not quite the common shape (the tree path must take them, with the same result).
    odd: fc.constantFrom('', '', '', 'extra', 'key', 'dup', 'number', 'trailing', 'cut', 'comma'),
  });
  type Message = typeof message extends fc.Arbitrary<infer M> ? M : never;
  const render = (l: { messages: Message[]; ws: string; odd: string }): string => {
    const w = l.ws;
    const msgs = l.messages.map((m, i) => {
      const role = `"role"${m.ws}:${w}${token(m.role, m.roleEscape)}`;
      let content = `"content":${m.ws}${token(m.content, m.contentEscape)}`;
      if (l.odd === 'number' && i === 0) content = '"content": 7';
      if (l.odd === 'dup' && i === 0) content += `, "role": "user"`;
      if (l.odd === 'extra' && i === 0) content += `, "name": "x"`;
      return `{${m.ws}${m.contentFirst ? `${content},${w}${role}` : `${role},${w}${content}`}${w}}`;
    });
    const key = l.odd === 'key' ? '"Messages"' : '"messages"';
    let s = `${w}{${w}${key}${w}:${w}[${w}${msgs.join(`${w},${w}`)}${w}]${l.odd === 'comma' ? ',' : ''}${w}}${w}`;
    if (l.odd === 'trailing') s += ' x';
    if (l.odd === 'cut') s = s.slice(0, Math.max(1, s.length - 3));
    return s;
  };

  it('give the same document as the tree path (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.map(render).join(eol);
        expect(ser(text, true)).toBe(ser(text, false));
      }),
      { numRuns: 1500, seed: 5 },
    );
  });

  // A line that starts as the chat line before it (the same system prompt, up to the user's
  // content) has its first tokens copied from that line rather than scanned (chatLine's prefix).
  // Lines here share such beginnings often, and differ from them by one character, white space,
  // an escape, key order, an extra key, a role the direct path does not take, or a cut.
  const SYSTEMS = ['Classify the customer message into one intent.', 'Classify the customer message into one intent!', 'Caf\u00e9 \ud83d\ude00 {x}', 'Line one\nline two'];
  const sameStart = fc.record({
    system: fc.constantFrom(0, 1, 2, 3),
    systemEscape: fc.constantFrom(0, 0, 0, 1),
    systems: fc.constantFrom(1, 1, 1, 0, 2),
    ws: fc.constantFrom('', '', ' ', '\r'),
    rest: fc.array(
      fc.record({
        role: fc.constantFrom('user', 'user', 'user', 'assistant', 'narrator', 'system', 'User'),
        content: fc.constantFrom('Where is my refund?', 'billing', 'Hi {name}', 'x\ny', ''),
        roleEscape: fc.constantFrom(0, 0, 0, 0, 1),
        contentEscape: fc.constantFrom(0, 0, 0, 1),
        contentFirst: fc.constantFrom(false, false, false, true),
        ws: fc.constantFrom('', '', ' '),
      }),
      { minLength: 0, maxLength: 3 },
    ),
    odd: fc.constantFrom('', '', '', '', '', 'extra', 'cut', 'trailing', 'number'),
  });
  const renderSameStart = (l: typeof sameStart extends fc.Arbitrary<infer L> ? L : never): string => {
    const sys: Message = { role: 'system', content: SYSTEMS[l.system]!, roleEscape: 0, contentEscape: l.systemEscape, contentFirst: false, ws: '' };
    const messages = [...Array.from({ length: l.systems }, () => sys), ...l.rest];
    // (A line cut right after the shared beginning, or inside it, too.)
    return render({ messages, ws: l.ws, odd: l.odd });
  };

  it('give the same document as the tree path when lines start alike (property)', () => {
    fc.assert(
      fc.property(fc.array(sameStart, { minLength: 2, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\n\n'), (drawn, alike, eol) => {
        // Most lines start as the first does, up to their first message after the system prompts (its content their own).
        const first = drawn[0]!;
        const lines = drawn.map((l, i) => {
          if (!alike[i] || !first.rest[0] || !l.rest[0]) return l;
          return { ...l, system: first.system, systemEscape: first.systemEscape, systems: first.systems, ws: first.ws, rest: [{ ...first.rest[0], content: l.rest[0].content, contentEscape: l.rest[0].contentEscape }, ...l.rest.slice(1)] };
        });
        const text = lines.map(renderSameStart).join(eol);
        expect(ser(text, true)).toBe(ser(text, false));
      }),
      { numRuns: 1500, seed: 27 },
    );
  });

  it('copies the tokens a line shares with the line before, and scans again after a line it could not read', () => {
    const head = '{"messages":[{"role":"system","content":"Sort it."},{"role":"user","content":';
    const lines = [
      `${head}"Hi"},{"role":"assistant","content":"billing"}]}`,
      `${head}"Where is it?"},{"role":"assistant","content":"refund"}]}`,
      `${head}"Who?"},{"role":"narrator","content":"x"}]}`,
      `${head}"cut`,
      head,
      `${head}"Again"},{"role":"assistant","content":"billing"}]}`,
      `  ${head}"Last"},{"role":"assistant","content":"account"}]}`,
    ];
    const text = lines.join('\n');
    const tokens = newChatLineTokens();
    const plain = new PlainJsonLines(text);
    const same: number[] = [];
    let start = 0;
    for (const l of lines) {
      const s = start + l.length - l.trimStart().length;
      same.push(scanChatLine(text, s, start + l.length, plain.isPlain(s, start + l.length), tokens, plain) ? tokens.same : -1);
      start += l.length + 1;
    }
    // (The direct path leaves the narrator's line to the tree path; the scan alone still reads it.)
    expect(same).toEqual([0, 1, 1, -1, -1, 0, 1]);
    expect(ser(text, true)).toBe(ser(text, false));
    const doc = parseJsonlDocument('c.jsonl', text);
    expect(doc.messages.filter((m) => m.role === 'system').map((m) => at(text, m.span))).toEqual(Array(4).fill('{"role":"system","content":"Sort it."}')); // (the narrator's line is no message list)
  });

  it('reads the shared messages of a line after one the direct path left (their texts are not an older line\'s)', () => {
    const line = (system: string, user: string, role = 'assistant') => `{"messages":[{"role":"system","content":"${system}"},{"role":"user","content":"${user}"},{"role":"${role}","content":"billing"}]}`;
    // (The second line's last role is none the direct path takes: it does not leave its messages behind.)
    const text = [line('First system prompt.', 'a'), line('Second system prompt.', 'b', 'narrator'), line('Second system prompt.', 'c'), line('Second system prompt.', 'd')].join('\n');
    expect(ser(text, true)).toBe(ser(text, false));
    expect(parseJsonlDocument('c.jsonl', text).messages.map((m) => m.content.text)).toContain('Second system prompt.');
  });

  it('finds the messages, prose and exemplar of a chat line', () => {
    const text = '{"messages": [{"role": "system", "content": "Sort it."}, {"content": "Hi {name}", "role": "user"}, {"role": "assistant", "content": "billing"}]}\n';
    const doc = parseJsonlDocument('c.jsonl', text);
    expect(doc.messages.map((m) => [m.role, at(text, m.roleSpan), m.content.text, at(text, m.span)!.slice(0, 11)])).toEqual([
      ['system', 'system', 'Sort it.', '{"role": "s'],
      ['user', 'user', 'Hi {name}', '{"content":'],
      ['assistant', 'assistant', 'billing', '{"role": "a'],
    ]);
    expect(doc.prose.map((p) => p.text)).toEqual(['Sort it.', 'Hi {name}', 'billing']);
    expect(doc.variables.map((v) => v.name)).toEqual(['name']);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(at(text, ex.span)).toBe(text.trim());
    expect(ex.answer!.label).toBe('billing');
  });

  it('reads a line with escapes and tabs as exactly as one without', () => {
    const text = '{"messages":[{"role":"user","content":"Line\\none \\u00e9"},\t{"role":"assistant","content":"B"}]}\n{"messages": [{"role": "user", "content": "ok"}]}';
    const doc = parseJsonlDocument('c.jsonl', text);
    expect(doc.messages[0]!.content.text).toBe('Line\none \u00e9');
    expect(at(text, doc.messages[0]!.content.sourceSpan(5, 8))).toBe('one');
    expect(ser(text, true)).toBe(ser(text, false));
  });
});

describe('PlainJsonLines', () => {
  it('agrees with isPlainJson on every line (property)', () => {
    const pieces = ['a', ' ', '"', '\\', '\t', '\r', '\u0001', '\u001f', 'é', '\n', '\n', '\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const lines = new PlainJsonLines(text);
        let start = 0;
        for (;;) {
          let end = text.indexOf('\n', start);
          if (end === -1) end = text.length;
          expect(lines.isPlain(start, end)).toBe(isPlainJson(text, start, end));
          if (end === text.length) break;
          start = end + 1;
        }
      }),
      { numRuns: 2000, seed: 9 },
    );
  });
});

describe('JSONL: a line that holds an array of records', () => {
  // Model-written eval sets are sometimes exported as one JSON array on one line of a .jsonl file.
  const text = '[{"question": "Would you say this?\\n\\"Rivers should be kept clean\\"", "answer": "Yes"}, {"question": "Would you say this?\\n\\"Litter is fine\\"", "answer": "No"}]\n';
  const doc = parseJsonlDocument('persona.jsonl', text);

  it('reads each object as a record, with its own range, and reports no problem', () => {
    expect(doc.problems).toEqual([]);
    const ex = doc.exemplarSets.flatMap((s) => s.exemplars);
    const tests = doc.testInputs;
    expect(ex.length + tests.length).toBe(2);
    const spans = [...ex.map((e) => at(text, e.span)), ...tests.map((t) => at(text, t.span))];
    expect(spans.join('\n')).toContain('Rivers should be kept clean');
    expect(spans.join('\n')).toContain('Litter is fine');
  });

  it('still warns about an array line that is not all objects', () => {
    const bad = '[{"question": "q", "answer": "a"}, 3]\n';
    const d = parseJsonlDocument('m.jsonl', bad);
    expect(d.problems.map((p) => [p.severity, p.message, at(bad, p.span)])).toEqual([['warning', 'Line 1: expected a JSON object, found an array', bad.trimEnd()]]);
  });
});
