import { describe, expect, it } from 'vitest';
import { optionTextString } from '../../server/src/rules/shared/fewshot.js';
import { optionTextIdentityStart, optionTextRange, optionTextSource, optionTextUnkept } from '../../server/src/parse/exemplars.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { Segment } from '../../server/src/model/segment.js';
import type { OptionItem } from '../../server/src/model/types.js';

describe('optionTextString', () => {
  it('gives the text of options parsed from lines, the same as text.text', () => {
    const doc = parseDocument('a.prompt', 'Q: Who came first?\n(A) The  nurse\n(B) The doctor \nA: (B)\n\nQ: Which?\n(A) one\n(B) two\nA: (A)\n');
    const options = doc.exemplarSets.flatMap((s) => s.exemplars.flatMap((e) => e.options));
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      expect(typeof o.textString).toBe('function');
      const viaString = optionTextString(o);
      expect(viaString).toBe(o.text.text);
    }
  });

  it('falls back to text.text for an option without textString', () => {
    const o: OptionItem = { letter: 'A', letterSpan: { start: 1, end: 2 }, text: new Segment('Paris', 4), span: { start: 0, end: 9 } };
    expect(optionTextString(o)).toBe('Paris');
  });
});

describe('optionTextUnkept', () => {
  const text = 'Q: Who came first?\n(A) The  nurse\n(B) The doctor \nA: (B)\n\nQ: Which?\n(A) one\n(B) two\nA: (A)\n';

  it('gives text.text, before and after the option made its text', () => {
    const doc = parseDocument('a.prompt', text);
    const expected = parseDocument('a.prompt', text).exemplarSets.flatMap((s) => s.exemplars.flatMap((e) => e.options.map((o) => o.text.text)));
    const options = doc.exemplarSets.flatMap((s) => s.exemplars.flatMap((e) => e.options));
    expect(options.map((o) => optionTextUnkept(o))).toEqual(expected);
    expect(options.map((o) => o.text.text)).toEqual(expected);
    expect(options.map((o) => optionTextUnkept(o))).toEqual(expected);
  });

  it('leaves an option that had not made its text as it was (its text still a range of its line)', () => {
    const doc = parseDocument('a.prompt', text);
    const o = doc.exemplarSets[0]!.exemplars[0]!.options.find((x) => x.letter === 'A')!;
    expect(optionTextUnkept(o)).toBe('The  nurse');
    const source = optionTextSource(o);
    expect(source).not.toBe('The  nurse');
    expect(source.slice(optionTextRange.start, optionTextRange.end)).toBe('The  nurse');
  });

  it('gives text.text for an option without textString', () => {
    const o: OptionItem = { letter: 'A', letterSpan: { start: 1, end: 2 }, text: new Segment('Paris', 4), span: { start: 0, end: 9 } };
    expect(optionTextUnkept(o)).toBe('Paris');
  });
});

describe('optionTextIdentityStart', () => {
  // Options from lines of a plain prompt, of a JSON string with escapes (not one-to-one with the source) and of YAML.
  const inputs: [string, string][] = [
    ['a.prompt', 'Q: Who came first?\n(A) The  nurse\n(B) The doctor \nA: (B)\n\nQ: Which?\n- A) one\n- B) two\nA: (A)\n'],
    ['a.jsonl', '{"prompt": "Who came first?\\n(A) The \\"nurse\\"\\n(B) The doctor", "completion": "(B)"}\n{"prompt": "Which?\\n(A) one\\n(B) two", "completion": "(A)"}\n'],
    ['a.yaml', 'examples:\n  - input: "Who?\\n(A) The nurse\\n(B) The doctor"\n    output: "(A)"\n  - input: |\n      Which?\n      (A) one\n      (B) two\n    output: "(B)"\n'],
  ];
  const plain = (text: { isIdentity: boolean; base: number; text: string }) => (text.isIdentity ? text.base : -1);

  it('gives text.base of an identity text (-1 otherwise) and the text length as its range, before and after the text is made', () => {
    let identity = 0;
    let other = 0;
    for (const [uri, text] of inputs) {
      const doc = parseDocument(uri, text);
      const expected = parseDocument(uri, text).exemplarSets.flatMap((s) => s.exemplars.flatMap((e) => e.options.map((o) => [plain(o.text), o.text.text.length])));
      const options = doc.exemplarSets.flatMap((s) => s.exemplars.flatMap((e) => e.options));
      expect(options.length).toBeGreaterThan(0);
      for (const round of [0, 1]) {
        options.forEach((o, i) => {
          const at = optionTextIdentityStart(o);
          expect([at, at >= 0 ? optionTextRange.end - optionTextRange.start : expected[i]![1]]).toEqual(expected[i]);
          if (round === 1) void o.text;
        });
        if (round === 0) for (const o of options) void o.text;
      }
      for (const [at] of expected) at! >= 0 ? identity++ : other++;
    }
    // Both kinds were checked.
    expect(identity).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(0);
  });
});
