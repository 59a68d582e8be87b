/**
 * Pairwise judge demos: the responses a judge compares ("Response A: …", MT-Bench's
 * "[The Start of Assistant A's Answer]" blocks) are the demo's lettered options when its
 * verdict names one of them by a written letter (judgeCandidates).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseTextDocument } from '../../server/src/parse/text';
import type { Exemplar, Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

function chatLine(user: string, assistant: string): string {
  return JSON.stringify({ messages: [{ role: 'system', content: 'Say which response is better: A, B or tie.' }, { role: 'user', content: user }, { role: 'assistant', content: assistant }] });
}

function onlyExemplars(text: string, uri = 'x.jsonl'): Exemplar[] {
  const doc = uri.endsWith('.jsonl') ? parseJsonlDocument(uri, text) : parseTextDocument(uri, text, 'text');
  expect(doc.problems).toEqual([]);
  const sets = doc.exemplarSets.filter((s) => s.shape === 'chat' || uri.endsWith('.prompt'));
  expect(sets).toHaveLength(1);
  return sets[0]!.exemplars;
}

const mtBench = (q: string, a: string, b: string) =>
  `[User Question]\n${q}\n\n[The Start of Assistant A's Answer]\n${a}\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n${b}\n[The End of Assistant B's Answer]`;

describe('judge demos: labelled responses are options', () => {
  it('chat JSONL "Response A:"/"Response B:" with a bare verdict: options with exact ranges through escapes, gold letter, question before the blocks', () => {
    const line = chatLine('Request: What is 2 × 3?\n\nResponse A: It is "6".\n\nResponse B: 5', 'A');
    const [ex] = onlyExemplars(line);
    expect(ex!.options.map((o) => [o.letter, at(line, o.letterSpan), at(line, o.text.sourceSpan()), o.text.text, at(line, o.span)])).toEqual([
      ['A', 'A', 'It is \\"6\\".', 'It is "6".', 'Response A: It is \\"6\\".'],
      ['B', 'B', '5', '5', 'Response B: 5'],
    ]);
    expect(ex!.question!.text).toBe('Request: What is 2 × 3?');
    expect(ex!.answer!.letter).toBe('A');
    expect(at(line, ex!.answer!.letterSpan)).toBe('A');
    expect(line.slice(ex!.answer!.span.start - 11, ex!.answer!.span.end + 1)).toBe('"content":"A"');
    expect(ex!.answer!.span.start).toBe(line.lastIndexOf('"A"') + 1);
    expect(ex!.namesOptions).toBeUndefined();
  });

  it('Answer/Assistant/Output/Model/Summary/Completion/Candidate labels, and three candidates A–C', () => {
    for (const noun of ['Answer', 'Assistant', 'Output', 'Model', 'Summary', 'Completion', 'Candidate', 'response']) {
      const line = chatLine(`Task: x\n${noun} A: one\n${noun} B: two\n${noun} C: three`, 'C');
      const [ex] = onlyExemplars(line);
      expect(ex!.options.map((o) => o.text.text), noun).toEqual(['one', 'two', 'three']);
      expect(ex!.answer!.letter).toBe('C');
    }
  });

  it('MT-Bench blocks: the text between the start and end lines; "[[B]]" is the gold, its letter inside the brackets', () => {
    const line = chatLine(mtBench('Capital of Australia?', 'Sydney.', 'Canberra.'), '[[B]]');
    const [ex] = onlyExemplars(line);
    expect(ex!.options.map((o) => [o.letter, at(line, o.letterSpan), o.text.text])).toEqual([
      ['A', 'A', 'Sydney.'],
      ['B', 'B', 'Canberra.'],
    ]);
    expect(at(line, ex!.options[0]!.span)).toBe("[The Start of Assistant A's Answer]\\nSydney.");
    expect(ex!.question!.text).toBe('[User Question]\nCapital of Australia?');
    expect(ex!.answer!.letter).toBe('B');
    expect(at(line, ex!.answer!.span)).toBe('[[B]]');
    expect(line.slice(ex!.answer!.letterSpan!.start - 2, ex!.answer!.letterSpan!.end + 2)).toBe('[[B]]');
    expect(ex!.namesOptions).toBeUndefined();
  });

  it('an MT-Bench explanation before "[[A]]" is the rationale, and the demo is marked (its text names responses)', () => {
    const line = chatLine(mtBench('2+2?', '4', '5'), 'Assistant A is correct; Assistant B is not.\n\nFinal verdict: [[A]]');
    const [ex] = onlyExemplars(line);
    expect(ex!.options).toHaveLength(2);
    expect(ex!.answer!.letter).toBe('A');
    expect(at(line, ex!.answer!.span)).toBe('Final verdict: [[A]]');
    expect(ex!.rationale!.text).toBe('Assistant A is correct; Assistant B is not.');
    expect(ex!.namesOptions).toBe(true);
  });

  it('"Verdict: B" as the whole output is a letter gold', () => {
    const line = chatLine('Response A: 5\nResponse B: 4', 'Verdict: B');
    const [ex] = onlyExemplars(line);
    expect(ex!.answer!.letter).toBe('B');
    expect(at(line, ex!.answer!.span)).toBe('Verdict: B');
    expect(ex!.namesOptions).toBeUndefined();
  });

  it('text prompt: Request / Response A / Response B / Verdict records; the request is the question, one record each', () => {
    const text = [
      'Compare the two responses and reply with A or B.',
      '',
      'Request: What is 2 + 2?',
      'Response A: 4',
      'Response B: 5',
      'Verdict: A',
      '',
      'Request: Capital of France?',
      'Response A: Lyon',
      'Response B: Paris',
      'Verdict: B',
      '',
      'Request: {{request}}',
      'Response A: {{a}}',
      'Response B: {{b}}',
      'Verdict:',
    ].join('\n');
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.question!.text, e.options.map((o) => at(text, o.text.sourceSpan())), e.answer!.letter, at(text, e.answer!.letterSpan)])).toEqual([
      ['What is 2 + 2?', ['4', '5'], 'A', 'A'],
      ['Capital of France?', ['Lyon', 'Paris'], 'B', 'B'],
    ]);
    expect(at(text, exs[1]!.answer!.letterSpan)).toBe('B');
    expect(exs[1]!.answer!.letterSpan!.start).toBe(text.indexOf('Verdict: B') + 9);
    expect(doc.testInputs).toHaveLength(1);
  });
});

describe('judge demos: not options', () => {
  it('a tie, "[[C]]" (MT-Bench\'s tie) or "Both are equally good" gives no options and no letter gold', () => {
    for (const verdict of ['tie', 'Tie', '[[C]]', 'Both are fine.', 'Both are equally good.']) {
      const line = chatLine('Request: x?\n\nResponse A: one\n\nResponse B: two', verdict);
      const [ex] = onlyExemplars(line);
      expect(ex!.options, verdict).toEqual([]);
      expect(ex!.answer?.letter, verdict).toBeUndefined();
    }
    const mt = chatLine(mtBench('x?', 'one', 'two'), '[[C]]');
    const [ex] = onlyExemplars(mt);
    expect(ex!.options).toEqual([]);
    expect(ex!.answer?.letter).toBeUndefined();
  });

  it('"response A" mid-sentence is prose, not a candidate', () => {
    for (const user of [
      'Compare response A: the short one, with response B: the long one.',
      'I liked Response A: it was short. Response B: too long.',
      'Request: x?\nThe first is Response A: one\nThe second is Response B: two',
    ]) {
      const [ex] = onlyExemplars(chatLine(user, 'A'));
      expect(ex!.options, user).toEqual([]);
    }
  });

  it('one candidate, letters out of order or skipping, a lower-case letter, or two series give no options', () => {
    for (const user of [
      'Response A: one',
      'Response B: one\nResponse A: two',
      'Response A: one\nResponse C: two',
      'Response a: one\nResponse b: two',
      'Response A: one\nResponse B: two\nResponse A: three\nResponse B: four',
      'Response A: one\nAnswer B: two',
      "[The Start of Assistant A's Answer]\none\n[The Start of Assistant B's Answer]\ntwo\n[The End of Assistant B's Answer]",
    ]) {
      const [ex] = onlyExemplars(chatLine(user, 'A'));
      expect(ex!.options, user).toEqual([]);
    }
  });

  it('text after the last labelled response (past a blank line) is no part of it, and marks the demo', () => {
    const line = chatLine('Request: x?\nResponse A: one\nResponse B: two\n\nWhich response is better?', 'B');
    const [ex] = onlyExemplars(line);
    expect(ex!.options.map((o) => o.text.text)).toEqual(['one', 'two']);
    expect(ex!.afterOptions!.text.trim()).toBe('Which response is better?');
    expect(ex!.namesOptions).toBe(true);
  });
});


/** A chat demo's one exemplar (the JSONL line's), with its answer's parts as written in `line`. */
function judged(user: string, assistant: string) {
  const line = chatLine(user, assistant);
  const [ex] = onlyExemplars(line);
  const a = ex!.answer;
  return {
    line,
    ex: ex!,
    marks: ex!.options.map((o) => `${o.letter}${at(line, o.letterSpan)}=${o.text.text}`),
    letter: a?.letter,
    letterAt: at(line, a?.letterSpan),
    statement: at(line, a?.span),
  };
}

