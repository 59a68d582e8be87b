import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/demographic-imbalance.js';

const ID = 'demographic-imbalance';
const run = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);

const demo = (people: [string, string][]) =>
  people.map(([name, pronoun]) => `Q: ${name} finished the report early. Did ${pronoun} finish on time?\nA: Yes.\n`).join('\n');

describe('demographic-imbalance', () => {
  it('reports a gender skew with counts and a binomial p-value, on the first line of the set', () => {
    const text = demo([
      ['Brian', 'he'],
      ['Donald', 'he'],
      ['Gary', 'he'],
      ['Jeffrey', 'he'],
      ['Scott', 'he'],
      ['Steven', 'he'],
    ]);
    const ds = run(text);
    const g = ds.find((d) => d.data.majority === 'male')!;
    expect(g).toBeDefined();
    expect(g.data).toMatchObject({ items: 'exemplars', n: 6, majorityCount: 6, percent: 100, counts: { female: 0, male: 6, mixed: 0, none: 0 } });
    expect(g.data.pValue).toBeCloseTo(2 / 64, 10);
    expect(g.span).toEqual({ start: 0, end: text.indexOf('\n') });
    expect(g.message).toBe('6 of 6 exemplars that signal one gender are male (100%, binomial p = 0.031); balance the people in them.');
    // All six names are White names: the origin skew is reported too.
    const o = ds.find((d) => d.data.majority === 'White')!;
    expect(o.data).toMatchObject({ n: 6, majorityCount: 6, counts: { white: 6 } });
  });

  it('does not report balanced or small sets', () => {
    expect(run(demo([['Brian', 'he'], ['Susan', 'she'], ['Jamal', 'he'], ['Ebony', 'she'], ['Carlos', 'he'], ['Fatima', 'she']]))).toEqual([]);
    expect(run(demo([['Brian', 'he'], ['Scott', 'he'], ['Gary', 'he']]))).toEqual([]);
    expect(run('Q: What is 2+2?\nA: 4\n\nQ: What is 3+3?\nA: 6\n')).toEqual([]);
  });

  it('reports missing gender x ethnicity intersections', () => {
    // Women are all White, men are all Black: no Black women, no White men.
    const text = demo([
      ['Susan', 'she'],
      ['Kathleen', 'she'],
      ['Donna', 'she'],
      ['Julie', 'she'],
      ['Jamal', 'he'],
      ['Tyrone', 'he'],
      ['Darnell', 'he'],
      ['Terrell', 'he'],
    ]);
    const ds = run(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ genders: 'female and male', origins: 'Black, White', missing: 'Black female, White male' });
    expect(ds[0]!.severity).toBe('info');
  });
});
