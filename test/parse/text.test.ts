import { describe, expect, it } from 'vitest';
import { mayHoldExemplars, parseTextDocument } from '../../server/src/parse/text';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

describe('text prompts: BBH-style choices with chain of thought', () => {
  const text = [
    'Answer the following multiple-choice questions.',
    '',
    'Q: Which is a fruit?',
    'Answer choices:',
    '(A) Apple',
    '(B) Carrot',
    '(C) Potato',
    "A: Let's think step by step. An apple grows on trees. So the answer is (A).",
    '',
    'Q: Which is a mammal?',
    'Answer choices:',
    '(A) Whale',
    '(B) Shark',
    "A: Let's think step by step. Whales breathe air, so the correct option is (B). So the answer is (A).",
    '',
    'Q: {{question}}',
    'A:',
  ].join('\n');
  const doc = parseTextDocument('x.prompt', text, 'text');

  it('finds one demo set with options, answers and rationales', () => {
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('choices');
    expect(set.kind).toBe('demos');
    expect(set.exemplars).toHaveLength(2);
    const [a, b] = set.exemplars;
    expect(a!.question!.text).toBe('Which is a fruit?');
    expect(a!.options.map((o) => [o.letter, o.text.text])).toEqual([
      ['A', 'Apple'],
      ['B', 'Carrot'],
      ['C', 'Potato'],
    ]);
    expect(a!.answer!.letter).toBe('A');
    expect(a!.answer!.label).toBe('Apple');
    expect(at(text, a!.answer!.span)).toBe('So the answer is (A)');
    expect(at(text, a!.answer!.letterSpan)).toBe('A');
    expect(a!.rationale!.text).toBe("Let's think step by step. An apple grows on trees.");
    expect(a!.conclusion).toBeUndefined();
    expect(b!.conclusion!.letter).toBe('B');
    expect(b!.conclusion!.label).toBe('Shark');
    expect(at(text, b!.conclusion!.span)).toBe('the correct option is (B)');
  });

  it('gives exact ranges for options and letters', () => {
    const opt = doc.exemplarSets[0]!.exemplars[0]!.options[1]!;
    expect(at(text, opt.span)).toBe('(B) Carrot');
    expect(at(text, opt.letterSpan)).toBe('B');
    expect(at(text, opt.text.sourceSpan())).toBe('Carrot');
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(at(text, ex.span)).toBe(text.slice(text.indexOf('Q: Which is a fruit?'), text.indexOf('(A).') + 4));
  });

  it('cites every letter the rationale names', () => {
    const b = doc.exemplarSets[0]!.exemplars[1]!;
    expect(b.letterCitations.map((c) => c.letter)).toEqual(['B', 'A']);
    for (const c of b.letterCitations) expect(at(text, c.span)).toBe(c.letter);
  });

  it('treats the unanswered question as the test input, with its variable', () => {
    expect(doc.testInputs).toHaveLength(1);
    expect(doc.testInputs[0]!.text.text).toBe('{{question}}');
    expect(doc.variables.map((v) => [v.name, v.syntax, at(text, v.span), at(text, v.nameSpan)])).toEqual([
      ['question', 'mustache', '{{question}}', 'question'],
    ]);
  });
});

describe('text prompts: other few-shot shapes', () => {
  it('Text:/Label: demos split by ### separators', () => {
    const text = '###\nText: Great food.\nLabel: Positive\n###\nText: Rude staff.\nLabel: Negative\n###\nText: {{review}}\nLabel:';
    const doc = parseTextDocument('x.prompt', text, 'text');
    const ex = doc.exemplarSets[0]!.exemplars;
    expect(doc.exemplarSets[0]!.shape).toBe('input-output');
    expect(ex.map((e) => [e.question!.text, e.answer!.label])).toEqual([
      ['Great food.', 'Positive'],
      ['Rude staff.', 'Negative'],
    ]);
    expect(at(text, ex[1]!.answer!.labelSpan)).toBe('Negative');
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['{{review}}']);
  });

  it('Input:/Output: pairs separated by blank lines', () => {
    const text = 'Input: 2+2\nOutput: 4\n\nInput: 3+3\nOutput: 6\n\nInput: {x}\nOutput:';
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets[0]!.exemplars.map((e) => e.answer!.label)).toEqual(['4', '6']);
    expect(doc.variables[0]).toMatchObject({ name: 'x', syntax: 'format' });
  });

  it('Question:/Answer: with "A:"-style option lines is not confused with an answer label', () => {
    const text = 'Question: Which metal is liquid?\nA: Iron\nB: Mercury\nC: Copper\nAnswer: B\n';
    const doc = parseTextDocument('x.prompt', text, 'text');
    const e = doc.exemplarSets[0]!.exemplars[0]!;
    expect(e.options.map((o) => o.letter)).toEqual(['A', 'B', 'C']);
    expect(e.answer).toMatchObject({ letter: 'B', label: 'Mercury' });
    expect(at(text, e.answer!.letterSpan)).toBe('B');
  });

  it('Human:/Assistant: transcripts become demos and messages', () => {
    const text = 'Human: Is the sky green?\n\nAssistant: No\n\nHuman: Is water wet?\n\nAssistant: Yes\n\nHuman: {{q}}\n\nAssistant:';
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets[0]!.shape).toBe('transcript');
    expect(doc.exemplarSets[0]!.exemplars.map((e) => e.answer!.label)).toEqual(['No', 'Yes']);
    expect(doc.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(at(text, doc.messages[0]!.roleSpan)).toBe('Human:');
  });

  it('<example> tags and "Example N" headings separate demos with any repeated label pair', () => {
    const text = '<example>\nTweet: love it\nSentiment: positive\n</example>\n<example>\nTweet: broke in a day\nSentiment: negative\n</example>\n\n## Example 3\nTweet: meh\nSentiment: neutral\n';
    const doc = parseTextDocument('x.prompt.md', text, 'markdown');
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.question!.text, e.answer!.label])).toEqual([
      ['love it', 'positive'],
      ['broke in a day', 'negative'],
      ['meh', 'neutral'],
    ]);
  });

  it('inline answer choices on one line', () => {
    const text = 'Q: Capital of Italy? Answer choices: (A) Paris (B) Rome (C) Madrid\nA: (B)\n';
    const e = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!;
    expect(e.question!.text).toBe('Capital of Italy?');
    expect(e.options.map((o) => o.text.text)).toEqual(['Paris', 'Rome', 'Madrid']);
    expect(at(text, e.options[1]!.letterSpan)).toBe('B');
    expect(e.answer!.letter).toBe('B');
  });

  it('"The best answer is: (X)" with an Explanation field', () => {
    const text = 'Q: Pick one.\n(A) red\n(B) blue\nA: The best answer is: (B)\nExplanation: blue is calm, so the answer is (A).\n';
    const e = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!;
    expect(e.answer!.letter).toBe('B');
    expect(e.rationale!.text).toBe('blue is calm, so the answer is (A).');
    expect(e.conclusion!.letter).toBe('A');
  });

  it('MMLU-style CSV rows', () => {
    const text = 'question,A,B,C,D,answer\nCapital of France?,Berlin,Paris,Rome,Madrid,B\n"Largest ocean, by area?",Atlantic,Indian,Pacific,Arctic,C\n';
    const set = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!;
    expect(set.shape).toBe('csv');
    expect(set.exemplars.map((e) => [e.question!.text, e.answer!.letter, e.answer!.label])).toEqual([
      ['Capital of France?', 'B', 'Paris'],
      ['Largest ocean, by area?', 'C', 'Pacific'],
    ]);
    expect(at(text, set.exemplars[1]!.question!.sourceSpan())).toBe('Largest ocean, by area?');
  });

  it('"text => label" lines', () => {
    const text = 'great movie => positive\nawful plot => negative\nloved it => positive\n';
    const set = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!;
    expect(set.exemplars.map((e) => e.answer!.label)).toEqual(['positive', 'negative', 'positive']);
  });

  it('plain instructions without demos have no exemplars', () => {
    const doc = parseTextDocument('x.prompt', 'Summarise the text below in two sentences.\n\n{{text}}', 'text');
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.prose).toHaveLength(1);
  });

  it('collects directive comments in HTML and # / // forms', () => {
    const text = '<!-- biaslens-disable-next-line recency-run -->\n# biaslens-disable-file\nnot a comment # biaslens-disable\n// biaslens-disable-line x\n';
    const doc = parseTextDocument('x.prompt.md', text, 'markdown');
    expect(doc.comments.map((c) => c.text)).toEqual(['biaslens-disable-next-line recency-run', 'biaslens-disable-file', 'biaslens-disable-line x']);
  });

  it('front matter in a .prompt.md is parsed, and its errors have positions', () => {
    const text = '---\nmode: agent\ndescription: [unclosed\n---\nQ: hi\nA: yes\n';
    const doc = parseTextDocument('x.prompt.md', text, 'markdown');
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems[0]!.span.start).toBeGreaterThanOrEqual(4);
    expect(doc.problems[0]!.span.start).toBeLessThanOrEqual(text.indexOf('\n---\n') + 1);
    expect(doc.prose[0]!.base).toBe(text.indexOf('Q: hi'));
  });
});

