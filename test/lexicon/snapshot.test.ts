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

  it('makes entries only as lookups reach them, and matches as the built lexicon before and after making all of them', () => {
    // A fresh restore: the other tests have made every entry of `restored` (entries() does).
    const lazy = peopleIndexFromSnapshot(text)!;
    expect(lazy.size).toBe(built.size);
    const phrases = [...built.entries()].map(([words]) => words.join(' '));
    const t = tokenize(phrases.map((p, i) => `${i % 3 ? 'the' : 'Some'} ${p}, and`).join(' '));
    const expected = built.matchAll(t);
    expect(expected.length).toBeGreaterThanOrEqual(phrases.length);
    // Half the text first (some slots made, others not), then all of it, then with every entry made.
    const half = tokenize(phrases.slice(0, phrases.length >> 1).map((p) => `the ${p}.`).join(' '));
    expect(lazy.matchAll(half)).toEqual(built.matchAll(half));
    expect(lazy.matchAll(t)).toEqual(expected);
    expect([...lazy.entries()].map(([w]) => w.join(' '))).toEqual(phrases);
    expect(lazy.matchAll(t)).toEqual(expected);
    expect(peopleSnapshotText(lazy)).toBe(text);
  });

  it('a damaged snapshot fails when restored, not in a later lookup (the caller then builds the lexicon)', () => {
    const lines = text.split('\n');
    // One value line short.
    expect(() => peopleIndexFromSnapshot(lines.slice(0, -2).join('\n') + '\n')).toThrow(/fewer values/);
    // Entries of one key apart (the slot table is made from their order).
    const header = JSON.parse(lines[1]!) as { keys: number[]; words: string[] };
    const apart = { ...header, keys: [...header.keys, header.keys[0]!], words: [...header.words, 'x'] };
    const moved = [lines[0], JSON.stringify(apart), ...lines.slice(2, -1), '{}', ''].join('\n');
    expect(peopleIndexFromSnapshot([lines[0], JSON.stringify(header), ...lines.slice(2)].join('\n'))).toBeDefined();
    expect(() => peopleIndexFromSnapshot(moved)).toThrow(/next to each other/);
  });

  it('ignores a snapshot of another version', () => {
    expect(peopleIndexFromSnapshot(`0${text.slice(text.indexOf('\n'))}`)).toBeUndefined();
  });
});
