/**
 * Hugging Face multiple-choice exports through the whole engine: answer-position-skew
 * reads their gold letters, and the fixes that reorder options are offered only when
 * they can keep every answer on its option text.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, lint } from '../../server/src/engine/lint';

const skewOf = (uri: string, text: string) => lint({ uri, text }).diagnostics.filter((d) => d.ruleId === 'answer-position-skew');

/** The repro of the missed bias (/work/notes/s16/hunt3/repro/answer-position-skew-miss-1.jsonl): ARC as `load_dataset("ai2_arc")` exports it. */
const arcAllA = [
  '{"id":"q1","question":"Which of these is a renewable source of energy?","choices":{"label":["A","B","C","D"],"text":["Coal","Natural gas","Wind","Oil"]},"answerKey":"A"}',
  `{"id":"q2","question":"What causes the seasons on Earth?","choices":{"label":["A","B","C","D"],"text":["The tilt of Earth's axis","The distance from the Sun","The Moon's orbit","Ocean currents"]},"answerKey":"A"}`,
  '{"id":"q3","question":"Which organ in the human body produces insulin?","choices":{"label":["A","B","C","D"],"text":["Liver","Pancreas","Kidney","Stomach"]},"answerKey":"A"}',
  '{"id":"q4","question":"A student wants to measure the mass of a rock. Which tool should she use?","choices":{"label":["A","B","C","D"],"text":["Thermometer","Ruler","Graduated cylinder","Balance"]},"answerKey":"A"}',
].join('\n') + '\n';

/** The option text each record's gold answer names, read from the JSON. */
const goldTexts = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => {
      const r = JSON.parse(line) as { choices: { text: string[]; label: string[] }; answerKey: string };
      return r.choices.text[r.choices.label.indexOf(r.answerKey)];
    });

describe('Hugging Face multiple-choice exports: answer-position-skew', () => {
  it('reports ARC records {choices: {text, label}, answerKey} all answered A, at the first answerKey', () => {
    const [d, ...rest] = skewOf('arc.jsonl', arcAllA);
    expect(rest).toEqual([]);
    expect(d!.message).toBe('All 4 lettered demos have the gold answer (A); models learn to answer (A) whatever the question.');
    expect(d!.range).toEqual({ start: { line: 0, character: 166 }, end: { line: 0, character: 167 } });
    expect(arcAllA.slice(d!.span.start - 13, d!.span.end + 1)).toBe('"answerKey":"A"');
  });

  it('its fix moves option texts inside the text arrays and rewrites each answerKey: every answer keeps its text, and the file re-lints clean', () => {
    const [d] = skewOf('arc.jsonl', arcAllA);
    expect(d!.fixes).toHaveLength(1);
    const fixed = applyEdits(arcAllA, d!.fixes[0]!.edits).text;
    expect(fixed).not.toBe(arcAllA);
    expect(goldTexts(fixed)).toEqual(goldTexts(arcAllA));
    const keys = fixed.trim().split('\n').map((l) => (JSON.parse(l) as { answerKey: string }).answerKey);
    expect(new Set(keys).size).toBe(4);
    // The labels stay where they are.
    for (const line of fixed.trim().split('\n')) expect((JSON.parse(line) as { choices: { label: string[] } }).choices.label).toEqual(['A', 'B', 'C', 'D']);
    expect(skewOf('arc.jsonl', fixed)).toEqual([]);
  });

  it('reports OpenBookQA records (question_stem) all answered D', () => {
    const text = [1, 2, 3, 4]
      .map((i) => JSON.stringify({ id: `7-${i}`, question_stem: `Stem ${i}`, choices: { text: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], label: ['A', 'B', 'C', 'D'] }, answerKey: 'D' }))
      .join('\n');
    const [d] = skewOf('obqa.jsonl', text);
    expect(d!.message).toMatch(/^All 4 lettered demos have the gold answer \(D\)/);
    expect(d!.fixes).toHaveLength(1);
    expect(goldTexts(applyEdits(text, d!.fixes[0]!.edits).text)).toEqual(goldTexts(text));
  });

  it('reports ARC records labelled "1".."4" all answered "2", and offers no fix (the answerKey names a position)', () => {
    const text = [1, 2, 3, 4]
      .map((i) => JSON.stringify({ question: `Q${i}?`, choices: { text: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], label: ['1', '2', '3', '4'] }, answerKey: '2' }))
      .join('\n');
    const [d] = skewOf('arc.jsonl', text);
    expect(d!.message).toMatch(/^All 4 lettered demos have the gold answer \(B\)/);
    expect(text.slice(d!.span.start - 13, d!.span.end + 1)).toBe('"answerKey":"2"');
    expect(d!.fixes).toEqual([]);
  });

  it('reports MMLU records (answer: an index) all answered 0, and offers no fix (it would leave every index on another option)', () => {
    const text = [1, 2, 3, 4, 5, 6]
      .map((i) => JSON.stringify({ question: `Q${i}?`, subject: 'astronomy', choices: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], answer: 0 }))
      .join('\n');
    const [d] = skewOf('mmlu.jsonl', text);
    expect(d!.message).toMatch(/^All 6 lettered demos have the gold answer \(A\)/);
    expect(d!.fixes).toEqual([]);
  });

  it('gives nothing for a choices object that is not exactly {text, label} with the answerKey among its labels', () => {
    for (const choices of [{ text: ['w', 'x', 'y', 'z'] }, { text: ['w', 'x', 'y', 'z'], label: ['P', 'Q', 'R', 'S'] }]) {
      const text = [1, 2, 3, 4, 5].map((i) => JSON.stringify({ question: `Q${i}?`, choices, answerKey: 'A' })).join('\n');
      expect(skewOf('x.jsonl', text)).toEqual([]);
    }
  });
});

describe('Hugging Face multiple-choice exports: recency-run', () => {
  it('offers no fix for a run of equal index answers in a demo list (moving the options would leave the index)', () => {
    const examples = [1, 0, 2, 2, 2].map((answer, i) => ({ question: `Q${i}?`, choices: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], answer }));
    const text = JSON.stringify({ examples }, null, 2);
    const runs = lint({ uri: 'x.prompt.json', text }).diagnostics.filter((d) => d.ruleId === 'recency-run');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.fixes).toEqual([]);
    // The same demos with letters as answers: the fix is offered.
    const lettered = JSON.stringify({ examples: examples.map((e) => ({ ...e, answer: 'ABCD'[e.answer] })) }, null, 2);
    const [withLetters] = lint({ uri: 'x.prompt.json', text: lettered }).diagnostics.filter((d) => d.ruleId === 'recency-run');
    expect(withLetters!.fixes).toHaveLength(1);
  });
});
