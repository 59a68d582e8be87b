/**
 * The labels an instruction names (shared/class-labels.ts, labelsNamedIn): label-imbalance's label space, and
 * whether one label in every demo is a class (headLabels) or a heading (the template-line guard). Read here:
 * "X or Y" / "X, Y or Z" lists of capitalised or quoted labels that end at a preposition, "then" or "and"
 * ("Reply Approve or Reject on the first line"), labels of several words ("Request changes"), and comma lists
 * after "one of" ("one of: Approve, Request changes."). Prose stays prose: only lists that hold an observed label
 * are read, lower-case words before a preposition, words after an article, adverbs and section names are no labels.
 */
import { describe, expect, it } from 'vitest';
import labelImbalance from '../../server/src/rules/label-imbalance';
import { labelsNamedIn } from '../../server/src/rules/shared/class-labels';
import { diagnosticsOf, ruleTester } from './helpers';

/** The labels `instruction` (as written) names for the observed labels `observed` (lower case), as a list. */
const named = (instruction: string, ...observed: string[]) => {
  const s = labelsNamedIn(instruction, new Set(observed));
  return s && [...s];
};

describe('labelsNamedIn: "X or Y" lists that end at a preposition, "then" or "and"', () => {
  const B07 = 'You review pull requests. Reply Approve or Reject on the first line, then give your reasoning.';

  it('reads the headings probe b07\'s system message for either label', () => {
    expect(named(B07, 'approve')).toEqual(['approve', 'reject']);
    expect(named(B07, 'reject')).toEqual(['approve', 'reject']);
    expect(named(B07.toUpperCase(), 'approve')).toEqual(['approve', 'reject']);
  });

  it('reads three labels, labels joined by "/", quoted labels, and lists ended by "then" or "and"', () => {
    const three = 'Reply Approve, Comment or Reject on the first line.';
    for (const o of ['approve', 'comment', 'reject']) expect(named(three, o)).toEqual(['approve', 'comment', 'reject']);
    expect(named('Start your reply with Approve/Reject in bold.', 'approve')).toEqual(['approve', 'reject']);
    expect(named('Answer `Approve` or `Reject` on the first line.', 'approve')).toEqual(['approve', 'reject']);
    expect(named('Reply Approve or Reject then explain.', 'approve')).toEqual(['approve', 'reject']);
    expect(named('Reply Approve or Reject and explain why.', 'approve')).toEqual(['approve', 'reject']);
    // A capitalised word at a sentence's start before a comma is no label; the list after it is read.
    expect(named('Next, Approve or Reject on the first line.', 'reject')).toEqual(['approve', 'reject']);
    expect(named('You review pull requests. Overall, Approve or Reject on the first line.', 'reject')).toEqual(['approve', 'reject']);
  });

  it('reads capitalised labels of several words, after or before the observed one', () => {
    expect(named('You review pull requests. Reply with Approve or Request changes, then one sentence why.', 'approve')).toEqual(['approve', 'request changes']);
    expect(named('Reply Approve or Request changes on the first line.', 'approve')).toEqual(['approve', 'request changes']);
    expect(named('Reply Request changes or Approve on the first line.', 'approve')).toEqual(['request changes', 'approve']);
    expect(named('Mark it Spam or Not spam before the reason.', 'spam')).toEqual(['spam', 'not spam']);
  });

  it('reads comma lists of capitalised labels after "one of" (the reasons probe\'s unquoted "one of: Approve, Request changes")', () => {
    const reviewer = 'You are a senior reviewer. Read the diff and answer with exactly one of: Approve, Request changes. Then give one sentence of reason.';
    expect(named(reviewer, 'approve')).toEqual(['approve', 'request changes']);
    expect(named(reviewer, 'request changes')).toEqual(['approve', 'request changes']);
    expect(named('Tag each ticket with one of Billing, Technical, Account in the first line.', 'billing')).toEqual(['billing', 'technical', 'account']);
  });

  it('keeps the lists it read before', () => {
    expect(named('Label each review as positive, negative or neutral.', 'negative', 'neutral')).toEqual(['positive', 'negative', 'neutral']);
    expect(named('Answer yes or no, briefly.', 'yes', 'no')).toEqual(['yes', 'no']);
    expect(named('On the first line reply Approve or Reject, then give your reasoning.', 'approve')).toEqual(['approve', 'reject']);
    expect(named("Classify the customer's message into one of: `billing`, `technical`, `account`, `other`.", 'billing', 'technical')).toEqual([
      'billing',
      'technical',
      'account',
      'other',
    ]);
  });
});