describe('option lists: lower case and interrupted inline runs', () => {
  it('reads (a)/(b)/(c) options as letters A, B, C with spans on the written letter', () => {
    const text = 'Q: Which planet is hottest?\n(a) Venus\n(b) Mars\n(c) Jupiter\nA: The answer is (a).\n';
    const e = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!;
    expect(e.options.map((o) => [o.letter, o.text.text])).toEqual([
      ['A', 'Venus'],
      ['B', 'Mars'],
      ['C', 'Jupiter'],
    ]);
    expect(at(text, e.options[0]!.letterSpan)).toBe('a');
    expect(e.answer!.letter).toBe('A');
  });

  it('does not mix cases in one list, and does not read "a." prose as an option', () => {
    const text = 'Q: Pick.\n(a) one\n(B) two\nA: (B)\n';
    expect(parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!.options).toEqual([]);
    const prose = 'Q: Read this.\na. first point\nb. second point\nA: yes\n';
    expect(parseTextDocument('x.prompt', prose, 'text').exemplarSets[0]!.exemplars[0]!.options).toEqual([]);
  });

  it('reads a lower-case answer letter ("a", "(b)", "c)", "Answer: a" after reasoning) as the gold of lower-case options, on the written letter', () => {
    const cases: [string, string, string][] = [
      ['A: a', 'A', 'a'],
      ['A: (b)', 'B', 'b'],
      ['A: c) Copper', 'C', 'c'],
      ['A: b.', 'B', 'b'],
      ['A: Only mercury melts below 0 °C, so not (b) or (c). Answer: a', 'A', 'a'],
    ];
    for (const [answer, letter, written] of cases) {
      const text = `Q: Which metal is liquid at room temperature?\na) Mercury\nb) Iron\nc) Copper\n${answer}\n`;
      const e = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!;
      expect(e.answer?.letter, answer).toBe(letter);
      expect(at(text, e.answer!.letterSpan!)).toBe(written);
      // The answer's letter is a citation (the fixes rewrite it), and so is every "(b)" of the rationale.
      expect(e.letterCitations.map((c) => [c.letter, at(text, c.span)])).toContainEqual([letter, written]);
    }
    const cot = 'Q: Which metal is liquid?\na) Mercury\nb) Iron\nc) Copper\nA: Option c is solid, and so is (b). Answer: a\n';
    const e = parseTextDocument('x.prompt', cot, 'text').exemplarSets[0]!.exemplars[0]!;
    expect(e.letterCitations.map((c) => at(cot, c.span) + c.letter)).toEqual(['cC', 'bB', 'aA']);
    expect(e.answer!.letter).toBe('A');
  });

  it('reads no lower-case letter without lower-case options, nor "a" as a word', () => {
    // Upper-case options: "a" is an article, not the letter A.
    const upper = 'Q: Which metal is liquid?\nA) Mercury\nB) Iron\nA: a\n';
    expect(parseTextDocument('x.prompt', upper, 'text').exemplarSets[0]!.exemplars[0]!.answer?.letter).toBeUndefined();
    // Lower-case options, but the answer is a sentence, and "option a student" is no citation.
    const prose = 'Q: Which metal is liquid?\na) Mercury\nb) Iron\nA: a liquid metal, the best option a student knows.\n';
    const e = parseTextDocument('x.prompt', prose, 'text').exemplarSets[0]!.exemplars[0]!;
    expect(e.answer?.letter).toBeUndefined();
    expect(e.letterCitations).toEqual([]);
    // A single "a)" line is no option run, so "a" stays a label.
    const single = 'Q: Name one.\na) a metal that is liquid\nA: a\n';
    expect(parseTextDocument('x.prompt', single, 'text').exemplarSets[0]!.exemplars[0]!.answer?.letter).toBeUndefined();
  });

  it('keeps inline options when a later "(A)" cites one', () => {
    const text = "Q: Which is larger, (A) 2 or (B) 3? I'm pretty sure it's (A).\nA: (B)\n";
    const e = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!;
    expect(e.options.map((o) => o.letter)).toEqual(['A', 'B']);
    expect(e.options[0]!.text.text).toBe('2 or');
    expect(e.answer!.letter).toBe('B');
  });
});

describe('inline options without brackets ("Choices: A. …  B. …")', () => {
  const optionsOf = (text: string) => parseTextDocument('x.prompt', text, 'text').exemplarSets[0]?.exemplars[0];

  it('reads "A. … B. …" after an options label, with exact spans, and the gold letter', () => {
    const text = 'Question: When may you use your horn while stationary?\nChoices: A. To greet a friend  B. When another road user poses a danger  C. At night  D. Never\nAnswer: B\n';
    const e = optionsOf(text)!;
    expect(e.question!.text).toBe('When may you use your horn while stationary?');
    expect(e.options.map((o) => [o.letter, o.text.text, at(text, o.span), at(text, o.letterSpan)])).toEqual([
      ['A', 'To greet a friend', 'A. To greet a friend', 'A'],
      ['B', 'When another road user poses a danger', 'B. When another road user poses a danger', 'B'],
      ['C', 'At night', 'C. At night', 'C'],
      ['D', 'Never', 'D. Never', 'D'],
    ]);
    const b = text.indexOf('B. When');
    expect(e.options[1]!.letterSpan).toEqual({ start: b, end: b + 1 });
    expect(e.options[1]!.span).toEqual({ start: b, end: b + 'B. When another road user poses a danger'.length });
    expect(e.options[3]!.text.sourceSpan()).toEqual({ start: text.indexOf('Never'), end: text.indexOf('Never') + 5 });
    expect(e.answer!.letter).toBe('B');
  });

  it('reads "A) …" and "A. …" after a "?", at a line start, and after "Options:" with commas between', () => {
    const cases: [string, string, string[]][] = [
      ['Q: Which planet is largest? A) Mars B) Jupiter C) Venus\nA: B\n', 'Which planet is largest?', ['Mars', 'Jupiter', 'Venus']],
      ['Q: Which planet is largest?\nA. Mars  B. Jupiter  C. Venus\nA: B\n', 'Which planet is largest?', ['Mars', 'Jupiter', 'Venus']],
      ['Q: Which planet is largest?\nOptions: A. Mars, B. Jupiter, C. Venus\nA: B\n', 'Which planet is largest?', ['Mars', 'Jupiter', 'Venus']],
      ['Q: Which planet is largest? Possible answers: A) Mars B) Jupiter\nA: B\n', 'Which planet is largest?', ['Mars', 'Jupiter']],
      // A mark inside an option text ("Vitamin C. C. Iron") is passed over.
      ['Q: Which is a mineral? A. Vitamin D. B. Vitamin C. C. Iron D. Sugar\nA: C\n', 'Which is a mineral?', ['Vitamin D.', 'Vitamin C.', 'Iron', 'Sugar']],
    ];
    for (const [text, question, options] of cases) {
      const e = optionsOf(text)!;
      expect(e.question!.text, text).toBe(question);
      expect(at(text, e.question!.sourceSpan()), text).toBe(question);
      expect(e.options.map((o) => o.text.text), text).toEqual(options);
      for (const o of e.options) expect(at(text, o.letterSpan), text).toBe(o.letter);
      expect(e.answer!.letter, text).toBe(text.endsWith('A: C\n') ? 'C' : 'B');
    }
  });

  it('reads "(A) … (B) …" at a line start too', () => {
    const text = 'Q: Which planet is largest?\n(A) Mars (B) Jupiter (C) Venus\nA: (B)\n';
    const e = optionsOf(text)!;
    expect(e.question!.text).toBe('Which planet is largest?');
    expect(e.options.map((o) => [o.letter, o.text.text, at(text, o.span)])).toEqual([
      ['A', 'Mars', '(A) Mars'],
      ['B', 'Jupiter', '(B) Jupiter'],
      ['C', 'Venus', '(C) Venus'],
    ]);
  });

  it('does not read a capital A before a full stop in prose, marks written two ways, or "A:" as options', () => {
    for (const q of [
      'Plan A. Then B. Then C. Which plan is best?',
      'Eat foods with vitamin A. B. C. and D. are fine too.',
      'Which is largest? A. Mars B) Jupiter C) Venus',
      'Our team: A. Smith, B. Jones, C. Lee. Who leads?',
      'Which is largest? A: Mars B: Jupiter C: Venus',
      'Which is largest? A.Mars B.Jupiter',
      'Which is largest? A. Mars B.Jupiter',
    ]) {
      const text = `Q: ${q}\nA: B\n`;
      expect(optionsOf(text)!.options, q).toEqual([]);
    }
  });
});

