import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/label-imbalance';
import { defaultConfig, mergeConfig } from '../../server/src/config/schema';
import { binomialUpperTail } from '../../server/src/stats/exact';
import { countUpperTail, demoFacts, EXACT_TAIL_LIMIT } from '../../server/src/rules/shared/fewshot';
import { labelsNamedBefore as namedBefore } from '../../server/src/rules/shared/class-labels';
import { parseDocument } from '../../server/src/parse/index';
import recencyRun from '../../server/src/rules/recency-run';
import { diagnosticsOf, ruleTester } from './helpers';

const labels = (ls: string[]) => [...ls.map((l, i) => `Text: review ${i + 1}\nLabel: ${l}`), 'Text: {{review}}\nLabel:'].join('\n\n');
const jsonl = (ls: string[]) => ls.map((l, i) => JSON.stringify({ input: `ticket ${i}`, label: l })).join('\n') + '\n';

ruleTester(rule).run({
  valid: [
    { name: 'balanced binary labels', text: labels(['Positive', 'Negative', 'Positive', 'Negative']) },
    { name: '3 of 4 is at the share limit, not over it', text: labels(['Positive', 'Positive', 'Negative', 'Positive']) },
    { name: 'two demos are too few', text: labels(['Yes', 'Yes']) },
    { name: 'numbers are values, not classes', text: 'Input: 2+2\nOutput: 4\n\nInput: 1+3\nOutput: 4\n\nInput: 0+4\nOutput: 4\n\nInput: {x}\nOutput:' },
    { name: 'three balanced classes', text: labels(['sports', 'politics', 'tech', 'tech', 'sports', 'politics']) },
    { name: 'maxShare raised', text: labels(['Yes', 'Yes', 'Yes', 'Yes', 'No']), options: { maxShare: 0.9 } },
    { name: 'a 52/48 dataset: significant but immaterial', uri: 'x.jsonl', text: jsonl([...Array(520).fill('a'), ...Array(480).fill('b')]) },
    {
      name: 'a chat whose short replies repeat among free-text ones is no classification set',
      uri: 'order.prompty',
      text: [
        '---\nname: Order taker\nmodel:\n  api: chat\n---\nsystem:\nYou take pizza orders. Acknowledge each item briefly.\n',
        ...['A large pepperoni, please.', 'And a garlic bread.', 'Two cans of cola.'].map((u) => `user:\n${u}\n\nassistant:\nAdded.\n`),
        "user:\nThat's all.\n\nassistant:\nSo that's one large pepperoni, one garlic bread and two colas: £21.40. Collection or delivery?\n",
        'user:\n{{message}}\n',
      ].join('\n'),
    },
    {
      name: 'a support dataset whose courtesy closers repeat among free-text answers',
      uri: 'support.jsonl',
      text: jsonl([...Array(19).fill("You're welcome!"), ...Array.from({ length: 6 }, (_, i) => `Your order #${1000 + i} has shipped and should arrive on Thursday.`)]),
    },
    {
      name: 'a question is a reply, not a label (assistant turns of a chat transcript)',
      uri: 'order.prompty',
      text: [
        '---\nname: Order bot\nmodel:\n  api: chat\n---\nsystem:\nYou take coffee orders. Confirm each item briefly.\n',
        ...['A large latte please', 'Add a blueberry muffin', 'And a small americano'].map((u) => `user:\n${u}\n\nassistant:\nGot it, anything else?\n`),
        'user:\n{{utterance}}\n',
      ].join('\n'),
    },
    {
      // s25 letters hunt (clean/c17, c18): "All 6 records are labelled \"Dear Hiring Manager\"".
      name: 'letters whose first line is the same salutation are no labels (cover letters, reference letters)',
      uri: 'cover-letters.jsonl',
      text:
        [
          ['night-shift nurse', 'I have managed eight-patient assignments for six years.', 'Aisha Rahman'],
          ['warehouse supervisor', 'I have run a twelve-person pick team.', 'Tom Baker'],
          ['junior data analyst', 'I built a dashboard of card fraud rates in SQL.', 'Mei Tanaka'],
          ['barista', 'I have two years behind a busy bar.', 'Carlos Ruiz'],
          ['paralegal', 'I have drafted disclosure bundles for three solicitors.', "Grace O'Neill"],
        ]
          .map(([job, body, name]) =>
            JSON.stringify({
              prompt: `Write a short cover letter for this job: ${job}.`,
              completion: `Dear Hiring Manager,\n\nI am applying for the ${job} role. ${body}\n\nThank you for your consideration.\n${name}`,
            }),
          )
          .join('\n') + '\n',
    },
    {
      name: 'reference letters in chat records, each opening "Dear Admissions Committee,"',
      uri: 'letters.jsonl',
      text:
        ['Emily Chen', 'James Porter', 'Sarah Mitchell', 'Michael Grant', 'Laura Bennett']
          .map((name) =>
            JSON.stringify({
              messages: [
                { role: 'user', content: `Draft a recommendation letter for ${name}, PhD applicant.` },
                { role: 'assistant', content: `Dear Admissions Committee,\n\nI am writing to recommend ${name} for your PhD program.\n\nSincerely,\nProf. David Lee` },
              ],
            }),
          )
          .join('\n') + '\n',
    },
  ],
  invalid: [
    {
      name: 'every demo labelled Yes (the pair brings No into the label space)',
      text: labels(['Yes', 'yes', 'Yes.']),
      errors: [
        {
          messageId: 'degenerate',
          range: [1, 7, 1, 10],
          text: 'Yes',
          severity: 'error',
          data: { counts: { Yes: 3 }, n: 3, label: 'Yes', share: 1, labels: 2, degenerate: true, exemplars: [0, 1, 2] },
        },
      ],
    },
    {
      name: '4 of 5 Positive: over maxShare though not significant (weak, info)',
      text: labels(['Negative', 'Positive', 'Positive', 'Positive', 'Positive']),
      errors: [
        {
          messageId: 'imbalanced',
          range: [4, 7, 4, 15],
          severity: 'info',
          message: '"Positive" is 4 of 5 labels (80%, 50% if balanced; p = 0.375, exact binomial test).',
          data: { counts: { Negative: 1, Positive: 4 }, n: 5, label: 'Positive', count: 4, share: 0.8, pValue: 0.375, exemplars: [1, 2, 3, 4] },
        },
      ],
    },
    {
      name: 'a JSONL dataset where billing dominates three intents',
      uri: 'x.jsonl',
      text: jsonl(['billing', 'billing', 'refund', 'billing', 'billing', 'login', 'billing', 'billing', 'billing', 'billing']),
      errors: [{ messageId: 'imbalanced', range: [0, 29, 0, 36], text: 'billing', severity: 'warning', data: { label: 'billing', count: 8, n: 10, labels: 3 } }],
    },
    {
      // Its claims are the demos' questions since s23 (the FEVER repro): the labels are counted as before.
      name: 'a FEVER-style fact-check set: claim and label, SUPPORTS 6 of 7',
      uri: 'fever.jsonl',
      text:
        [
          ...[1, 2, 3, 4, 5, 6].map((n) => JSON.stringify({ claim: `Nikolaj Coster-Waldau worked with the Fox Broadcasting Company number ${n}.`, label: 'SUPPORTS' })),
          JSON.stringify({ claim: 'Women are too emotional to lead.', label: 'REFUTES' }),
        ].join('\n') + '\n',
      errors: [
        {
          messageId: 'imbalanced',
          range: [0, 93, 0, 101],
          text: 'SUPPORTS',
          severity: 'info',
          message: '"SUPPORTS" is 6 of 7 labels (86%, 50% if balanced; p = 0.125, exact binomial test).',
          data: { counts: { REFUTES: 1, SUPPORTS: 6 }, n: 7, label: 'SUPPORTS', count: 6, exemplars: [0, 1, 2, 3, 4, 5] },
        },
      ],
    },
    {
      name: 'one free-text answer among many labels leaves a labelled set (minLabelledShare 0.9)',
      uri: 'x.jsonl',
      text: jsonl([...Array(9).fill('spam'), 'I cannot tell whether this message is spam or not, sorry.', ...Array(1).fill('not spam')]),
      errors: [{ messageId: 'imbalanced', data: { label: 'spam', count: 9, n: 10 } }],
    },
  ],
});

