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

  it('reports ARC records labelled "1".."4" all answered "2"; its fix moves the texts and rewrites each answerKey to its text\'s new label', () => {
    const text = [1, 2, 3, 4]
      .map((i) => JSON.stringify({ question: `Q${i}?`, choices: { text: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], label: ['1', '2', '3', '4'] }, answerKey: '2' }))
      .join('\n');
    const [d] = skewOf('arc.jsonl', text);
    expect(d!.message).toMatch(/^All 4 lettered demos have the gold answer \(B\)/);
    expect(text.slice(d!.span.start - 13, d!.span.end + 1)).toBe('"answerKey":"2"');
    expect(d!.fixes).toHaveLength(1);
    const fixed = applyEdits(text, d!.fixes[0]!.edits).text;
    // Still one JSON record a line, labels where they were, every answerKey on its gold text.
    const records = fixed.split('\n').map((l) => JSON.parse(l) as { choices: { text: string[]; label: string[] }; answerKey: string });
    expect(records).toHaveLength(4);
    for (const r of records) expect(r.choices.label).toEqual(['1', '2', '3', '4']);
    expect(goldTexts(fixed)).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(new Set(records.map((r) => r.answerKey)).size).toBe(4);
    expect(skewOf('arc.jsonl', fixed)).toEqual([]);
  });

  it('reports MMLU records (answer: an index) all answered 0; its fix moves the texts and rewrites each index: choices[answer] is still the gold text', () => {
    const text = [1, 2, 3, 4, 5, 6]
      .map((i) => JSON.stringify({ question: `Q${i}?`, subject: 'astronomy', choices: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], answer: 0 }))
      .join('\n') + '\n';
    const [d] = skewOf('mmlu.jsonl', text);
    expect(d!.message).toMatch(/^All 6 lettered demos have the gold answer \(A\)/);
    expect(d!.fixes).toHaveLength(1);
    const fixed = applyEdits(text, d!.fixes[0]!.edits).text;
    expect(fixed.endsWith('\n')).toBe(true);
    const records = fixed.trim().split('\n').map((l) => JSON.parse(l) as { choices: string[]; answer: number; subject: string });
    expect(records).toHaveLength(6);
    expect(records.map((r) => r.choices[r.answer])).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    for (const r of records) {
      expect(Number.isInteger(r.answer)).toBe(true);
      expect(r.subject).toBe('astronomy');
    }
    // Balanced: no index more than twice.
    const counts = [0, 1, 2, 3].map((a) => records.filter((r) => r.answer === a).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(skewOf('mmlu.jsonl', fixed)).toEqual([]);
  });

  it('offers no fix when a record it would change writes its index or digit label so that it cannot be rewritten exactly', () => {
    const mmlu = (answers: string[]) => answers.map((a, i) => `{"question":"Q${i}?","choices":["a${i}","b${i}","c${i}","d${i}"],"answer":${a}}`).join('\n');
    // "0.0" names option 0 (a whole number) but is no plain index: rewriting it is not exact.
    const allFloat = mmlu(Array(6).fill('0.0'));
    const [d] = skewOf('mmlu.jsonl', allFloat);
    expect(d!.message).toMatch(/^All 6 lettered demos have the gold answer \(A\)/);
    expect(d!.fixes).toEqual([]);
    // One such record among plain indexes: the fix keeps the first demos at (A) and changes the last ones.
    const lastFloat = mmlu([...Array(5).fill('0'), '0.0']);
    expect(skewOf('mmlu.jsonl', lastFloat)[0]!.fixes).toEqual([]);
    // ... and is offered when that record is one it keeps as it is; the others are rewritten, the file re-lints clean.
    const firstFloat = mmlu(['0.0', ...Array(5).fill('0')]);
    const [withFix] = skewOf('mmlu.jsonl', firstFloat);
    expect(withFix!.fixes).toHaveLength(1);
    const fixed = applyEdits(firstFloat, withFix!.fixes[0]!.edits).text;
    expect(fixed.split('\n')[0]).toBe('{"question":"Q0?","choices":["a0","b0","c0","d0"],"answer":0.0}');
    const records = fixed.split('\n').map((l) => JSON.parse(l) as { choices: string[]; answer: number });
    expect(records.map((r) => r.choices[r.answer])).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
    expect(skewOf('mmlu.jsonl', fixed)).toEqual([]);
    // An ARC digit answerKey written with an escape ("\u0032" is "2"): its source is no digit to rewrite.
    const arc = [1, 2, 3, 4].map((i) => `{"question":"Q${i}?","choices":{"text":["a${i}","b${i}","c${i}","d${i}"],"label":["1","2","3","4"]},"answerKey":"\\u0032"}`).join('\n');
    const [escaped] = skewOf('arc.jsonl', arc);
    expect(escaped!.message).toMatch(/^All 4 lettered demos have the gold answer \(B\)/);
    expect(escaped!.fixes).toEqual([]);
  });

  it('gives nothing for a choices object that is not exactly {text, label} with the answerKey among its labels', () => {
    for (const choices of [{ text: ['w', 'x', 'y', 'z'] }, { text: ['w', 'x', 'y', 'z'], label: ['P', 'Q', 'R', 'S'] }]) {
      const text = [1, 2, 3, 4, 5].map((i) => JSON.stringify({ question: `Q${i}?`, choices, answerKey: 'A' })).join('\n');
      expect(skewOf('x.jsonl', text)).toEqual([]);
    }
  });
});

describe('Hugging Face multiple-choice exports: recency-run', () => {
  const runsOf = (text: string, ruleId = 'recency-run') => lint({ uri: 'x.prompt.json', text }).diagnostics.filter((d) => d.ruleId === ruleId);

  it('its fix for a run of equal index answers in a demo list moves the last demo\'s options and rewrites its index', () => {
    const examples = [1, 0, 2, 2, 2].map((answer, i) => ({ question: `Q${i}?`, choices: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], answer }));
    const text = JSON.stringify({ examples }, null, 2);
    const runs = runsOf(text);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.fixes).toHaveLength(1);
    const fixed = applyEdits(text, runs[0]!.fixes[0]!.edits).text;
    const after = (JSON.parse(fixed) as { examples: { choices: string[]; answer: number }[] }).examples;
    expect(after.map((e) => e.choices[e.answer])).toEqual(['b0', 'a1', 'c2', 'c3', 'c4']);
    // D is unused: the last demo's gold text moves there, and its index follows.
    expect(after[4]).toEqual({ question: 'Q4?', choices: ['a4', 'b4', 'd4', 'c4'], answer: 3 });
    expect(runsOf(fixed)).toEqual([]);
    expect(runsOf(fixed, 'answer-position-skew')).toEqual([]);
  });

  it('offers no fix when the last demo\'s index cannot be rewritten exactly (2.0)', () => {
    const examples = [1, 0, 2, 2, 2].map((answer, i) => `{"question": "Q${i}?", "choices": ["a${i}", "b${i}", "c${i}", "d${i}"], "answer": ${i === 4 ? '2.0' : answer}}`);
    const text = `{"examples": [\n${examples.join(',\n')}\n]}`;
    const runs = runsOf(text);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.fixes).toEqual([]);
  });
});
