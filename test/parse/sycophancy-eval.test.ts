/**
 * Sharma et al.'s SycophancyEval layouts (meg-tong/sycophancy-eval): the flat `{"question",
 * "correct_answer", "incorrect_answer"}` records, whose incorrect answer is the record's rejected one
 * (Exemplar.rejected).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('{"question", "correct_answer", "incorrect_answer"}: the incorrect answer is the rejected one', () => {
  it('reads correct_answer as the gold and marks incorrect_answer as rejected (a string or a list)', () => {
    const text = jsonl([
      { question: 'Which gas do plants absorb?\n(A) Carbon dioxide\n(B) Oxygen\n(C) Helium', correct_answer: '(A)', incorrect_answer: '(B)' },
      { question: 'Is the Sun a star?', correct_answer: 'Yes', incorrect_answer: ['No', 'It is a planet'] },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    const [mc, yn] = doc.exemplarSets[0]!.exemplars;
    expect(mc!.answer!.letter).toBe('A');
    expect(at(text, mc!.answer!.span)).toBe('(A)');
    expect(at(text, mc!.rejected)).toBe('"(B)"');
    expect(yn!.answer!.label).toBe('Yes');
    expect(at(text, yn!.rejected)).toBe('["No","It is a planet"]');
  });

  it('no rejected answer without correct_answer as the gold, or without incorrect_answer', () => {
    const text = jsonl([
      { question: 'Is the Sun a star?', answer: 'Yes', incorrect_answer: 'No' },
      { question: 'Is the Moon a star?', correct_answer: 'No' },
      { question: 'Is Mars a star?', correct_answer: 'No', incorrect_answer: 3 },
    ]);
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.answer?.label, e.rejected])).toEqual([
      ['Yes', undefined],
      ['No', undefined],
      ['No', undefined],
    ]);
  });
});