describe('label-imbalance: statistics', () => {
  it('uses the exact binomial tail against uniform over the label set, Bonferroni-corrected', () => {
    const [d] = diagnosticsOf(rule, { uri: 'x.jsonl', text: jsonl(['b', 'b', 'r', 'b', 'b', 'l', 'b', 'b', 'b', 'b']) });
    expect(d!.data.pValue).toBeCloseTo(3 * binomialUpperTail(10, 1 / 3, 8), 12);
  });

  it('large datasets use a normal approximation that agrees with the exact tail', () => {
    const n = EXACT_TAIL_LIMIT + 1;
    const ps = new Array<number>(n).fill(0.5);
    // From the middle of the distribution to far in the tail (sd is about 16 here).
    for (const k of [Math.ceil(n / 2), Math.ceil(n / 2) + 10, Math.ceil(n / 2) + 30, Math.ceil(n / 2) + 60]) {
      const exact = binomialUpperTail(n, 0.5, k);
      expect(Math.abs(countUpperTail(ps, k) - exact)).toBeLessThan(2e-3);
    }
    // Skewed p: the skewness correction matters.
    const quarter = new Array<number>(n).fill(0.25);
    for (const k of [260, 275, 300]) expect(Math.abs(countUpperTail(quarter, k) - binomialUpperTail(n, 0.25, k))).toBeLessThan(2e-3);
    // Below the limit the tail is exact.
    expect(countUpperTail(new Array<number>(EXACT_TAIL_LIMIT).fill(0.5), 520)).toBe(binomialUpperTail(EXACT_TAIL_LIMIT, 0.5, 520));
  });

  it('a large skewed dataset is reported quickly and strongly', () => {
    const text = jsonl([...Array(4000).fill('spam'), ...Array(1000).fill('ham')]);
    const [d] = diagnosticsOf(rule, { uri: 'x.jsonl', text });
    expect(d!.data).toMatchObject({ label: 'spam', count: 4000, n: 5000 });
    expect(d!.data.pValue as number).toBeLessThan(1e-10);
    expect(d!.severity).toBe('error');
    // The demos listed are capped so JSON and SARIF output stay small.
    expect(d!.data.exemplars).toHaveLength(1000);
    expect(d!.data.spans).toHaveLength(1000);
    expect(d!.data.truncated).toBe(true);
  });
});