describe('markdown tables of demos (| Ticket | Priority |)', () => {
  const repro = [
    'Assign each support ticket a priority: `P1`, `P2` or `P3`.',
    '',
    '| Ticket | Priority |',
    '|---|---|',
    '| Checkout page returns a 500 error for all users | P1 |',
    '| Typo on the pricing page | P1 |',
    '| Export to CSV is slow for large accounts | P1 |',
    '| Login fails for SSO customers | P1 |',
    '| Dark mode colours are slightly off | P1 |',
    '',
    'Ticket: {{ticket}}',
    'Priority:',
    '',
  ].join('\n');

  it('reads each body row as a demo (question = first cell, answer = label cell) after an instruction naming the labels, with exact spans', () => {
    const doc = parseTextDocument('x.prompt.md', repro, 'markdown');
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(at(repro, set.span)).toBe(repro.slice(repro.indexOf('| Ticket |'), repro.indexOf('off | P1 |') + 'off | P1 |'.length));
    expect(set.exemplars.map((e) => [e.question!.text, e.answer!.label])).toEqual([
      ['Checkout page returns a 500 error for all users', 'P1'],
      ['Typo on the pricing page', 'P1'],
      ['Export to CSV is slow for large accounts', 'P1'],
      ['Login fails for SSO customers', 'P1'],
      ['Dark mode colours are slightly off', 'P1'],
    ]);
    const first = set.exemplars[0]!;
    const q = repro.indexOf('Checkout page');
    expect(first.question!.sourceSpan()).toEqual({ start: q, end: q + 'Checkout page returns a 500 error for all users'.length });
    const p1 = repro.indexOf('P1 |', q);
    expect(first.answer!.span).toEqual({ start: p1, end: p1 + 2 });
    expect(at(repro, first.span)).toBe('Checkout page returns a 500 error for all users | P1');
  });

  it('reads a table whose label column is headed by an answer label, without outer pipes too', () => {
    const text = 'Review | Sentiment\n--- | :---:\ngreat phone | positive\nbroke in a day | negative\nlove it | positive\n';
    const set = parseTextDocument('x.prompt.md', text, 'markdown').exemplarSets[0]!;
    expect(set.exemplars.map((e) => [at(text, e.question!.sourceSpan()), at(text, e.answer!.span)])).toEqual([
      ['great phone', 'positive'],
      ['broke in a day', 'negative'],
      ['love it', 'positive'],
    ]);
  });

  it('leaves data tables alone: prices, times, attributes, comparisons, labels nothing names, distinct values, two rows', () => {
    const tables = [
      'Our prices:\n\n| Item | Price |\n|---|---|\n| Coffee | $3 |\n| Tea | $3 |\n| Cake | $4 |\n',
      'Opening hours:\n\n| Day | Hours |\n|---|---|\n| Monday | 9-17 |\n| Tuesday | 9-17 |\n| Wednesday | 9-17 |\n',
      'Decide whether to approve the application.\n\n| Field | Value |\n|---|---|\n| Age | 67 |\n| Race | Hispanic |\n| Marital status | Divorced |\n',
      'Compare the plans.\n\n| Feature | Basic | Pro |\n|---|---|---|\n| SSO | no | yes |\n| Audit log | no | yes |\n| API | yes | yes |\n',
      'The rota for next week.\n\n| Task | Owner |\n|---|---|\n| Deploy | Alice |\n| Docs | Bob |\n| Review | Alice |\n',
      'Assign each ticket a priority: P1, P2 or P3.\n\n| Ticket | Priority |\n|---|---|\n| Checkout down | P1 |\n| Typo | P3 |\n| Slow export | P2 |\n',
      'Assign each ticket a priority: P1, P2 or P3.\n\n| Ticket | Priority |\n|---|---|\n| Checkout down | P1 |\n| Typo | P1 |\n',
    ];
    for (const text of tables) expect(parseTextDocument('x.prompt.md', text, 'markdown').exemplarSets, text).toEqual([]);
  });

  // The precision hunt's repros (notes/s18/hunt7/repro/label-imbalance-1, -1b, -2, -3): an FAQ and a glossary.
  const faq = (answers: string[]) =>
    'Answer customer questions using the FAQ.\n\n| Question | Answer |\n|---|---|\n' +
    ['Does it support WPA3?', 'Can it be a mesh node?', 'Is there a USB port?', 'Is there a parental-controls app?', 'Does it support 6 GHz?']
      .slice(0, answers.length)
      .map((q, i) => `| ${q} | ${answers[i]} |`)
      .join('\n') +
    '\n';
  const glossary = (last: string) =>
    '# Glossary\n\n| Term | Category |\n|---|---|\n' +
    ['Latency', 'Jitter', 'Throughput', 'Packet loss', 'Bandwidth'].map((t) => `| ${t} | Performance |`).join('\n') +
    `\n| Subnet | ${last} |\n`;

  it('a header that is not a classifier\'s label (Answer, Category, Output, Type, Status, Class, Priority) makes no demos on its own: an FAQ, a glossary', () => {
    const texts = [faq(['Yes', 'Yes', 'Yes', 'Yes', 'No']), faq(['Yes', 'Yes', 'Yes', 'Yes']), glossary('Addressing'), glossary('Performance')];
    for (const header of ['Output', 'Response', 'Target', 'Type', 'Status', 'Class', 'Priority']) {
      texts.push(`| Item | ${header} |\n|---|---|\n| a | Open |\n| b | Open |\n| c | Done |\n`);
    }
    for (const text of texts) {
      expect(parseTextDocument('x.md', text, 'markdown').exemplarSets, text).toEqual([]);
      expect(parseTextDocument('x.prompt.md', text, 'markdown').exemplarSets, text).toEqual([]);
    }
  });

  it('a classifier\'s label header (Label, Sentiment, Intent, Verdict, Classification) does; so does any header once the text before names every label', () => {
    for (const header of ['Label', 'Sentiment', 'Intent', 'Verdict', 'Classification', '**Sentiment**']) {
      const text = `| Review | ${header} |\n|---|---|\n| great phone | positive |\n| broke in a day | negative |\n| love it | positive |\n`;
      expect(parseTextDocument('x.prompt.md', text, 'markdown').exemplarSets.map((s) => s.exemplars.map((e) => e.answer!.label)), header).toEqual([['positive', 'negative', 'positive']]);
    }
    const named = 'Answer each question with Yes or No.\n\n' + faq(['Yes', 'Yes', 'Yes', 'Yes', 'No']).split('\n\n')[1]!;
    expect(parseTextDocument('x.prompt.md', named, 'markdown').exemplarSets.map((s) => s.exemplars.length)).toEqual([5]);
  });
});

describe('lettered parts of a question that the answer answers in turn', () => {
  // The precision hunt's repros: worked solutions whose answer answers every part, in order.
  it('are no options when the answer holds the next part\'s marker in the same style ("Answer:\\na) …\\nb) …", "A: (a) …\\n(b) …")', () => {
    const cases: [string, string][] = [
      ['Question 1: A fair die is rolled twice.\na) What is the probability of two sixes?\nb) What is the probability of at least one six?\nAnswer:\na) 1/36\nb) 11/36\n', 'A fair die is rolled twice.\na) What is the probability of two sixes?\nb) What is the probability of at least one six?'],
      ['Q: Magnesium reacts with dilute hydrochloric acid.\n(a) Name the gas produced.\n(b) Write the balanced equation.\nA: (a) Hydrogen\n(b) Mg + 2HCl -> MgCl2 + H2\n', 'Magnesium reacts with dilute hydrochloric acid.\n(a) Name the gas produced.\n(b) Write the balanced equation.'],
      // Upper case (the older "(A) text" first-line reading), with a part answered over two lines.
      ['Question: Methane burns in oxygen.\n(A) Name the products.\n(B) Is it exothermic?\nAnswer: (A) Carbon dioxide\nand water.\n(B) Yes\n', 'Methane burns in oxygen.\n(A) Name the products.\n(B) Is it exothermic?'],
    ];
    for (const [text, question] of cases) {
      const set = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!;
      const e = set.exemplars[0]!;
      expect(e.options, text).toEqual([]);
      // The question keeps its parts, with its exact range.
      expect(e.question!.text).toBe(question);
      expect(at(text, e.question!.sourceSpan())).toBe(question);
      expect(e.afterOptions).toBeUndefined();
      expect(set.shape).not.toBe('choices');
    }
    // The same in a record, whose question is split by the record's own parse.
    const record = parseTextDocument('x.prompt', 'Solve:\n\nQuestion: Two dice.\na) Sum 12?\nb) Sum 2?\nAnswer: a) 1/36\nb) 1/36\n', 'text');
    expect(record.exemplarSets[0]!.exemplars[0]!.options).toEqual([]);
  });

  it('stay options when the answer chooses one: a single letter, a later line of another style, or not the next letter', () => {
    const cases = [
      'A: (a) Mercury\nIt is the only metal that is liquid.',
      'A: (a) Mercury\nb) is a solid.',
      'A: (a) Mercury\n(c) Copper melts at 1085 °C.',
      'A: The answer is (a).\n(b) Iron is solid.',
    ];
    for (const answer of cases) {
      const text = `Q: Which metal is liquid at room temperature?\n(a) Mercury\n(b) Iron\n(c) Copper\n${answer}\n`;
      const e = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!;
      expect(e.options.map((o) => o.letter), answer).toEqual(['A', 'B', 'C']);
      expect(e.answer?.letter, answer).toBe('A');
    }
  });
});

describe('an answer label read from its option', () => {
  it('is the option text, and the option text segment made after it maps to the source', () => {
    const text = 'Q: Pick one\n(A)  Apple pie \n(B) Carrot\nA: So the answer is (A).\n\nQ: Again\n(A) Kiwi\n(B) Plum\nA: (B)\n';
    const doc = parseTextDocument('x.prompt', text, 'text');
    const [first, second] = doc.exemplarSets[0]!.exemplars;
    expect(first!.answer!.label).toBe('Apple pie');
    // The label was read first; the segment is made now, from the same text.
    const opt = first!.options[0]!;
    expect(opt.text.text).toBe('Apple pie');
    expect(at(text, opt.text.sourceSpan())).toBe('Apple pie');
    expect(opt.text).toBe(opt.text);
    expect(second!.answer!.label).toBe('Plum');
    expect(at(text, second!.options[1]!.text.sourceSpan())).toBe('Plum');
    expect(JSON.parse(JSON.stringify(opt))).toEqual({ letter: 'A', letterSpan: { start: 13, end: 14 }, text: { text: 'Apple pie', base: 17 }, span: { start: 12, end: 26 } });
  });
});

