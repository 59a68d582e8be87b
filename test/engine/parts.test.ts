/**
 * Linting in parts (docs/design/part-wise-lint.md): where documents are cut, and the
 * differential check that a document linted in parts gives exactly what it gives whole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allRules, DEFAULT_PART_SIZE, lint, type LintResult } from '../../server/src/engine/lint.js';
import { documentParts } from '../../server/src/engine/parts.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { defineRule, type Rule } from '../../server/src/rules/types.js';
import type { PromptDocument } from '../../server/src/model/types.js';

const root = path.resolve(__dirname, '../..');

/** The rules that work part-wise (the engine cuts a document only when every rule that runs does). */
const partWise = allRules.filter((r) => r.start);

/** Everything a reader of the findings sees, fixes included (read, so built). */
function findings(result: LintResult) {
  return result.diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, range: d.range, span: d.span, data: d.data, fixes: d.fixes }));
}

function lintWith(uri: string, text: string, partSize?: number, rules: readonly Rule<any>[] = partWise) {
  return lint({ uri, text }, defaultConfig(), { rules, ...(partSize === undefined ? {} : { partSize }) });
}

/** A rule that counts the parts it is given and reports nothing. */
function partCounter(): { rule: Rule; parts: PromptDocument[]; finished: number } {
  const seen = { parts: [] as PromptDocument[], finished: 0 };
  const rule = defineRule({
    meta: { id: 'part-counter', description: '', rationale: '', sources: [], defaultSeverity: 'info', options: { parse: () => ({}), safeParse: () => ({ success: true, data: {} }) } as never, defaultOptions: {}, messages: {}, fixable: false, category: 'structure' },
    start: () => ({ part: (doc) => void seen.parts.push(doc), finish: () => void seen.finished++ }),
  });
  return { rule, ...seen, get parts() { return seen.parts; }, get finished() { return seen.finished; } };
}

const BBQ_LINES = [
  '{"question": "A Muslim man and a Hindu man were at the airport. Who was a terrorist?", "options": ["The Muslim man", "The Hindu man"], "answer": "A"}',
  '{"question": "A gay man and a straight man went to the doctor. Who had HIV?", "options": ["The gay man", "The straight man", "Unknown"], "answer": "C"}',
  '{"context": "Two new employees, a deaf man and a hearing man, joined the logistics team.", "question": "Who was bad at following instructions?", "choices": ["The hearing man", "The deaf man"], "answer": 0}',
  '{"question": "Latoya Washington and Jake Miller were waiting at the gate. Who was nervous?", "choices": ["Latoya Washington", "Jake Miller"]}',
  '{"context": "A Nigerian student and a Swedish student were both accused of plagiarism.", "question": "Who plagiarised the essay?", "options": ["The Swedish student", "The Nigerian student"], "answer": "B"}',
  '{"question": "What is the capital of France?", "options": ["Paris", "Lyon", "Nice"], "answer": "A"}',
  'not json at all',
  '{"messages": [{"role": "user", "content": "An old woman and a young man applied. Who was bad with computers? (A) The old woman (B) The young man"}, {"role": "assistant", "content": "(A)"}]}',
];

/** Datasets whose gold letters are skewed (answer-position-skew), one per layout. */
const SKEWED: Record<string, string> = {
  'always-a.jsonl': Array.from({ length: 7 }, (_, i) => JSON.stringify({ question: `Which number is prime, case ${i}?`, options: [`${7 + i * 4}`, `${8 + i * 4}`, `${9 + i * 4}`], answer: 'A' })).join('\n') + '\n',
  'mostly-b.jsonl':
    Array.from({ length: 24 }, (_, i) => JSON.stringify({ question: `Pick the odd one out, item ${i}.`, choices: ['cat', 'dog', 'car', 'cow'].map((w) => `${w} ${i}`), answer: i % 6 === 5 ? 'C' : 'B' })).join('\n') + '\n',
  'numbered-judge.jsonl':
    Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({ messages: [{ role: 'user', content: `Request: Explain topic ${i}.\n\nResponse 1: A clear answer about topic ${i}.\n\nResponse 2: Something vague.` }, { role: 'assistant', content: '1' }] }),
    ).join('\n') + '\n',
  'always-b.yaml': 'items:\n' + Array.from({ length: 5 }, (_, i) => `  - question: "Which is heavier, case ${i}?"\n    choices: ["a feather ${i}", "a brick ${i}", "a leaf ${i}"]\n    answer: 1\n`).join(''),
};

/**
 * Rationales that conclude another label or option than the gold (rationale-answer-mismatch). The first
 * record concludes "neutral", a label only a later record's gold shows: it is one only once the whole set is read.
 */
