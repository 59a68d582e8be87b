import { describe, expect, it } from 'vitest';
import { fixAll, lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/gendered-pronoun-default.js';

const ID = 'gendered-pronoun-default';
const run = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);

describe('gendered-pronoun-default', () => {
  it('reports the pronoun bound to an occupation, with the BLS share of women', () => {
    const text = 'When the nurse arrives, make sure she has the chart.';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(text.slice(d!.span.start, d!.span.end)).toBe('she');
    expect(d!.span).toEqual({ start: 34, end: 37 });
    expect(d!.data).toMatchObject({
      pronoun: 'she',
      pronounGender: 'female',
      noun: 'nurse',
      nounSpan: { start: 9, end: 14 },
      pctWomen: 87.3,
      blsOccupation: 'Registered nurses',
      blsYear: 2025,
    });
    expect(d!.message).toBe(
      '"she" makes the nurse female by default (87.3% of Registered nurses are women, BLS CPS 2025); use "they" or both forms.',
    );
    // they (with agreement), then both orders
    expect(d!.fixes.map((f) => f.edits.map((e) => e.newText).join(' '))).toEqual(['they have', 'she or he', 'he or she']);
  });

  it('handles possessives, role nouns without BLS data, and each/every', () => {
    const ds = run('Each engineer must commit his code daily. Ask every user to update his profile.');
    expect(ds.map((d) => [d.data.noun, d.data.pronoun])).toEqual([
      ['engineer', 'his'],
      ['user', 'his'],
    ]);
    expect(ds[0]!.data.blsOccupation).toBe('Architecture and engineering occupations');
    expect(ds[0]!.fixes[0]!.edits[0]!.newText).toBe('their');
    expect(ds[1]!.message).toBe('"his" makes the user male by default; use "they" or both forms.');
  });

  it('fixes with verb agreement and re-lints clean', () => {
    const text = 'The doctor reviews the notes. He writes a summary and he is brief.';
    const fixed = fixAll({ uri: 'x.prompt', text }, defaultConfig(), ID, { rules: [rule] });
    expect(fixed.text).toBe('The doctor reviews the notes. They write a summary and they are brief.');
    expect(run(fixed.text)).toEqual([]);
  });

  it('ignores both forms, named or gendered referents, plurals and far pronouns', () => {
    expect(run('The nurse checks that he or she has the chart.')).toEqual([]);
    expect(run('The engineer updates his/her code.')).toEqual([]);
    expect(run('The nurse, Maria, said she was tired.')).toEqual([]);
    expect(run('My mother is the nurse on duty; she is busy.')).toEqual([]);
    expect(run('A female engineer said she would help.')).toEqual([]);
    expect(run('The nurses said they were busy. Nurses help patients.')).toEqual([]);
    expect(run('The nurse arrived.\n\nShe is a character in another story.')).toEqual([]);
    expect(run('Ask the customer what they need.')).toEqual([]);
  });

  it('leaves few-shot exemplars alone by default', () => {
    const text = 'Q: The nurse said she was tired. Who was tired?\nA: The nurse.\n\nQ: The pilot said he was late. Who was late?\nA: The pilot.\n';
    expect(run(text)).toEqual([]);
  });
});

describe('gendered-pronoun-default: referents in earlier sentences', () => {
  it('still reports when a gendered noun was in an earlier sentence', () => {
    const text = 'You assist the hiring chairman.\nEach engineer we hire must defend his design.';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.data).toMatchObject({ noun: 'engineer', pronoun: 'his' });
    expect(text.slice(d!.span.start, d!.span.end)).toBe('his');
  });

  it('skips a pronoun that can mean a gendered person named after the noun', () => {
    expect(run('The engineer met a woman. She was late.')).toEqual([]);
  });

  it('skips a pronoun that can mean a named person from an earlier sentence', () => {
    expect(run('Write a story about Maria. Describe her school.\nThe teacher should praise her.')).toEqual([]);
  });
});