const AB = 'Request: x?\n\nResponse A: one\n\nResponse B: two';

describe('judge demos: verdicts in words', () => {
  it('a closing verdict sentence or label line names the gold: letter span on the letter written, the statement as the answer span', () => {
    const cases: [string, string, string, string, string][] = [
      // user, verdict, letter, statement (the answer span), letter as written
      [AB, 'Response A is better.', 'A', 'Response A is better', 'A'],
      [AB, 'Response B is the better one!', 'B', 'Response B is the better one', 'B'],
      [AB, 'Verdict: Response B', 'B', 'Verdict: Response B', 'B'],
      [AB, 'Response B', 'B', 'Response B', 'B'],
      [AB, '**Response A is better.**', 'A', 'Response A is better', 'A'],
      [AB, 'The better answer is B.', 'B', 'The better answer is B', 'B'],
      [AB, 'Final verdict: Response A', 'A', 'Final verdict: Response A', 'A'],
      ['Request: x?\n\nAssistant A: one\n\nAssistant B: two', 'Better response: Assistant A', 'A', 'Better response: Assistant A', 'A'],
      ['Request: x?\n\nAssistant A: one\n\nAssistant B: two', 'Assistant B wins.', 'B', 'Assistant B wins', 'B'],
      ['Request: x?\n\nOutput (a): one\n\nOutput (b): two', 'Output (b) is better', 'B', 'Output (b) is better', 'b'],
    ];
    for (const [user, verdict, letter, statement, written] of cases) {
      const j = judged(user, verdict);
      expect(j.marks, verdict).toEqual(user.includes('(a)') ? ['Aa=one', 'Bb=two'] : ['AA=one', 'BB=two']);
      expect([j.letter, j.statement, j.letterAt], verdict).toEqual([letter, statement, written]);
      expect(j.ex.answer!.span.start, verdict).toBe(j.line.lastIndexOf(statement));
      expect(j.ex.rationale, verdict).toBeUndefined();
      // The verdict is all the demo says: no mark, the fixes may swap its responses.
      expect(j.ex.namesOptions, verdict).toBeUndefined();
    }
  });

  it('a verdict sentence after reasoning: the reasoning is the rationale (with a lead-in "Overall,") and the demo is marked', () => {
    const j = judged(AB, 'Response A repeats the question and answers nothing. Overall, Response B is better.');
    expect([j.letter, j.statement, j.letterAt]).toEqual(['B', 'Overall, Response B is better', 'B']);
    expect(j.ex.rationale!.text).toBe('Response A repeats the question and answers nothing.');
    expect(j.ex.namesOptions).toBe(true);
  });

  it('not a verdict: a comparison, a condition, a negation, a verdict before its explanation, a tie, a grade, a lower-case or absent letter', () => {
    for (const verdict of [
      'Response A is better than Response B.',
      'Response A is better if it is shorter.',
      'Response A is not better.',
      'Response A is better.\n\nIt answers the question.',
      'Both are equally good.',
      'Tie',
      'Grade: A',
      'Response a is better.',
      'Response C is better.',
      'I think response A is better in places, but both are fine',
    ]) {
      const j = judged(AB, verdict);
      expect(j.ex.options, verdict).toEqual([]);
      expect(j.ex.answer?.letterSpan, verdict).toBeUndefined();
    }
  });
});

