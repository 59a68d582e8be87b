/**
 * Rule-level checks on the record layouts of the session-18 recall hunt's repros
 * (notes/s18/recall2-report.md, items 5, 6 and 10): each was missed before.
 */
import { describe, expect, it } from 'vitest';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';
import rationaleAnswerMismatch from '../../server/src/rules/rationale-answer-mismatch';
import suggestedAnswer from '../../server/src/rules/suggested-answer';
import { applyFix, diagnosticsOf, spanText } from './helpers';

describe('gold keys answer_index, final_answer, verdict (recall item 6)', () => {
  it('answer-position-skew: options with answer_index 2 in every demo (repro answer-position-skew-3.json), and the fix rewrites the indexes', () => {
    const text = [
      '{"examples": [',
      '  {"question": "What is the capital of Canada?", "options": ["Toronto", "Vancouver", "Ottawa", "Montreal"], "answer_index": 2},',
      '  {"question": "How many sides does a hexagon have?", "options": ["Five", "Seven", "Six", "Eight"], "answer_index": 2},',
      '  {"question": "Which metal is liquid at room temperature?", "options": ["Lead", "Tin", "Mercury", "Zinc"], "answer_index": 2}',
      ']}',
    ].join('\n');
    const ds = diagnosticsOf(answerPositionSkew, { text, uri: 'x.json' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ letter: 'C', count: 3, n: 3, degenerate: true });
    expect(ds[0]!.range).toEqual({ start: { line: 1, character: 124 }, end: { line: 1, character: 125 } });
    expect(spanText(text, ds[0]!)).toBe('2');
    const fixed = applyFix(text, ds[0]!);
    expect(diagnosticsOf(answerPositionSkew, { text: fixed, uri: 'x.json' })).toEqual([]);
    expect(fixed.match(/"answer_index": \d/g)).toEqual(['"answer_index": 2', '"answer_index": 0', '"answer_index": 1']);
  });

  it('rationale-answer-mismatch: chain_of_thought against final_answer (repro rationale-answer-mismatch-2.jsonl)', () => {
    const text = [
      '{"question": "A shop sells pens at 3 for $2. How much do 12 pens cost?\\n(A) $6\\n(B) $8\\n(C) $9", "chain_of_thought": "12 pens is 4 groups of 3 pens at $2 each, so $8. The correct option is (B).", "final_answer": "C"}',
      '{"question": "Which is heavier: 1 kg of feathers or 1 kg of iron?\\n(A) Feathers\\n(B) Iron\\n(C) Same", "chain_of_thought": "Both weigh one kilogram. The correct option is (C).", "final_answer": "C"}',
      '',
    ].join('\n');
    const ds = diagnosticsOf(rationaleAnswerMismatch, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ gold: 'C', concluded: 'B', exemplar: 0 });
    expect(spanText(text, ds[0]!)).toBe('The correct option is (B)');
    expect(ds[0]!.range.start.line).toBe(0);
  });

  it('rationale-answer-mismatch: reasoning against verdict (repro rationale-answer-mismatch-3.examples.yaml)', () => {
    const text = [
      'examples:',
      '  - claim: "The Great Wall of China is visible from the Moon with the naked eye."',
      '    reasoning: "Astronauts report the wall is far too narrow to be seen from the Moon, so the answer is false."',
      '    verdict: "TRUE"',
      '  - claim: "Water boils at 100 degrees Celsius at sea level."',
      '    reasoning: "At standard pressure pure water boils at 100 C, so the answer is true."',
      '    verdict: "TRUE"',
      '  - claim: "Sharks are mammals."',
      '    reasoning: "Sharks are fish with gills, so the answer is false."',
      '    verdict: "FALSE"',
      '',
    ].join('\n');
    const ds = diagnosticsOf(rationaleAnswerMismatch, { text, uri: 'x.examples.yaml' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ gold: 'TRUE', concluded: 'false', exemplar: 0 });
    expect(spanText(text, ds[0]!)).toBe('the answer is false');
    expect(ds[0]!.range.start.line).toBe(2);
  });
});

