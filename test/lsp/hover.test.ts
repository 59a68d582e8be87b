/**
 * Hover markdown of findings (server/src/lsp/hover.ts), from the engine directly: the facts
 * list says what a prompt engineer reads (demo numbers from 1, BLS named as such) and no
 * offsets.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { hoverMarkdown } from '../../server/src/lsp/hover.js';

const root = path.resolve(__dirname, '..', '..');

function hoverOf(uri: string, text: string, ruleId: string): string {
  const result = lint({ uri, text }, defaultConfig());
  const d = result.diagnostics.find((x) => x.ruleId === ruleId);
  expect(d, ruleId).toBeDefined();
  return hoverMarkdown(result, d!.span.start)!;
}

const facts = (md: string) => md.split('\n').filter((l) => l.startsWith('- '));

describe('hover facts', () => {
  it('gendered-pronoun-default: BLS labels, and no chart of the noun\'s offsets', () => {
    const md = hoverOf('x.prompt', 'Ask the nurse whether she checked the chart.', 'gendered-pronoun-default');
    // Before: a "**Noun span**" bar chart of start/end offsets, and "Bls occupation", "Pct women"; "Gender word" (the pronoun gender again) is not shown.
    expect(md).not.toContain('Noun span');
    expect(md).not.toMatch(/Bls|Pct/);
    expect(facts(md)).toEqual([
      '- Pronoun: she',
      '- Pronoun gender: female',
      '- Noun: nurse',
      '- Women in the occupation (%): 87.3',
      '- BLS occupation: Registered nurses',
      '- BLS year: 2025',
      '- BLS broad group: no',
      '- BLS source: U\\.S\\. BLS, Current Population Survey, Table 11 \\(annual averages\\)',
    ]);
  });

  it('numbers demos from 1, as "demo 1 of 4" does (data keeps 0-based indices)', () => {
    const text = readFileSync(path.join(root, 'examples', 'mcq-always-a.prompt'), 'utf8');
    // Before: "- Exemplars: 0, 1, 2, 3" and "- Exemplar: 3" next to "demo 1 of 4".
    expect(facts(hoverOf('mcq-always-a.prompt', text, 'answer-position-skew'))).toContain('- Demos: 1, 2, 3, 4');
    expect(facts(hoverOf('mcq-always-a.prompt', text, 'rationale-answer-mismatch'))).toContain('- Demo: 4');
  });

  it('calls a dataset\'s items records', () => {
    const jsonl = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((x) => JSON.stringify({ prompt: `Review: ${x} was great`, completion: 'positive' })).join('\n') + '\n';
    const md = hoverOf('x.jsonl', jsonl, 'label-imbalance');
    expect(facts(md)).toContain('- Records: 1, 2, 3, 4, 5, 6, 7, 8');
    expect(md).toContain('**Bias Lens · record 1 of 8**');
  });

  it('gendered-term: the word list as a citation, no internal kind', () => {
    const md = hoverOf('x.prompt', 'Ask the chairman to approve the budget.', 'gendered-term');
    // Before: "- Kind: role\-noun" and "- Source: retext\-equality gender\-12".
    expect(facts(md)).toEqual([
      '- Term: chairman',
      '- Alternative: chair',
      '- Alternatives: chair, head, chairperson, coordinator, committee head, moderator, presiding officer',
      '- Gender: male',
      '- Word list: retext\\-equality, gender word list',
    ]);
  });

  it('label-imbalance in a dataset: "Total", and no rows the message already says', () => {
    const jsonl = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((x) => JSON.stringify({ prompt: `Review: ${x} was great`, completion: 'positive' })).join('\n') + '\n';
    const lines = facts(hoverOf('x.jsonl', jsonl, 'label-imbalance'));
    // Before: "- N: 8", "- Share: 1", "- Degenerate: yes".
    expect(lines).toContain('- Total: 8');
    expect(lines.filter((l) => /^- (N|Share|Degenerate|Kind|Items):/.test(l))).toEqual([]);
  });
});
