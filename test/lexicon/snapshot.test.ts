import { describe, expect, it } from 'vitest';
import { buildPeopleIndex, peopleIndex, peopleIndexFromSnapshot, peopleSnapshotText } from '../../server/src/lexicon/lexicon.js';
import { tokenize } from '../../server/src/lexicon/tokens.js';

describe('people lexicon snapshot (written by the build, restored at start-up)', () => {
  const built = buildPeopleIndex();
  const text = peopleSnapshotText(built);
  const restored = peopleIndexFromSnapshot(text)!;

  it('restores every entry of the lexicon built from the CSV files, with equal values', () => {
    expect(restored).toBeDefined();
    expect(restored.size).toBe(built.size);
    const a = [...built.entries()];
    const b = [...restored.entries()];
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) {
      expect(b[i]![0]).toEqual(a[i]![0]);
      // Equal as values and as JSON (undefined fields are left out of the snapshot) ...
      expect(b[i]![1]).toEqual(a[i]![1]);
      expect(JSON.stringify(b[i]![1])).toBe(JSON.stringify(a[i]![1]));
      // ... and both with every Tags field, undefined where absent, in one order (one object shape).
      const fields = ['gendered', 'pronoun', 'gender', 'occupation', 'role', 'personNoun', 'group', 'name'];
      expect(Object.keys(a[i]![1])).toEqual(fields);
      expect(Object.keys(b[i]![1])).toEqual(fields);
    }
    // Names with no known frequency rank keep Infinity (JSON has none).
    expect(b.some(([, v]) => v.name?.rank === Infinity)).toBe(a.some(([, v]) => v.name?.rank === Infinity));
    // Snapshotting the restored index gives the same text.
    expect(peopleSnapshotText(restored)).toBe(text);
  });

  it('matches text the same way as the lexicon built from the CSV files', () => {
    const t = tokenize(
      'The chairman asked the nurse whether she had met Maria, a Muslim woman, and two gay men in the man-hours report. ' +
        'Each engineer said he would ask the Mexican candidate; old people and immigrants were not mentioned.',
    );
    const expected = built.matchAll(t);
    expect(expected.length).toBeGreaterThan(8);
    expect(restored.matchAll(t)).toEqual(expected);
    // The lexicon the rules use is the CSV-built one here (no snapshot next to the sources).
    expect(peopleIndex().matchAll(t)).toEqual(expected);
  });

  it('finds every entry of the lexicon in running text, restored or built (the filters skip no phrase)', () => {
    const phrases = [...built.entries()].map(([words]) => words.join(' '));
    const t = tokenize(phrases.map((p, i) => `${i % 2 ? 'the' : 'All'} ${p}.`).join(' '));
    const expected = built.matchAll(t);
    // Every phrase is found whole (as itself or inside a longer match).
    expect(expected.length).toBeGreaterThanOrEqual(phrases.length);
    expect(restored.matchAll(t)).toEqual(expected);
  });

  it('ignores a snapshot of another version', () => {
    expect(peopleIndexFromSnapshot(`0${text.slice(text.indexOf('\n'))}`)).toBeUndefined();
  });
});
