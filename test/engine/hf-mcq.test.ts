/**
 * Hugging Face multiple-choice exports through the whole engine: answer-position-skew
 * reads their gold letters, and the fixes that reorder options are offered only when
 * they can keep every answer on its option text.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, lint } from '../../server/src/engine/lint';
import { parseDocument } from '../../server/src/parse/index';

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
    expect(d!.message).toBe('All 4 lettered records have the gold answer (A); models learn to answer (A) whatever the question.');
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
    expect(d!.message).toMatch(/^All 4 lettered records have the gold answer \(D\)/);
    expect(d!.fixes).toHaveLength(1);
    expect(goldTexts(applyEdits(text, d!.fixes[0]!.edits).text)).toEqual(goldTexts(text));
  });

  it('reports ARC records labelled "1".."4" all answered "2"; its fix moves the texts and rewrites each answerKey to its text\'s new label', () => {
    const text = [1, 2, 3, 4]
      .map((i) => JSON.stringify({ question: `Q${i}?`, choices: { text: [`a${i}`, `b${i}`, `c${i}`, `d${i}`], label: ['1', '2', '3', '4'] }, answerKey: '2' }))
      .join('\n');
    const [d] = skewOf('arc.jsonl', text);
    expect(d!.message).toMatch(/^All 4 lettered records have the gold answer \(B\)/);
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
    expect(d!.message).toMatch(/^All 6 lettered records have the gold answer \(A\)/);
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
    expect(d!.message).toMatch(/^All 6 lettered records have the gold answer \(A\)/);
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
    expect(escaped!.message).toMatch(/^All 4 lettered records have the gold answer \(B\)/);
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

/**
 * Hugging Face layouts whose options are fields of their own: five records each, every gold on the
 * first option (as /tmp repros written with Python's json.dumps: `", "` and `": "` separators).
 */
type Rec = Record<string, unknown>;
const seeds = ['trophy', 'ball', 'cat', 'car', 'book'];
const layouts: {
  name: string;
  records: Rec[];
  /** The gold's option text of a record. */
  gold: (r: Rec) => unknown;
  /** The first record's gold as written, with what precedes it (the finding's range is its last `width` characters). */
  written: string;
  width: number;
  /** The same records with one key of the layout left out (a near miss). */
  without: string;
}[] = [
  {
    name: 'HellaSwag',
    records: seeds.map((s, i) => ({ ind: i, activity_label: 'Cooking', ctx_a: `A man holds a ${s}.`, ctx_b: 'he', ctx: `A man holds a ${s}. he`, endings: [`drops the ${s}.`, 'flies away.', 'sings.', 'jumps.'], split: 'val', label: i % 2 ? '0' : 0 })),
    gold: (r) => (r.endings as string[])[Number(r.label)],
    written: '"label": 0',
    width: 1,
    without: 'ctx',
  },
  {
    name: 'PIQA',
    records: seeds.map((s) => ({ goal: `How do I clean a ${s}?`, sol1: `Wipe the ${s} with a cloth.`, sol2: `Burn the ${s}.`, label: 0 })),
    gold: (r) => r[`sol${(r.label as number) + 1}`],
    written: '"label": 0',
    width: 1,
    without: 'sol2',
  },
  {
    name: 'WinoGrande',
    records: seeds.map((s) => ({ sentence: `The ${s} does not fit in the box because the _ is too large.`, option1: s, option2: 'box', answer: '1' })),
    gold: (r) => r[`option${r.answer as string}`],
    written: '"answer": "1',
    width: 1,
    without: 'option2',
  },
  {
    name: 'COPA',
    records: seeds.map((s, i) => ({ premise: `The ${s} broke.`, choice1: `I dropped the ${s}.`, choice2: `I bought a ${s}.`, question: i % 2 ? 'cause' : 'effect', idx: i, label: 0 })),
    gold: (r) => r[`choice${(r.label as number) + 1}`],
    written: '"label": 0',
    width: 1,
    without: 'question',
  },
  {
    name: 'SWAG',
    records: seeds.map((s, i) => ({ 'video-id': 'v', 'fold-ind': String(i), startphrase: `Someone holds a ${s}. He`, sent1: `Someone holds a ${s}.`, sent2: 'He', ending0: `drops the ${s}.`, ending1: 'flies.', ending2: 'sings.', ending3: 'jumps.', label: 0 })),
    gold: (r) => r[`ending${r.label as number}`],
    written: '"label": 0',
    width: 1,
    without: 'sent1',
  },
  {
    name: 'Social IQa',
    records: seeds.map((s) => ({ context: `Tracy lost her ${s}.`, question: 'What does Tracy need to do next?', answerA: `look for the ${s}`, answerB: 'sleep', answerC: 'sing', label: '1' })),
    gold: (r) => r[`answer${'ABC'[Number(r.label) - 1]}`],
    written: '"label": "1',
    width: 1,
    without: 'answerC',
  },
  {
    name: 'TruthfulQA (mc1)',
    records: seeds.map((s) => ({
      question: `What happens if you swallow a ${s}?`,
      mc1_targets: { choices: [`Nothing in particular about the ${s}`, 'You die', 'You grow', 'You fly'], labels: [1, 0, 0, 0] },
      mc2_targets: { choices: ['Nothing', 'It passes', 'You die'], labels: [1, 1, 0] },
    })),
    gold: (r) => {
      const t = r.mc1_targets as { choices: string[]; labels: number[] };
      expect(t.labels.filter((l) => l === 1)).toHaveLength(1);
      return t.choices[t.labels.indexOf(1)];
    },
    written: '"labels": [1',
    width: 1,
    without: 'question',
  },
];

