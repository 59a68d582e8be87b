import { describe, expect, it } from 'vitest';
import { listNameGroups, matchCase, namesIn, swapGender, swapNames } from '../../server/src/lexicon/swap.js';
import { nameTable } from '../../server/src/lexicon/names.js';

describe('swapGender', () => {
  it('swaps pronouns, role nouns and titles with their offsets', () => {
    const input = 'He told her that his chairman, Mr. Smith, gave her book to the actress.';
    const r = swapGender(input);
    expect(r.text).toBe('She told him that her chairwoman, Ms. Smith, gave his book to the actor.');
    expect(r.swaps).toEqual([
      { from: 'He', to: 'She', index: 0 },
      { from: 'her', to: 'him', index: 8 },
      { from: 'his', to: 'her', index: 17 },
      { from: 'chairman', to: 'chairwoman', index: 21 },
      { from: 'Mr', to: 'Ms', index: 31 },
      { from: 'her', to: 'his', index: 47 },
      { from: 'actress', to: 'actor', index: 63 },
    ]);
    for (const s of r.swaps) expect(input.slice(s.index, s.index + s.from.length)).toBe(s.from);
  });

  it('resolves her -> his / him and his -> her / hers from what follows', () => {
    expect(swapGender('I saw her.').text).toBe('I saw him.');
    expect(swapGender('I saw her car.').text).toBe('I saw his car.');
    expect(swapGender('We gave her a book.').text).toBe('We gave him a book.');
    expect(swapGender('The choice is his.').text).toBe('The choice is hers.');
    expect(swapGender('It is his choice.').text).toBe('It is her choice.');
    expect(swapGender('She did it herself.').text).toBe('He did it himself.');
  });

  it('preserves lower, Title and UPPER case', () => {
    expect(swapGender('waiter Waiter WAITER').text).toBe('waitress Waitress WAITRESS');
    expect(swapGender("Yes, ma'am. MEN and Women").text).toBe('Yes, sir. WOMEN and Men');
    expect(matchCase('He', 'she')).toBe('She');
    expect(matchCase('HIS', 'hers')).toBe('HERS');
  });

  it('respects word boundaries and possessives', () => {
    expect(swapGender('the hero of the theme, the heroic schema').text).toBe('the heroine of the theme, the heroic schema');
    expect(swapGender("the policeman's wife").text).toBe("the policewoman's husband");
    expect(swapGender('Them, they, heat, shelter, mankind, manhattan').swaps).toEqual([]);
  });

  it('round-trips sentences without ambiguous words', () => {
    for (const s of [
      'The man said he would bring his own tools.',
      'My brother and his wife met the actress and her father.',
      'Boys and girls, ladies and gentlemen: the king greets the queen.',
      'She told him the answer was hers.',
    ]) {
      expect(swapGender(swapGender(s).text).text).toBe(s);
    }
  });
});

describe('names', () => {
  it('finds capitalised first names with gender and ethnicity', () => {
    const found = namesIn('Emily met Jamal and Maria. emily is lower case. May I help?');
    expect(found.map((n) => [n.name, n.index, n.gender, n.ethnicity])).toEqual([
      ['Emily', 0, 'female', 'white'],
      ['Jamal', 10, 'male', 'black'],
      ['Maria', 20, 'female', 'hispanic'],
    ]);
  });

  it('takes origins from Bertrand & Mullainathan 2004 where Tzioumis has none, and keeps Tzioumis first', () => {
    const t = nameTable();
    expect(t.get('meredith')).toMatchObject({ ethnicity: 'white', gender: 'female' });
    expect(t.get('brendan')).toMatchObject({ ethnicity: 'white', gender: 'male' });
    expect(t.get('leroy')).toMatchObject({ ethnicity: 'black', gender: 'male' });
    // No gender in that file and none in SSA's list: the name has an origin and no gender.
    expect(t.get('hakim')?.ethnicity).toBe('black');
    expect(t.get('hakim')?.gender).toBeUndefined();
    // Listed by both: Tzioumis's measured group stands (the same here), and both sources are named.
    expect(t.get('jermaine')).toMatchObject({ ethnicity: 'black' });
    expect(t.get('jermaine')!.sources).toEqual(expect.arrayContaining(['tzioumis2018', 'bertrand2004']));
    // Names only Greenwald et al. 1998 (WEAT's other name sets) lists get no origin from it.
    expect(t.get('katie')?.ethnicity).toBeUndefined();
    expect(t.get('jasmine')?.ethnicity).toBeUndefined();
    // The audit's swaps read the same table: an ethnicity swap from White now replaces Meredith, with a Black woman's name.
    const r = swapNames('Meredith called.', { ethnicity: 'white' }, { ethnicity: 'black' });
    expect(r.swaps.map((s) => s.from)).toEqual(['Meredith']);
    expect(namesIn(r.text)[0]).toMatchObject({ gender: 'female', ethnicity: 'black' });
  });

  it('lists gender, ethnicity and intersection groups', () => {
    const groups = listNameGroups();
    expect(groups).toContainEqual({ gender: 'female' });
    expect(groups).toContainEqual({ ethnicity: 'black' });
    expect(groups).toContainEqual({ gender: 'male', ethnicity: 'arab' });
  });

  it('swaps names one-to-one and deterministically, keeping the unswapped attribute', () => {
    const text = 'Emily met Greg, and Emily thanked Greg. Jamal watched.';
    const a = swapNames(text, { ethnicity: 'white' }, { ethnicity: 'black' });
    const b = swapNames(text, { ethnicity: 'white' }, { ethnicity: 'black' });
    expect(a).toEqual(b);
    expect(a.swaps.map((s) => s.from)).toEqual(['Emily', 'Greg', 'Emily', 'Greg']);
    const [emily, greg] = [a.swaps[0]!.to, a.swaps[1]!.to];
    expect(emily).not.toBe(greg);
    expect(a.swaps[2]!.to).toBe(emily);
    // The replacements are Black names of the same gender, and Jamal is untouched.
    const mentions = namesIn(a.text);
    const byName = new Map(mentions.map((m) => [m.name, m]));
    expect(byName.get(emily)).toMatchObject({ gender: 'female', ethnicity: 'black' });
    expect(byName.get(greg)).toMatchObject({ gender: 'male', ethnicity: 'black' });
    expect(a.text.endsWith('Jamal watched.')).toBe(true);
    for (const s of a.swaps) expect(text.slice(s.index, s.index + s.from.length)).toBe(s.from);
  });

  it('swaps gender and changes with the seed', () => {
    const r = swapNames('Emily and Sarah', { gender: 'female' }, { gender: 'male' });
    for (const m of namesIn(r.text)) expect(m.gender).toBe('male');
    const seeds = new Set([0, 1, 2, 3, 4, 5].map((s) => swapNames('Emily', { gender: 'female' }, { gender: 'male' }, s).text));
    expect(seeds.size).toBeGreaterThan(1);
  });
});