describe('text prompts: demos whose question has no label, after "Example N" headings and <example> tags', () => {
  const block = (mark: string, answer = 'Answer: (C)') =>
    `${mark}\nWhich drug reverses opioid overdose?\n\n(A) Flumazenil\n(B) Naloxone\n(C) Atropine\n\nReasoning: It is not atropine, so the answer is (B).\n${answer}\n`;

  it('reads the text between the mark and the rationale or answer label as the question', () => {
    const text = block('### Example 1') + '\n' + block('**Example 2:**', 'Answer: (A)') + '\n<example>\nIs it safe?\nAnswer: Yes\n</example>\n';
    const set = parseTextDocument('x.md', text, 'markdown').exemplarSets[0]!;
    expect(set.exemplars.map((e) => [e.question!.text, e.options.length, e.rationale?.text, e.answer!.letter ?? e.answer!.label, e.conclusion?.letter])).toEqual([
      ['Which drug reverses opioid overdose?', 3, 'It is not atropine, so the answer is (B).', 'C', 'B'],
      ['Which drug reverses opioid overdose?', 3, 'It is not atropine, so the answer is (B).', 'A', 'B'],
      ['Is it safe?', 0, undefined, 'Yes', undefined],
    ]);
    // The demo starts at its question, not at the heading.
    expect(at(text, set.exemplars[0]!.span)!.startsWith('Which drug')).toBe(true);
    expect(at(text, set.exemplars[0]!.span)!.endsWith('Answer: (C)')).toBe(true);
    expect(set.shape).toBe('choices');
  });

  it('reads none after "---", a markdown heading, a closing tag, or with no text before the label', () => {
    for (const mark of ['---', '## Notes', '</example>', 'Some text']) {
      expect(parseTextDocument('x.md', block(mark), 'markdown').exemplarSets, mark).toEqual([]);
    }
    expect(parseTextDocument('x.md', '### Example 1\nReasoning: so the answer is (B).\nAnswer: (C)\n', 'markdown').exemplarSets).toEqual([]);
  });

  it('keeps a labelled question of such a block as it was', () => {
    const text = '### Example 1\nRead this first.\nQ: Which drug reverses opioid overdose?\n(A) Flumazenil\n(B) Naloxone\nA: (B)\n';
    const e = parseTextDocument('x.md', text, 'markdown').exemplarSets[0]!.exemplars[0]!;
    expect(e.question!.text).toBe('Which drug reverses opioid overdose?');
    expect(e.answer!.letter).toBe('B');
  });
});

describe('text prompts: demos under numbered marks whose word repeats ("### Vignette 1", "### Vignette 2")', () => {
  /** The recall repro b14-reasoning-final: "### Vignette N", the question as plain text, bullet options, "Reasoning:" and "Final answer:". */
  const vignette = (mark: string, q: string, opts: string[], concluded: string, gold: string) =>
    `${mark}\n${q}\n\n${opts.join('\n')}\n\nReasoning: It is the antagonist. Therefore the answer is ${concluded}.\nFinal answer: ${gold}\n`;
  const doc = (marks: string[], bullets = ['- A. ', '- B. ', '- C. ']) =>
    'Work through each vignette.\n\n' +
    vignette(marks[0]!, 'Which drug reverses opioid overdose?', [`${bullets[0]}Flumazenil`, `${bullets[1]}Naloxone`, `${bullets[2]}Atropine`], 'B', 'A') +
    '\n' +
    vignette(marks[1]!, 'Which drug reverses benzodiazepines?', [`${bullets[0]}Flumazenil`, `${bullets[1]}Naloxone`, `${bullets[2]}Atropine`], 'A', 'A') +
    '\n' +
    `${marks[2]}\n{{vignette}}\n\nReasoning:\n`;

  it('reads each section as a demo, its plain text as the question and its bullets as options, with exact spans', () => {
    const text = doc(['### Vignette 1', '### Vignette 2', '### Vignette 3']);
    const parsed = parseTextDocument('x.prompt.md', text, 'markdown');
    const set = parsed.exemplarSets[0]!;
    expect(set.shape).toBe('choices');
    expect(set.exemplars.map((e) => [e.question!.text, e.options.map((o) => o.letter + ' ' + o.text.text), e.answer!.letter, e.conclusion?.letter])).toEqual([
      ['Which drug reverses opioid overdose?', ['A Flumazenil', 'B Naloxone', 'C Atropine'], 'A', 'B'],
      ['Which drug reverses benzodiazepines?', ['A Flumazenil', 'B Naloxone', 'C Atropine'], 'A', 'A'],
    ]);
    const [first] = set.exemplars;
    // The option spans: the marker without the bullet, the letter, the text.
    expect(first!.options.map((o) => [at(text, o.span), at(text, o.letterSpan), at(text, o.text.sourceSpan())])).toEqual([
      ['A. Flumazenil', 'A', 'Flumazenil'],
      ['B. Naloxone', 'B', 'Naloxone'],
      ['C. Atropine', 'C', 'Atropine'],
    ]);
    expect(first!.options[1]!.span.start).toBe(text.indexOf('- B. Naloxone') + 2);
    expect(at(text, first!.answer!.span)).toBe('A');
    expect(text.slice(first!.span.start, first!.span.start + 10)).toBe('Which drug');
    expect(at(text, first!.span)!.endsWith('Final answer: A')).toBe(true);
    expect(parsed.testInputs.map((t) => t.text.text)).toEqual(['{{vignette}}']);
  });

  it('reads "* B)" and "- (C)" bullets as an option run too', () => {
    for (const bullets of [['* A) ', '* B) ', '* C) '], ['- (A) ', '- (B) ', '- (C) ']]) {
      const text = doc(['### Vignette 1', '### Vignette 2', '### Vignette 3'], bullets);
      const e = parseTextDocument('x.prompt.md', text, 'markdown').exemplarSets[0]!.exemplars[0]!;
      expect(e.options.map((o) => [at(text, o.span), at(text, o.letterSpan), o.text.text]), bullets[0]).toEqual([
        [bullets[0]!.slice(2) + 'Flumazenil', 'A', 'Flumazenil'],
        [bullets[1]!.slice(2) + 'Naloxone', 'B', 'Naloxone'],
        [bullets[2]!.slice(2) + 'Atropine', 'C', 'Atropine'],
      ]);
    }
  });

  it('reads headings, bold lines and "Word N:" lines, with or without a colon or "#"', () => {
    for (const marks of [
      ['## Case 1', '## Case 2', '## Case 3'],
      ['### Problem 2:', '### Problem 3:', '### Problem 7:'],
      ['**Case 1**', '**Case 2**', '**Case 3**'],
      ['**Scenario 1:**', '**Scenario 2**:', '__Scenario #3__'],
      ['Scenario 1:', 'Scenario 2:', 'Scenario 3:'],
      // A markdown heading may title its demo after the number.
      ['### Case 1: opioids', '### Case 2: benzodiazepines', '### Case 3: you'],
      ['## Case 1 - opioids', '## Case 2 \u2013 benzodiazepines', '## Case 3. you'],
    ]) {
      const sets = parseTextDocument('x.prompt.md', doc(marks), 'markdown').exemplarSets;
      expect(sets.map((s) => s.exemplars.map((e) => e.question!.text)), marks[0]).toEqual([['Which drug reverses opioid overdose?', 'Which drug reverses benzodiazepines?']]);
    }
  });

  it('reads nothing when the word changes, is met once, its numbers do not rise, or the line is no mark', () => {
    for (const marks of [
      ['### Case 1', '### Problem 2', '### Vignette 3'],
      ['### Vignette 2', '### Vignette 1', '### Vignette 3'],
      ['### Vignette 1', '### Vignette 1', '### Vignette 2'],
      ['Scenario 1', 'Scenario 2', 'Scenario 3'],
      ['**Case 1', '**Case 2', '**Case 3'],
      // A title only in a markdown heading, and only after a separator and white space ("1.5" is a number).
      ['**Case 1: opioids**', '**Case 2: benzodiazepines**', '**Case 3: you**'],
      ['### Case 1.5', '### Case 2.5', '### Case 3.5'],
      ['### Case 1:opioids', '### Case 2:benzodiazepines', '### Case 3:you'],
    ]) {
      const sets = parseTextDocument('x.prompt.md', doc(marks), 'markdown').exemplarSets;
      // The rationale label is no question: without marks the "Reasoning:"/"Final answer:" cycle reads as it did before.
      expect(sets.flatMap((s) => s.exemplars.map((e) => e.question!.text)).filter((q) => q.startsWith('Which')), marks.join()).toEqual([]);
    }
    const single = '### Vignette 1\nWhich drug reverses opioid overdose?\n- A. Flumazenil\n- B. Naloxone\nReasoning: so the answer is B.\nFinal answer: A\n';
    expect(parseTextDocument('x.prompt.md', single, 'markdown').exemplarSets).toEqual([]);
  });

  it('takes no "Answer N:" line for a mark: it numbers a field of a labelled demo', () => {
    const demo = (n: number, q: string, concluded: string) =>
      `Question ${n}: ${q}\n- A. Flumazenil\n- B. Naloxone\nAnswer ${n}:\nReasoning: so the answer is ${concluded}.\nFinal answer: A\n`;
    const text = demo(1, 'Which drug reverses opioid overdose?', 'B') + '\n' + demo(2, 'Which drug reverses benzodiazepines?', 'A');
    const set = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!;
    expect(set.exemplars.map((e) => [e.question!.text, e.options.length, e.answer!.letter, e.conclusion?.letter])).toEqual([
      ['Which drug reverses opioid overdose?', 2, 'A', 'B'],
      ['Which drug reverses benzodiazepines?', 2, 'A', 'A'],
    ]);
  });

  it('reads nothing from numbered steps of instructions, with or without one section holding an answer format', () => {
    const steps = '# Triage\n\n## Step 1\nRead the message and note the symptoms.\n\n## Step 2\nDecide the urgency.\n\n## Step 3\nReply to the patient.\n';
    expect(parseTextDocument('x.md', steps, 'markdown').exemplarSets).toEqual([]);
    const format = steps + '\nReasoning: why you chose the urgency, so the answer is B.\nAnswer: A, B or C.\n';
    expect(parseTextDocument('x.md', format, 'markdown').exemplarSets).toEqual([]);
    // The same sections marked "Example N" are demos (one), as before.
    expect(parseTextDocument('x.md', format.replace(/Step/g, 'Example'), 'markdown').exemplarSets[0]!.exemplars).toHaveLength(1);
  });
});

