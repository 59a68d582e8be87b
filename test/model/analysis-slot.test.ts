import { describe, expect, it } from 'vitest';
import { AnalysisSlot } from '../../server/src/model/analysis-slot.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { lint } from '../../server/src/engine/lint.js';

describe('AnalysisSlot', () => {
  it('keeps one value per owner, separately per slot', () => {
    const a = new AnalysisSlot<object, number[]>('a');
    const b = new AnalysisSlot<object, number[]>('b');
    const x = {};
    const y = {};
    expect(a.get(x)).toBeUndefined();
    expect(a.has(x)).toBe(false);
    const v = [1];
    a.set(x, v);
    expect(a.get(x)).toBe(v);
    expect(a.has(x)).toBe(true);
    expect(a.get(y)).toBeUndefined();
    expect(b.get(x)).toBeUndefined();
    a.set(x, [2]);
    expect(a.get(x)).toEqual([2]);
    expect(a.delete(x)).toBe(true);
    expect(a.has(x)).toBe(false);
  });

  it('is invisible to keys, spreads and serialisation of the owner', () => {
    const slot = new AnalysisSlot<Record<string, unknown>, string>('s');
    const owner: Record<string, unknown> = { p: 1 };
    slot.set(owner, 'analysis');
    expect(Object.keys(owner)).toEqual(['p']);
    expect(JSON.stringify(owner)).toBe('{"p":1}');
    expect({ ...owner }).toEqual({ p: 1 });
    expect(Object.getOwnPropertySymbols({ ...owner })).toEqual([]);
  });

  it('leaves a linted document serialising as a parsed one does', () => {
    // The rules keep their per-document analyses on the document and its exemplar sets.
    const text = [
      'Q: Which is a fruit? (A) apple (B) brick (C) chair',
      'A: The answer is (A).',
      'Q: Which is a colour? (A) red (B) dog (C) cup',
      'A: The answer is (A).',
      'Q: Which can fly? (A) bird (B) rock (C) spoon',
      'A: The answer is (A).',
      'Q: Who is a nurse? She said the chairman was late.',
    ].join('\n');
    const fresh = JSON.stringify(parseDocument('a.prompt', text));
    const result = lint({ uri: 'a.prompt', text });
    expect(result.diagnostics.some((d) => d.ruleId === 'answer-position-skew')).toBe(true);
    expect(Object.getOwnPropertySymbols(result.document!).length).toBeGreaterThan(0);
    expect(JSON.stringify(result.document)).toBe(fresh);
  });
});