describe('judge demos: numbered candidates', () => {
  it('"Response 1:"/"Response 2:" (and Output, Answer) with "2", "[[1]]", "Verdict: 2", "Response 2 is better.": options A and B marked by their digits, the gold by position at its digit', () => {
    const cases: [string, string, string][] = [
      ['Response', '2', 'B'],
      ['Response', '[[1]]', 'A'],
      ['Response', '(2)', 'B'],
      ['Response', 'Verdict: 2', 'B'],
      ['Response', 'Final verdict: [[2]]', 'B'],
      ['Response', 'Response 2 is better.', 'B'],
      ['Response', 'Response 1', 'A'],
      ['Output', 'Output 1 is better', 'A'],
      ['Answer', 'The better answer is 2.', 'B'],
    ];
    for (const [noun, verdict, letter] of cases) {
      const j = judged(`Request: x?\n\n${noun} 1: one\n\n${noun} 2: two`, verdict);
      expect(j.marks, verdict).toEqual(['A1=one', 'B2=two']);
      expect(j.ex.options.map((o) => at(j.line, o.span)), verdict).toEqual([`${noun} 1: one`, `${noun} 2: two`]);
      expect(j.letter, verdict).toBe(letter);
      // By position: no letter is written; the answer's span is the number itself.
      expect(j.ex.answer!.letterSpan, verdict).toBeUndefined();
      expect(j.statement, verdict).toBe(letter === 'A' ? '1' : '2');
      const digitAt = j.line.lastIndexOf(letter === 'A' ? '1' : '2');
      expect(j.ex.answer!.span, verdict).toEqual({ start: digitAt, end: digitAt + 1 });
      expect(j.ex.letterCitations, verdict).toEqual([]);
      expect(j.ex.namesOptions, verdict).toBeUndefined();
    }
  });

  it('a numbered verdict after reasoning is the gold, and the demo is marked', () => {
    const j = judged('Request: x?\n\nResponse 1: one\n\nResponse 2: two', 'Response 1 is wrong.\nVerdict: 2');
    expect(j.letter).toBe('B');
    expect(j.ex.rationale!.text).toBe('Response 1 is wrong.');
    expect(j.ex.namesOptions).toBe(true);
  });

  it('not numbered candidates: a number out of range, a letter, a score, a number after prose, a numbered list, other nouns, mixed marks', () => {
    const numbered = 'Request: x?\n\nResponse 1: one\n\nResponse 2: two';
    for (const [user, verdict] of [
      [numbered, '3'],
      [numbered, 'A'],
      [numbered, '1.5'],
      [numbered, 'Rating: [[2]]'],
      [numbered, 'Both are good. [[2]]'],
      [numbered, 'Score: 2'],
      [numbered, 'Response 2 is better than Response 1.'],
      ['Request: x?\n1. one\n2. two', '2'],
      ['Request: x?\n\nModel 1: one\n\nModel 2: two', '2'],
      ['Request: x?\n\nResponse 1: one\n\nResponse B: two', '2'],
      ['Request: x?\n\nResponse 2: one\n\nResponse 1: two', '2'],
    ]) {
      const [ex] = onlyExemplars(chatLine(user!, verdict!));
      expect(ex!.options, `${user} / ${verdict}`).toEqual([]);
      // "A" is read as any letter gold without options is (not counted by the rule); no number is a letter.
      expect(ex!.answer?.letter, `${user} / ${verdict}`).toBe(verdict === 'A' ? 'A' : undefined);
    }
  });

  it('text prompt: Request / Response 1 / Response 2 / Verdict records; the digit is the gold', () => {
    const text = [
      'Compare the two responses and reply with 1 or 2.',
      '',
      'Request: What is 2 + 2?',
      'Response 1: 4',
      'Response 2: 5',
      'Verdict: 1',
      '',
      'Request: Capital of France?',
      'Response 1: Lyon',
      'Response 2: Paris',
      'Verdict: 2',
      '',
      'Request: {{request}}',
      'Response 1: {{a}}',
      'Response 2: {{b}}',
      'Verdict:',
    ].join('\n');
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.question!.text, e.options.map((o) => at(text, o.text.sourceSpan())), e.answer!.letter, at(text, e.answer!.span)])).toEqual([
      ['What is 2 + 2?', ['4', '5'], 'A', '1'],
      ['Capital of France?', ['Lyon', 'Paris'], 'B', '2'],
    ]);
    expect(exs[1]!.answer!.span.start).toBe(text.indexOf('Verdict: 2') + 9);
  });
});

