/**
 * A line that opens every output of a generation task ("**Summary**", "## Incident", "Subject: Weekly digest",
 * "TL;DR") is read by the parser as a short first-line label; label-imbalance does not take a set whose one
 * label is such a line for a degenerate classifier (s25 reasons hunt, clean/c18-bold-summary). A classifier's
 * label on the first line with its reason after it stays reported when the label has a known pair or the
 * instruction lists it among other labels, and so do bare labels and sets with two labels or more.
 */
import { describe, expect, it } from 'vitest';
import labelImbalance from '../../server/src/rules/label-imbalance';
import recencyRun from '../../server/src/rules/recency-run';
import { diagnosticsOf, ruleTester } from './helpers';

const REPORTS: [string, string][] = [
  ['The payments API returned 502 errors for 14 minutes after a config push.', 'Config push broke the payments API for 14 minutes; rolled back.'],
  ['A disk filled up on the log server and ingestion paused for an hour.', 'Log ingestion paused for an hour when a disk filled; space was freed.'],
  ['An expired certificate took the status page offline overnight.', 'The status page was down overnight due to an expired certificate.'],
];

/** The s25 reasons hunt's clean/c18: three digest entries, each "**Summary**" then the summary (`head` replaces the heading). */
const digest = (head: string, instruction = 'Summarise each incident report for the weekly digest.') =>
  [instruction, ...REPORTS.map(([r, s]) => `Report: ${r}\nDigest: ${head}\n${s}`), 'Report: {{report}}\nDigest:\n'].join('\n\n');

const REVIEWS: [string, string][] = [
  ['The battery easily lasts two days.', 'The reviewer praises the battery life.'],
  ['Screen is bright and sharp, love it.', 'The reviewer likes the display.'],
  ['Setup took two minutes, great app.', 'The reviewer found setup quick.'],
  ['Sound is rich and loud for its size.', 'The reviewer praises the speaker.'],
  ['Camera photos look great at night.', 'The reviewer likes the night camera.'],
  ['Charges fast and stays cool.', 'The reviewer likes the charging.'],
];

/** Six reviews, each answered `answer(reason)`; demo i's answer starts on line 3 + 3i after "Answer: " (8 characters). */
const sentiment = (instruction: string, answer: (reason: string) => string) =>
  [instruction, ...REVIEWS.map(([r, why]) => `Review: ${r}\nAnswer: ${answer(why)}`), 'Review: {{review}}\nAnswer:\n'].join('\n\n');

const RELEASES: [string, string][] = [
  ['Merged: dark mode, fix login redirect', '- Dark mode for all pages\n- Login now returns you to the page you came from'],
  ['Merged: CSV export, faster search', '- Export any table as CSV\n- Search is twice as fast'],
  ['Merged: fix crash on upload, new avatar picker', '- Uploads no longer crash on large files\n- Pick an avatar from a gallery'],
  ['Merged: keyboard shortcuts, bump deps', '- Press ? to see keyboard shortcuts\n- Dependencies updated'],
  ['Merged: two-factor auth', '- Turn on two-factor sign-in in Settings'],
];

/** Chat records: a system message, a user turn, and the assistant's `reply(i)`. */
const chat = (system: string, users: string[], reply: (i: number) => string) =>
  users.map((u, i) => JSON.stringify({ messages: [{ role: 'system', content: system }, { role: 'user', content: u }, { role: 'assistant', content: reply(i) }] })).join('\n') + '\n';

const PRS = ['Rename a variable in utils.py', 'Add a unit test for the parser', 'Fix a typo in README', 'Bump lodash to 4.17.21', 'Remove dead code in cli.ts'];
const APPROVE_SYSTEM = 'You review pull requests. On the first line reply Approve or Reject, then give your reasoning.';
const approvals = chat(APPROVE_SYSTEM, PRS.map((p) => `PR: ${p}`), (i) => `Approve\nThe change is small and safe: ${PRS[i]!.toLowerCase()}.`);
const approveAt = approvals.indexOf('"content":"Approve') + '"content":"'.length;

