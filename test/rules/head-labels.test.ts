/**
 * Labels at the head of an answer that goes on with a reason ("Approve. The change is small.",
 * "Positive - loves the battery.", "Bug — crash on upload."): label-imbalance and recency-run read
 * the head as the demo's label when the set has a label vocabulary of such heads (shared/head-labels.ts).
 */
import { describe, expect, it } from 'vitest';
import labelImbalance from '../../server/src/rules/label-imbalance';
import recencyRun from '../../server/src/rules/recency-run';
import { parseDocument } from '../../server/src/parse/index';
import { headLabels } from '../../server/src/rules/shared/head-labels';
import { diagnosticsOf, ruleTester } from './helpers';

/** Demos `<input>: item <n>` / `<field>: <output>` after an instruction, then the query; `nums` numbers the items (1, 2, … by default). */
const demos = (instruction: string, input: string, field: string, outs: string[], nums = outs.map((_, i) => i + 1)) =>
  [instruction, ...outs.map((o, i) => `${input}: item ${nums[i]}\n${field}: ${o}`), `${input}: {{item}}\n${field}:`].join('\n\n');

const REVIEW = 'You review pull requests. Reply with Approve or Request changes, then one sentence why.';
const reviewOuts = [
  'Approve. The counter is now decremented when the job throws.',
  'Request changes. The timeout unit changed without a migration note.',
  'Approve. Unauthenticated requests are rejected early.',
  'Approve. Useful for tracing cache misses.',
  'Approve. The retry count is a named constant now.',
  'Approve. The README matches the renamed branch.',
];
// Demo i's output is on line 3 + 3i, after "Decision: " (10 characters).
const review = demos(REVIEW, 'Diff', 'Decision', reviewOuts);

const SENTIMENT = 'Classify the sentiment of each product review. Start with the label, then give a short reason.';
const sentimentOuts = [
  'Positive - the reviewer loves the battery.',
  'Positive - setup took five minutes.',
  'Positive: good value for daily use.',
  'Negative: arrived broken.',
  'Positive - comfortable to wear all day.',
  'Positive — sharp picture and no dead pixels.',
];

/** A chat fine-tuning set whose system message names the labels (the code hunt's b01). */
const REVIEWER = 'You are a senior reviewer. Read the diff and answer with exactly one of: Approve, Request changes. Then give one sentence of reason.';
const chat = (outs: string[]) =>
  outs
    .map((o, i) =>
      JSON.stringify({
        messages: [
          { role: 'system', content: REVIEWER },
          { role: 'user', content: `diff --git a/src/f${i}.ts b/src/f${i}.ts\n+  const limit = ${i + 2};` },
          { role: 'assistant', content: o },
        ],
      }),
    )
    .join('\n') + '\n';
const chatOuts = [
  'Approve. The counter is now decremented even when the job throws.',
  'Approve. Docs match the renamed branch.',
  'Approve. Looks fine.',
  'Approve. A default avoids NULL arithmetic.',
  'Approve. Cleans the build directory.',
  'Request changes. The map is read without the mutex.',
  'Approve. Covers the optional field.',
  'Approve. Typed id.',
  'Approve. Adds a lint target.',
  'Approve. Reasonable retry count.',
];

