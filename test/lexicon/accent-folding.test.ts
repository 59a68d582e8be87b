// s26: names written with accents ("José", "Andrés") were not the data's names (Jose, Andres): the tokeniser
// hashed "é" as itself. Token hashes are now of folded text (a Latin letter with diacritics as its ASCII base
// letter); first names match folded, every other lexicon word as written.
import { describe, expect, it } from 'vitest';
import { foldWord, hashWord, tokenEquals, tokenFoldEquals, tokenize, tokenText, WordSet } from '../../server/src/lexicon/tokens.js';
import { mentionsOf } from '../../server/src/lexicon/lexicon.js';
import { nameTable } from '../../server/src/lexicon/names.js';
import { namesIn, swapGender, swapNames } from '../../server/src/lexicon/swap.js';
import { Segment } from '../../server/src/model/segment.js';

const mentions = (text: string) => mentionsOf(new Segment(text, 0)).map((m) => ({ text: text.slice(m.start, m.end), name: m.tags.name?.name, gender: m.tags.name?.gender ?? m.tags.gender, group: m.tags.group?.term, pronoun: !!m.tags.pronoun }));

describe('tokeniser: hashes of folded text', () => {
  it('hashes José, JOSÉ, josé and jose alike, in the scan and in hashWord', () => {
    const t = tokenize('José JOSÉ josé jose Jose');
    const h = hashWord('jose');
    for (let i = 0; i < t.count; i++) expect(t.hash[i]).toBe(h);
    expect(hashWord('José')).toBe(h);
    expect(hashWord('JOSÉ')).toBe(h);
    // The tokens are the text as written: offsets and text unfolded.
    expect([tokenText(t, 0), t.start[1], t.end[1]]).toEqual(['José', 5, 9]);
  });

  it('folds the letters whose decomposition is an ASCII letter and marks, and ø ł đ ı; not ß, æ, other scripts', () => {
    for (const [a, b] of [
      ['Ñuñoa', 'nunoa'], ['Müller', 'muller'], ['François', 'francois'], ['Ångström', 'angstrom'], ['Søren', 'soren'],
      ['Łukasz', 'lukasz'], ['Đặng', 'dang'], ['Işıl', 'isil'], ['İpek', 'ipek'], ['Nguyễn', 'nguyen'], ['Dvořák', 'dvorak'],
    ]) {
      expect(foldWord(a!)).toBe(b);
      expect(hashWord(a!)).toBe(hashWord(b!));
      expect(tokenize(a!).hash[0]).toBe(hashWord(b!));
    }
    expect(foldWord('Straße')).toBe('straße');
    expect(foldWord('Æsir')).toBe('æsir');
    // Cyrillic й decomposes to и and a breve: no ASCII base letter, so it stays.
    expect(hashWord('й')).not.toBe(hashWord('и'));
    expect(foldWord('Ωμέγα')).toBe('ωμέγα');
  });

  it('compares words as written in tokenEquals and WordSet ("él" is not "el"), folded in tokenFoldEquals', () => {
    const t = tokenize('él José');
    expect(t.hash[0]).toBe(hashWord('el'));
    expect(tokenEquals(t, 0, 'el')).toBe(false);
    expect(tokenEquals(t, 0, 'él')).toBe(true);
    expect(new WordSet(['el']).has(t, 0)).toBe(false);
    expect(new WordSet(['él']).has(t, 0)).toBe(true);
    expect(tokenFoldEquals(t, 1, 'jose')).toBe(true);
    expect(tokenFoldEquals(t, 1, 'josé')).toBe(true);
    expect(tokenFoldEquals(t, 1, 'josh')).toBe(false);
  });
});

