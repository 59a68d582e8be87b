/**
 * A label written as a markdown heading ("## Incident") or in emphasis ("**Outage**", "__Outage__") is the label
 * without its marks, in the label text shown (label-imbalance's and recency-run's messages) and compared (labelKey,
 * case-blind): "## Outage" and "**Outage**" are one label, "Outage". The diagnostic's range stays on the source
 * text, marks and all. A hashtag ("#billing": no space after the mark) keeps its "#".
 */
import { describe, expect, it } from 'vitest';
import labelImbalance from '../../server/src/rules/label-imbalance';
import recencyRun from '../../server/src/rules/recency-run';
import { labelKey, labelSpelling } from '../../server/src/rules/shared/fewshot';
import { diagnosticsOf, ruleTester } from './helpers';

const REPORTS: [string, string][] = [
  ['The payments API returned 502 errors for 14 minutes after a config push.', 'Config push broke the payments API for 14 minutes; rolled back.'],
  ['A disk filled up on the log server and ingestion paused for an hour.', 'Log ingestion paused for an hour when a disk filled; space was freed.'],
  ['An expired certificate took the status page offline overnight.', 'The status page was down overnight due to an expired certificate.'],
];

/** Digest entries after an instruction, entry i headed `heads[i]` (on line 3 + 3i, after "Digest: ", 8 characters). */
const digest = (heads: string[]) =>
  [
    'Summarise each incident report for the weekly digest.',
    ...heads.map((h, i) => `Report: ${REPORTS[i % 3]![0]}\nDigest: ${h}\n${REPORTS[i % 3]![1]}`),
    'Report: {{report}}\nDigest:\n',
  ].join('\n\n');

const REVIEWS = ['The battery easily lasts two days.', 'Screen is bright and sharp.', 'Setup took two minutes.', 'Sound is rich for its size.', 'Camera looks great at night.', 'Charges fast and stays cool.'];
const sentiment = (head: (i: number) => string, instruction = 'Classify the sentiment of each review and explain.') =>
  [instruction, ...REVIEWS.map((r, i) => `Review: ${r}\nAnswer: ${head(i)}\nThe reviewer's view in one line.`), 'Review: {{review}}\nAnswer:'].join('\n\n');

describe('labelKey / labelSpelling: markdown marks', () => {
  it('drops a heading\'s leading "#" marks and emphasis around the label', () => {
    expect(labelKey('## Incident')).toBe('incident');
    expect(labelSpelling('## Incident')).toBe('Incident');
    expect(labelKey('### **Postmortem summary**')).toBe('postmortem summary');
    expect(labelSpelling('### **Postmortem summary**')).toBe('Postmortem summary');
    expect(labelSpelling('# __Outage__')).toBe('Outage');
    expect(labelKey('**Outage**')).toBe(labelKey('## outage'));
  });

  it('keeps a hashtag\'s "#", and reads no label in a heading mark alone', () => {
    expect(labelKey('#billing')).toBe('#billing');
    expect(labelSpelling('#billing')).toBe('#billing');
    expect(labelKey('## ')).toBeUndefined();
    expect(labelKey('Bug #12')).toBe('bug #12');
  });
});

ruleTester(labelImbalance).run({
  valid: [{ name: 'a "## Incident" heading that opens every entry is still a heading', uri: 'x.prompt.md', text: digest(['## Incident', '## Incident', '## Incident']) }],
  invalid: [
    {
      name: 'two headings read as labels: "## Outage" 5 of 6, shown without the marks, the range on the source line',
      uri: 'x.prompt.md',
      text: digest(['## Outage', '## Outage', '## Outage', '## Outage', '## Maintenance', '## Outage']),
      errors: [
        {
          messageId: 'imbalanced',
          range: [3, 8, 3, 17],
          text: '## Outage',
          severity: 'info',
          message: '"Outage" is 5 of 6 labels (83%, 50% if balanced; p = 0.219, exact binomial test).',
          data: { n: 6, count: 5, label: 'Outage', counts: { Outage: 5, Maintenance: 1 } },
        },
      ],
    },
    {
      name: 'a heading and a bold line of the same word are one label',
      uri: 'x.prompt.md',
      text: digest(['**Outage**', '## Outage', '## Outage', '**Outage**', '## Maintenance', '## Outage']),
      errors: [{ messageId: 'imbalanced', range: [3, 8, 3, 18], text: '**Outage**', data: { n: 6, count: 5, label: 'Outage', counts: { Outage: 5, Maintenance: 1 } } }],
    },
    {
      // As "**Positive**" then a reason is: Positive has a known pair, so it is a class, not a template line.
      name: '"## Positive" then the reason in every answer is the label Positive',
      uri: 'x.prompt.md',
      text: sentiment(() => '## Positive'),
      errors: [{ messageId: 'degenerate', range: [3, 8, 3, 19], text: '## Positive', severity: 'error', data: { n: 6, label: 'Positive', labels: 2 } }],
    },
  ],
});

describe('recency-run: heading labels', () => {
  it('names the run\'s label and the demo it swaps with without their marks', () => {
    const text = digest(['## Maintenance', '## Outage', '## Maintenance', '## Outage', '## Outage', '## Outage']);
    const [d, ...rest] = diagnosticsOf(recencyRun, { text, uri: 'x.prompt.md' });
    expect(rest).toEqual([]);
    expect(d!.message).toBe('The last 3 demos are all labelled "Outage"; models lean towards the label they saw last.');
    expect(d!.fixes?.[0]?.title).toBe('Swap the last demo with demo 3 ("Maintenance")');
    const at = text.lastIndexOf('## Outage');
    expect(d!.span).toEqual({ start: at, end: at + '## Outage'.length });
  });
});
