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
});