describe('labelsNamedIn: prose that is no label list', () => {
  it('reads no list that holds no observed label ("Reply in English or French on the first line")', () => {
    expect(named('Reply in English or French on the first line, then summarise the ticket.', 'approve')).toBeUndefined();
    expect(named('Reply in English or French on the first line, then summarise the ticket.', 'summary')).toBeUndefined();
  });

  it('takes no lower-case word before a preposition, nor a word after an article or an adverb, for a label', () => {
    expect(named('Reply approve or reject on the first line.', 'approve')).toEqual(['approve']);
    expect(named('Answer Approve or Reject the PR on the first line.', 'approve')).toEqual(['approve']);
    expect(named('Reply Approve or Reject accordingly, then explain.', 'approve')).toEqual(['approve']);
    expect(named('Classify as positive or negative based on tone.', 'positive', 'negative')).toEqual(['positive', 'negative']);
    expect(named('Press the Approve or Reject button on the review page.', 'approve')).toEqual(['approve']);
  });

  it('takes no section names or headings for labels', () => {
    expect(named('Start with a Summary or Overview section, then list the changes.', 'summary')).toEqual(['summary']);
    expect(named('Write the postmortem with these sections: Summary, Timeline, Impact.', 'summary')).toEqual(['summary']);
    expect(named('Write the postmortem with Summary, Timeline and Impact sections.', 'summary')).toEqual(['summary']);
    // A capitalised list with neither "or" nor "one of" is no list of alternatives.
    expect(named('Tag it with Billing, Technical, Account in the first line.', 'billing')).toEqual(['billing']);
    // An unquoted lower-case list without "or" stays unread, as before.
    expect(named('Route it to billing, technical, account, other.', 'billing', 'technical')).toEqual(['billing', 'technical']);
  });
});

/** Chat records: a system message, a user turn, and the assistant's `reply(i)`. */
const chat = (system: string, users: string[], reply: (i: number) => string) =>
  users.map((u, i) => JSON.stringify({ messages: [{ role: 'system', content: system }, { role: 'user', content: u }, { role: 'assistant', content: reply(i) }] })).join('\n') + '\n';
const PRS = ['Rename a variable in utils.py', 'Add a unit test for the parser', 'Fix a typo in README', 'Bump lodash to 4.17.21', 'Remove dead code in cli.ts'];
/** The headings probe's b07: a system message that names the labels in prose, every reply "Approve" then the reasoning. */
const approvals = (system: string) => chat(system, PRS.map((p) => `PR: ${p}`), (i) => `Approve\nThe change is small and safe: ${PRS[i]!.toLowerCase()}.`);

const REPORTS: [string, string][] = [
  ['The payments API returned 502 errors for 14 minutes after a config push.', 'Config push broke the payments API for 14 minutes; rolled back.'],
  ['A disk filled up on the log server and ingestion paused for an hour.', 'Log ingestion paused for an hour when a disk filled; space was freed.'],
  ['An expired certificate took the status page offline overnight.', 'The status page was down overnight due to an expired certificate.'],
];
const digest = (head: string, instruction: string) =>
  [instruction, ...REPORTS.map(([r, s]) => `Report: ${r}\nDigest: ${head}\n${s}`), 'Report: {{report}}\nDigest:\n'].join('\n\n');

/** Demos `Diff: item <n>` / `Decision: <output>` after an instruction, then the query. */
const decisions = (instruction: string, outs: string[]) =>
  [instruction, ...outs.map((o, i) => `Diff: item ${i + 1}\nDecision: ${o}`), 'Diff: {{item}}\nDecision:'].join('\n\n');

const REVIEWS = ['The battery easily lasts two days.', 'Screen is bright and sharp.', 'Setup took two minutes.', 'Sound is rich for its size.', 'Broke after a week.', 'Charges fast and stays cool.'];