describe('label-imbalance: engine integration', () => {
  it('is suppressed by comments and follows configured severity and options', () => {
    const text = labels(['Negative', 'Positive', 'Positive', 'Positive', 'Positive']);
    const lines = text.split('\n');
    const md = [...lines.slice(0, 4), '<!-- biaslens-disable-next-line label-imbalance -->', ...lines.slice(4)].join('\n');
    expect(diagnosticsOf(rule, { text: md, uri: 'x.prompt.md' })).toEqual([]);
    expect(diagnosticsOf(rule, { text: '# biaslens-disable-file label-imbalance\n' + text })).toEqual([]);
    const cfg = mergeConfig(defaultConfig(), { rules: { 'label-imbalance': ['error', { maxShare: 0.7 }] } });
    expect(diagnosticsOf(rule, { text, config: cfg }).map((d) => d.severity)).toEqual(['error']);
    expect(rule.meta.options.parse({})).toEqual({ minExemplars: 3, maxShare: 0.75, alpha: 0.05, minExcess: 0.1, maxLabels: 10, minLabelledShare: 0.9 });
  });
});

describe('label-imbalance: labels the instruction names (shared with suggested-answer: labelsNamedBefore)', () => {
  const router = (instruction: string, ls: string[]) =>
    `${instruction}\nReply with the intent only.\n\n` + [...ls.map((l, i) => `Message: ticket ${i + 1}\nIntent: ${l}`), 'Message: {{message}}\nIntent:'].join('\n\n');
  const sevenOfEight = [...Array(7).fill('billing'), 'technical'];

  it('uses the four labels of "one of: `billing`, `technical`, `account`, `other`" for 7 of 8 billing (recall b07)', () => {
    const text = router("Classify the customer's message into one of: `billing`, `technical`, `account`, `other`.", sevenOfEight);
    const [d, ...rest] = diagnosticsOf(rule, { text, uri: 'x.prompt.md' });
    expect(rest).toEqual([]);
    expect(d!.message).toBe('"billing" is 7 of 8 labels (88%, 25% if balanced over the 4 labels the instruction names; p = 0.002, exact binomial test).');
    expect(d!.data).toMatchObject({ labels: 4, expectedPercent: 25, namedLabels: ['billing', 'technical', 'account', 'other'] });
    expect(d!.data.pValue).toBeCloseTo(4 * binomialUpperTail(8, 1 / 4, 7), 12);
    expect(d!.severity).toBe('warning');
    const line = text.split('\n').findIndex((l) => l === 'Intent: billing');
    expect(d!.range).toEqual({ start: { line, character: 8 }, end: { line, character: 15 } });
  });

  it('reads the list on its own line in a file of lone \\r line breaks, as in its \\n twin', () => {
    const text = router("Classify the customer's message into one of: `billing`, `technical`, `account`, `other`.", sevenOfEight);
    const [d] = diagnosticsOf(rule, { text: text.replace(/\n/g, '\r'), uri: 'x.prompt.md' });
    expect(d!.data).toMatchObject({ labels: 4, namedLabels: ['billing', 'technical', 'account', 'other'] });
    // A list is read on its own line: "refunds," ends the line before it.
    const twoLines = router('Intents seen last year: refunds,\nbilling, technical, account, or other.', sevenOfEight);
    const named = ['billing', 'technical', 'account', 'other'];
    expect(diagnosticsOf(rule, { text: twoLines, uri: 'x.prompt.md' })[0]!.data.namedLabels).toEqual(named);
    expect(diagnosticsOf(rule, { text: twoLines.replace(/\n/g, '\r'), uri: 'x.prompt.md' })[0]!.data.namedLabels).toEqual(named);
  });

  it('reads bare lists that end with "or", and lists whose labels come after an opener', () => {
    const three = labelsNamedBefore(parseDocument('x.prompt', `Label each review as positive, negative or neutral.\n\n${labels(['Negative', 'Neutral', 'Negative'])}`));
    expect([...three!]).toEqual(['positive', 'negative', 'neutral']);
    const [d] = diagnosticsOf(rule, { text: router('Route it to billing, technical, account, or other.', sevenOfEight) });
    expect(d!.data).toMatchObject({ labels: 4, namedLabels: ['billing', 'technical', 'account', 'other'] });
  });

  it('does not take prose after or before the labels for labels', () => {
    const named = (instruction: string, ls: string[]) => {
      const s = labelsNamedBefore(parseDocument('x.prompt', `${instruction}\n\n${labels(ls)}`));
      return s && [...s];
    };
    expect(named('Answer yes or no, briefly.', ['Yes', 'No', 'Yes'])).toEqual(['yes', 'no']);
    expect(named('Answer yes or no, please, and explain.', ['Yes', 'No', 'Yes'])).toEqual(['yes', 'no']);
    expect(named('For example, billing or technical.', ['billing', 'technical', 'billing'])).toEqual(['billing', 'technical']);
    expect(named('Classify as positive or negative based on tone.', ['Positive', 'Negative', 'Positive'])).toEqual(['positive', 'negative']);
    // An unquoted list without "or" before its last item is not told from prose: only the observed labels.
    expect(named('Route it to billing, technical, account, other.', ['billing', 'technical', 'billing'])).toEqual(['billing', 'technical']);
    // Not every observed label named: undefined (suggested-answer's classLabels then needs a repeat or a pair).
    expect(named('Classify the message.', ['billing', 'technical', 'billing'])).toBeUndefined();
    // With the instruction naming only the labels seen, the message is the observed-labels one.
    const [d] = diagnosticsOf(rule, { text: router('Classify as billing or technical.', sevenOfEight) });
    expect(d!.message).toBe('"billing" is 7 of 8 labels (88%, 50% if balanced; p = 0.07, exact binomial test).');
    expect(d!.data.namedLabels).toBeUndefined();
  });
});