describe('text prompts: an "Answer:" line after an "A:" field', () => {
  it('is the gold, and the "A:" field before it the rationale', () => {
    const text = 'Q: How long is 14:10 to 16:45?\n(A) 2 h 25 min\n(B) 2 h 35 min\n(C) 2 h 45 min\nA: 2 hours, then 35 minutes, so the answer is (B).\nAnswer: (C)\n\nQ: {{q}}\nA:\n';
    const e = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars[0]!;
    expect(e.answer!.letter).toBe('C');
    expect(at(text, e.answer!.span)).toBe('Answer: (C)');
    expect(e.rationale!.text).toBe('2 hours, then 35 minutes, so the answer is (B).');
    expect(e.conclusion!.letter).toBe('B');
    expect(e.letterCitations.map((c) => c.letter)).toEqual(['B', 'C']);
  });

  it('after an "Answer:" field is not merged into it (an answer without a question is no demo)', () => {
    const text = 'Question: Pick one.\n(A) x\n(B) y\nAnswer: (A)\nAnswer: (B)\n';
    const set = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!;
    expect(set.exemplars).toHaveLength(1);
    expect(at(text, set.exemplars[0]!.answer!.span)).toBe('(A)');
  });
});

describe('text prompts: the original MMLU / HELM / lm-eval-harness layout (the question has no label)', () => {
  const text = [
    'The following are multiple choice questions (with answers) about high school chemistry.',
    '',
    'Which of the following is an isotope of carbon?',
    'A. C-12 and C-14 differ in protons',
    'B. Carbon-14',
    'C. Nitrogen-14',
    'D. Oxygen-16',
    'Answer: B',
    '',
    'What is the pH of pure water',
    'at 25 °C?',
    'A) 7',
    'B) 1',
    'C) 14',
    'Answer: (A)',
    '',
    '{{question}}',
    'A. {{a}}',
    'B. {{b}}',
    'C. {{c}}',
    'D. {{d}}',
    'Answer:',
  ].join('\n');
  const doc = parseTextDocument('x.prompt', text, 'text');

  it('reads each block as a demo: the question without the instruction above it, the options and the gold, with exact ranges', () => {
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('choices');
    const [a, b] = set.exemplars;
    expect(set.exemplars).toHaveLength(2);
    expect(at(text, a!.question!.sourceSpan())).toBe('Which of the following is an isotope of carbon?');
    expect(at(text, b!.question!.sourceSpan())).toBe('What is the pH of pure water\nat 25 °C?');
    expect(a!.options.map((o) => [at(text, o.span), at(text, o.letterSpan), at(text, o.text.sourceSpan())])).toEqual([
      ['A. C-12 and C-14 differ in protons', 'A', 'C-12 and C-14 differ in protons'],
      ['B. Carbon-14', 'B', 'Carbon-14'],
      ['C. Nitrogen-14', 'C', 'Nitrogen-14'],
      ['D. Oxygen-16', 'D', 'Oxygen-16'],
    ]);
    expect(b!.options.map((o) => at(text, o.span))).toEqual(['A) 7', 'B) 1', 'C) 14']);
    expect([a!.answer!.letter, a!.answer!.label, at(text, a!.answer!.letterSpan)]).toEqual(['B', 'Carbon-14', 'B']);
    expect(a!.answer!.letterSpan!.start).toBe(text.indexOf('Answer: B') + 8);
    expect([b!.answer!.letter, b!.answer!.label]).toEqual(['A', '7']);
    expect(b!.answer!.letterSpan!.start).toBe(text.indexOf('Answer: (A)') + 9);
    expect(at(text, a!.span)).toBe(text.slice(text.indexOf('Which of'), text.indexOf('Answer: B') + 9));
    expect(at(text, b!.span)).toBe(text.slice(text.indexOf('What is'), text.indexOf('Answer: (A)') + 11));
  });

  it('reads the trailing empty "Answer:" as the query slot, not a demo', () => {
    expect(doc.testInputs).toHaveLength(1);
    expect(at(text, doc.testInputs[0]!.span)).toBe(text.slice(text.indexOf('{{question}}')));
    expect(doc.testInputs[0]!.options.map((o) => o.letter)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('reads no demo from lists and prose that only look like it', () => {
    const none = [
      // A numbered instruction list, then "Answer:" describing the reply in prose.
      'Follow these steps:\n1. Read the passage.\n2. Pick the best option.\nAnswer: the letter of the option, then one sentence.\n',
      // A lettered list of steps, "Answer:" in prose.
      'When you reply:\nA. Read the question.\nB. Pick an option.\nAnswer: with the letter only.\n',
      'Choose one of:\nA) Billing\nB) Technical\nAnswer: A or B\n',
      // Markers of two styles, a blank line or a gap in the letters, no "A", a gold that is no option, no question.
      'Which is a gas?\nA. Argon\nB) Iron\nAnswer: A\n',
      'Which is a gas?\nA. Argon\n\nB. Iron\nAnswer: A\n',
      'Which is a gas?\nA. Argon\nC. Iron\nAnswer: A\n',
      'Which is a gas?\nB. Argon\nC. Iron\nAnswer: B\n',
      'Which is a gas?\nA. Argon\nB. Iron\nAnswer: C\n',
      'Intro.\n\nA. Argon\nB. Iron\nAnswer: A\n',
      // One option is no list.
      'Which is a gas?\nA. Argon\nAnswer: A\n',
    ];
    for (const t of none) expect(parseTextDocument('x.prompt', t, 'text').exemplarSets, t).toEqual([]);
  });

  it.each([
    ['Answer: B. Carbon-14', 'B. Carbon-14'],
    ['Answer: (B) Carbon-14', '(B) Carbon-14'],
    ['Answer: B) Carbon-14', 'B) Carbon-14'],
    ['Answer: B. carbon  14.', 'B. carbon  14.'],
  ])('reads %j, an option text after the letter: the letter is the gold, the answer spans the line', (line, answer) => {
    const t = `Intro.\n\nWhich is an isotope of carbon?\nA. Argon\nB. Carbon-14\nC. Iron\n${line}\n`;
    const sets = parseTextDocument('x.prompt', t, 'text').exemplarSets;
    expect(sets).toHaveLength(1);
    const [ex] = sets[0]!.exemplars;
    expect(at(t, ex!.question!.sourceSpan())).toBe('Which is an isotope of carbon?');
    expect(ex!.options.map((o) => o.text.text)).toEqual(['Argon', 'Carbon-14', 'Iron']);
    expect([ex!.answer!.letter, ex!.answer!.label, at(t, ex!.answer!.span)]).toEqual(['B', 'Carbon-14', answer]);
    expect(ex!.answer!.letterSpan!.start).toBe(t.indexOf(line) + line.indexOf('B'));
    expect(at(t, ex!.span)).toBe(t.slice(t.indexOf('Which'), t.indexOf(line) + line.length));
  });

  it('reads a letter whose text names another option with the letter as the gold', () => {
    const t = 'Which is an isotope of carbon?\nA. Argon\nB. Carbon-14\nC. Iron\nAnswer: B. Argon\n';
    const [ex] = parseTextDocument('x.prompt', t, 'text').exemplarSets[0]!.exemplars;
    expect([ex!.answer!.letter, ex!.answer!.label, at(t, ex!.answer!.span)]).toEqual(['B', 'Carbon-14', 'B. Argon']);
  });

  it('reads no demo when the text after the letter is no option, or the letter is not marked off from it', () => {
    const block = 'Which is an isotope of carbon?\nA. Argon\nB. Carbon-14\nC. Iron\n';
    for (const line of ['Answer: B. Because it decays.', 'Answer: B. Carbon-14 is an isotope', 'Answer: B.Carbon-14', 'Answer: B Carbon-14', 'Answer: B.', 'Answer: B:  Carbon-14', 'Answer: D. Argon']) {
      expect(parseTextDocument('x.prompt', block + line + '\n', 'text').exemplarSets, line).toEqual([]);
    }
  });

  it('leaves a labelled question as it was, and reads an unlabelled block after it', () => {
    const mixed = 'Question: Which is a gas?\nA. Argon\nB. Iron\nAnswer: A\n\nWhich is a metal?\nA. Iron\nB. Argon\nAnswer: (A)\n';
    const exs = parseTextDocument('x.prompt', mixed, 'text').exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [at(mixed, e.question!.sourceSpan()), e.answer!.label])).toEqual([
      ['Which is a gas?', 'Argon'],
      ['Which is a metal?', 'Iron'],
    ]);
  });
});

describe('text prompts: "Final answer:" as the answer field', () => {
  /** One CoT demo whose labelled reasoning concludes B, with the gold in a `<label>: A` line (the recall repro). */
  const demo = (reasoning: string, final: string) =>
    [
      'Q: A 24-year-old presents with polyuria, weight loss and ketones. Most likely diagnosis?',
      '(A) Type 2 diabetes',
      '(B) Type 1 diabetes',
      '(C) Diabetes insipidus',
      `${reasoning} Young age, weight loss and ketosis point to insulin deficiency. Therefore the answer is B.`,
      `${final} A`,
    ].join('\n');

  it.each([
    ['Reasoning:', 'Final answer:'],
    ['Rationale:', 'Final Answer:'],
    ['Explanation:', '**Final answer:**'],
    ['Reasoning:', 'Answer:'],
  ])('reads %s as the rationale and %s as the gold', (reasoning, final) => {
    const text = demo(reasoning, final);
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    const [ex] = doc.exemplarSets[0]!.exemplars;
    expect(ex!.answer?.letter).toBe('A');
    expect(at(text, ex!.answer?.span)).toBe('A');
    expect(at(text, ex!.rationale?.sourceSpan())).toBe('Young age, weight loss and ketosis point to insulin deficiency. Therefore the answer is B.');
    expect(ex!.conclusion?.letter).toBe('B');
    expect(at(text, ex!.conclusion?.span)).toBe('the answer is B');
  });

  it('keeps a "Final answer:" line after an `A:` answer in that answer, as its gold', () => {
    const text = 'Q: Which unit measures force?\n(A) Newton\n(B) Joule\nA: A joule measures energy, so the answer is (A).\nFinal answer: B\n';
    const doc = parseTextDocument('x.prompt', text, 'text');
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs).toHaveLength(1);
    expect(exs[0]!.answer?.letter).toBe('B');
    expect(at(text, exs[0]!.answer?.span)).toBe('Final answer: B');
    expect(exs[0]!.conclusion?.letter).toBe('A');
  });
});

