/**
 * answer-position-skew on pairwise LLM-as-judge demos (Zheng et al. 2023, Wang et al. 2023): the
 * responses compared are the demo's options, the verdict its gold letter.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/answer-position-skew';
import labelImbalance from '../../server/src/rules/label-imbalance';
import { parseDocument } from '../../server/src/parse/index';
import { applyFix, diagnosticsOf, spanText } from './helpers';

const SYSTEM = 'You compare two responses to the same user request and say which one is better. Reply with exactly one of: A, B, tie.';

/** Request, the better and the worse response of each demo. */
const DEMOS: [string, string, string][] = [
  ['How many minutes are in 2.5 hours?', 'There are 150 minutes in 2.5 hours (2.5 × 60).', '2.5 hours is 130 minutes.'],
  ["Give me a synonym for 'happy'.", 'Cheerful.', 'sad'],
  ['Write a Python expression that reverses the list xs.', 'xs[::-1]', 'xs.sort(reverse=True)'],
  ['Is 91 a prime number?', 'No. 91 = 7 × 13.', 'Yes, 91 is prime because it is odd.'],
  ['What is the capital of Australia?', 'Canberra.', 'Sydney.'],
  ['Translate "good morning" into Spanish.', 'Buenos días.', 'Buenos noches.'],
];

/**
 * c03-like chat JSONL: `verdicts[i]` is where demo i's better response is ('A' or 'B'), or 'tie'; `marks` are how the
 * two responses are labelled ("Response A", "Response B", or numbered "Response 1", "Response 2").
 */
function chatJsonl(verdicts: string[], say: (v: string) => string = (v) => v, marks: [string, string] = ['Response A', 'Response B']): string {
  return verdicts
    .map((v, i) => {
      const [q, good, bad] = DEMOS[i]!;
      const [a, b] = v === 'B' ? [bad, good] : [good, bad];
      const user = `Request: ${q}\n\n${marks[0]}: ${a}\n\n${marks[1]}: ${b}`;
      return JSON.stringify({ messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }, { role: 'assistant', content: say(v) }] });
    })
    .join('\n');
}

function mtBenchJsonl(verdicts: string[], say: (v: string) => string = (v) => `[[${v}]]`): string {
  return verdicts
    .map((v, i) => {
      const [q, good, bad] = DEMOS[i]!;
      const [a, b] = v === 'B' ? [bad, good] : [good, bad];
      const user = `[User Question]\n${q}\n\n[The Start of Assistant A's Answer]\n${a}\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n${b}\n[The End of Assistant B's Answer]`;
      return JSON.stringify({ messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }, { role: 'assistant', content: say(v) }] });
    })
    .join('\n');
}

/** Each demo's verdict still names its better response (DEMOS[i][1]), read back from the parse. */
function verdictsOnBetter(uri: string, text: string): void {
  const doc = parseDocument(uri, text);
  const demos = doc.exemplarSets.flatMap((s) => s.exemplars).filter((e) => e.options.length);
  expect(demos.length).toBeGreaterThan(0);
  for (const e of demos) {
    const better = DEMOS.find(([q]) => e.question!.text.includes(q))![1];
    const gold = e.options.find((o) => o.letter === e.answer!.letter)!;
    expect(gold.text.text, e.question!.text).toBe(better);
  }
}