/** The labels named before the document's first set, for its observed labels. */
function labelsNamedBefore(doc: ReturnType<typeof parseDocument>) {
  const set = doc.exemplarSets[0]!;
  const observed = new Set(demoFacts(set).labelKey.filter((k): k is string => k !== undefined));
  return namedBefore(doc.text, set.span.start, observed);
}

describe('label-imbalance: a fixed option list (the same options in every lettered demo) is a label space', () => {
  // answer-position-skew and option-length-cue leave such sets alone: the gold letter is a label there.
  const trueFalse = (golds: string[]) =>
    golds.map((g, i) => `Q: Statement ${i + 1} about physics.\n(A) True\n(B) False\nA: (${g})`).join('\n\n') + '\n\nQ: {{statement}}\n(A) True\n(B) False\nA:';

  it('reports "(A) True" in every demo as the label True, at the first gold', () => {
    const text = trueFalse(['A', 'A', 'A', 'A', 'A']);
    const ds = diagnosticsOf(rule, { text, uri: 'x.prompt' });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toBe('All 5 demos are labelled "True"; models learn to answer "True" regardless of the input.');
    expect(ds[0]!.data).toMatchObject({ degenerate: true, label: 'True', n: 5, labels: 2, counts: { True: 5 } });
    const at = text.indexOf('A: (A)') + 3;
    expect(ds[0]!.span).toEqual({ start: at, end: at + 3 });
  });

  it('reads a rubric in every record by its band names, and counts bands no gold names', () => {
    const rubric = (g: string, i: number) => `{"question": "Grade answer ${i}.", "A": "Good", "B": "Fair", "C": "Poor", "answer": "${g}"}`;
    const text = ['A', 'A', 'A', 'A', 'A', 'A', 'A', 'B'].map(rubric).join('\n');
    const [d, ...rest] = diagnosticsOf(rule, { text, uri: 'x.jsonl' });
    expect(rest).toEqual([]);
    expect(d!.data).toMatchObject({ label: 'Good', count: 7, n: 8, labels: 3, counts: { Good: 7, Fair: 1 } });
    expect(d!.data.pValue).toBeCloseTo(3 * binomialUpperTail(8, 1 / 3, 7), 12);
  });

  it('does not read options that differ between demos, or that are not labels, as labels', () => {
    const varied = [0, 1, 2, 3, 4].map((i) => `Q: Which is largest ${i}?\n(A) x${i}\n(B) y${i}\nA: (A)`).join('\n\n');
    expect(diagnosticsOf(rule, { text: varied, uri: 'x.prompt' })).toEqual([]);
    const numbers = [0, 1, 2, 3, 4].map((i) => `Q: Sum ${i}?\n(A) 10\n(B) 12\nA: (A)`).join('\n\n');
    expect(diagnosticsOf(rule, { text: numbers, uri: 'x.prompt' })).toEqual([]);
  });
});