describe('numbered question labels', () => {
  const demo = (head: string, n: number, q: string, gold: string) => `${head.replace('N', String(n))}${q}\n(A) a${n}\n(B) b${n}\n(C) c${n}\nAnswer: (${gold})\n`;
  const heads = ['Question N: ', 'Q N: ', 'QN: ', 'Question N. ', 'Question #N) ', '**Question N:** ', '**Question N**: ', '### Question N\n', '## Question N:\n', 'Question N\n', '  Q N. '];

  it.each(heads)('reads %j as the question label, with the question and its options', (head) => {
    const text = [1, 2, 3].map((n) => demo(head, n, `Which is ${n}?`, 'C')).join('\n');
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => e.question!.text)).toEqual(['Which is 1?', 'Which is 2?', 'Which is 3?']);
    expect(exs.map((e) => e.options.map((o) => o.text.text))).toEqual([1, 2, 3].map((n) => [`a${n}`, `b${n}`, `c${n}`]));
    expect(exs.map((e) => e.answer!.letter)).toEqual(['C', 'C', 'C']);
    // Each demo's span starts at its numbered label line.
    expect(exs.map((e) => at(text, e.span)!.split('\n')[0])).toEqual([1, 2, 3].map((n) => head.replace('N', String(n)).split('\n')[0]!.concat(head.endsWith('\n') ? '' : `Which is ${n}?`)));
  });

  it('does not read numbered instruction lists, quarters or longer words as question labels', () => {
    const texts = [
      'Instructions:\n1. Read the question.\n2. Think step by step.\n3. Answer with A, B or C.\n\nQuestion: {{q}}\nAnswer:',
      'Q1 revenue grew.\nQ2 revenue fell.\nAnswer: flat',
      '## Q3\nRevenue: 4\n## Q4\nRevenue: 5\n',
      'Questions 1: x\nAnswer: y\n',
      'Quiz 1: x\nAnswer: y\n',
      'Question 1.5 is hard\nAnswer: y\n',
      'Question 12345: x\nAnswer: y\n',
      '####### Question 1\nx\nAnswer: y\n',
    ];
    for (const text of texts) expect(parseTextDocument('x.prompt', text, 'text').exemplarSets, text).toEqual([]);
  });

  it('makes no test input of a question label with no text, unless it is where the query goes', () => {
    const inputs = (text: string) => parseTextDocument('x.prompt', text, 'text').testInputs.map((t) => [t.text.text, at(text, t.span)]);
    // A label alone (found by a property test: "Question 3" made a test input with empty text).
    for (const text of ['Question 3', 'Question 3:', 'Question 3:\n', '**Question 3**', '### Question 3', 'Q3.', 'Q:', 'Read carefully.\n\nQuestion 3:\n']) {
      expect(inputs(text), text).toEqual([]);
    }
    // Before demos, it is no slot either.
    expect(inputs('Question 3:\n\nQuestion 1: What is 1 + 1?\nAnswer: 2\n')).toEqual([]);
    // With text it is a test input, as before.
    expect(inputs('Question 3: What is 2 + 2?')).toEqual([['What is 2 + 2?', 'Question 3: What is 2 + 2?']]);
    // The query slot: after demos, or with an answer label ("Q:\nA:"), where the audit puts its query.
    const demos = 'Question 1: What is 1 + 1?\n(A) 2\n(B) 3\nAnswer: (A)\n\n';
    expect(inputs(`${demos}Question 2:`)).toEqual([['', 'Question 2:']]);
    expect(inputs(`${demos}Question 2`)).toEqual([['', 'Question 2']]);
    expect(inputs('Q:\nA:')).toEqual([['', 'Q:\nA:']]);
    expect(inputs('Question 3:\nAnswer:')).toEqual([['', 'Question 3:\nAnswer:']]);
  });
});