const TICKETS = [
  'I was charged twice for my subscription this month.',
  'My invoice shows the wrong VAT number.',
  'Please refund the duplicate payment from Friday.',
  'The receipt for order 5512 never arrived.',
  'Why did my plan price go up?',
];
const billing = (instruction: string) =>
  [instruction, ...TICKETS.map((t) => `Ticket: ${t}\nCategory: Billing\nThe customer asks about a charge or an invoice.`), 'Ticket: {{ticket}}\nCategory:\n'].join('\n\n');

ruleTester(labelImbalance).run({
  valid: [
    { name: 'c18: three digest entries that each open with a "**Summary**" heading', uri: 'c18.prompt.md', text: digest('**Summary**') },
    { name: 'a markdown heading line before each summary', uri: 'x.prompt.md', text: digest('## Incident') },
    { name: 'a level-3 heading of two words', uri: 'x.prompt.md', text: digest('### Postmortem summary') },
    { name: 'an email subject line before each entry', text: digest('Subject: Weekly digest') },
    { name: 'a "Summary:" field name on its own line', text: digest('Summary:') },
    { name: 'TL;DR before each summary', text: digest('TL;DR') },
    { name: 'a plain title line before each entry', text: digest('Weekly digest') },
    {
      name: 'the instruction names the heading as a word, not among labels ("Write a short summary … **Summary** heading")',
      uri: 'x.prompt.md',
      text: digest('**Summary**', 'Write a short summary of each incident for the team channel. Start with a bold **Summary** heading.'),
    },
    {
      name: 'chat records whose replies each open with "## Release notes"',
      uri: 'release-notes.jsonl',
      text: chat('You turn merged pull request titles into user-facing release notes in markdown.', RELEASES.map(([u]) => u), (i) => `## Release notes\n\n${RELEASES[i]![1]}`),
    },
    {
      name: 'prompt/completion emails that each open with the same subject line',
      uri: 'shipping.jsonl',
      text:
        ['Maya', 'Jon', 'Priya', 'Luis', 'Ana']
          .map((n, i) => JSON.stringify({ prompt: `Write the shipping email for order ${4411 + i} to ${n}.`, completion: `Subject: Order update\n\nHi ${n}, your order ${4411 + i} has shipped and should arrive in 3-5 days.` }))
          .join('\n') + '\n',
    },
  ],
  invalid: [
    {
      name: 'bare one-line labels, all Positive',
      text: sentiment('Classify the sentiment of each review.', () => 'Positive'),
      errors: [{ messageId: 'degenerate', range: [3, 8, 3, 16], text: 'Positive', severity: 'error', data: { n: 6, label: 'Positive', degenerate: true, exemplars: [0, 1, 2, 3, 4, 5] } }],
    },
    {
      name: '"Positive" then the reason, when the instruction says "Answer Positive or Negative, then explain"',
      text: sentiment('Answer Positive or Negative, then explain in one sentence.', (why) => `Positive\n${why}`),
      errors: [{ messageId: 'degenerate', range: [3, 8, 3, 16], text: 'Positive', severity: 'error', data: { n: 6, label: 'Positive', labels: 2 } }],
    },
    {
      name: '"Positive" then the reason with no label named: Positive has a known pair, so it is a class',
      text: sentiment('Classify the sentiment of each review and explain.', (why) => `Positive\n${why}`),
      errors: [{ messageId: 'degenerate', range: [3, 8, 3, 16], text: 'Positive', data: { n: 6, label: 'Positive' } }],
    },
    {
      name: 'a bold "**Positive**" line then the reason, the instruction naming both labels',
      uri: 'x.prompt.md',
      text: sentiment('Answer **Positive** or **Negative** on the first line, then explain.', (why) => `**Positive**\n${why}`),
      errors: [{ messageId: 'degenerate', range: [3, 8, 3, 20], text: '**Positive**', data: { n: 6, label: 'Positive' } }],
    },
    {
      name: '"Billing" then a reason in every demo, the instruction listing billing, technical and account',
      text: billing('Classify each ticket as billing, technical or account, then explain briefly.'),
      errors: [{ messageId: 'degenerate', range: [3, 10, 3, 17], text: 'Billing', data: { n: 5, label: 'Billing', labels: 3 } }],
    },
    {
      name: 'chat records whose system message names Approve and Reject, each reply "Approve" then the reasoning',
      uri: 'reviews.jsonl',
      text: approvals,
      errors: [{ messageId: 'degenerate', text: 'Approve', data: { n: 5, label: 'Approve' } }],
    },
    {
      name: 'two labels read from first lines with more text after are counted as before (6 of 7 Positive)',
      uri: 'x.prompt.md',
      text: sentiment('Classify the sentiment of each review, then explain.', (why) => `**Positive**\n${why}`).replace(
        'Review: {{review}}',
        'Review: Broke after a week.\nAnswer: **Negative**\nThe reviewer reports a defect.\n\nReview: {{review}}',
      ),
      errors: [{ messageId: 'imbalanced', range: [3, 8, 3, 20], severity: 'info', data: { n: 7, count: 6, label: 'Positive', counts: { Positive: 6, Negative: 1 } } }],
    },
    {
      name: 'two headings that are no known labels are counted as before: "**Outage**" 5 of 6 times',
      uri: 'x.prompt.md',
      text: [
        'Summarise each incident report for the weekly digest.',
        ...[...REPORTS, ...REPORTS].map(([r, s], i) => `Report: ${r}\nDigest: ${i === 4 ? '**Maintenance**' : '**Outage**'}\n${s}`),
        'Report: {{report}}\nDigest:\n',
      ].join('\n\n'),
      errors: [{ messageId: 'imbalanced', range: [3, 8, 3, 18], text: '**Outage**', severity: 'info', data: { n: 6, count: 5, label: 'Outage', counts: { Outage: 5, Maintenance: 1 } } }],
    },
  ],
});