describe('label-imbalance: DSPy prompts, whose format block is no demo', () => {
  /** The recall repro label-imbalance-1: four "yes" demos after DSPy's "Follow the following format." block. */
  const text = [
    'Answer questions with short factoid answers.',
    '',
    '---',
    '',
    'Follow the following format.',
    '',
    'Question: ${question}',
    'Answer: often between 1 and 5 words',
    '',
    '---',
    '',
    'Question: Is the Eiffel Tower taller than the Statue of Liberty?',
    'Answer: yes', // 12
    '',
    'Question: Is a tomato a fruit botanically?',
    'Answer: yes',
    '',
    'Question: Do bats use echolocation?',
    'Answer: yes',
    '',
    'Question: Is Mount Everest in Asia?',
    'Answer: yes',
    '',
    'Question: ${question}',
    'Answer:',
  ].join('\n');

  it('reports the four "yes" demos as degenerate, on the first one', () => {
    const ds = diagnosticsOf(rule, { text });
    expect(ds.map((d) => [d.message, d.severity])).toEqual([['All 4 demos are labelled "yes"; models learn to answer "yes" regardless of the input.', 'error']]);
    expect(ds[0]!.range).toEqual({ start: { line: 12, character: 8 }, end: { line: 12, character: 11 } });
    expect(ds[0]!.data).toMatchObject({ n: 4, count: 4 });
  });

  it('with "Answer: yes or no" in the format block, counts no "yes or no" label and leaves the run to this rule', () => {
    const c14 = text.replace('often between 1 and 5 words', 'yes or no');
    expect(diagnosticsOf(rule, { text: c14 }).map((d) => d.message)).toEqual(['All 4 demos are labelled "yes"; models learn to answer "yes" regardless of the input.']);
    expect(diagnosticsOf(recencyRun, { text: c14 })).toEqual([]);
  });
});