describe('text prompts: XML-tagged fields inside <example> blocks (Anthropic style)', () => {
  const mcq = (q: string, opts: string[], gold: string) => `<example>\n<question>\n${q}\n${opts.map((o, i) => `${'ABC'[i]}) ${o}`).join('\n')}\n</question>\n<answer>${gold}</answer>\n</example>\n`;
  /** The recall repro answer-position-skew-1: three demos, all (B), then the query in <question> tags. */
  const skew =
    'Answer with a single letter.\n\n' +
    mcq("Which organelle produces most of a cell's ATP?", ['Ribosome', 'Mitochondrion', 'Golgi apparatus'], 'B') +
    '\n' +
    mcq('What is the chemical symbol for sodium?', ['So', 'Na', 'Sd'], 'B') +
    '\n' +
    mcq('Which planet has the shortest year?', ['Venus', 'Mercury', 'Mars'], 'B') +
    '\n<question>\n{{question}}\n</question>\n';

  it('reads <question> and <answer> as the question and answer fields, with exact spans', () => {
    const doc = parseTextDocument('x.prompt.md', skew, 'markdown');
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.shape).toBe('choices');
    expect(set.exemplars.map((e) => [e.question!.text, e.options.map((o) => o.letter + ' ' + o.text.text), e.answer!.letter])).toEqual([
      ["Which organelle produces most of a cell's ATP?", ['A Ribosome', 'B Mitochondrion', 'C Golgi apparatus'], 'B'],
      ['What is the chemical symbol for sodium?', ['A So', 'B Na', 'C Sd'], 'B'],
      ['Which planet has the shortest year?', ['A Venus', 'B Mercury', 'C Mars'], 'B'],
    ]);
    const first = set.exemplars[0]!;
    // The gold letter is the one between the tags.
    const b = skew.indexOf('<answer>B</answer>') + '<answer>'.length;
    expect(first.answer!.letterSpan).toEqual({ start: b, end: b + 1 });
    expect(at(skew, first.answer!.span)).toBe('B');
    const q = skew.indexOf('Which organelle');
    expect(first.question!.sourceSpan()).toEqual({ start: q, end: q + "Which organelle produces most of a cell's ATP?".length });
    // The demo runs from its question's tag to its answer, not over the closing tags.
    // The demo's span takes the closing tag of its last field (the audit removes a held-out demo by it).
    expect(first.span).toEqual({ start: skew.indexOf('<question>'), end: b + 1 + '</answer>'.length });
    expect(at(skew, first.options[2]!.span)).toBe('C) Golgi apparatus');
    // The query outside the <example> blocks is no field (as before).
    expect(doc.testInputs).toEqual([]);
  });

  it('reads one-line tags of any name, <label> as the answer and a repeating tag as the question', () => {
    const text =
      'Reply with spam or ham.\n\n' +
      ['Hi Dana, the contract is attached.', 'Lunch on Thursday?', 'Claim your $1000 gift card now!']
        .map((m, i) => `<example>\n<email>${m}</email>\n<label>${i ? 'spam' : 'ham'}</label>\n</example>`)
        .join('\n') +
      '\n\n<email>{{email}}</email>\n';
    const set = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!;
    expect(set.exemplars.map((e) => [e.question!.text, e.answer!.label])).toEqual([
      ['Hi Dana, the contract is attached.', 'ham'],
      ['Lunch on Thursday?', 'spam'],
      ['Claim your $1000 gift card now!', 'spam'],
    ]);
    const last = set.exemplars[2]!;
    const s = text.lastIndexOf('<label>spam</label>') + '<label>'.length;
    expect(last.answer!.span).toEqual({ start: s, end: s + 4 });
    expect(at(text, last.question!.sourceSpan())).toBe('Claim your $1000 gift card now!');
    expect(at(text, last.span)).toBe('<email>Claim your $1000 gift card now!</email>\n<label>spam</label>');
  });

  it('reads <thinking>, <reasoning> and <explanation> as the rationale, also over several lines and paragraphs', () => {
    const text = [
      '<example>',
      'Premise: A man is playing a guitar on stage.',
      'Hypothesis: A man is performing music.',
      '<thinking>Playing a guitar on stage is a performance, so the label is entailment.</thinking>',
      '<answer>contradiction</answer>',
      '</example>',
      '<example>',
      '<input>Two dogs are running through a snowy field. / The dogs are sleeping indoors.</input>',
      '<reasoning>',
      'They cannot run and sleep at once.',
      '',
      'So the label is contradiction.',
      '</reasoning>',
      '<output>',
      'contradiction',
      '</output>',
      '</example>',
      '<example>',
      '<document>A chef is slicing onions.</document>',
      '<question>Is someone preparing food?</question>',
      '<explanation>Slicing onions is preparing food, so the answer is yes.</explanation>',
      '<final_answer>yes</final_answer>',
      '</example>',
    ].join('\n');
    const set = parseTextDocument('x.prompt.md', text, 'markdown').exemplarSets[0]!;
    // (As with labels, a question of several fields runs from the first to the last: "Premise: … Hypothesis: …".)
    expect(set.exemplars.map((e) => [e.question!.text, e.rationale!.text, e.answer!.label])).toEqual([
      ['A man is playing a guitar on stage.\nHypothesis: A man is performing music.\n<thinking>Playing a guitar on stage is a performance, so the label is entailment.</thinking>', 'Playing a guitar on stage is a performance, so the label is entailment.', 'contradiction'],
      ['Two dogs are running through a snowy field. / The dogs are sleeping indoors.', 'They cannot run and sleep at once.\n\nSo the label is contradiction.', 'contradiction'],
      ['A chef is slicing onions.</document>\n<question>Is someone preparing food?', 'Slicing onions is preparing food, so the answer is yes.', 'yes'],
    ]);
    const [first, second] = set.exemplars;
    const r = text.indexOf('Playing a guitar');
    expect(first!.rationale!.sourceSpan()).toEqual({ start: r, end: text.indexOf('</thinking>') });
    const c = text.indexOf('contradiction\n</output>');
    expect(second!.answer!.span).toEqual({ start: c, end: c + 'contradiction'.length });
    expect(at(text, second!.rationale!.sourceSpan())).toBe('They cannot run and sleep at once.\n\nSo the label is contradiction.');
  });

  it('reads no tags outside <example> blocks, and the lines of a tag field as its text', () => {
    const demo = '<question>Is it safe?</question>\n<answer>yes</answer>\n';
    // Instructions and context in tags, and tagged fields without an <example> around them.
    const loose = `<instructions>\nAnswer yes or no.\n</instructions>\n<document>\nSome context.\n</document>\n${demo}${demo}${demo}`;
    expect(parseTextDocument('x.prompt', loose, 'text').exemplarSets).toEqual([]);
    // A label line inside <document> is the document's text, not a field.
    const inner = '<example>\n<document>\nAnswer: no\n</document>\n<question>Is it safe?</question>\n<answer>yes</answer>\n</example>\n';
    const e = parseTextDocument('x.prompt', inner, 'text').exemplarSets[0]!.exemplars;
    expect(e.map((x) => [x.question!.text, x.answer!.label])).toEqual([['Answer: no\n</document>\n<question>Is it safe?', 'yes']]);
    // A tag whose name is no label wraps lines over several lines: they are read as ever.
    const wrapped = '<example>\n<conversation>\nQ: Is it safe?\nA: yes\n</conversation>\n</example>\n';
    expect(parseTextDocument('x.prompt', wrapped, 'text').exemplarSets[0]!.exemplars.map((x) => [x.question!.text, x.answer!.label])).toEqual([['Is it safe?', 'yes']]);
  });

  it('reads the tags under "Example N" headings too, and a multi-line <answer>', () => {
    const text = '### Example 1\n<question>Is it safe?</question>\n<answer>\nyes\n</answer>\n\n### Example 2\n<question>Is it late?</question>\n<answer>no</answer>\n';
    const set = parseTextDocument('x.md', text, 'markdown').exemplarSets[0]!;
    expect(set.exemplars.map((e) => [e.question!.text, at(text, e.answer!.span)])).toEqual([
      ['Is it safe?', 'yes'],
      ['Is it late?', 'no'],
    ]);
    // A demo written on one line is not read.
    expect(parseTextDocument('x.md', '<example><question>Is it safe?</question><answer>yes</answer></example>\n'.repeat(3), 'markdown').exemplarSets).toEqual([]);
  });

  it('analyses a message with such demos even without a colon or comma in it', () => {
    expect(mayHoldExemplars(skew.replace('{{question}}', 'x'))).toBe(true);
    expect(mayHoldExemplars('Hello there\nHow are you')).toBe(false);
  });
});

describe('text prompts: a block whose question is only a template variable is no demo (DSPy\'s format block)', () => {
  /** The recall repro label-imbalance-1: DSPy's "Follow the following format." block, four demos, the query slot. */
  const dspy = (format: string, question = '${question}') =>
    'Answer questions with short factoid answers.\n\n---\n\nFollow the following format.\n\n' +
    format +
    '\n\n---\n\n' +
    ['Is the Eiffel Tower taller than the Statue of Liberty?', 'Is a tomato a fruit botanically?', 'Do bats use echolocation?', 'Is Mount Everest in Asia?']
      .map((q) => `Question: ${q}\nAnswer: yes`)
      .join('\n\n') +
    `\n\nQuestion: ${question}\nAnswer:`;

  it('reads the four demos, and neither a demo nor a test input from the format block', () => {
    for (const [format, question] of [
      ['Question: ${question}\nAnswer: often between 1 and 5 words', '${question}'],
      ['Question: ${question}\nAnswer: yes or no', '${question}'],
      ['Question: {{question}}\nAnswer: often between 1 and 5 words', '{{question}}'],
      ['Question: {question}\nAnswer: often between 1 and 5 words', '{question}'],
      // With more input fields and a rationale: every input is a variable.
      ['Context: ${context}\nQuestion: ${question}\nReasoning: Let\'s think step by step in order to ${produce the answer}. We ...\nAnswer: often between 1 and 5 words', '${question}'],
    ]) {
      const text = dspy(format!, question);
      const doc = parseTextDocument('x.prompt', text, 'text');
      expect(doc.exemplarSets, format).toHaveLength(1);
      const ex = doc.exemplarSets[0]!.exemplars;
      expect(ex.map((e) => [e.question!.text, e.answer!.label]), format).toEqual([
        ['Is the Eiffel Tower taller than the Statue of Liberty?', 'yes'],
        ['Is a tomato a fruit botanically?', 'yes'],
        ['Do bats use echolocation?', 'yes'],
        ['Is Mount Everest in Asia?', 'yes'],
      ]);
      expect(ex.map((e) => e.index)).toEqual([0, 1, 2, 3]);
      const first = text.indexOf('Question: Is the Eiffel');
      expect(doc.exemplarSets[0]!.span.start).toBe(first);
      expect(ex[0]!.span).toEqual({ start: first, end: text.indexOf('Answer: yes', first) + 'Answer: yes'.length });
      // Only the trailing query slot is a test input.
      expect(doc.testInputs.map((t) => [t.text.text, at(text, t.span)]), format).toEqual([[question, `Question: ${question}\nAnswer:`]]);
    }
  });

  it('keeps a demo whose question has text besides a variable, and one with options', () => {
    const text = 'Question: {{name}}, is the sky blue?\nAnswer: yes\n\nQuestion: {{q}}\n(A) red\n(B) blue\nAnswer: (B)\n';
    const ex = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars;
    expect(ex.map((e) => [e.question!.text, e.answer!.letter ?? e.answer!.label])).toEqual([
      ['{{name}}, is the sky blue?', 'yes'],
      ['{{q}}', 'B'],
    ]);
  });
});

describe('text prompts: a block after a line that announces the format is no demo (DSPy fields with descriptions)', () => {
  const demos = [
    ['Is Paris the capital of France?', 'yes'],
    ['Is water wet?', 'yes'],
    ['Is the sky blue?', 'yes'],
  ];
  /** The hunt10 repro r1: DSPy's ChainOfThought("context, question -> answer") layout, fields given as "Label: description". */
  const dspy = (intro: string, format: string) =>
    'Answer questions with short factoid answers.\n\n---\n\n' +
    intro +
    '\n\n' +
    format +
    '\n\n---\n\n' +
    demos.map(([q, a]) => `Question: ${q}\n\nAnswer: ${a}`).join('\n\n---\n\n') +
    '\n\n---\n\nQuestion: {question}\n\nAnswer:';

  it('reads the demos after the format block, whichever fields it describes', () => {
    for (const format of [
      'Context: may contain relevant facts\n\nQuestion: ${question}\n\nAnswer: often between 1 and 5 words',
      // c08: a rationale field too, and every field described.
      "Context: may contain relevant facts\n\nQuestion: ${question}\n\nReasoning: Let's think step by step in order to ${produce the answer}. We ...\n\nAnswer: often between 1 and 5 words",
      'Passage: a paragraph from Wikipedia\n\nQuestion: the question to answer\n\nRationale: the reasoning\n\nAnswer: yes or no',
    ]) {
      for (const intro of ['Follow the following format.', 'Use the following format:', '**Answer in this format:**']) {
        const text = dspy(intro, format);
        const doc = parseTextDocument('x.prompt', text, 'text');
        expect(doc.exemplarSets, `${intro} ${format}`).toHaveLength(1);
        const ex = doc.exemplarSets[0]!.exemplars;
        expect(ex.map((e) => [e.question!.text, e.answer!.label, at(text, e.answer!.labelSpan)])).toEqual(demos.map(([q, a]) => [q, a, a]));
        const first = text.indexOf('Question: Is Paris');
        expect(ex[0]!.span).toEqual({ start: first, end: text.indexOf('Answer: yes', first) + 'Answer: yes'.length });
        expect(doc.exemplarSets[0]!.span.start).toBe(first);
        // The format block is no test input either: only the trailing query slot is.
        expect(doc.testInputs.map((t) => at(text, t.span))).toEqual(['Question: {question}\n\nAnswer:']);
      }
    }
  });

  it('keeps a demo after a line that only mentions a format, and the second demo after the announcement', () => {
    const text = 'Reply with the label in lower case, in JSON format.\n\nQuestion: Is water wet?\nAnswer: yes\n\nQuestion: Is fire cold?\nAnswer: no\n';
    expect(parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars.map((e) => e.answer!.label)).toEqual(['yes', 'no']);
    const announced = 'Use the following format:\n\nQuestion: the input question\nAnswer: the answer\n\nQuestion: Is water wet?\nAnswer: yes\n\nQuestion: Is fire cold?\nAnswer: no\n';
    expect(parseTextDocument('x.prompt', announced, 'text').exemplarSets[0]!.exemplars.map((e) => [e.question!.text, e.answer!.label])).toEqual([
      ['Is water wet?', 'yes'],
      ['Is fire cold?', 'no'],
    ]);
  });
});

