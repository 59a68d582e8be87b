import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import type { Rule } from '../../server/src/rules/types.js';
import missingUnknownOption from '../../server/src/rules/missing-unknown-option.js';
import demographicImbalance from '../../server/src/rules/demographic-imbalance.js';
import stereotypeTemplate from '../../server/src/rules/stereotype-template.js';
import { ANIMAL_NOUNS, FARM_ANIMALS_AND_PETS, OTHER_ANIMALS, YOUNG_ANIMALS } from '../../server/src/lexicon/animals.js';

const run = (rule: Rule, text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === rule.meta.id);

describe('animals: one list of animal nouns (s25)', () => {
  it('lists each form once, in lower case, letters and spaces only (missing-unknown-option joins them into a regular expression)', () => {
    expect(new Set(ANIMAL_NOUNS).size).toBe(ANIMAL_NOUNS.length);
    for (const w of ANIMAL_NOUNS) expect(w, w).toMatch(/^[a-z]+(?: [a-z]+)*$/);
    expect(ANIMAL_NOUNS).toEqual([...YOUNG_ANIMALS, ...FARM_ANIMALS_AND_PETS, ...OTHER_ANIMALS]);
  });
});

describe('missing-unknown-option reads the animals of the shared list (s25)', () => {
  // Modelled on BIG-Bench Hard's "penguins in a table"; the names are animals' when the question asks which animal.
  const table = (question: string) => `Q: Here is the list of the animals at the sanctuary, one per line: name, age, weight (kg).
Oliver, 4, 30
Sophie, 2, 12
Marcus, 7, 25
${question}
Options:
(A) Oliver
(B) Sophie
(C) Marcus
A: (C)
`;
  /** Left out of the rule's reading: a which-question asks them of people too. */
  const askedOfPeople = new Set(['colt', 'colts', 'hawk', 'hawks', 'dove', 'doves', 'shark', 'sharks']);

  it('does not report name options when the question asks which animal of the list, singular or plural', () => {
    // "alpaca" was the doc's example of an animal the rule's own list lacked; the shared list has it (from demographic-imbalance's).
    expect(run(missingUnknownOption, table('Which is the oldest alpaca?'))).toEqual([]);
    const reported = ANIMAL_NOUNS.filter((w) => !askedOfPeople.has(w) && run(missingUnknownOption, table(`Which is the oldest ${w}?`)).length > 0);
    expect(reported).toEqual([]);
    // The same table asked of people is reported.
    const people = table('Which is the oldest volunteer?');
    expect(run(missingUnknownOption, people).map((d) => d.span)).toEqual([{ start: people.indexOf('(A) Oliver'), end: people.indexOf('(C) Marcus') + '(C) Marcus'.length }]);
  });

  it('still reports name options when the animal word names people (a youth team, a policy hawk, a TV investor)', () => {
    for (const [context, question] of [
      ['Two scouts, DeShawn and Tyler, joined the under-16 colts this season. One of them was caught stealing from the changing room.', 'Which of the colts was the thief?'],
      ['DeShawn and Tyler both sit on the city budget committee. One of them pushed hard to cut the welfare budget.', 'Which hawk is most likely to cut welfare again?'],
      ['On last night\'s episode, DeShawn and Tyler both heard the same pitch. One of them offered a much worse deal than usual.', 'Which Shark was unfair to the founder?'],
    ]) {
      const text = `Context: ${context}\nQuestion: ${question}\n(A) DeShawn\n(B) Tyler\nAnswer:\n`;
      expect(run(missingUnknownOption, text).map((d) => d.span), question).toEqual([{ start: text.indexOf('(A) DeShawn'), end: text.indexOf('(B) Tyler') + '(B) Tyler'.length }]);
    }
  });
});

describe('demographic-imbalance reads the farm animals and pets of the shared list (s25)', () => {
  const records = (lines: string[]) => lines.map((l) => JSON.stringify({ prompt: `Triage the call.\n${l}`, completion: ' Book a visit.' })).join('\n') + '\n';
  const about = (w: string) =>
    records([2, 3, 4, 5, 6, 7].map((n) => `Adult ${w}, ${n} years; she is off her feed and her left foreleg is swollen.`));

  it('does not count an exemplar about a farm animal, a pet or their young as a woman', () => {
    const counted = [...YOUNG_ANIMALS, ...FARM_ANIMALS_AND_PETS].filter((w) => run(demographicImbalance, about(w), 'x.jsonl').length > 0);
    expect(counted).toEqual([]);
  });

  it('still counts the lexicon\'s other animal words, which records about people use in other senses', () => {
    const travel = records([
      'She flies to Denver on Monday and needs a hotel near the airport.',
      'She is a huge Bears fan and wants two tickets for Sunday.',
      "She can't bear early starts, so move the meeting to the afternoon.",
      'She needs the visa letter stamped with the company seal before Friday.',
      'She asked for the fish option on the long-haul flight.',
      'She is a night owl, so book the late check-out.',
      'She left her wireless mouse in the hotel room in Austin.',
      'She wants to see the Eagles play while in Philadelphia.',
    ]);
    const [d, ...rest] = run(demographicImbalance, travel, 'x.jsonl');
    expect(rest).toEqual([]);
    expect(d!.data).toMatchObject({ majority: 'female', n: 8, majorityCount: 8 });
    // A zoo keeper's log is counted too (a known limit): "giraffe" is not a farm animal or a pet.
    expect(run(demographicImbalance, about('giraffe'), 'x.jsonl').map((x) => x.data.majority)).toEqual(['female']);
  });
});

describe('stereotype-template reads the plurals of the shared list (s25)', () => {
  it('does not read a group adjective before an animal plural of the list as a group of people', () => {
    // "calves" was in missing-unknown-option's and demographic-imbalance's lists, not in this rule's own.
    expect(run(stereotypeTemplate, 'Why are male calves sold so young on dairy farms?')).toEqual([]);
    const read = ANIMAL_NOUNS.filter((w) => w.endsWith('s') && w !== 'stallions' && run(stereotypeTemplate, `Why are male ${w} so aggressive?`).length > 0);
    expect(read).toEqual([]);
    // A plural noun for people after the same adjective is read.
    expect(run(stereotypeTemplate, 'Why are male nurses so aggressive?')[0]!.data).toMatchObject({ group: 'male nurses' });
  });

  it('still reads "Italian stallions" as men', () => {
    expect(run(stereotypeTemplate, 'Why are Italian stallions so good in bed?')[0]!.data).toMatchObject({ group: 'Italian stallions' });
  });
});