describe('label-imbalance: demos as markdown table rows', () => {
  it('reports the recall repro (label-imbalance-2): five rows all P1 after an instruction naming P1, P2, P3', () => {
    const text =
      'Assign each support ticket a priority: `P1`, `P2` or `P3`.\n\n| Ticket | Priority |\n|---|---|\n' +
      ['Checkout page returns a 500 error for all users', 'Typo on the pricing page', 'Export to CSV is slow for large accounts', 'Login fails for SSO customers', 'Dark mode colours are slightly off']
        .map((t) => `| ${t} | P1 |`)
        .join('\n') +
      '\n\nTicket: {{ticket}}\nPriority:\n';
    const ds = diagnosticsOf(rule, { text, uri: 'x.prompt.md' });
    expect(ds.map((d) => [d.message, d.severity])).toEqual([['All 5 demos are labelled "P1"; models learn to answer "P1" regardless of the input.', 'error']]);
    expect(ds[0]!.range).toEqual({ start: { line: 4, character: 52 }, end: { line: 4, character: 54 } });
    // A price list whose prices repeat is no demo set.
    const prices = 'Our prices:\n\n| Item | Price |\n|---|---|\n' + ['Coffee', 'Tea', 'Juice', 'Water', 'Soda'].map((t) => `| ${t} | $3 |`).join('\n') + '\n';
    expect(diagnosticsOf(rule, { text: prices, uri: 'x.prompt.md' })).toEqual([]);
  });

  it('reports a | Review | Sentiment | table of demos with no instruction (the header names the label)', () => {
    const text = '| Review | Sentiment |\n|---|---|\n' + ['great phone', 'love it', 'works well', 'best buy'].map((t) => `| ${t} | positive |`).join('\n') + '\n\nReview: {{review}}\nSentiment:\n';
    const ds = diagnosticsOf(rule, { text, uri: 'x.prompt.md' });
    expect(ds.map((d) => [d.message, d.severity])).toEqual([['All 4 demos are labelled "positive"; models learn to answer "positive" regardless of the input.', 'error']]);
    expect(ds[0]!.range).toEqual({ start: { line: 2, character: 16 }, end: { line: 2, character: 24 } });
  });

  it('reports nothing on an FAQ (| Question | Answer |) or a glossary (| Term | Category |) with repeated values (hunt7 repros label-imbalance-1, -1b, -2, -3)', () => {
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
    for (const text of [faq(['Yes', 'Yes', 'Yes', 'Yes', 'No']), faq(['Yes', 'Yes', 'Yes', 'Yes']), glossary('Addressing'), glossary('Performance')]) {
      expect(diagnosticsOf(rule, { text, uri: 'x.md' }), text).toEqual([]);
    }
  });
});

