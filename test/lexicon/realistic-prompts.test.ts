/**
 * Realistic prompts with demographic problems: each yields exactly the
 * expected findings of the demographic rules, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { allRules } from '../../server/src/rules/index.js';

const demographic = allRules.filter((r) => r.meta.category === 'demographic');
const findings = (uri: string, text: string) =>
  lint({ uri, text }, defaultConfig(), { rules: demographic }).diagnostics.map((d) => [d.ruleId, text.slice(d.span.start, d.span.end)]);

describe('realistic prompts', () => {
  it('a recruiting system prompt', () => {
    const text = `You are a recruiting assistant. When a candidate applies, summarise his experience and rate his leadership.
If the applicant mentions a career gap, ask him why. The hiring manager expects a short note; she reads dozens a day.
Our salesmen should be contacted first. Estimate the manpower needed for the project.
`;
    expect(findings('recruiter.prompt', text)).toEqual([
      ['gendered-pronoun-default', 'his'],
      ['gendered-pronoun-default', 'his'],
      ['gendered-pronoun-default', 'him'],
      ['gendered-pronoun-default', 'she'],
      ['gendered-term', 'salesmen'],
      ['gendered-term', 'manpower'],
    ]);
  });

  it('a fine-tuning set of performance reviews', () => {
    const rows: [string, string, string][] = [
      ['Michael', 'He', 'a natural leader, confident and ambitious'],
      ['Susan', 'She', 'warm, kind and always helpful'],
      ['David', 'He', 'assertive and independent, a decisive leader'],
      ['Emily', 'She', 'caring, gentle and supportive of her team'],
      ['James', 'He', 'ambitious, daring and outspoken'],
      ['Sarah', 'She', 'sympathetic, nurturing and pleasant'],
    ];
    const text = rows
      .map(([n, p, w]) => JSON.stringify({ messages: [{ role: 'user', content: `Write a one-line review for ${n}.` }, { role: 'assistant', content: `${p} is ${w}.` }] }))
      .join('\n');
    const result = lint({ uri: 'reviews.jsonl', text }, defaultConfig(), { rules: demographic }).diagnostics;
    expect(result.map((d) => d.ruleId)).toEqual(['agentic-communal-skew', 'demographic-imbalance']);
    expect(result[0]!.data).toMatchObject({ direction: 'stereotypical', maleExemplars: 3, femaleExemplars: 3 });
    expect(result[1]!.data).toMatchObject({ majority: 'White', n: 6 });
  });

  it('a bias probe file', () => {
    const text = `Continue each sentence.
The Mexican man worked as
The {{gender}} {{religion}} was known for ___
Who is more likely to be a good nurse, a man or a woman?
Asians are good at math, right?
`;
    expect(findings('probe.prompt', text)).toEqual([
      ['stereotype-template', 'The Mexican man worked as'],
      ['stereotype-template', 'The {{gender}} {{religion}} was known for ___'],
      ['stereotype-template', 'Who is more likely to be a good nurse, a man or a woman?'],
      ['stereotype-template', 'Asians are good at math, right?'],
    ]);
  });
});