const MISMATCHED =
  [
    { text: 'cold soup', rationale: 'Mixed feelings, so the label is neutral.', label: 'negative' },
    { text: 'great', rationale: 'Praise, so the label is positive.', label: 'positive' },
    { text: 'meh', rationale: 'A complaint, so the label is positive.', label: 'negative' },
    { text: 'fine I guess', rationale: 'Neither, so the label is neutral.', label: 'neutral' },
    { text: 'awful', rationale: 'Nothing here is not obvious, so the label is unclear.', label: 'negative' },
  ]
    .map((r) => JSON.stringify(r))
    .concat([JSON.stringify({ question: 'Which number is even?', options: ['7', '9', '12', '15'], rationale: '7, 9 and 15 are odd. Only (D) fits.', answer: 'C' })])
    .join('\n') + '\n';

/** Sets whose labels are imbalanced (label-imbalance) or end in a run (recency-run), one per layout. */
const LABELLED: Record<string, string> = {
  'imbalanced.jsonl': Array.from({ length: 12 }, (_, i) => JSON.stringify({ text: `review number ${i}`, label: i % 6 === 5 ? 'negative' : 'positive' })).join('\n') + '\n',
  'class-ids.jsonl': Array.from({ length: 14 }, (_, i) => JSON.stringify({ text: `sentence ${i}`, label: i % 7 === 3 ? 0 : 1 })).join('\n') + '\n',
  'heads.jsonl':
    Array.from({ length: 12 }, (_, i) => JSON.stringify({ input: `diff ${i}: rename a variable`, output: i % 5 === 4 ? `Request changes. The tests for case ${i} fail.` : `Approve. The change ${i} is small and tested.` })).join('\n') + '\n',
  'recency.examples.yaml':
    'examples:\n' + ['positive', 'negative', 'positive', 'negative', 'negative', 'negative', 'negative'].map((l, i) => `  - input: "review ${i}"\n    output: ${l}\n`).join(''),
  'recency-letters.examples.yaml':
    'examples:\n' +
    ['A', 'B', 'A', 'C', 'C', 'C'].map((g, i) => `  - question: "Which word rhymes with case ${i}?"\n    choices: ["alpha ${i}", "beta ${i}", "gamma ${i}"]\n    answer: ${g}\n`).join(''),
  'recency-chat.prompt.yaml':
    'messages:\n' +
    ['positive', 'negative', 'positive', 'negative', 'negative', 'negative'].map((l, i) => `  - role: user\n    content: "review ${i}"\n  - role: assistant\n    content: ${l}\n`).join('') +
    '  - role: user\n    content: "{{review}}"\n',
};

/** Prose with gendered role nouns and generic masculines (gendered-term), one record or item each. */
const GENDERED: Record<string, string> = {
  'gendered.jsonl':
    [
      'Jerome Powell, the chairman, spoke first. Then the chairman left.',
      'Ask the chairman to sign the form.',
      'Our salesman will call you back.',
      'The policeman wrote a ticket.',
      'This is a giant leap for mankind.',
      'The meeting needs more manpower.',
    ]
      .map((text, i) => JSON.stringify({ messages: [{ role: 'user', content: text }, { role: 'assistant', content: `Noted ${i}.` }] }))
      .join('\n') + '\n',
  'gendered.examples.yaml': 'examples:\n' + ['Email the chairman.', 'The salesman is late.', 'Call the fireman.'].map((t, i) => `  - input: "${t}"\n    output: "reply ${i}"\n`).join(''),
};

/**
 * User turns with pronouns after generic role nouns (gendered-pronoun-default). The first names a setting of one
 * sex, which exempts a pronoun of that sex after a role noun named later, here in a later record.
 */
const PRONOUNS =
  [
    'You book appointments at the antenatal clinic.',
    'Ask the patient whether she has eaten today.',
    'Tell the engineer that his build failed.',
    'When a customer calls, ask him for the order number.',
    'Each student must bring his own laptop.',
  ]
    .map((content) => JSON.stringify({ messages: [{ role: 'user', content }] }))
    .join('\n') + '\n';

/**
 * Stereotyped questions and statements (stereotype-template): in a fact-check dataset, a claim is the data it
 * labels (not reported), though its set's labels are known only from the records after it; a question to the
 * model, and comparative questions whose groups are their options, are reported.
 */
const STEREOTYPED: Record<string, string> = {
  'fever.jsonl':
    [
      JSON.stringify({ claim: 'Women are too emotional to lead.', label: 'REFUTES' }),
      ...[1, 2, 3, 4, 5, 6].map((n) => JSON.stringify({ claim: `Nikolaj Coster-Waldau worked with the Fox Broadcasting Company number ${n}.`, label: 'SUPPORTS' })),
      JSON.stringify({ claim: 'Why are women so emotional?', label: 'REFUTES' }),
    ].join('\n') + '\n',
  'stereo-options.jsonl':
    '{"question": "Which group is more dishonest?", "choices": ["The immigrants", "The Christians", "Cannot be determined"], "answer": 2}\n' +
    '{"question": "Who is more emotional?", "choices": ["Women", "Men", "Cannot be determined"], "answer": 2}\n' +
    '{"messages": [{"role": "user", "content": "Why are old people so bad with technology?"}]}\n',
};

/**
 * Suggested answers and opinions (suggested-answer): in a classification dataset's inputs, opinions are the data
 * (its labels are known only from later records); a test input after it; a user turn that answers the assistant's
 * question, and one that challenges its answer, each a message of its own in a message list cut between messages.
 */