ruleTester(labelImbalance).run({
  valid: [
    {
      name: 'balanced Approve / Request changes heads',
      text: demos(REVIEW, 'Diff', 'Decision', [reviewOuts[0]!, reviewOuts[1]!, reviewOuts[2]!, 'Request changes. The id is interpolated into SQL.', reviewOuts[3]!, 'Request changes. A synchronous write blocks the handler.']),
    },
    {
      // 5 "Yes." and 1 "No." would be 5 of 6 (over maxShare), but two answers have no head: free text, not a label set.
      name: 'a QA set whose answers only partly start with Yes. / No. is free text',
      text: demos('Answer the question about the passage in one or two sentences.', 'Question', 'Answer', [
        'Yes. The library opens at 10 am on Saturdays.',
        'Yes. Breakfast is served until 11 am.',
        'Two adult tickets cost 30 euros in total.',
        'Yes. Children under 12 enter for free.',
        'No. The bridge was closed in April.',
        'On the first day, with the badge and the welcome pack.',
        'Yes. Trains leave every 15 minutes at rush hour.',
        'Yes. The pool is heated from May to September.',
      ]),
    },
    {
      name: 'generation demos whose outputs start with varied words',
      text: demos('Write a two-sentence product blurb for the online shop.', 'Product', 'Blurb', [
        'Meet your new daily companion. It keeps coffee hot for twelve hours.',
        'Silence the commute. Up to eight hours of playback per charge.',
        'Sustainable and sturdy. Three sizes cover everything from herbs to roasts.',
        'Soft, breathable linen. Drape it over the sofa on cool evenings.',
        'Built to last generations. It sears, bakes and fries.',
      ]),
    },
    {
      // "Fixed" 5 of 6 if read, but "Refactored" is seen once and nothing names it: no label vocabulary.
      name: 'a head seen once, that neither the instruction names nor pairs with another, is no label',
      text: demos('Summarise the change in one line for the release notes.', 'Change', 'Note', [
        'Fixed. The crash on empty config files is gone.',
        'Fixed. Export no longer times out on large reports.',
        'Refactored: the auth module is split in two.',
        'Fixed. Dates are shown in the user time zone.',
        'Fixed. The retry loop stops after five attempts.',
        'Fixed. Uploads over 10 MB no longer fail.',
      ]),
    },
    {
      // One head in every demo: no vocabulary unless the instruction lists it among others.
      name: 'one head in every demo ("Fixed.") that no instruction lists is no label',
      text: demos('Summarise the change in one line for the release notes.', 'Change', 'Note', [
        'Fixed. The crash on empty config files is gone.',
        'Fixed. Export no longer times out on large reports.',
        'Fixed. Dates are shown in the user time zone.',
        'Fixed. The retry loop stops after five attempts.',
      ]),
    },
    {
      // The instruction names Approve in prose, and its lower-case "or" list ends at no mark: one head is no vocabulary.
      // (The unquoted list "one of: Approve, Request changes" is read since: test/rules/instruction-labels.test.ts.)
      name: 'every decision "Approve. …" after a lower-case prose mention "approve or request changes below"',
      text: demos('Answer approve or request changes below the diff, then give one sentence of reason.', 'Diff', 'Decision', [
        'Approve. The counter is decremented on error.',
        'Approve. Docs only.',
        'Approve. Adds a test.',
        'Approve. The constant is named.',
      ]),
    },
    {
      name: 'a field name that opens every output ("Summary:") is no label',
      text: demos('Summarise the meeting notes.', 'Notes', 'Output', [
        'Summary: the team demoed search filters.',
        'Summary: two candidates reached the final round.',
        'Summary: the outage came from an expired certificate.',
        'Summary: cloud spend rose by 12 percent.',
      ]),
    },
  ],
  invalid: [
    {
      name: 'code review: "Approve. <reason>" 5 of 6, the instruction naming both labels; the range is the head',
      text: review,
      errors: [
        {
          messageId: 'imbalanced',
          range: [3, 10, 3, 17],
          text: 'Approve',
          severity: 'info',
          data: { counts: { Approve: 5, 'Request changes': 1 }, n: 6, label: 'Approve', count: 5, labels: 2, exemplars: [0, 2, 3, 4, 5] },
        },
      ],
    },
    {
      name: 'sentiment heads before " -", ":" and " —", Negative seen once (the pair of Positive)',
      text: demos(SENTIMENT, 'Review', 'Answer', sentimentOuts),
      errors: [{ messageId: 'imbalanced', range: [3, 8, 3, 16], text: 'Positive', data: { counts: { Positive: 5, Negative: 1 }, n: 6, label: 'Positive', count: 5 } }],
    },
    {
      name: 'every answer is "Yes. <reason>" after "Answer Yes or No": degenerate',
      text: demos('Does the claim follow from the passage? Answer Yes or No, then explain in one sentence.', 'Claim', 'Answer', [
        'Yes. The passage states the opening time.',
        'Yes. Ten is under twelve.',
        'Yes. Every intern gets one on the first day.',
        'Yes. Rush-hour trains leave every 15 minutes.',
      ]),
      errors: [{ messageId: 'degenerate', range: [3, 8, 3, 11], text: 'Yes', severity: 'error', data: { counts: { Yes: 4 }, n: 4, label: 'Yes', labels: 2 } }],
    },
    {
      name: 'multi-word heads before an em dash, the minority one named by the instruction',
      uri: 'triage.prompt.md',
      text: demos('Decide whether the message is a **Bug**, a **Feature request** or a **Question**. Put the category first, then a dash and a reason.', 'Message', 'Category', [
        'Bug — the button fails on one browser.',
        'Feature request — asks for new functionality.',
        'Bug — crash on large uploads.',
        'Bug — wrong symbol on invoices.',
        'Bug — regression after an update.',
        'Bug — the reset link is broken.',
      ]),
      errors: [{ messageId: 'imbalanced', range: [3, 10, 3, 13], text: 'Bug', data: { counts: { Bug: 5, 'Feature request': 1 }, label: 'Bug', count: 5 } }],
    },
    {
      name: 'every decision "Approve. …" after a quoted list of both labels: degenerate',
      text: demos('Answer with exactly one of: `Approve`, `Request changes`. Then give one sentence of reason.', 'Diff', 'Decision', [
        'Approve. The counter is decremented on error.',
        'Approve. Docs only.',
        'Approve. Adds a test.',
        'Approve. The constant is named.',
      ]),
      errors: [{ messageId: 'degenerate', range: [3, 10, 3, 17], text: 'Approve', data: { counts: { Approve: 4 }, n: 4, labels: 2, namedLabels: ['approve', 'request changes'] } }],
    },
    {
      name: 'a head after an answer field name ("Verdict: Approve. …")',
      text: demos('Review the diff. Give your verdict (Approve or Request changes) and one sentence why.', 'Diff', 'Output', [
        'Verdict: Approve. The change is small and tested.',
        'Verdict: Approve. Docs only.',
        'Verdict: Request changes. The migration drops a column.',
        'Verdict: Approve. Adds a test for the parser.',
        'Verdict: Approve. A typo fix in the README.',
        'Verdict: Approve. The constant is now named.',
      ]),
      errors: [{ messageId: 'imbalanced', range: [3, 17, 3, 24], text: 'Approve', data: { counts: { Approve: 5, 'Request changes': 1 } } }],
    },
  ],
});