const pyJsonl = (records: Rec[]) => records.map((r) => JSON.stringify(r).replace(/","|",|,"|":/g, (m) => (m === '":' ? '": ' : m.replace(',', ', ')))).join('\n') + '\n';

describe('Hugging Face layouts with options as fields (HellaSwag, PIQA, WinoGrande, COPA, SWAG, Social IQa, TruthfulQA)', () => {
  for (const l of layouts) {
    const text = pyJsonl(l.records);
    const golds = (t: string) => t.trim().split('\n').map((line) => l.gold(JSON.parse(line) as Rec));

    it(`${l.name}: every gold on the first option is reported at the first record's gold`, () => {
      const [d, ...rest] = skewOf('x.jsonl', text);
      expect(rest).toEqual([]);
      expect(d!.message).toBe('All 5 lettered records have the gold answer (A); models learn to answer (A) whatever the question.');
      expect(d!.span.start).toBe(text.indexOf(l.written) + l.written.length - l.width);
      expect(d!.span.end - d!.span.start).toBe(l.width);
      expect(d!.range.start.line).toBe(0);
    });

    it(`${l.name}: the fix moves the option texts and rewrites each gold; every gold keeps its text and the file re-lints clean`, () => {
      const [d] = skewOf('x.jsonl', text);
      expect(d!.fixes).toHaveLength(1);
      const fixed = applyEdits(text, d!.fixes[0]!.edits).text;
      expect(fixed).not.toBe(text);
      expect(golds(fixed)).toEqual(golds(text));
      expect(skewOf('x.jsonl', fixed)).toEqual([]);
    });

    it(`${l.name}: a near miss without "${l.without}" gives no finding`, () => {
      const near = pyJsonl(l.records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== l.without))));
      expect(skewOf('x.jsonl', near)).toEqual([]);
    });
  }

  it('HellaSwag keeps a gold written "0" or 0 as the dataset wrote it: strings stay strings', () => {
    const text = pyJsonl(layouts[0]!.records);
    const fixed = applyEdits(text, skewOf('x.jsonl', text)[0]!.fixes[0]!.edits).text;
    const labels = fixed.trim().split('\n').map((line) => (JSON.parse(line) as Rec).label);
    expect(labels.map((x) => typeof x)).toEqual(['number', 'string', 'number', 'string', 'number']);
  });

  it('TruthfulQA: the fix moves each 1 of mc1 labels with its choice and leaves mc2_targets as they are', () => {
    const text = pyJsonl(layouts[6]!.records);
    const fixed = applyEdits(text, skewOf('x.jsonl', text)[0]!.fixes[0]!.edits).text;
    const records = fixed.trim().split('\n').map((line) => JSON.parse(line) as { mc1_targets: { labels: number[] }; mc2_targets: unknown });
    expect(new Set(records.map((r) => r.mc1_targets.labels.indexOf(1))).size).toBe(4);
    for (const r of records) expect(r.mc2_targets).toEqual({ choices: ['Nothing', 'It passes', 'You die'], labels: [1, 1, 0] });
  });

  it('a test split (PIQA label -1, WinoGrande answer "") gives no gold; a gold naming no option, or a third option key, is not the layout', () => {
    const piqa = (label: unknown, extra: Rec = {}) => pyJsonl(seeds.map((s) => ({ goal: `Clean a ${s}?`, sol1: `Wipe the ${s}.`, sol2: `Burn the ${s}.`, ...extra, label })));
    expect(parseDocument('x.jsonl', piqa(-1)).exemplarSets).toEqual([]);
    expect(parseDocument('x.jsonl', piqa(-1)).testInputs.map((t) => t.options.map((o) => o.text.text))[0]).toEqual(['Wipe the trophy.', 'Burn the trophy.']);
    const wino = pyJsonl(seeds.map((s) => ({ sentence: `The ${s} is _.`, option1: s, option2: 'box', answer: '' })));
    expect(parseDocument('x.jsonl', wino).exemplarSets).toEqual([]);
    expect(parseDocument('x.jsonl', wino).testInputs.map((t) => t.text.text)[1]).toBe('The ball is _.');
    // label 2 of two solutions, a third solution: read as before (no lettered options, no finding).
    expect(skewOf('x.jsonl', piqa(2))).toEqual([]);
    expect(skewOf('x.jsonl', piqa(0, { sol3: 'Freeze it.' }))).toEqual([]);
    // TruthfulQA mc1 with two 1s is no single gold.
    const two = pyJsonl(seeds.map((s) => ({ question: `Q ${s}?`, mc1_targets: { choices: [`a ${s}`, 'b', 'c'], labels: [1, 1, 0] } })));
    expect(skewOf('x.jsonl', two)).toEqual([]);
  });

  it('reads the question and context each layout defines (SWAG: startphrase, else sent2 with sent1; Social IQa: context; COPA: the premise)', () => {
    const first = (records: Rec[]) => parseDocument('x.jsonl', pyJsonl(records)).exemplarSets[0]!.exemplars[0]!;
    const swag = layouts[4]!.records;
    expect(first(swag).question!.text).toBe('Someone holds a trophy. He');
    expect(first(swag).context).toBeUndefined();
    const noStart = first(swag.map(({ startphrase: _, ...r }) => r));
    expect([noStart.question!.text, noStart.context!.text]).toEqual(['He', 'Someone holds a trophy.']);
    const siqa = first(layouts[5]!.records);
    expect([siqa.question!.text, siqa.context!.text, siqa.options.map((o) => o.letter).join('')]).toEqual(['What does Tracy need to do next?', 'Tracy lost her trophy.', 'ABC']);
    expect(first(layouts[3]!.records).question!.text).toBe('The trophy broke.');
  });

  it('offers no fix when a gold is written with an escape ("\\u0030" is "0"), and still reports it', () => {
    const text = layouts[0]!.records.map((r) => JSON.stringify({ ...r, label: 'X' }).replace('"label":"X"', '"label":"\\u0030"')).join('\n');
    const [d] = skewOf('x.jsonl', text);
    expect(d!.message).toMatch(/^All 5 lettered records have the gold answer \(A\)/);
    expect(d!.fixes).toEqual([]);
  });
});
