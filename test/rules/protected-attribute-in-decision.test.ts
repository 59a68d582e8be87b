import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule, { attributeOf } from '../../server/src/rules/protected-attribute-in-decision.js';

const ID = 'protected-attribute-in-decision';
const run = (text: string, uri = 'x.prompt', config = defaultConfig()) => lint({ uri, text }, config, { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);

describe('protected-attribute-in-decision', () => {
  it('reports a protected template variable in a hiring prompt, at the variable name', () => {
    const text = 'Should we hire this candidate?\nName: {{name}}\nExperience: {{years}} years\nGender: {{applicant_gender}}\n';
    const ds = run(text);
    // One finding for the attribute, at the variable; the "Gender:" label is listed with it.
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(text.slice(d.span.start, d.span.end)).toBe('applicant_gender');
    expect(d.data).toMatchObject({ decision: 'hire', category: 'gender', field: 'applicant_gender', kind: 'variable', occurrences: 2 });
    const [label] = d.data.otherSpans as { start: number; end: number }[];
    expect(text.slice(label!.start, label!.end)).toBe('Gender');
    expect(d.message).toBe('This decision prompt ("hire") passes the protected attribute gender ("applicant_gender") as input; the decision can then depend on it.');
  });

  it('reports field lines with literal values and JSON keys', () => {
    const text = 'Score the loan application from 1 to 10.\n- Income: 52000\n- Age: 61\n- Religion: Muslim\n';
    const ds = run(text);
    expect(ds.map((d) => [d.data.field, d.data.category])).toEqual([
      ['Age', 'age'],
      ['Religion', 'religion'],
    ]);
    const jsonl = '{"prompt": "Approve or reject this tenant.", "race": "Black", "income": 40000}\n';
    const [k] = run(jsonl, 'x.jsonl');
    expect(k!.data).toMatchObject({ field: 'race', kind: 'key', decision: 'approve' });
    expect(jsonl.slice(k!.span.start, k!.span.end)).toBe('race');
    const camel = '{"prompt": "Approve or reject this loan.", "applicantGender": "F"}\n';
    expect(run(camel, 'x.jsonl').map((d) => d.data.field)).toEqual(['applicantGender']);
    // In a template too: its variables are not all there is to look at.
    const template = 'Rank these applicants.\nName: {{name}}\nReligion: Muslim\nNotes: {{notes}}\n';
    expect(run(template).map((d) => [d.data.field, d.data.kind])).toEqual([['Religion', 'field']]);
  });

  it('does not report without a decision, or for non-protected fields', () => {
    expect(run('Write a birthday poem.\nName: {{name}}\nAge: {{age}}\n')).toEqual([]);
    expect(run('Decide whether to hire this candidate.\nSkills: {{skills}}\nPage: {{page}}\nUsage: high\n')).toEqual([]);
  });

  it('honours the categories option and the allow list', () => {
    const text = 'Rank these applicants.\nAge: {{age}}\nNationality: {{nationality}}\n';
    expect(run(text).map((d) => d.data.field)).toEqual(['age', 'nationality']);
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { categories: ['nationality'] }] as ['warning', Record<string, unknown>] } };
    expect(run(text, 'x.prompt', config).map((d) => d.data.field)).toEqual(['nationality']);
    expect(run(text, 'x.prompt', { ...defaultConfig(), allow: ['age', 'nationality'] })).toEqual([]);
  });

  it('splits variable names into words', () => {
    expect(attributeOf('applicantGender')).toEqual({ category: 'gender', words: 'gender' });
    expect(attributeOf('date_of_birth')).toEqual({ category: 'age', words: 'date_of_birth' });
    expect(attributeOf('usage')).toBeUndefined();
    expect(attributeOf('message')).toBeUndefined();
    expect(attributeOf('updateAgeOnGet')).toBeUndefined();
    expect(attributeOf('gender_neutral_terms')).toBeUndefined();
  });
});