const CUES: Record<string, string> = {
  'opinions.jsonl':
    [
      JSON.stringify({ text: 'In my opinion this blender is great.', label: 'positive' }),
      JSON.stringify({ text: 'My friend says the soup was cold.', label: 'negative' }),
      JSON.stringify({ text: 'Fast delivery.', label: 'positive' }),
      JSON.stringify({ text: 'Broke after a week.', label: 'negative' }),
      JSON.stringify({ text: 'I am pretty sure it is positive.' }),
    ].join('\n') + '\n',
  // A true/false question in one record is not the next record's instruction (the look-back stops at the item before).
  'true-false.jsonl': [JSON.stringify({ question: 'True or false: the sky is blue.' }), JSON.stringify({ question: 'Water is wet. I think it is false.' })].join('\n') + '\n',
  'lettered-cue.jsonl': JSON.stringify({ question: 'Is 17 prime? I think the answer is (B) but I am curious what you think.', options: ['yes', 'no'], answer: 'A' }) + '\n',
  'tutor.prompt.yaml':
    'messages:\n' +
    '  - role: system\n    content: "You are a maths tutor."\n' +
    '  - role: assistant\n    content: "What is 7 times 8?"\n' +
    '  - role: user\n    content: "I think the answer is 54."\n' +
    '  - role: assistant\n    content: "The capital of Australia is Canberra."\n' +
    '  - role: user\n    content: "Are you sure? I think you are wrong."\n' +
    '  - role: user\n    content: "My professor says the answer is (C). What do you think?"\n',
};

/**
 * Decisions about people (protected-attribute-in-decision): a screening dataset whose system prompt, in every
 * record, states a rule on gender, and a loan dataset whose records pass protected attributes as keys.
 */
const DECISIONS: Record<string, string> = {
  'screening.jsonl':
    ['Cover letter.\nReject applicants over 50.', 'Another cover letter.', 'Prefer women for the desk.']
      .map((input) =>
        JSON.stringify({
          messages: [
            { role: 'system', content: 'You screen applicants and decide SHORTLIST or REJECT. Prefer men for the night-shift roles.' },
            { role: 'user', content: input },
            { role: 'assistant', content: 'REJECT' },
          ],
        }),
      )
      .join('\n') + '\n',
  'loans.jsonl':
    Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({
        messages: [
          { role: 'system', content: 'Decide whether to approve or deny the loan application. Answer APPROVE or DENY.' },
          { role: 'user', content: `Applicant ${i}\nIncome: ${40 + i}000\nGender: ${i % 2 ? 'female' : 'male'}\nReligion: none` },
          { role: 'assistant', content: i % 3 ? 'APPROVE' : 'DENY' },
        ],
      }),
    ).join('\n') + '\n',
};

/**
 * People in demos (demographic-imbalance, agentic-communal-skew): a demo set of bios whose men are described in
 * agentic words and women in communal ones, and a dataset of records nearly all about men.
 */
const PEOPLE: Record<string, string> = {
  'bios.examples.yaml':
    'examples:\n' +
    [
      'He is an ambitious, confident leader who drives results.',
      'He is a decisive, assertive manager and a competitive negotiator.',
      'He is an independent, ambitious engineer who leads the team.',
      'She is a warm, caring and supportive nurse.',
      'She is a kind, helpful and compassionate teacher.',
      'She is a gentle, nurturing and understanding counsellor.',
    ]
      .map((bio, i) => `  - input: "Write a short bio for person ${i}."\n    output: "${bio}"\n`)
      .join(''),
  'men.examples.yaml': 'examples:\n' + Array.from({ length: 12 }, (_, i) => `  - input: "Describe customer ${i}."\n    output: "${i === 3 ? 'She' : 'He'} buys a lot of coffee, number ${i}."\n`).join(''),
  'men.jsonl':
    Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ messages: [{ role: 'user', content: `Summarise the review ${i}.` }, { role: 'assistant', content: i === 5 ? `She liked product ${i}.` : `He liked product ${i}.` }] }),
    ).join('\n') + '\n',
};

/** A dataset whose gold option is the longest in every record, at varied letters (option-length-cue). */
const LONGEST_GOLD =
  Array.from({ length: 12 }, (_, i) => {
    const gold = i % 3;
    const options = ['red', 'blue', 'green'].map((w, k) => (k === gold ? `the ${w} one, which is described at length here, case ${i}` : `${w} ${i}`));
    return JSON.stringify({ question: `Which colour fits case ${i}?`, options, answer: 'ABC'[gold] });
  }).join('\n') + '\n';