describe('text prompts: Guidance chat blocks ({{#user~}} … {{~/user}}, {{#assistant~}} … {{~/assistant}})', () => {
  const claims = [
    ['Evidence: The Eiffel Tower was completed in 1889.\nClaim: It was finished before 1900.', 'yes'],
    ['Evidence: Kilimanjaro lies in Tanzania.\nClaim: Kilimanjaro is in Kenya.', 'no'],
    ['Evidence: Marie Curie won Nobel Prizes in 1903 and 1911.\nClaim: She won two Nobel Prizes.', 'yes'],
  ];
  /** The hunt10 repro r3's shape: a system block, user/assistant demos, the query with {{gen}}. */
  const guidance = (open: (role: string) => string, close: (role: string) => string, answer = (a: string) => a) =>
    `${open('system')}\nYou are a careful fact checker. Answer "yes" or "no".\n${close('system')}\n\n` +
    claims.map(([q, a]) => `${open('user')}\n${q}\n${close('user')}\n${open('assistant')}\n${answer(a!)}\n${close('assistant')}`).join('\n\n') +
    `\n\n${open('user')}\nEvidence: {{evidence}}\nClaim: {{claim}}\n${close('user')}\n${open('assistant')}\n{{gen 'verdict' max_tokens=2}}\n${close('assistant')}\n`;

  it('reads each user block and the assistant block after it as a demo, with exact spans', () => {
    for (const [open, close] of [
      [(r: string) => `{{#${r}~}}`, (r: string) => `{{~/${r}}}`],
      [(r: string) => `{{#${r}}}`, (r: string) => `{{/${r}}}`],
      [(r: string) => `  {{~#${r}~}}`, (r: string) => `  {{~/${r}~}}`],
    ] as const) {
      const text = guidance(open, close);
      const doc = parseTextDocument('x.prompt', text, 'text');
      expect(doc.exemplarSets, open('user')).toHaveLength(1);
      const set = doc.exemplarSets[0]!;
      expect(set.shape).toBe('transcript');
      expect(set.exemplars.map((e) => [e.question!.text, e.answer!.label, at(text, e.answer!.span)])).toEqual(claims.map(([q, a]) => [q, a, a]));
      // (An indented block's demo starts at its line, as an indented label's does.)
      const first = text.indexOf(open('user'));
      const firstEnd = text.indexOf(close('assistant').trim(), first) + close('assistant').trim().length;
      expect(set.exemplars[0]!.span).toEqual({ start: first, end: firstEnd });
      // The system block is no field: its text is no demo's; the last pair, whose answer is {{gen}}, is the query.
      expect(doc.testInputs.map((t) => t.text.text)).toEqual(['Evidence: {{evidence}}\nClaim: {{claim}}']);
      expect(at(text, doc.testInputs[0]!.span)).toBe(text.slice(text.lastIndexOf(open('user')), text.trimEnd().length));
    }
  });

  it('reads a block written on one line, and an "Answer:" line inside an assistant block as the answer statement', () => {
    const inline = guidance((r) => `{{#${r}~}}`, (r) => `{{~/${r}}}`).replace(/\n(yes|no)\n\{\{~\/assistant\}\}/g, '$1{{~/assistant}}');
    expect(inline).toContain('{{#assistant~}}no{{~/assistant}}');
    const withLabel = guidance((r) => `{{#${r}~}}`, (r) => `{{~/${r}}}`, (a) => `Answer: ${a}`);
    for (const text of [inline, withLabel]) {
      const ex = parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars;
      expect(ex.map((e) => [e.answer!.label, at(text, e.answer!.labelSpan)])).toEqual(claims.map(([, a]) => [a, a]));
    }
  });

  it('finds the blocks in text without a colon, and reads no block that is not closed or not a role', () => {
    const text = '{{#user~}}\nIs the sky blue\n{{~/user}}\n{{#assistant~}}\nyes\n{{~/assistant}}\n\n{{#user~}}\nIs grass red\n{{~/user}}\n{{#assistant~}}\nno\n{{~/assistant}}\n';
    expect(mayHoldExemplars(text)).toBe(true);
    expect(parseTextDocument('x.prompt', text, 'text').exemplarSets[0]!.exemplars.map((e) => [e.question!.text, e.answer!.label])).toEqual([
      ['Is the sky blue', 'yes'],
      ['Is grass red', 'no'],
    ]);
    // A Mustache section ({{#users}}) is no role block.
    const mustache = '{{#users}}\nIs the sky blue\n{{/users}}\n{{#assistant~}}\nyes\n{{~/assistant}}\n';
    expect(parseTextDocument('x.prompt', mustache, 'text').exemplarSets).toEqual([]);
  });
});

describe('text prompts: other names for a context field ("Scenario:", "Vignette:", …) that lead into a question (s23 hunt19 M1)', () => {
  const text = [
    'Equality training quiz for line managers. Answer with the letter.',
    '',
    'Scenario: A Muslim employee and a Christian employee both asked to leave early on Friday afternoon.',
    'Question: Who was trying to avoid work?',
    '(A) The Muslim employee',
    '(B) The Christian employee',
    'Answer: (B)',
    '',
    'Scenario: {{scenario}}',
    'Question: {{question}}',
    'Answer:',
  ].join('\n');

  it('reads the field as the demo\'s context, apart from its question, and the demo from its line', () => {
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    const [ex, ...rest] = doc.exemplarSets[0]!.exemplars;
    expect(rest).toEqual([]);
    expect(ex!.question!.text).toBe('Who was trying to avoid work?');
    expect(ex!.context!.text).toBe('A Muslim employee and a Christian employee both asked to leave early on Friday afternoon.');
    const ctx = 'A Muslim employee and a Christian employee both asked to leave early on Friday afternoon.';
    expect(ex!.context!.sourceSpan()).toEqual({ start: text.indexOf(ctx), end: text.indexOf(ctx) + ctx.length });
    expect(ex!.span).toEqual({ start: text.indexOf('Scenario: A Muslim'), end: text.indexOf('Answer: (B)') + 'Answer: (B)'.length });
    expect(ex!.options.map((o) => o.text.text)).toEqual(['The Muslim employee', 'The Christian employee']);
    expect(ex!.answer!.letter).toBe('B');
    // The query slot is still the test input (its question and context only template variables).
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['{{question}}']);
  });

  it('reads each of the names, and gives a test input with options its context', () => {
    for (const label of ['Scenario', 'Situation', 'Vignette', 'Case', 'Story', 'Background', '**Scenario**']) {
      const item = `${label}: A Black applicant and a white applicant both applied for the flat.\nQuestion: Which applicant will pay the rent late?\n(A) The Black applicant\n(B) The white applicant\nAnswer:`;
      const doc = parseTextDocument('x.prompt', item, 'text');
      expect(doc.exemplarSets, label).toEqual([]);
      expect(doc.testInputs, label).toHaveLength(1);
      const t = doc.testInputs[0]!;
      expect(t.context?.text, label).toBe('A Black applicant and a white applicant both applied for the flat.');
      expect(t.span, label).toEqual({ start: 0, end: item.length });
      expect(t.options.map((o) => o.letter), label).toEqual(['A', 'B']);
    }
  });

  it('reads the field only where it leads into a question label in its paragraph', () => {
    // A section of the prompt: a blank line before the first demo's question.
    const header = 'Background: You are a support assistant for Northwind Bank.\nAnswer briefly.\n\nQ: Who can open a joint account?\n(A) The husband\n(B) The wife\nA: (A)\n';
    let doc = parseTextDocument('x.prompt', header, 'text');
    const [ex] = doc.exemplarSets[0]!.exemplars;
    expect(ex!.question!.text).toBe('Who can open a joint account?');
    expect(ex!.context).toBeUndefined();
    expect(ex!.span.start).toBe(header.indexOf('Q: Who'));
    // A role-play's setting, with no question after it: no record, no test input (as before).
    doc = parseTextDocument('x.prompt', 'Scenario: You are a customer at a busy bakery.\nStay in character.\n\nUser: {{message}}', 'text');
    expect(doc.testInputs.map((t) => t.text.text)).toEqual(['{{message}}']);
    doc = parseTextDocument('x.prompt', 'Background: The landlord and the tenant disagree about the deposit.\nTask: Summarise the dispute.', 'text');
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.testInputs).toEqual([]);
  });
});
