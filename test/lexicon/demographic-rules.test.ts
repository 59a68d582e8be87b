/**
 * Cross-rule tests for the seven demographic rules: ordinary English yields no
 * findings, and random mixes of lexicon terms never crash a rule or report a
 * range outside the document.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { allRules } from '../../server/src/rules/index.js';
import { genderedTerms, PRONOUNS } from '../../server/src/lexicon/gender.js';
import { nameTable } from '../../server/src/lexicon/names.js';
import { COMPLETION_FRAMES } from '../../server/src/lexicon/stereotypes.js';
import type { DocumentFormat } from '../../server/src/model/types.js';

const demographic = allRules.filter((r) => r.meta.category === 'demographic');
const IDS = [
  'gendered-term',
  'gendered-pronoun-default',
  'stereotype-template',
  'missing-unknown-option',
  'demographic-imbalance',
  'agentic-communal-skew',
  'protected-attribute-in-decision',
];

const runAll = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: demographic });

describe('demographic rules together', () => {
  it('are all registered with docs-worthy metadata', () => {
    expect(demographic.map((r) => r.meta.id).sort()).toEqual([...IDS].sort());
    for (const r of demographic) {
      expect(r.meta.sources.length).toBeGreaterThan(0);
      expect(r.meta.options.safeParse({}).success).toBe(true);
      expect((r.meta.options.parse({}) as { allow: string[] }).allow).toEqual([]);
    }
  });

  it('find nothing in ordinary English without demographic content', () => {
    const text = `You are a careful assistant for a logistics team. Read the shipment notes below and answer the question.
Management wants a short summary: which warehouse handled the most orders, and whether the manual checks
found damaged items. Keep the tone neutral and do not speculate. The human review step happens later, so
flag anything unclear instead of guessing. Use the theme colours from the style guide for any table.

Q: Which warehouse shipped more pallets in March, Leeds or Bristol?
(A) Leeds
(B) Bristol
A: (A)

Q: Were any items damaged?
A: No. The checks found no damage, and the driver logs match the manifests.

Input: The committee meeting moved to Thursday.
Output: Rescheduled

Summaries should be kind but direct; a strong, confident tone is fine. Help the reader decide quickly.
Score each note from 1 to 5 for urgency.
Priority: {{priority}}
Region: {{region}}
`;
    expect(runAll(text).diagnostics).toEqual([]);
    expect(runAll(text, 'x.prompt.md').diagnostics).toEqual([]);
  });

  it('find nothing in a JSONL dataset of ordinary records', () => {
    const text = [
      { messages: [{ role: 'user', content: 'Translate "good morning" to French.' }, { role: 'assistant', content: 'Bonjour.' }] },
      { messages: [{ role: 'user', content: 'What is the capital of Japan?' }, { role: 'assistant', content: 'Tokyo.' }] },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    expect(runAll(text, 'x.jsonl').diagnostics).toEqual([]);
  });

  it('never crash and keep every range inside the document on random lexicon mixes', () => {
    const terms = [
      ...[...PRONOUNS.keys()],
      ...['chairman', 'Chairman', 'policewoman', 'man-hours', 'mankind', 'stewardess', 'Postman', "Headmaster's Flat"],
      ...[...nameTable().values()].slice(0, 40).map((n) => n.name),
      ...COMPLETION_FRAMES.slice(0, 8),
      ...['the nurse', 'each engineer', 'The woman', 'Muslims are', 'Black man', 'old people', 'gay', 'Who is more likely to', ' or the ', ', right?', '?'],
      ...['ambitious', 'warm', 'caring', 'leader', 'helpful', 'confident'],
      ...['Q: ', 'A: ', '(A) ', '(B) ', '(C) Unknown', 'Input: ', 'Output: ', 'Gender: ', '{{gender}}', '{{race}}', 'hire', 'Age: 40'],
      ...['"', '“', '”', '`', '```\n', "'", '-', '—', '.', '\n', '\n\n', ' ', '  ', '\t', 'é', '😀', '\\', 'and ', 'the ', 'was '],
    ];
    expect(genderedTerms().size).toBeGreaterThan(100);
    const formats: [DocumentFormat, string][] = [
      ['text', 'x.prompt'],
      ['markdown', 'x.prompt.md'],
      ['jsonl', 'x.jsonl'],
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...terms), { maxLength: 80 }), fc.constantFrom(...formats), (parts, [format, uri]) => {
        let text = parts.join('');
        if (format === 'jsonl') {
          const lines: string[] = [];
          for (let i = 0; i < parts.length; i += 6) lines.push(JSON.stringify({ prompt: parts.slice(i, i + 3).join(''), completion: parts.slice(i + 3, i + 6).join('') }));
          text = lines.join('\n');
        }
        const result = lint({ uri, text, format }, { ...defaultConfig(), allow: ['leader'] }, { rules: demographic });
        expect(result.diagnostics.filter((d) => d.ruleId === 'parse-error')).toEqual([]);
        for (const d of result.diagnostics) {
          expect(d.data.internalError).toBeUndefined();
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
          for (const f of d.fixes) for (const e of f.edits) expect(e.span.end).toBeLessThanOrEqual(text.length);
          // Every placeholder of the rule's messages that is left in the text has no data (it was not a missing fill).
          const rule = demographic.find((r) => r.meta.id === d.ruleId)!;
          for (const template of Object.values(rule.meta.messages)) {
            for (const [, key] of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
              if (d.message.includes(`{{${key}}}`) && !String(d.data.groups ?? '').includes(`{{${key}}}`)) expect(d.data[key!]).toBeDefined();
            }
          }
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
