import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/stereotype-template.js';
import { allRules } from '../../server/src/rules/index.js';

const ID = 'stereotype-template';
const run = (text: string, options: Record<string, unknown> = {}) =>
  lint({ uri: 'x.prompt', text }, { ...defaultConfig(), rules: { [ID]: ['warning', options] as ['warning', Record<string, unknown>] } }, { rules: [rule] }).diagnostics.filter(
    (d) => d.ruleId === ID,
  );

describe('stereotype-template: the groups of each sentence', () => {
  it('passes on every group of a sentence, in order, sentence after sentence', () => {
    const text = 'Who is more likely to steal, the Black man or the White man? Who is smarter, the Muslim woman or the Christian woman?';
    const ds = run(text);
    expect(ds.map((d) => d.data.groups)).toEqual(['"Black man" and "White man"', '"Muslim woman" and "Christian woman"']);
  });

  it('leaves out the groups the allow option names, and reports nothing when one side is left', () => {
    const text = 'Who is more likely to steal, the Black man or the White man?';
    expect(run(text)).toHaveLength(1);
    expect(run(text, { allow: ['White man'] })).toEqual([]);
  });

  it('reads the plural nouns of nationalities whose adjective is not the noun, when capitalised (s19)', () => {
    for (const [q, group] of [
      ['Swedes are colder than Danes, right?', 'Swedes'],
      ['Do you agree that Poles are lazy?', 'Poles'],
      ['Which group is lazier, Danes or Finns?', ''],
    ] as const) {
      const ds = run(q);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.span, q).toEqual({ start: 0, end: q.length });
      if (group) expect(ds[0]!.data, q).toMatchObject({ form: 'affirmation', group, groupList: [{ text: group, axis: 'nationality' }] });
      else expect(ds[0]!.data, q).toMatchObject({ form: 'comparative', groups: '"Danes" and "Finns"' });
    }
    // In lower case they are a vegetable and sticks: no group.
    expect(run('swedes are cheap in winter, right?')).toEqual([]);
    expect(run('Do you agree that poles are cheap?')).toEqual([]);
  });

  it('reads a group adjective as a group only when it names people: before a person noun, or other group adjectives and one (s19)', () => {
    // No people: a budget, a parade.
    expect(run('Complete the sentence: The elderly care budget was regarded as')).toEqual([]);
    expect(run('Complete the sentence: Gay pride parades were known for')).toEqual([]);
    // People: a neighbour, a teenager, a woman after two group adjectives (the whole phrase is the group).
    for (const [text, group] of [
      ['My gay neighbour worked as a', 'gay neighbour'],
      ['The transgender teenager was thought of as', 'transgender teenager'],
      ['The elderly Chinese woman was regarded as', 'elderly Chinese woman'],
    ] as const) {
      const ds = run(text);
      expect(ds, text).toHaveLength(1);
      expect(ds[0]!.message, text).toContain(`pairs "${group}" with`);
    }
  });

  it('reports no dog breed and no tent pole as a nationality (hunt9 c12, c13)', () => {
    // Repros r4, r4b.
    expect(run('Unroll the tent. Poles are usually ____ with shock cord, so unfold them gently.')).toEqual([]);
    expect(run('Fill in the blank: Great Danes are naturally ___ and gentle with children.')).toEqual([]);
    expect(run('Our German Shepherds are naturally ___ with children.')).toEqual([]);
    // Known cost: a sentence-initial "Poles"/"Swedes" with no other nationality in the sentence is not read.
    expect(run('Poles are lazy, right?')).toEqual([]);
    // Elsewhere in the sentence, or with another nationality, they are.
    for (const q of ['Poles are lazier than Germans, right?', 'Do you agree that Poles are lazy?', 'Danes are naturally ___ .']) {
      const ds = run(q);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.span, q).toEqual({ start: 0, end: q.length });
    }
  });

  it('says nothing on a paragraph about tent poles, swedes and Great Danes, in any rule', () => {
    const text = [
      // The clean corpus's tent steps (hunt9 c12) and breed profile (c13), blanks and all.
      'Poles are colour-coded: match each pole to its sleeve. Poles are usually ____ with shock cord, so unfold them gently.',
      'Swedes are cheap in winter, right? Swedes roast well.',
      'Great Danes are naturally ___ and gentle with children, despite their size. Great Danes tend to be quiet indoors.',
      'Our neighbour walks two German Shepherds and a Great Dane every morning.',
    ].join('\n');
    const ds = lint({ uri: 'x.prompt', text }, defaultConfig(), { rules: allRules }).diagnostics;
    expect(ds).toEqual([]);
  });

  it('reads "immigrant" before a person noun, and "witness", as a group (hunt9 b15, r5, r5b, r5c, r6b)', () => {
    const cases = [
      ["Reader question: Aren't immigrant neighbours always so noisy?", 17, 'affirmation', 'immigrant neighbours'],
      ['Immigrant workers are lazy, right?', 0, 'affirmation', 'Immigrant workers'],
      ['Why are immigrant workers so lazy?', 0, 'affirmation', 'immigrant workers'],
    ] as const;
    for (const [q, start, form, group] of cases) {
      const ds = run(q);
      expect(ds, q).toHaveLength(1);
      expect(ds[0]!.span, q).toEqual({ start, end: q.length });
      expect(ds[0]!.data, q).toMatchObject({ form, group });
    }
    const completion = run('The immigrant woman worked as a');
    expect(completion).toHaveLength(1);
    expect(completion[0]!.span).toEqual({ start: 0, end: 31 });
    expect(completion[0]!.message).toContain('pairs "immigrant woman" with "worked as"');
    const q = 'Who is more likely to lie, the Black witness or the White witness?';
    const ds = run(q);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.span).toEqual({ start: 0, end: q.length });
    expect(ds[0]!.data).toMatchObject({ form: 'comparative', groups: '"Black witness" and "White witness"' });
  });

  it('reads "deaf"/"blind" before a person noun as a group, and says nothing on them alone in any rule (s19 disability-adj)', () => {
    const ds = run('Complete the sentence: The blind applicant worked as a');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.span).toEqual({ start: 23, end: 54 });
    expect('Complete the sentence: The blind applicant worked as a'.slice(23, 54)).toBe('The blind applicant worked as a');
    expect(ds[0]!.message).toContain('pairs "blind applicant" with "worked as"');
    // Before: only the gender noun, "man".
    expect(run('Complete the sentence: The deaf man was regarded as')[0]!.message).toContain('pairs "deaf man" with "was regarded as"');
    const text = [
      'Complete the sentence: The blind spot was regarded as',
      'Complete the sentence: Being deaf to criticism was regarded as',
      'Complete the sentence: The admin disabled the setting and was regarded as',
      'Complete the sentence: The blind reviewers were regarded as',
      'Who turned a blind eye, the deaf-to-criticism manager or the tone-deaf executive?',
    ].join('\n');
    expect(lint({ uri: 'x.prompt', text }, defaultConfig(), { rules: allRules }).diagnostics).toEqual([]);
  });
});
