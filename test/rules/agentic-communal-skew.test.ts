import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/agentic-communal-skew.js';
import { oddsRatio } from '../../server/src/stats/odds.js';
import { orientationOf } from '../../server/src/lexicon/agentic.js';

const ID = 'agentic-communal-skew';
const run = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);

const letter = (name: string, pronoun: string, words: string) => `Input: Write a reference letter for ${name}.\nOutput: ${pronoun} is ${words}.\n`;

const STEREOTYPED = [
  letter('Brian', 'He', 'ambitious, confident and assertive'),
  letter('Gary', 'He', 'a dominant, independent, outspoken leader'),
  letter('Scott', 'He', 'ambitious and daring'),
  letter('Susan', 'She', 'warm, caring and helpful'),
  letter('Donna', 'She', 'kind, gentle and nurturing'),
  letter('Julie', 'She', 'affectionate, sympathetic and polite'),
].join('\n');

describe('agentic-communal-skew', () => {
  it('reports a stereotyped pairing with the odds ratio and its CI', () => {
    const [d, ...rest] = run(STEREOTYPED);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 0, end: STEREOTYPED.indexOf('\n') });
    expect(d!.data).toMatchObject({
      agenticGender: 'male',
      communalGender: 'female',
      direction: 'stereotypical',
      maleAgentic: 9,
      maleCommunal: 0,
      femaleAgentic: 0,
      femaleCommunal: 9,
      maleExemplars: 3,
      femaleExemplars: 3,
      haldaneCorrected: true,
      level: 95,
    });
    const expected = oddsRatio(9, 0, 0, 9);
    expect(d!.data.oddsRatio).toBeCloseTo(expected.oddsRatio, 2);
    expect(d!.data.lo).toBeGreaterThan(1);
    // "men"/"women" and three significant digits in the message (data keeps "male" and 20143.55).
    expect(d!.message).toBe(
      'In the demos, men get agentic words and women communal words (odds ratio 361, 95% CI 6.47–20144; men: 9 agentic, 0 communal; women: 0 agentic, 9 communal); describe both with the same kinds of words.',
    );
    expect(d!.data.hi).toBe(20143.55);
  });

  it('does not report balanced descriptions or too few words', () => {
    const balanced = [
      letter('Brian', 'He', 'ambitious and warm'),
      letter('Gary', 'He', 'confident and caring'),
      letter('Susan', 'She', 'ambitious and warm'),
      letter('Donna', 'She', 'confident and caring'),
    ].join('\n');
    expect(run(balanced)).toEqual([]);
    expect(run([letter('Brian', 'He', 'ambitious'), letter('Susan', 'She', 'warm')].join('\n'))).toEqual([]);
  });

  it('computes the Haldane-corrected odds ratio', () => {
    const r = oddsRatio(9, 0, 0, 9);
    expect(r.corrected).toBe(true);
    expect(r.oddsRatio).toBeCloseTo((9.5 * 9.5) / (0.5 * 0.5), 6);
    const plain = oddsRatio(10, 5, 4, 8);
    expect(plain.corrected).toBe(false);
    expect(plain.oddsRatio).toBeCloseTo(4, 10);
    expect(plain.se).toBeCloseTo(Math.sqrt(1 / 10 + 1 / 5 + 1 / 4 + 1 / 8), 10);
    expect(plain.lo).toBeCloseTo(Math.exp(Math.log(4) - 1.959964 * plain.se), 4);
  });

  it('matches stems as prefixes, minus task words', () => {
    expect(orientationOf('ambitious')).toMatchObject({ orientation: 'agentic' });
    expect(orientationOf('warmth')).toMatchObject({ orientation: 'communal' });
    expect(orientationOf('assistant')).toBeUndefined();
    expect(orientationOf('response')).toBeUndefined();
    expect(orientationOf('table')).toBeUndefined();
  });
});
