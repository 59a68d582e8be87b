import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/stereotype-template.js';

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
      ['Swedes are cold, right?', 'Swedes'],
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
});