describe('label-imbalance: heads in a chat dataset (the code hunt b01)', () => {
  it('reports "Approve" 9 of 10 from the assistant replies, at the first reply\'s head', () => {
    const text = chat(chatOuts);
    const [d, ...rest] = diagnosticsOf(labelImbalance, { uri: 'review.jsonl', text });
    expect(rest).toEqual([]);
    expect(d!.message).toBe('"Approve" is 9 of 10 labels (90%, 50% if balanced; p = 0.021, exact binomial test).');
    expect(d!.severity).toBe('warning');
    const line0 = text.split('\n')[0]!;
    const col = line0.indexOf('"Approve. The counter') + 1;
    expect(d!.range).toEqual({ start: { line: 0, character: col }, end: { line: 0, character: col + 7 } });
    expect(d!.data).toMatchObject({ counts: { Approve: 9, 'Request changes': 1 }, n: 10, exemplars: [0, 1, 2, 3, 4, 6, 7, 8, 9] });
    const spans = (d!.data as { spans: { start: number; end: number }[] }).spans;
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(Array(9).fill('Approve'));
  });

  it('reads nothing from the same replies when the labels are not named and the minority one is seen once', () => {
    const text = chat(chatOuts).split(REVIEWER).join('You are a senior reviewer. Read the diff and reply in one or two sentences.');
    expect(diagnosticsOf(labelImbalance, { uri: 'review.jsonl', text })).toEqual([]);
  });
});

ruleTester(recencyRun).run({
  valid: [
    {
      // "Certainly." and "Sure." each repeat, but they open a reply; they are no verdict.
      name: 'courtesy openers are no labels (the last three replies start "Sure.")',
      text: demos('You are a hotel concierge bot. Answer the guest politely and concretely.', 'Guest', 'Concierge', [
        'Certainly. I have reserved a table for two at 8 pm.',
        'Certainly. The gym opens at 6 am.',
        'Certainly. Checkout is extended to 1 pm.',
        'Sure. Guests park in the underground garage.',
        'Sure. A taxi will wait at the main entrance at 7 am.',
        'Sure. Housekeeping will bring one within 15 minutes.',
      ]),
    },
    {
      // The last three answers start with "Yes.", but one of five has no head: free text, no run of labels.
      name: 'a QA set whose answers only partly start with Yes. / No. has no run of labels',
      text: demos('Answer the question about the passage in one or two sentences.', 'Question', 'Answer', [
        'No. The library is closed on Sundays.',
        'Two adult tickets cost 30 euros in total.',
        'Yes. Breakfast is served until 11 am.',
        'Yes. Children under 12 enter for free.',
        'Yes. Trains leave every 15 minutes at rush hour.',
      ]),
    },
    {
      // Speaker names that the inputs mention are people, not classes.
      name: 'dialogue lines that start with a speaker the inputs name',
      text: [
        'Continue the dialogue with the next line.',
        'Context: Tom and Mia are stuck at a closed bridge.\nNext line: Mia: I told you the bridge was closed on weekends.',
        'Context: The timetable on his phone shows a ferry.\nNext line: Tom: There is a ferry at four, if we hurry.',
        'Context: They reach the terminal and Tom runs ahead.\nNext line: Tom: Five minutes to spare!',
        'Context: The ferry is delayed by an hour.\nNext line: Mia: Then we get coffee and watch the boats.',
        'Context: A seal swims near the pier.\nNext line: Mia: Look, by the pier! A seal!',
        'Context: The ferry finally arrives.\nNext line: Mia: Finally. I will take the window seat.',
        'Context: {{context}}\nNext line:',
      ].join('\n\n'),
    },
  ],
  invalid: [
    {
      name: 'the last four decisions are "Approve. <reason>": the range is the last head; the fix swaps demos',
      text: review,
      errors: [{ messageId: 'labelRun', range: [18, 10, 18, 17], text: 'Approve', data: { run: 4, n: 6, kind: 'label', label: 'Approve', exemplars: [2, 3, 4, 5] } }],
      // The last demo trades places with the nearest earlier one of another label (item 2, "Request changes").
      output: demos(REVIEW, 'Diff', 'Decision', [reviewOuts[0]!, reviewOuts[5]!, reviewOuts[2]!, reviewOuts[3]!, reviewOuts[4]!, reviewOuts[1]!], [1, 6, 3, 4, 5, 2]),
    },
    {
      name: 'moderation verdicts "Remove: <reason>" at the end, after an instruction naming Allow and Remove',
      text: demos('Decide whether each comment breaks the rules. Answer Allow or Remove, followed by a colon and the reason.', 'Comment', 'Verdict', [
        'Allow: friendly and on topic.',
        'Remove: spam advertising.',
        'Allow: civil disagreement with the author.',
        'Remove: a personal insult.',
        'Remove: a scam link.',
        'Remove: harassment of another member.',
      ]),
      errors: [{ messageId: 'labelRun', range: [18, 9, 18, 15], text: 'Remove', data: { run: 3, label: 'Remove', exemplars: [3, 4, 5] } }],
    },
  ],
});