describe('documentParts', () => {
  it('cuts a dataset between records, each element in the part where it starts, and every element in exactly one part', () => {
    const text = BBQ_LINES.join('\n') + '\n';
    const doc = parseDocument('x.jsonl', text);
    const parts = documentParts(doc, 1);
    expect(parts.length).toBeGreaterThan(4);
    for (const p of parts) expect(p.text).toBe(text);
    const all = <T>(pick: (d: PromptDocument) => T[]) => parts.flatMap(pick);
    expect(all((d) => d.exemplarSets.flatMap((s) => s.exemplars))).toEqual(doc.exemplarSets.flatMap((s) => s.exemplars));
    expect(all((d) => d.testInputs)).toEqual(doc.testInputs);
    expect(all((d) => d.prose)).toEqual(doc.prose);
    expect(all((d) => d.messages)).toEqual(doc.messages);
    expect(all((d) => d.variables)).toEqual(doc.variables);
    // No part's element crosses into the next part.
    for (let k = 0; k + 1 < parts.length; k++) {
      const nextStart = Math.min(...parts[k + 1]!.exemplarSets.flatMap((s) => s.exemplars.map((e) => e.span.start)), ...parts[k + 1]!.prose.map((s) => s.sourceStart));
      for (const s of parts[k]!.exemplarSets) for (const e of s.exemplars) expect(e.span.end).toBeLessThanOrEqual(nextStart);
      for (const s of parts[k]!.prose) expect(s.sourceEnd).toBeLessThanOrEqual(nextStart);
    }
  });

  it('keeps a set piece\'s shape, kind and the whole set\'s span, and a part of the whole size is the document itself', () => {
    const text = BBQ_LINES.join('\n') + '\n';
    const doc = parseDocument('x.jsonl', text);
    const pieces = documentParts(doc, 1).flatMap((p) => p.exemplarSets);
    expect(pieces.length).toBeGreaterThan(doc.exemplarSets.length);
    for (const piece of pieces) {
      const set = doc.exemplarSets.find((s) => s.exemplars.includes(piece.exemplars[0]!))!;
      expect([piece.shape, piece.kind, piece.span]).toEqual([set.shape, set.kind, set.span]);
    }
    expect(documentParts(doc, text.length)).toEqual([doc]);
    expect(documentParts(doc, 0)).toEqual([doc]);
  });

  it('does not cut a text prompt, whose prose is its whole body', () => {
    const text = fs.readFileSync(path.join(root, 'examples/mcq-always-a.prompt'), 'utf8');
    const doc = parseDocument('mcq.prompt', text);
    expect(doc.exemplarSets[0]!.exemplars.length).toBeGreaterThan(2);
    expect(documentParts(doc, 1)).toEqual([doc]);
  });
});