describe('label-imbalance: the hunt10 repros (a DSPy format block with described fields, Guidance chat blocks)', () => {
  it('r1: reports the three "yes" demos after a format block with "Context: may contain relevant facts"', () => {
    const text = [
      'Answer questions with short factoid answers.',
      '',
      '---',
      '',
      'Follow the following format.',
      '',
      'Context: may contain relevant facts',
      '',
      'Question: ${question}',
      '',
      'Answer: often between 1 and 5 words',
      '',
      '---',
      '',
      'Question: Is Paris the capital of France?',
      '',
      'Answer: yes', // 16
      '',
      '---',
      '',
      'Question: Is water wet?',
      '',
      'Answer: yes',
      '',
      '---',
      '',
      'Question: Is the sky blue?',
      '',
      'Answer: yes',
      '',
      '---',
      '',
      'Question: {question}',
      '',
      'Answer:',
      '',
    ].join('\n');
    const ds = diagnosticsOf(rule, { text });
    expect(ds.map((d) => [d.message, d.severity])).toEqual([['All 3 demos are labelled "yes"; models learn to answer "yes" regardless of the input.', 'error']]);
    expect(ds[0]!.range).toEqual({ start: { line: 16, character: 8 }, end: { line: 16, character: 11 } });
    expect(ds[0]!.data).toMatchObject({ n: 3, count: 3 });
  });

  const claims = [
    ['The Eiffel Tower was completed in 1889 for the World\'s Fair.', 'The Eiffel Tower was finished before 1900.'],
    ['Mount Kilimanjaro is 5,895 metres tall and lies in Tanzania.', 'Kilimanjaro is in Kenya.'],
    ['Marie Curie won Nobel Prizes in Physics (1903) and Chemistry (1911).', 'Marie Curie won two Nobel Prizes.'],
    ['The Amazon River discharges more water than any other river.', 'The Nile has the largest discharge of any river.'],
  ];
  /** r3: four Guidance demos whose assistant blocks all hold "yes" (r3b: "Answer: yes"). */
  const guidance = (answer: string) =>
    [
      '{{#system~}}',
      'You are a careful fact checker. Answer each claim with "yes" if the evidence supports it and "no" if it does not. Answer with one word.',
      '{{~/system}}',
      '',
      ...claims.flatMap(([e, c]) => ['{{#user~}}', `Evidence: ${e}`, `Claim: ${c}`, '{{~/user}}', '{{#assistant~}}', answer, '{{~/assistant}}', '']),
      '{{#user~}}',
      'Evidence: {{evidence}}',
      'Claim: {{claim}}',
      '{{~/user}}',
      '{{#assistant~}}',
      "{{gen 'verdict' max_tokens=2}}",
      '{{~/assistant}}',
      '',
    ].join('\n');

  it('r3: reports four Guidance demos whose assistant blocks all hold "yes", on the first one', () => {
    const ds = diagnosticsOf(rule, { text: guidance('yes') });
    expect(ds.map((d) => [d.message, d.severity])).toEqual([['All 4 demos are labelled "yes"; models learn to answer "yes" regardless of the input.', 'error']]);
    expect(ds[0]!.range).toEqual({ start: { line: 9, character: 0 }, end: { line: 9, character: 3 } });
    expect(ds[0]!.data).toMatchObject({ n: 4, count: 4, labels: 2 });
  });

  it('r3b: with "Answer: yes" in the assistant blocks, the range is that answer statement (as in a "Assistant: Answer: yes" transcript)', () => {
    const ds = diagnosticsOf(rule, { text: guidance('Answer: yes') });
    expect(ds.map((d) => d.message)).toEqual(['All 4 demos are labelled "yes"; models learn to answer "yes" regardless of the input.']);
    expect(ds[0]!.range).toEqual({ start: { line: 9, character: 0 }, end: { line: 9, character: 11 } });
  });

  it('r3, balanced: two "yes" and two "no" are not reported', () => {
    let n = 0;
    const balanced = guidance('yes').replace(/\{\{#assistant~\}\}\nyes/g, (m) => (n++ % 2 ? '{{#assistant~}}\nno' : m));
    expect(balanced.match(/\{\{#assistant~\}\}\nno/g)).toHaveLength(2);
    expect(diagnosticsOf(rule, { text: balanced })).toEqual([]);
  });
});