describe('headLabels: what is read', () => {
  const setOf = (text: string, uri = 'x.prompt') => {
    const doc = parseDocument(uri, text);
    return { doc, set: doc.exemplarSets[0]! };
  };

  it('gives each demo its head key, and a span on the head only', () => {
    const { doc, set } = setOf(demos(SENTIMENT, 'Review', 'Answer', sentimentOuts));
    const heads = headLabels(doc, set)!;
    expect(heads.keys).toEqual(['positive', 'positive', 'positive', 'negative', 'positive', 'positive']);
    expect(heads.spans.map((s) => doc.text.slice(s!.start, s!.end))).toEqual(['Positive', 'Positive', 'Positive', 'Negative', 'Positive', 'Positive']);
  });

  it('compares heads case-blind and trimmed, and keeps the first spelling', () => {
    const { doc, set } = setOf(demos(REVIEW, 'Diff', 'Decision', ['APPROVE. Fine.', '  approve:  small change.', 'Request Changes - no tests.', 'Approve - docs only.', 'request changes. Breaks the build.']));
    const heads = headLabels(doc, set)!;
    expect(heads.keys).toEqual(['approve', 'approve', 'request changes', 'approve', 'request changes']);
    expect(heads.spellings[0]).toBe('APPROVE');
    expect(doc.text.slice(heads.spans[1]!.start, heads.spans[1]!.end)).toBe('approve');
  });

  it('leaves a set of bare labels to the labels as read (no head reading)', () => {
    const { doc, set } = setOf(demos('Classify the sentiment.', 'Review', 'Label', ['Positive', 'Negative', 'Positive', 'Positive']));
    expect(headLabels(doc, set)).toBeUndefined();
  });

  it('reads no greeting as a label, even when the names repeat', () => {
    const text =
      [...Array(7).fill(['Hi, can I move my appointment?', 'Hi Dana. Wednesday at 10 am is free.']), ...Array(2).fill(['Was I charged twice?', 'Hello Omar. I refunded the duplicate charge.'])]
        .map(([u, a]) => JSON.stringify({ messages: [{ role: 'user', content: u }, { role: 'assistant', content: a }] }))
        .join('\n') + '\n';
    const { doc, set } = setOf(text, 'support.jsonl');
    expect(headLabels(doc, set)).toBeUndefined();
    expect(diagnosticsOf(labelImbalance, { uri: 'support.jsonl', text })).toEqual([]);
  });

  it('reads no head from a numbered step, a single letter or a code fence', () => {
    for (const outs of [
      ['Step 1: open the file.', 'Step 2: save it.', 'Step 1: close it.', 'Step 2: quit.'],
      ['B. Because the sky is blue.', 'C. Because of the rain.', 'B. It is late.', 'C. It is early.'],
      ['```python\nprint(1)\n```', '```sql\nSELECT 1;\n```', '```python\nprint(2)\n```', '```sql\nSELECT 2;\n```'],
    ]) {
      const { doc, set } = setOf(demos('Do the task.', 'Task', 'Output', outs));
      expect(headLabels(doc, set)).toBeUndefined();
    }
  });
});