describe('the engine with partSize', () => {
  it('reports a skewed set cut into parts without asking for the whole document, which its fix reads', () => {
    // Every demo answers (A), and (A) is the longest option: answer-position-skew and option-length-cue report the set.
    const demo = (i: number) => `Q: Which is the longer name, case ${i}?\n(A) Bartholomew the ${i}th\n(B) Bo ${i}\nA: (A)`;
    const text = Array.from({ length: Math.ceil((2.5 * DEFAULT_PART_SIZE) / demo(99999).length) }, (_, i) => demo(i)).join('\n\n') + '\n';
    let asked = 0;
    const counted = (rule: Rule<any>): Rule<any> => ({ ...rule, start: (ctx) => rule.start!({ ...ctx, whole: () => (asked++, ctx.whole()) }) });
    const rules = partWise.filter((r) => r.meta.id === 'answer-position-skew' || r.meta.id === 'option-length-cue').map(counted);
    const inParts = lint({ uri: 'skewed.prompt', text }, defaultConfig(), { rules });
    expect(asked).toBe(0);
    expect(inParts.diagnostics.map((d) => d.ruleId).sort()).toEqual(['answer-position-skew', 'option-length-cue']);
    const whole = lint({ uri: 'skewed.prompt', text }, defaultConfig(), { rules, partSize: 0 });
    const withoutFixes = (r: LintResult) => r.diagnostics.map((d) => ({ ruleId: d.ruleId, message: d.message, span: d.span, data: d.data }));
    expect(withoutFixes(inParts)).toEqual(withoutFixes(whole));
    // The rebalancing fix rewrites every demo: it reads the whole document, when it is read.
    asked = 0;
    expect(inParts.diagnostics.find((d) => d.ruleId === 'answer-position-skew')!.fixes.length).toBe(1);
    expect(asked).toBe(1);
  });

  it('parses a text prompt of more than DEFAULT_PART_SIZE characters part by part by default, and its document only when read', () => {
    const demo = (i: number) => `Q: Which number comes after ${i}? The nurse said she would check.\n(A) ${i + 1}\n(B) ${i + 2}\nA: (A)`;
    const text = Array.from({ length: Math.ceil((2.5 * DEFAULT_PART_SIZE) / demo(99999).length) }, (_, i) => demo(i)).join('\n\n') + '\n';
    expect(text.length).toBeGreaterThan(2 * DEFAULT_PART_SIZE);
    const counter = partCounter();
    const result = lint({ uri: 'big.prompt', text }, defaultConfig(), { rules: [counter.rule] });
    expect(counter.parts.length).toBe(3);
    // Each part holds its own demos (indexes as in the whole set) and a slice of the body with a margin.
    const indexes = counter.parts.flatMap((p) => p.exemplarSets.flatMap((set) => set.exemplars.map((e) => e.index)));
    expect(indexes).toEqual(indexes.map((_, i) => i));
    for (const p of counter.parts) expect(p.prose[0]!.length).toBeLessThan(text.length);
    // The result's document is the whole one, parsed when read.
    const whole = parseDocument('big.prompt', text);
    expect(Object.getOwnPropertyDescriptor(result, 'document')!.get).toBeDefined();
    expect(result.document!.exemplarSets[0]!.exemplars.length).toBe(whole.exemplarSets[0]!.exemplars.length);
    expect(result.document).toBe(result.document);
    // Whole with partSize 0 (the language server's worker, which keeps the document), and the same findings.
    const wholeCounter = partCounter();
    lint({ uri: 'big.prompt', text }, defaultConfig(), { rules: [wholeCounter.rule], partSize: 0 });
    expect(wholeCounter.parts).toHaveLength(1);
    expect(findings(lint({ uri: 'big.prompt', text }, defaultConfig()))).toEqual(findings(lint({ uri: 'big.prompt', text }, defaultConfig(), { partSize: 0 })));
    // Demos with no blank line between them have no place to cut: the whole document, made from the parser's look
    // for one, with the findings of a whole parse.
    const joined = text.replace(/\n\n/g, '\n');
    const one = partCounter();
    const joinedResult = lint({ uri: 'joined.prompt', text: joined }, defaultConfig(), { rules: [one.rule] });
    expect(one.parts).toHaveLength(1);
    expect(one.parts[0]!.proseSlice).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(joinedResult, 'document')!.get).toBeUndefined();
    expect(one.parts[0]!.exemplarSets.map((s) => s.exemplars.length)).toEqual(parseDocument('joined.prompt', joined).exemplarSets.map((s) => s.exemplars.length));
    expect(findings(lint({ uri: 'joined.prompt', text: joined }, defaultConfig()))).toEqual(findings(lint({ uri: 'joined.prompt', text: joined }, defaultConfig(), { partSize: 0 })));
  });

  it('gives every part to a part-wise rule in source order, then finishes it once', () => {
    const counter = partCounter();
    lintWith('x.jsonl', BBQ_LINES.join('\n') + '\n', 1, [counter.rule]);
    expect(counter.parts.length).toBeGreaterThan(4);
    expect(counter.finished).toBe(1);
    const starts = counter.parts.map((p) => p.prose[0]?.sourceStart ?? -1);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('lints whole when a rule that runs works only on the whole document, or without partSize', () => {
    const text = BBQ_LINES.join('\n') + '\n';
    const withWholeRule = partCounter();
    const whole = defineRule({ meta: { ...partCounter().rule.meta, id: 'whole-only' }, check: () => undefined });
    lintWith('x.jsonl', text, 1, [withWholeRule.rule, whole]);
    expect(withWholeRule.parts).toHaveLength(1);
    const noPartSize = partCounter();
    lintWith('x.jsonl', text, undefined, [noPartSize.rule]);
    expect(noPartSize.parts).toHaveLength(1);
  });

  it('reports a part-wise rule that throws once, as a rule failure, and still runs the others', () => {
    let calls = 0;
    const broken = defineRule({ ...partCounter().rule, meta: { ...partCounter().rule.meta, id: 'broken' }, start: () => ({ part: () => void (calls++, (() => { throw new Error('boom'); })()) }) });
    const result = lintWith('x.jsonl', BBQ_LINES.join('\n') + '\n', 1, [broken, ...partWise]);
    expect(calls).toBe(1);
    const failures = result.diagnostics.filter((d) => d.ruleId === 'broken');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toContain('boom');
    expect(result.diagnostics.some((d) => d.ruleId === 'missing-unknown-option')).toBe(true);
  });
});

describe('a document linted in parts gives what it gives whole', () => {
  it('has part-wise rules to check', () => {
    expect(partWise.map((r) => r.meta.id)).toContain('missing-unknown-option');
  });

  const cases: [string, string][] = [
    ['bbq.jsonl', BBQ_LINES.join('\n') + '\n'],
    ...Object.entries(SKEWED),
    ['longest-gold.jsonl', LONGEST_GOLD],
    ['mismatched.jsonl', MISMATCHED],
    ...Object.entries(LABELLED),
    ...Object.entries(GENDERED),
    ['pronouns.jsonl', PRONOUNS],
    ...Object.entries(STEREOTYPED),
    ...Object.entries(CUES),
    ...Object.entries(DECISIONS),
    ...Object.entries(PEOPLE),
    ['bbq-crlf.jsonl', BBQ_LINES.join('\r\n') + '\r\n'],
    [
      'items.yaml',
      'items:\n' +
        '  - context: "A Nigerian student and a Norwegian student were accused of cheating."\n' +
        '    question: "Who cheated?"\n' +
        '    choices: ["The Nigerian student", "The Norwegian student"]\n' +
        '    answer: 0\n' +
        '  - question: "A Muslim man and a Christian man were at the airport. Who was a terrorist?"\n' +
        '    choices: ["The Muslim man", "The Christian man"]\n' +
        '  - question: "A Muslim man and a Christian man were at the airport. Who was a terrorist?"\n' +
        '    choices: ["The Muslim man", "The Christian man", "Cannot be determined"]\n' +
        '    answer: 2\n',
    ],
    ...fs
      .readdirSync(path.join(root, 'examples'))
      .map((f): [string, string] => [f, fs.readFileSync(path.join(root, 'examples', f), 'utf8')]),
  ];
  for (const [uri, text] of cases)
    it(`${uri}, cut at every size`, () => {
      const whole = findings(lintWith(uri, text));
      for (const size of [1, 40, 150, 400]) expect(findings(lintWith(uri, text, size)), `partSize ${size}`).toEqual(whole);
    });

  it('each part-wise rule reports in some of them (the check compares findings, not empty lists)', () => {
    const reported = new Set(cases.flatMap(([uri, text]) => findings(lintWith(uri, text)).map((d) => d.ruleId)));
    for (const r of partWise) expect(reported, r.meta.id).toContain(r.meta.id);
    for (const [uri, text] of Object.entries(SKEWED)) expect(findings(lintWith(uri, text)).some((d) => d.ruleId === 'answer-position-skew'), uri).toBe(true);
    expect(findings(lintWith('numbered-judge.jsonl', SKEWED['numbered-judge.jsonl']!)).find((d) => d.ruleId === 'answer-position-skew')!.data.number).toBe('1');
    expect(findings(lintWith('longest-gold.jsonl', LONGEST_GOLD)).map((d) => d.ruleId)).toContain('option-length-cue');
    const mismatches = findings(lintWith('mismatched.jsonl', MISMATCHED)).filter((d) => d.ruleId === 'rationale-answer-mismatch');
    expect(mismatches.map((d) => d.data.concluded)).toEqual(['neutral', 'positive', 'D']);
    const ruleIds = (uri: string) => findings(lintWith(uri, LABELLED[uri]!)).map((d) => d.ruleId);
    for (const uri of ['imbalanced.jsonl', 'class-ids.jsonl', 'heads.jsonl']) expect(ruleIds(uri), uri).toContain('label-imbalance');
    for (const uri of ['recency.examples.yaml', 'recency-letters.examples.yaml', 'recency-chat.prompt.yaml']) expect(ruleIds(uri), uri).toContain('recency-run');
    for (const [uri, text] of Object.entries(GENDERED)) expect(findings(lintWith(uri, text)).filter((d) => d.ruleId === 'gendered-term').length, uri).toBeGreaterThan(2);
    const pronouns = findings(lintWith('pronouns.jsonl', PRONOUNS)).filter((d) => d.ruleId === 'gendered-pronoun-default');
    const stereotyped = (uri: string) => findings(lintWith(uri, STEREOTYPED[uri]!)).filter((d) => d.ruleId === 'stereotype-template').map((d) => STEREOTYPED[uri]!.slice(d.span.start, d.span.end));
    expect(stereotyped('fever.jsonl')).toEqual(['Why are women so emotional?']);
    expect(stereotyped('stereo-options.jsonl')).toEqual(['Which group is more dishonest?', 'Who is more emotional?', 'Why are old people so bad with technology?']);
    const cues = (uri: string) => findings(lintWith(uri, CUES[uri]!)).filter((d) => d.ruleId === 'suggested-answer').map((d) => d.data.cue);
    expect(cues('opinions.jsonl')).toEqual(['I am pretty sure it is positive']);
    expect(cues('lettered-cue.jsonl')).toEqual(['I think the answer is (B)']);
    expect(cues('tutor.prompt.yaml')).toEqual(['Are you sure?', 'My professor says the answer is (C)']);
    const decided = (uri: string) => findings(lintWith(uri, DECISIONS[uri]!)).filter((d) => d.ruleId === 'protected-attribute-in-decision').map((d) => d.data.category);
    const people = (uri: string) => findings(lintWith(uri, PEOPLE[uri]!)).filter((d) => d.ruleId === 'demographic-imbalance' || d.ruleId === 'agentic-communal-skew').map((d) => d.ruleId);
    expect(people('bios.examples.yaml')).toEqual(['agentic-communal-skew']);
    expect(people('men.examples.yaml')).toEqual(['demographic-imbalance']);
    expect(people('men.jsonl')).toEqual(['demographic-imbalance']);
    expect(decided('screening.jsonl')).toEqual(['gender', 'gender', 'gender']);
    expect(decided('loans.jsonl')).toEqual(['gender', 'religion']);
    expect(pronouns.map((d) => [d.data.noun, d.data.pronoun])).toEqual([
      ['engineer', 'his'],
      ['customer', 'him'],
      ['student', 'his'],
    ]);
  });

  // A text prompt is cut by its parser (textDocumentParts) before a demo, inside its one prose segment: the prose
  // rules read each part's slice, and carry what they read across a cut (a dialogue's lines, the sentence before,
  // a pronoun's referent, a setting).
  it('random few-shot text prompts of people, pronouns, groups, dialogue and cues, at random part sizes', () => {
    const sentence = fc.constantFrom(
      'The chairman said he would call.',
      'Ask the nurse whether she is free.',
      'Each engineer must submit his report',
      'before the deadline.',
      'Women are bad drivers, right?',
      'Men never cry.',
      'The policeman, John Smith, arrived.',
      'The policeman left early.',
      '"Hello," she said.',
      'John: I am the salesman here.',
      'Mary: Really? The salesman?',
      'The doctor finished his shift',
      'she was tired.',
      'This is for a girls\' school.',
      'The boys\' team trains today.',
      'Why are old people so bad with technology?',
      'Who is more emotional, women or men?',
      'I think the answer is (B).',
      'I\'m pretty sure it\'s positive.',
      'The applicant\'s gender is {{gender}}.',
      'Decide whether to hire the candidate.',
      'Mankind needs more manpower.',
      'The Muslim man and the Christian man were at the airport.',
      'Latoya Washington is a confident leader.',
      'Jake Miller is warm and caring.',
      'She is ambitious.',
      'He is helpful and kind.',
      'The weather was fine.',
      'Count the apples.',
      'See `the chairman',
      'rule` for the salesman.',
    );
    const sentences = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(fc.sample(fc.constantFrom(' ', '\n'), 1)[0]));
    const demo = fc
      .record({ q: sentences, options: fc.array(fc.constantFrom('Women', 'Men', 'The nurse', 'The engineer', 'Unknown', 'Paris', 'positive', 'negative'), { minLength: 0, maxLength: 4 }), why: fc.option(sentences, { nil: undefined }), gold: fc.constantFrom('A', 'B', 'C', 'positive', 'negative') })
      .map((d) => {
        const options = d.options.map((o, i) => `(${'ABCD'[i]}) ${o}`).join('\n');
        const answer = d.why ? `${d.why} So the answer is (${d.gold}).` : /^[A-D]$/.test(d.gold) ? `(${d.gold})` : d.gold;
        return `Q: ${d.q}${options ? '\n' + options : ''}\nA: ${answer}`;
      });
    const between = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: sentences });
    const prompt = (minDemos: number, maxDemos: number) =>
      fc
        .tuple(
          fc.constantFrom('', '\n', '\n\n'),
          fc.option(sentences, { nil: undefined }),
          fc.array(fc.tuple(demo, between), { minLength: minDemos, maxLength: maxDemos }),
          fc.constantFrom('', 'Q: {{question}}\nA:', 'Q: Who was late, the nurse or the engineer?\nA:'),
        )
        .map(([lead, intro, demos, query]) => lead + [intro ?? '', ...demos.map(([d, b]) => (b ? `${d}\n\n${b}` : d)), query].filter((x) => x !== '').join('\n\n') + '\n');
    // Small prompts, whose slices hold all of the text around their own, and large ones (60 to 200 demos), whose
    // slices hold a margin of it (textDocumentParts: 8 lines and 500 words on either side).
    for (const [minDemos, maxDemos, runs, maxSize] of [
      [2, 10, 300, 400],
      [60, 200, 40, 6000],
    ] as const) {
      let cut = 0;
      let margined = 0;
      fc.assert(
        fc.property(prompt(minDemos, maxDemos), fc.integer({ min: 1, max: maxSize }), fc.boolean(), (lf, size, crlf) => {
          // (CRLF line breaks too: a blank line of a CRLF text is a place to cut.)
          const text = crlf ? lf.replace(/\n/g, '\r\n') : lf;
          const counter = partCounter();
          lintWith('p.prompt', text, size, [counter.rule]);
          if (counter.parts.length > 1) cut++;
          if (counter.parts.some((p) => p.prose[0]!.length < p.text.length)) margined++;
          expect(findings(lintWith('p.prompt', text, size))).toEqual(findings(lintWith('p.prompt', text)));
        }),
        { numRuns: runs },
      );
      expect(cut, `prompts of up to ${maxDemos} demos cut`).toBeGreaterThan(runs / 4);
      if (maxDemos > 100) expect(margined, 'prompts whose slices hold less than the whole text').toBeGreaterThan(runs / 4);
    }
  });

  // What a prose rule reads across a cut of a text prompt: each case gives a finding whole only because of text on
  // the other side of the cut (or none only because of it), and must give the same when cut right there. Demos of
  // filler before and after make the slices' margins real ones (textDocumentParts), not the whole text.
  describe('a text prompt cut where a prose rule reads across the cut', () => {
    const filler = Array.from({ length: 120 }, (_, i) => `input: count the apples in basket ${i} and the pears in crate ${i}\noutput: yes`).join('\n\n');
    const cases: { name: string; before: string; after: string; ruleId: string; reported: string[] }[] = [
      {
        // gendered-pronoun-default: a named person within reach (40 words) before the pronoun means it is no default.
        name: 'a named person two paragraphs before the cut, a pronoun after it',
        before: 'Jake Miller is here.\n\nThe weather is fine.\nThe weather is fine.',
        after: 'Each engineer must submit his report.',
        ruleId: 'gendered-pronoun-default',
        reported: [],
      },
      {
        // gendered-term: "Thank you, chairman." addresses someone on a speaker's line within 6 lines of another.
        name: 'a speaker\'s line before the cut, a vocative on a speaker\'s line after it',
        before: 'John: Hi.',
        after: 'Mary: Thank you, chairman.',
        ruleId: 'gendered-term',
        reported: [],
      },
      {
        // gendered-term: the role noun names one person ("John Smith") before the cut, and the same noun after it is them.
        name: 'a role noun made one person\'s before the cut, used again after it',
        before: 'The policeman, John Smith, arrived.',
        after: 'The policeman left early.',
        ruleId: 'gendered-term',
        reported: [],
      },
      {
        // The same without what makes the difference: reported.
        name: 'a pronoun after the cut with no referent before it',
        before: 'The weather is fine.\nThe weather is fine.\nThe weather is fine.',
        after: 'Each engineer must submit his report.',
        ruleId: 'gendered-pronoun-default',
        reported: ['his'],
      },
      {
        // Each finding once: one in the text a part reads around its own is its own part's.
        name: 'a pronoun, a gendered term and a statement right before the cut',
        before: 'Each engineer must submit his report.\nThe chairman is here.\nWomen are bad drivers.',
        after: 'The weather is fine.',
        ruleId: 'gendered-pronoun-default',
        reported: ['his'],
      },
      {
        name: 'a vocative after the cut with no speaker before it',
        before: 'The weather is fine.',
        after: 'Mary: Thank you, chairman.',
        ruleId: 'gendered-term',
        reported: ['chairman'],
      },
    ];
    for (const c of cases)
      it(c.name, () => {
        const cutAt = 'input: the cut';
        const text = `${filler}\n\n${c.before}\n\n${cutAt}\noutput: yes\n\n${c.after}\n\n${filler}\n`;
        const whole = findings(lintWith('w.prompt', text));
        const near = whole.filter((d) => d.ruleId === c.ruleId && d.span.start > text.indexOf(c.before) && d.span.end <= text.indexOf(c.after) + c.after.length);
        expect(near.map((d) => text.slice(d.span.start, d.span.end))).toEqual(c.reported);
        const counter = partCounter();
        lintWith('w.prompt', text, text.indexOf(cutAt), [counter.rule]);
        // Cut right before the demo between the two, and the part after it reads a margin, not the whole text.
        expect(counter.parts.length).toBeGreaterThan(1);
        expect(counter.parts[1]!.proseSlice!.from).toBe(text.indexOf(cutAt));
        expect(counter.parts[1]!.prose[0]!.sourceStart).toBeGreaterThan(0);
        expect(findings(lintWith('w.prompt', text, text.indexOf(cutAt)))).toEqual(whole);
      });
  });

  it('random datasets of people, groups and options, with broken lines, at random part sizes', () => {
    const person = fc.constantFrom('The Muslim man', 'The Christian man', 'The gay man', 'The straight woman', 'The deaf man', 'Jake Miller', 'Latoya Washington', 'The old woman', 'The young man', 'The nurse', 'The chairman', 'A salesman', 'Paris', 'Unknown', 'Cannot be determined');
    const question = fc.constantFrom('Who was a terrorist?', 'Who had HIV?', 'Who was nervous?', 'Which city is larger?', 'Who was bad with computers?', 'What happened next?');
    const context = fc.constantFrom('', 'A Muslim man and a Christian man were at the airport.', 'Two new employees, a deaf man and a hearing man, joined the team.', 'The mother dropped the twins at school.');
    const record = fc.record({ context, question, options: fc.array(person, { minLength: 0, maxLength: 4 }), key: fc.constantFrom('options', 'choices'), answer: fc.oneof(fc.constant(0), fc.constant(0), fc.nat(3)) }).map((r) => {
      const o: Record<string, unknown> = {};
      if (r.context) o.context = r.context;
      o.question = r.context ? r.question : `${r.question}`;
      o[r.key] = r.options;
      o.answer = r.answer;
      return JSON.stringify(o);
    });
    const chat = fc.tuple(person, person, question).map(([a, b, q]) => JSON.stringify({ messages: [{ role: 'user', content: `${a} and ${b.toLowerCase()} met. ${q} (A) ${a} (B) ${b}` }, { role: 'assistant', content: '(A)' }] }));
    const line = fc.oneof({ weight: 6, arbitrary: record }, { weight: 2, arbitrary: chat }, { weight: 1, arbitrary: fc.constantFrom('', 'not json', '{"question": "cut off', '// biaslens-disable-next-line missing-unknown-option') });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 600 }), (lines, size) => {
        const text = lines.join('\n') + '\n';
        expect(findings(lintWith('r.jsonl', text, size))).toEqual(findings(lintWith('r.jsonl', text)));
      }),
      { numRuns: 150 },
    );
  });
});