describe('judge demos: published templates (markdown headings, Auto-J\'s closing decision)', () => {
  // AlpacaEval's annotator templates (tatsu-lab/alpaca_eval, evaluators_configs/*/basic_b1_*.txt): "## Output (a):" headings, the
  // answer "Output (a)"; PandaLM's "### Response 1:" headings; Prometheus 2's "###Response A:" (no space after the #s).
  it('AlpacaEval "## Output (a):" headings over multi-line blocks: options with exact ranges, "Output (a)" the gold; the closing question marks the demo', () => {
    const user =
      '## Instruction:\nGive a description of the following job\n\n## Output (a):\nAn ophthalmologist is a doctor of the eye.\n\n## Output (b):\nSomeone who pokes your eyes.\n\n## Which is best, Output (a) or Output (b)?';
    const j = judged(user, 'Output (a)');
    expect(j.marks).toEqual(['Aa=An ophthalmologist is a doctor of the eye.', 'Bb=Someone who pokes your eyes.']);
    expect(j.ex.options.map((o) => at(j.line, o.span))).toEqual(['## Output (a):\\nAn ophthalmologist is a doctor of the eye.', '## Output (b):\\nSomeone who pokes your eyes.']);
    expect(j.ex.question!.text).toBe('## Instruction:\nGive a description of the following job');
    expect([j.letter, j.statement, j.letterAt]).toEqual(['A', 'Output (a)', 'a']);
    expect(j.ex.answer!.span.start).toBe(j.line.lastIndexOf('"Output (a)"') + 1);
    // The closing question names the outputs: no fix moves this demo's texts.
    expect(j.ex.afterOptions!.text.trim()).toBe('## Which is best, Output (a) or Output (b)?');
    expect(j.ex.namesOptions).toBe(true);
  });

  it('PandaLM "### Response 1:" and Prometheus 2 "###Response A:" headings are candidate labels', () => {
    const panda = judged('### Instruction:\nName a prime.\n\n### Response 1:\n4\n\n### Response 2:\n7', '2');
    expect(panda.marks).toEqual(['A1=4', 'B2=7']);
    expect([panda.letter, panda.statement]).toEqual(['B', '2']);
    expect(panda.ex.question!.text).toBe('### Instruction:\nName a prime.');
    const prom = judged('###Instruction: Name a prime.\n###Response A: 4\n###Response B: 7', 'Response B is better.');
    expect(prom.marks).toEqual(['AA=4', 'BB=7']);
    expect([prom.letter, prom.statement, prom.letterAt]).toEqual(['B', 'Response B is better', 'B']);
  });

  it('Auto-J\'s closing "So, the final decision is Response 2.": the gold at its number, the reasoning its rationale (the demo marked); lettered too', () => {
    const j = judged('Query: x?\n\nResponse 1: one\n\nResponse 2: two', 'Response 1 misreads the query; Response 2 answers it.\n\nSo, the final decision is Response 2.');
    expect(j.letter).toBe('B');
    const digit = j.line.lastIndexOf('Response 2.') + 9;
    expect(j.ex.answer!.span).toEqual({ start: digit, end: digit + 1 });
    expect(j.ex.rationale!.text).toBe('Response 1 misreads the query; Response 2 answers it.');
    expect(j.ex.namesOptions).toBe(true);
    const l = judged(AB, 'The final decision is Response A.');
    expect([l.letter, l.statement, l.letterAt]).toEqual(['A', 'The final decision is Response A', 'A']);
    expect(l.ex.namesOptions).toBeUndefined();
  });

  it('not read: a heading that is no label, seven #s, a heading without a verdict naming a candidate, the decision format in words, positional and other verbs', () => {
    for (const [user, verdict] of [
      ['### Output (a) for example 1:\none\n\n### Output (b) for example 1:\ntwo', '(a)'],
      ['## Response A:\none\n\n## Response B:\ntwo', 'Thanks, both are noted.'],
      ['## Response A:\none\n\n## Response B:\ntwo', 'I prefer Response A.'],
      ['## Response A:\none\n\n## Response B:\ntwo', 'Response A is more helpful.'],
      ['## Response A:\none\n\n## Response B:\ntwo', 'The first response is better.'],
      ['Response 1: one\n\nResponse 2: two', 'So, the final decision is Response 1 / Response 2 / Tie.'],
      ['Response 1: one\n\nResponse 2: two', 'So, the final decision is Tie.'],
      ['Response 1: one\n\nResponse 2: two', 'The final decision is Response 2 or a rewrite.'],
      ['####### Response A: one\n####### Response B: two', 'Response A is better.'],
    ]) {
      const [ex] = onlyExemplars(chatLine(user!, verdict!));
      expect(ex!.options, `${user} / ${verdict}`).toEqual([]);
      expect(ex!.answer?.letterSpan, `${user} / ${verdict}`).toBeUndefined();
    }
  });
});
