import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';

// Chat lines that are not plain as a whole (a backslash or a raw control character
// somewhere in the line): each string token is still read on its own, the ones that end
// before the line's next such character without character checks. The result must be
// the tree path's, whatever the order of escapes, raw control characters and quotes.
describe('JSONL chat lines with escapes and raw control characters', () => {
  const ser = (text: string, direct: boolean) =>
    JSON.stringify(parseJsonlDocument('c.jsonl', text, { directChatLines: direct }), (_k, v) => (v instanceof Int32Array ? Array.from(v) : v));

  /** A string token: JSON.stringify's, then maybe a raw tab or \u0001 put inside (invalid JSON), or an escaped quote. */
  const PIECES = ['plain words', 'a\\nb', '\\"q\\"', '\\\\', '\\u00e9x', 'x\\/y', '\t', '\u0001', 'end\\r\\n', ' (A) yes\\n(B) no'];
  const str = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => `"${p.join('')}"`);
  const message = fc.record({ role: fc.constantFrom('"user"', '"assistant"', '"system"', '"us\\u0065r"'), content: str, ws: fc.constantFrom('', ' ', '\t') });
  const line = fc.array(message, { minLength: 1, maxLength: 4 }).map((ms) => `{"messages": [${ms.map((m) => `{"role":${m.ws}${m.role}, "content":${m.ws}${m.content}}`).join(', ')}]}`);

  it('give the same document as the tree path (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = lines.join('\n');
        expect(ser(text, true)).toBe(ser(text, false));
      }),
      { numRuns: 1500, seed: 11 },
    );
  });

  it('reject a raw control character after an escape in the same string, and read the next line', () => {
    const text = '{"messages": [{"role": "user", "content": "a\\nb\tc"}]}\n{"messages": [{"role": "user", "content": "x\\ny"}, {"role": "assistant", "content": "z"}]}';
    const doc = parseJsonlDocument('c.jsonl', text);
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]!.message).toMatch(/^Line 1:/);
    expect(doc.messages.map((m) => m.content.text)).toEqual(['x\ny', 'z']);
    expect(ser(text, true)).toBe(ser(text, false));
  });

  it('take only the exact keys "messages", "role" and "content" (one character off at any place: the tree path)', () => {
    const near = (word: string) => [word, ...[...word].map((_, i) => word.slice(0, i) + (word[i] === 'x' ? 'y' : 'x') + word.slice(i + 1)), word.slice(1), `${word}s`];
    for (const m of near('messages'))
      for (const r of near('role'))
        for (const c of near('content')) {
          const text = `{"${m}": [{"${r}": "user", "${c}": "Hi?"}, {"${c}": "yes", "${r}": "assistant"}]}\n{"messages": [{"role": "user", "content": "ok"}]}`;
          expect(ser(text, true)).toBe(ser(text, false));
        }
    const exact = parseJsonlDocument('c.jsonl', '{"messages": [{"role": "user", "content": "Hi?"}, {"content": "yes", "role": "assistant"}]}');
    expect(exact.messages.map((m) => [m.role, m.content.text])).toEqual([['user', 'Hi?'], ['assistant', 'yes']]);
  });
});