describe('answer-position-skew: pairwise judge demos', () => {
  it('c03-like chat JSONL with every verdict "A" is reported at the first verdict (exact range); the fix swaps responses and verdicts, keeps every verdict on the better response, and re-lints clean', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A', 'A', 'A']);
    const ds = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d.message).toBe('All 6 lettered records have the gold answer (A); models learn to answer (A) whatever the question.');
    expect(spanText(text, d)).toBe('A');
    const firstLine = text.slice(0, text.indexOf('\n'));
    expect(d.range).toEqual({ start: { line: 0, character: firstLine.lastIndexOf('"A"') + 1 }, end: { line: 0, character: firstLine.lastIndexOf('"A"') + 2 } });
    expect(d.data).toMatchObject({ n: 6, letter: 'A', degenerate: true, counts: { A: 6, B: 0 } });
    // No second report of the same skew by label-imbalance.
    expect(diagnosticsOf(labelImbalance, { text, uri: 'x.jsonl' })).toEqual([]);
    const fixed = applyFix(text, d);
    expect(fixed).not.toBe(text);
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
    // Each line stays one JSON record.
    for (const l of fixed.split('\n')) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('balanced verdicts (A 2, B 2, tie 2, as the clean c03) are clean; ties are not counted', () => {
    const text = chatJsonl(['A', 'B', 'tie', 'B', 'A', 'tie']);
    expect(diagnosticsOf(rule, { text, uri: 'x.jsonl' })).toEqual([]);
    const doc = parseDocument('x.jsonl', text);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => e.answer?.letter ?? null)).toEqual(['A', 'B', null, 'B', 'A', null]);
  });

  it('ties do not break the letter statistics: four "A" verdicts and two ties are 4 of 4', () => {
    const text = chatJsonl(['A', 'tie', 'A', 'tie', 'A', 'A']);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ n: 4, count: 4, letter: 'A', counts: { A: 4, B: 0 } });
  });

  it('MT-Bench blocks with every verdict "[[A]]" are reported at the first "[[A]]"; "[[C]]" ties are ignored; balanced is clean', () => {
    const text = mtBenchJsonl(['A', 'A', 'C', 'A', 'A']);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ n: 4, letter: 'A', degenerate: true });
    expect(spanText(text, d!)).toBe('[[A]]');
    expect((d!.data!.spans as { start: number; end: number }[])[0]).toEqual({ start: text.indexOf('"[[A]]"') + 1, end: text.indexOf('"[[A]]"') + 6 });
    const fixed = applyFix(text, d!);
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
    expect(diagnosticsOf(rule, { text: mtBenchJsonl(['A', 'B', 'C', 'B', 'A']), uri: 'x.jsonl' })).toEqual([]);
  });

  it('Prometheus 2 demos ("###Response A:" blocks, "Feedback: … [RESULT] A") are reported at the first "[RESULT] A"; balanced is clean', () => {
    const prometheus = (verdicts: string[]) =>
      verdicts
        .map((v, i) => {
          const [q, good, bad] = DEMOS[i]!;
          const [a, b] = v === 'B' ? [bad, good] : [good, bad];
          const user = `###Instruction:\n${q}\n\n###Response A:\n${a}\n\n###Response B:\n${b}\n\n###Feedback:`;
          return JSON.stringify({ messages: [{ role: 'user', content: user }, { role: 'assistant', content: `Feedback: One response answers the request correctly and the other does not. [RESULT] ${v}` }] });
        })
        .join('\n');
    const text = prometheus(['A', 'A', 'A', 'A', 'A']);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ n: 5, letter: 'A', degenerate: true });
    expect(spanText(text, d!)).toBe('[RESULT] A');
    // Its feedback before the verdict, and "###Feedback:" after the last response, withhold the fix.
    expect(d!.fixes ?? []).toEqual([]);
    expect(diagnosticsOf(rule, { text: prometheus(['A', 'B', 'B', 'A', 'B']), uri: 'x.jsonl' })).toEqual([]);
    // Its absolute grading ("[RESULT] 4", a score) and "[RESULT]" inside a word are no verdicts.
    const scores = prometheus(['A', 'A', 'A', 'A', 'A']).replace(/\[RESULT\] A/g, '[RESULT] 4');
    expect(diagnosticsOf(rule, { text: scores, uri: 'x.jsonl' })).toEqual([]);
  });

  it('a text prompt (Request / Response A / Response B / Verdict: A) is reported at the first verdict, and fixed', () => {
    const blocks = DEMOS.slice(0, 4).map(([q, good, bad]) => `Request: ${q}\nResponse A: ${good}\nResponse B: ${bad}\nVerdict: A`);
    const text = ['Compare the two responses and reply with A or B.', ...blocks, 'Request: {{request}}\nResponse A: {{a}}\nResponse B: {{b}}\nVerdict:'].join('\n\n');
    const [d] = diagnosticsOf(rule, { text, uri: 'judge.prompt' });
    expect(d!.data).toMatchObject({ n: 4, letter: 'A', degenerate: true });
    expect(d!.range).toEqual({ start: { line: 5, character: 9 }, end: { line: 5, character: 10 } });
    const fixed = applyFix(text, d!);
    expect(diagnosticsOf(rule, { text: fixed, uri: 'judge.prompt' })).toEqual([]);
    verdictsOnBetter('judge.prompt', fixed);
  });

  it('prose that mentions "Response A" mid-sentence gives no options, so nothing is reported', () => {
    const text = DEMOS.map(([q]) =>
      JSON.stringify({ messages: [{ role: 'user', content: `${q} Compare response A: short, and response B: long.` }, { role: 'assistant', content: 'A' }] }),
    ).join('\n');
    expect(diagnosticsOf(rule, { text, uri: 'x.jsonl' })).toEqual([]);
  });

  it('a rationale that names a response ("Response A is correct because…") withholds the fix; the skew is still reported', () => {
    for (const say of [(v: string) => `Response ${v} is correct because it answers the request. The answer is ${v}.`, (v: string) => `Response ${v} is right.\nVerdict: ${v}`]) {
      const text = chatJsonl(['A', 'A', 'A', 'A'], say);
      const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
      expect(d!.data).toMatchObject({ n: 4, letter: 'A' });
      expect(d!.fixes ?? []).toEqual([]);
    }
    const mt = mtBenchJsonl(['A', 'A', 'A', 'A'], (v) => `Assistant ${v} is correct and the other is wrong. [[${v}]]`);
    const [d] = diagnosticsOf(rule, { text: mt, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ n: 4, letter: 'A' });
    expect(d!.fixes ?? []).toEqual([]);
  });

  it('text after the last labelled response withholds the fix (it may be that response\'s next paragraph)', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A']).replace(/(Response B: [^"]*)"/g, '$1\\n\\nWhich is better?"');
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ n: 4, letter: 'A' });
    expect(d!.fixes ?? []).toEqual([]);
  });

  it('verdicts in words, all "Response A is better.", are reported at the first verdict statement; the fix rewrites the letter in the sentence and re-lints clean', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A', 'A'], (v) => `Response ${v} is better.`);
    const ds = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d.message).toBe('All 5 lettered records have the gold answer (A); models learn to answer (A) whatever the question.');
    const first = text.indexOf('Response A is better.');
    expect(spanText(text, d)).toBe('Response A is better');
    expect(d.range).toEqual({ start: { line: 0, character: first }, end: { line: 0, character: first + 20 } });
    const fixed = applyFix(text, d);
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
    expect(fixed).toContain('Response B is better.');
    for (const l of fixed.split('\n')) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('other verdicts in words ("Verdict: Response A", "The better answer is A.", "Output (a) is better") are counted; "Both are equally good" is not', () => {
    for (const say of [(v: string) => `Verdict: Response ${v}`, (v: string) => `The better answer is ${v}.`]) {
      const [d] = diagnosticsOf(rule, { text: chatJsonl(['A', 'A', 'tie', 'A', 'A'], (v) => (v === 'tie' ? 'Both are equally good.' : say(v))), uri: 'x.jsonl' });
      expect(d!.data).toMatchObject({ n: 4, letter: 'A', degenerate: true });
    }
    const alpaca = chatJsonl(['A', 'A', 'A', 'A'], (v) => `Output (${v.toLowerCase()}) is better`, ['Output (a)', 'Output (b)']);
    const [d] = diagnosticsOf(rule, { text: alpaca, uri: 'x.jsonl' });
    expect(spanText(alpaca, d!)).toBe('Output (a) is better');
    const fixed = applyFix(alpaca, d!);
    expect(fixed).toContain('Output (b) is better');
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
  });

  it('numbered candidates with every verdict "1": the message names the number, the range is the first "1", and the fix rewrites the numbers', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A', 'A', 'A'], (v) => (v === 'A' ? '1' : '2'), ['Response 1', 'Response 2']);
    const [d, ...rest] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(rest).toEqual([]);
    expect(d!.message).toBe('All 6 numbered records have the gold answer 1 (position A); models learn to answer 1 whatever the question.');
    expect(d!.data).toMatchObject({ n: 6, letter: 'A', number: '1', degenerate: true, counts: { A: 6, B: 0 } });
    const firstLine = text.slice(0, text.indexOf('\n'));
    const one = firstLine.lastIndexOf('"1"') + 1;
    expect(d!.range).toEqual({ start: { line: 0, character: one }, end: { line: 0, character: one + 1 } });
    const fixed = applyFix(text, d!);
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
    // The marks stay; the texts and the numbers move.
    expect(fixed.match(/"content":"2"/g)).toHaveLength(3);
    expect(fixed.match(/Response 1: /g)).toHaveLength(6);
  });

  it('numbered candidates: "Response 1 is better." is reported at its number and rewritten in place', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A'], (v) => `Response ${v === 'A' ? 1 : 2} is better.`, ['Response 1', 'Response 2']);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(spanText(text, d!)).toBe('1');
    expect(d!.range.start.character).toBe(text.indexOf('Response 1 is better.') + 9);
    const fixed = applyFix(text, d!);
    expect(fixed).toContain('Response 2 is better.');
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
  });

  it('numbered candidates with reasoning before the verdict: reported, the fix withheld (the reasoning names responses by number)', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A'], () => 'Response 2 makes an error.\nVerdict: 1', ['Response 1', 'Response 2']);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ n: 4, letter: 'A', number: '1' });
    expect(d!.fixes ?? []).toEqual([]);
  });

  it('not judge verdicts: a rubric in the instructions, essays graded "Grade: A", numbered lists with "1", verdicts in reasoning text', () => {
    // The rubric names "Response A is better if …"; the demos' verdicts are ties: nothing to count.
    const rubric = [
      'Response A is better if it answers the request; Response B is better if it does. Reply "Tie" when both are equal.',
      ...DEMOS.slice(0, 4).map(([q, good, bad]) => `Request: ${q}\nResponse A: ${good}\nResponse B: ${bad}\nVerdict: Tie`),
    ].join('\n\n');
    expect(diagnosticsOf(rule, { text: rubric, uri: 'judge.prompt' })).toEqual([]);
    expect(parseDocument('judge.prompt', rubric).exemplarSets.flatMap((s) => s.exemplars).filter((e) => e.options.length)).toEqual([]);
    const essays = DEMOS.map(([q, good]) => JSON.stringify({ messages: [{ role: 'user', content: `Essay: ${q} ${good}` }, { role: 'assistant', content: 'Grade: A' }] })).join('\n');
    expect(diagnosticsOf(rule, { text: essays, uri: 'x.jsonl' })).toEqual([]);
    const lists = DEMOS.map(([q, good, bad]) => JSON.stringify({ messages: [{ role: 'user', content: `${q}\n1. ${good}\n2. ${bad}` }, { role: 'assistant', content: '1' }] })).join('\n');
    expect(diagnosticsOf(rule, { text: lists, uri: 'x.jsonl' })).toEqual([]);
    const reasoning = chatJsonl(['A', 'A', 'A', 'A'], () => 'Response A is better in tone, but Response B is more accurate, so both have merit.');
    expect(diagnosticsOf(rule, { text: reasoning, uri: 'x.jsonl' })).toEqual([]);
  });

  it('AlpacaEval-style "## Output (a):" headings with every answer "Output (a)": reported at the first answer (exact range); the fix rewrites "(a)" and re-lints clean', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A', 'A'], (v) => `Output (${v.toLowerCase()})`, ['## Output (a)', '## Output (b)']);
    const ds = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d.data).toMatchObject({ n: 5, letter: 'A', degenerate: true, counts: { A: 5, B: 0 } });
    const first = text.indexOf('"Output (a)"') + 1;
    expect(d.range).toEqual({ start: { line: 0, character: first }, end: { line: 0, character: first + 10 } });
    const fixed = applyFix(text, d);
    expect(fixed).toContain('"content":"Output (b)"');
    expect(fixed.match(/## Output \(a\): /g)).toHaveLength(5);
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
  });

  it('PandaLM-style "### Response 1:" headings with every verdict "1" are reported as numbered records (a dataset)', () => {
    const text = chatJsonl(['A', 'A', 'A', 'A'], (v) => (v === 'A' ? '1' : '2'), ['### Response 1', '### Response 2']);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.message).toBe('All 4 numbered records have the gold answer 1 (position A); models learn to answer 1 whatever the question.');
    expect(d!.data).toMatchObject({ n: 4, number: '1' });
  });

  it('Auto-J\'s "So, the final decision is Response 1." after reasoning: reported at the first decision\'s number, the fix withheld; without reasoning it is fixed', () => {
    const say = (v: string) => `Response ${v === 'A' ? 2 : 1} misreads the request.\n\nSo, the final decision is Response ${v === 'A' ? 1 : 2}.`;
    const text = chatJsonl(['A', 'A', 'A', 'A'], say, ['Response 1', 'Response 2']);
    const [d] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(d!.data).toMatchObject({ n: 4, letter: 'A', number: '1' });
    const one = text.indexOf('final decision is Response 1.') + 27;
    expect(d!.range).toEqual({ start: { line: 0, character: one }, end: { line: 0, character: one + 1 } });
    expect(d!.fixes ?? []).toEqual([]);
    const bare = chatJsonl(['A', 'A', 'A', 'A'], (v) => `So, the final decision is Response ${v === 'A' ? 1 : 2}.`, ['Response 1', 'Response 2']);
    const [b] = diagnosticsOf(rule, { text: bare, uri: 'x.jsonl' });
    const fixed = applyFix(bare, b!);
    expect(fixed).toContain('So, the final decision is Response 2.');
    expect(diagnosticsOf(rule, { text: fixed, uri: 'x.jsonl' })).toEqual([]);
    verdictsOnBetter('x.jsonl', fixed);
  });

  it('not counted: Auto-J\'s decision format in the instructions with tie verdicts, positional words, other verbs, markdown headings in a prompt without verdicts', () => {
    const format = chatJsonl(['A', 'A', 'A', 'A'], () => 'So, the final decision is Tie.', ['Response 1', 'Response 2']).replace(
      /"content":"You compare[^"]*"/g,
      '"content":"Begin your final decision statement with \\"So, the final decision is Response 1 / Response 2 / Tie\\"."',
    );
    expect(format).toContain('Response 1 / Response 2 / Tie');
    expect(diagnosticsOf(rule, { text: format, uri: 'x.jsonl' })).toEqual([]);
    for (const say of [() => 'The first response is better.', () => 'I prefer Response A.', () => 'Response A is more helpful.']) {
      expect(diagnosticsOf(rule, { text: chatJsonl(['A', 'A', 'A', 'A', 'A'], say), uri: 'x.jsonl' })).toEqual([]);
    }
    const notes = DEMOS.map(([q, good, bad]) =>
      JSON.stringify({ messages: [{ role: 'user', content: `## Request\n${q}\n\n## Response A:\n${good}\n\n## Response B:\n${bad}` }, { role: 'assistant', content: 'I prefer the one that is shorter. The first response time is better than the second.' }] }),
    ).join('\n');
    expect(diagnosticsOf(rule, { text: notes, uri: 'x.jsonl' })).toEqual([]);
  });
});