ruleTester(labelImbalance).run({
  valid: [
    {
      name: 'a digest whose instruction names languages in prose: "**Summary**" in every entry stays a heading',
      uri: 'x.prompt.md',
      text: digest('**Summary**', 'Summarise each incident report in English or French, then add the owner on the last line.'),
    },
    {
      name: 'a postmortem whose instruction names its sections: the "## Summary" heading in every entry stays a heading',
      uri: 'x.prompt.md',
      text: digest('## Summary', 'Write each postmortem with these sections: Summary, Timeline, Impact.'),
    },
    {
      name: 'a heading that the instruction offers beside another section name stays a heading',
      uri: 'x.prompt.md',
      text: digest('**Summary**', 'Start with a Summary or Overview section, then describe the incident.'),
    },
    {
      name: 'chat records whose system message names no label the replies start with',
      uri: 'notes.jsonl',
      text: chat('Reply in English or French on the first line, then summarise the ticket.', PRS, () => '## Release notes\n\n- Updated the docs.'),
    },
  ],
  invalid: [
    {
      name: 'b07: chat records whose system message says "Reply Approve or Reject on the first line", every reply "Approve" then why',
      uri: 'reviews.jsonl',
      text: approvals('You review pull requests. Reply Approve or Reject on the first line, then give your reasoning.'),
      errors: [{ messageId: 'degenerate', text: 'Approve', severity: 'error', data: { n: 5, label: 'Approve', labels: 2 } }],
    },
    {
      name: 'a system message naming "Approve or Request changes" before the reason, every reply "Approve" then why',
      uri: 'reviews.jsonl',
      text: approvals('You review pull requests. Reply with Approve or Request changes on the first line and one sentence why below.'),
      errors: [{ messageId: 'degenerate', text: 'Approve', data: { n: 5, label: 'Approve' } }],
    },
    {
      name: 'every decision "Approve. …" after an unquoted list "one of: Approve, Request changes" (head labels)',
      text: decisions('Answer with exactly one of: Approve, Request changes. Then give one sentence of reason.', [
        'Approve. The counter is decremented on error.',
        'Approve. Docs only.',
        'Approve. Adds a test.',
        'Approve. The constant is named.',
      ]),
      errors: [{ messageId: 'degenerate', range: [3, 10, 3, 17], text: 'Approve', data: { n: 4, label: 'Approve', exemplars: [0, 1, 2, 3] } }],
    },
    {
      name: 'three labels named before the reason: 5 Positive of 6 is judged against three',
      text: [
        'Answer Positive, Negative or Mixed on the first line, then explain in one sentence.',
        ...REVIEWS.map((r, i) => `Review: ${r}\nAnswer: ${i === 4 ? 'Negative' : 'Positive'}\nThe reviewer's view in one line.`),
        'Review: {{review}}\nAnswer:',
      ].join('\n\n'),
      errors: [
        {
          messageId: 'imbalancedNamed',
          range: [3, 8, 3, 16],
          text: 'Positive',
          data: { n: 6, count: 5, labels: 3, expectedPercent: 33, namedLabels: ['positive', 'negative', 'mixed'] },
        },
      ],
    },
  ],
});

describe('label-imbalance: labels named in prose', () => {
  it('reports b07 on the first reply\'s "Approve", and the same records with a lower-case prose list not at all', () => {
    const text = approvals('You review pull requests. Reply Approve or Reject on the first line, then give your reasoning.');
    const [d, ...rest] = diagnosticsOf(labelImbalance, { uri: 'reviews.jsonl', text });
    expect(rest).toEqual([]);
    const at = text.indexOf('"content":"Approve') + '"content":"'.length;
    expect(d!.span).toEqual({ start: at, end: at + 'Approve'.length });
    // "approve or reject on …" in lower case may be prose: a template line, as before.
    const lower = approvals('You review pull requests. Reply approve or reject on the first line, then give your reasoning.');
    expect(diagnosticsOf(labelImbalance, { uri: 'reviews.jsonl', text: lower })).toEqual([]);
  });
});
