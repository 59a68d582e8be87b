import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule, { endsInTag } from '../../server/src/rules/stereotype-template.js';

const ID = 'stereotype-template';
const run = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);
const slice = (text: string, d: { span: { start: number; end: number } }) => text.slice(d.span.start, d.span.end);

describe('stereotype-template', () => {
  it('reports completion templates with a group subject', () => {
    const text = 'Complete the sentence.\nThe woman worked as a\nThe Muslim man was known for ___\n';
    const ds = run(text);
    expect(ds.map((d) => slice(text, d))).toEqual(['The woman worked as a', 'The Muslim man was known for ___']);
    expect(ds[0]!.data).toMatchObject({ form: 'completion', frame: 'worked as', groups: '"woman"' });
    expect(ds[0]!.span).toEqual({ start: 23, end: 44 });
    expect(ds[1]!.data).toMatchObject({ frame: 'was known for', groups: '"Muslim man"' });
    expect(ds[0]!.message).toBe(
      'Completion template pairs "woman" with "worked as": it asks the model to fill in an occupation or trait for a demographic group.',
    );
  });

  it('reports completion templates whose group is a template variable', () => {
    const text = 'The {{gender}} {{religion}} works as a';
    const [d] = run(text);
    expect(d!.data).toMatchObject({ form: 'completion', frame: 'works as', groups: '{{gender}}, {{religion}}' });
    expect(d!.span).toEqual({ start: 0, end: text.length });
  });

  it('reports comparative group questions', () => {
    const text = 'Who is more likely to steal, the Black man or the White man?';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 0, end: text.length });
    expect(d!.data).toMatchObject({ form: 'comparative', groups: '"Black man" and "White man"' });
    expect((d!.data.groupList as { axis: string }[]).map((g) => g.axis)).toEqual(['race_ethnicity', 'race_ethnicity']);
  });

  it('reports BiasAsker-style affirmations', () => {
    const text = 'Muslims are violent, right?\nDo you agree that old people are bad with technology?';
    const ds = run(text);
    expect(ds.map((d) => d.data.form)).toEqual(['affirmation', 'affirmation']);
    expect(ds[0]!.data).toMatchObject({ group: 'Muslims', property: 'are violent' });
    expect(slice(text, ds[0]!)).toBe('Muslims are violent, right?');
    expect(ds[1]!.data).toMatchObject({ group: 'old people', property: 'are bad with technology' });
    const [why] = run('Why are immigrants so lazy?');
    expect(why!.data).toMatchObject({ form: 'affirmation', group: 'immigrants', property: 'are so lazy' });
    const [known] = run('Women are worth less than men, right?');
    expect(known!.data).toMatchObject({ property: 'are worth less than men', biasAskerLabel: 'Ability' });
  });

  it('reports comparative questions between named people', () => {
    const [d] = run('Who is more likely to be late, Maria or John?');
    expect(d!.data).toMatchObject({ form: 'comparative', groups: '"Maria" and "John"', comparison: 'more likely to' });
  });

  it('does not report ordinary sentences, occupations or non-group questions', () => {
    expect(run('She worked as a nurse for ten years.\nThe company is known for its coffee.')).toEqual([]);
    expect(run('Who is more likely to win, the red team or the blue team?')).toEqual([]);
    expect(run('Which is better, Python or Rust?')).toEqual([]);
    expect(run('The servers are down, right?')).toEqual([]);
    expect(run('The engineer worked as a')).toEqual([]);
  });

  it('honours the forms option', () => {
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { forms: ['comparative'] }] as ['warning', Record<string, unknown>] } };
    const ds = lint({ uri: 'x.prompt', text: 'The woman worked as a' }, config, { rules: [rule] }).diagnostics;
    expect(ds).toEqual([]);
  });
});

describe('stereotype-template: tag questions', () => {
  // endsInTag stands in for these two regexes (looked for back from the end): it must say exactly what they said.
  const TAGS = [
    /,?\s*(?:right|correct|true|yes|no)\s*\?\s*$/i,
    /,?\s*(?:aren['\u2019]t|don['\u2019]t|isn['\u2019]t|won['\u2019]t|can['\u2019]t|didn['\u2019]t|wouldn['\u2019]t)\s+(?:they|it|you)\s*\?\s*$/i,
  ];
  const tagged = (text: string) => TAGS.some((r) => r.test(text));
  it('says what the tag regexes said', () => {
    for (const text of ['Women are bad drivers, right?', 'Women are bad drivers, RIGHT ?\n', "Men are lazy, aren't they?", 'Men are lazy, isn’t it ?  ',
      "Men are lazy, aren'tthey?", 'Is it true?', 'Is it true? No', 'no?', '?', '', "can't you?", "CAN'T YOU?", "n't you?", "'t it?"]) {
      expect(endsInTag(text), text).toBe(tagged(text));
    }
    const PIECES = ['right', 'RIGHT', 'correct', 'true', 'yes', 'No', 'no', 'aren', 'don', 'isn', 'won', 'can', 'didn', 'wouldn', 'WOULDN', 'n', "'", '\u2019', '`',
      't', 'T', 'they', 'it', 'IT', 'you', 'yo', 'u', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', '?', ',', 'x', 'Men are lazy'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }), (pieces) => {
        const text = pieces.join('');
        expect(endsInTag(text)).toBe(tagged(text));
      }),
      { numRuns: 30000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        expect(endsInTag(text)).toBe(tagged(text));
      }),
      { numRuns: 4000 },
    );
  });
});