describe('label-imbalance: template lines', () => {
  it('reports the chat records on the first reply\'s "Approve"', () => {
    const [d, ...rest] = diagnosticsOf(labelImbalance, { uri: 'reviews.jsonl', text: approvals });
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: approveAt, end: approveAt + 'Approve'.length });
  });

  it('without the instruction\'s list, "Billing" then a reason in every demo is a template line (no known pair)', () => {
    expect(diagnosticsOf(labelImbalance, { text: billing('Route each ticket and explain briefly.') })).toEqual([]);
  });

  it('a first line that names an answer field states the label: "Category: Billing" then a reason in every reply is reported', () => {
    const text = chat('You triage support tickets. Give the category and a one-line reason.', TICKETS, () => 'Category: Billing\nThe customer asks about a charge or an invoice.');
    const [d, ...rest] = diagnosticsOf(labelImbalance, { uri: 'triage.jsonl', text });
    expect(rest).toEqual([]);
    expect(d!.message).toBe('All 5 records are labelled "Category: Billing"; models learn to answer "Category: Billing" regardless of the input.');
    const at = text.indexOf('Category: Billing');
    expect(d!.span).toEqual({ start: at, end: at + 'Category: Billing'.length });
  });

  it('a heading that the instruction lists among other headings is a label, and a set that mixes bare lines with headed ones is read as before', () => {
    const listed = digest('**Summary**', 'Start each entry with one of: `Summary`, `Update`, `Resolved`.');
    expect(diagnosticsOf(labelImbalance, { text: listed, uri: 'x.prompt.md' }).map((d) => d.message)).toEqual([
      'All 3 demos are labelled "Summary"; models learn to answer "Summary" regardless of the input.',
    ]);
    // One digest entry that is only the heading: no more text after it, so the set is read as labels.
    const bare = digest('**Summary**').replace('Digest: **Summary**\nLog ingestion paused for an hour when a disk filled; space was freed.', 'Digest: **Summary**');
    expect(diagnosticsOf(labelImbalance, { text: bare, uri: 'x.prompt.md' }).map((d) => d.data.label)).toEqual(['Summary']);
  });

  it('recency-run reports none of the template-line sets (it leaves a set of one answer to label-imbalance)', () => {
    for (const head of ['**Summary**', '## Incident', 'Subject: Weekly digest', 'TL;DR']) {
      expect(diagnosticsOf(recencyRun, { text: digest(head), uri: 'x.prompt.md' })).toEqual([]);
    }
  });
});