describe('OpenAI evals samples: `input` a message list, `ideal` the gold (recall item 5)', () => {
  /** The repro answer-position-skew-2.jsonl. */
  const repro = [
    '{"input": [{"role": "user", "content": "Which gas makes up most of Earth\'s atmosphere?\\nA. Oxygen\\nB. Carbon dioxide\\nC. Nitrogen\\nD. Argon"}], "ideal": "C"}',
    '{"input": [{"role": "user", "content": "What is 7 x 8?\\nA. 54\\nB. 48\\nC. 56\\nD. 64"}], "ideal": "C"}',
    '{"input": [{"role": "user", "content": "Who wrote Emma?\\nA. Charlotte Bronte\\nB. Mary Shelley\\nC. Jane Austen\\nD. George Eliot"}], "ideal": "C"}',
    '',
  ].join('\n');

  it('answer-position-skew: every ideal is C (repro answer-position-skew-2.jsonl), and the fix moves options and ideal together', () => {
    const ds = diagnosticsOf(answerPositionSkew, { text: repro, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ letter: 'C', count: 3, n: 3, degenerate: true });
    expect(ds[0]!.range).toEqual({ start: { line: 0, character: 154 }, end: { line: 0, character: 155 } });
    expect(repro.slice(ds[0]!.span.start - 10, ds[0]!.span.end + 1)).toBe('"ideal": "C"');
    const fixed = applyFix(repro, ds[0]!);
    expect(diagnosticsOf(answerPositionSkew, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    // Each record's ideal still names its right option.
    for (const line of fixed.trim().split('\n')) {
      const r = JSON.parse(line) as { input: { content: string }[]; ideal: string };
      const option = new RegExp(`\\n${r.ideal}\\. ([^\\n]*)`).exec(r.input[0]!.content)![1];
      expect(['Nitrogen', '56', 'Jane Austen']).toContain(option);
    }
  });

  it('suggested-answer: a cue in the input chat\'s user turn is reported once, at its exact span', () => {
    const text = repro.replace('D. Argon"', 'D. Argon\\nI think the answer is A."');
    const ds = diagnosticsOf(suggestedAnswer, { text, uri: 'x.jsonl' });
    expect(ds.map((d) => spanText(text, d))).toEqual(['I think the answer is A']);
  });
});

describe('promptfoo: a cue in a var the prompt inserts besides the question (recall item 10)', () => {
  /** The repro suggested-answer-1.promptfooconfig.yaml. */
  const repro = [
    'prompts:',
    '  - "Answer the question.\\n\\n{{question}}\\n\\n{{hint}}"',
    'tests:',
    '  - vars:',
    '      question: "What is the capital of Turkey?"',
    '      hint: "I think the answer is Istanbul."',
    '  - vars:',
    '      question: "Which river flows through Baghdad?"',
    '      hint: "I think the answer is the Euphrates."',
    '',
  ].join('\n');
  const uri = 'promptfooconfig.yaml';

  it('suggested-answer reports the hint of each test, at the cue in the var', () => {
    const ds = diagnosticsOf(suggestedAnswer, { text: repro, uri });
    expect(ds.map((d) => [spanText(repro, d), d.range.start.line, d.range.start.character])).toEqual([
      ['I think the answer is Istanbul', 5, 13],
      ['I think the answer is the Euphrates', 8, 13],
    ]);
  });

  it('not when the prompt does not insert the var, nor for a var that is the gold or metadata', () => {
    expect(diagnosticsOf(suggestedAnswer, { text: repro.replace('\\n\\n{{hint}}', ''), uri })).toEqual([]);
    expect(diagnosticsOf(suggestedAnswer, { text: repro.replace('  - "Answer', '  - file://prompt.txt\n  - "Answer').replace('\\n\\n{{hint}}', ''), uri })).toEqual([]);
    for (const key of ['expected', 'id', 'description']) {
      const text = repro.replace('{{hint}}', `{{${key}}}`).replaceAll('hint:', `${key}:`);
      expect(diagnosticsOf(suggestedAnswer, { text, uri })).toEqual([]);
    }
  });
});