describe('people lexicon: first names match folded, other words as written', () => {
  it('finds José, Andrés, MARÍA, Chloé and Renée as the data\'s names, with their genders, as written', () => {
    expect(mentions('José met Andrés, MARÍA, Chloé and Renée.').filter((m) => m.name)).toEqual([
      { text: 'José', name: 'Jose', gender: 'male', group: undefined, pronoun: false },
      { text: 'Andrés', name: 'Andres', gender: 'male', group: undefined, pronoun: false },
      { text: 'MARÍA', name: 'Maria', gender: 'female', group: undefined, pronoun: false },
      { text: 'Chloé', name: 'Chloe', gender: 'female', group: undefined, pronoun: false },
      { text: 'Renée', name: 'Renee', gender: 'female', group: undefined, pronoun: false },
    ]);
  });

  it('keeps one entry per name written with and without accents: Kirk et al.\'s Tomás is Tzioumis\'s Tomas', () => {
    const t = nameTable();
    expect(t.get('tomas')).toMatchObject({ name: 'Tomas', gender: 'male', ethnicity: 'hispanic', continent: 'Americas' });
    expect(t.has('tomás')).toBe(false);
    expect(mentions('Tomas and Tomás').map((m) => m.name)).toEqual(['Tomas', 'Tomas']);
  });

  it('takes a folded name only as the name: Germán is no German (nationality); "germán" in lower case is nothing', () => {
    expect(mentions('Germán called.')).toEqual([{ text: 'Germán', name: 'German', gender: undefined, group: undefined, pronoun: false }]);
    expect(mentions('Germán engineers called.')[0]).toEqual({ text: 'Germán', name: 'German', gender: undefined, group: undefined, pronoun: false });
    expect(mentions('German engineers called.')[0]).toMatchObject({ text: 'German', group: 'German' });
    expect(mentions('el germán')).toEqual([]);
  });

  it('finds no person in words of other languages that fold onto English lexicon words (él, hé)', () => {
    // Spanish "él" (he) and French "hé" fold to "el" and "he"; only names match folded.
    expect(mentions('Él dijo que sí. Hé, tu viens ? José llega mañana.')).toEqual([
      { text: 'José', name: 'Jose', gender: 'male', group: undefined, pronoun: false },
    ]);
  });

  it('finds no names in common words that fold onto names: Tú, Niña, Francés, Irmã, Sarà, Andrà, Ändra, Thông, Làm', () => {
    const words = ['Tú', 'Niña', 'Francés', 'Sídney', 'Río', 'Irmã', 'Sarà', 'Andrà', 'Ändra', 'Hän', 'Şu', 'Corazón', 'Thông', 'Làm', 'Tại', 'Từ', 'Việt'];
    for (const w of words) expect(mentions(`${w} nada. José también.`).map((m) => m.text), w).toEqual(['José']);
  });
});

describe('demographic swaps of names with accents', () => {
  it('swaps José and María as the data\'s Jose and Maria, keeping their origin, and leaves the words around them', () => {
    const text = 'José called María about the invoice.';
    expect(namesIn(text).map((n) => [n.name, n.gender, n.ethnicity])).toEqual([
      ['José', 'male', 'hispanic'],
      ['María', 'female', 'hispanic'],
    ]);
    const r = swapNames(text, { gender: 'male' }, { gender: 'female' });
    expect(r.swaps.map((s) => [s.from, s.index])).toEqual([['José', 0]]);
    const to = namesIn(r.text)[0]!;
    expect(to).toMatchObject({ gender: 'female', ethnicity: 'hispanic' });
    // Not María (already in the text), written with or without her accent.
    expect(foldWord(to.name)).not.toBe('maria');
    expect(r.text.endsWith(' called María about the invoice.')).toBe(true);
  });

  it('maps José and Jose in one text to one name', () => {
    const r = swapNames('José said Jose would call.', { gender: 'male' }, { gender: 'female' });
    expect(r.swaps.map((s) => s.from)).toEqual(['José', 'Jose']);
    expect(r.swaps[0]!.to).toBe(r.swaps[1]!.to);
  });

  it('leaves Spanish and French words that fold onto English gendered words alone (él, hé)', () => {
    expect(swapGender('Él dijo: hé, he is here.').swaps).toEqual([{ from: 'he', to: 'she', index: 13 }]);
  });
});
