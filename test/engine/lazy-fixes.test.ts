// Fixes are built when first read, not when a rule reports (answer-position-skew's
// rebalancing fix rewrites every demo of a set; most lint runs never read fixes).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lint, fixAll } from '../../server/src/engine/lint';
import { defineRule, type Fix, type Rule } from '../../server/src/rules/types';
import answerPositionSkew from '../../server/src/rules/answer-position-skew';

function lazyRule(build: () => Fix[]): { rule: Rule<any>; reads: () => number } {
  let reads = 0;
  const rule = defineRule({
    meta: {
      id: 'lazy-fix',
      description: 'test',
      rationale: 'test',
      sources: [],
      defaultSeverity: 'warning',
      options: z.object({}),
      messages: { m: 'found' },
      fixable: true,
      category: 'structure',
    },
    check(ctx) {
      ctx.report({
        messageId: 'm',
        span: { start: 0, end: 3 },
        get fixes() {
          reads++;
          return build();
        },
      });
    },
  });
  return { rule, reads: () => reads };
}

describe('lazy fixes', () => {
  it('builds a getter fix only when diagnostic.fixes is read, once, clamped to the text', () => {
    const { rule, reads } = lazyRule(() => [{ title: 'Replace', edits: [{ span: { start: 0, end: 99 }, newText: 'good' }] }]);
    const r = lint({ uri: 'a.prompt', text: 'bad text' }, undefined, { rules: [rule] });
    expect(r.diagnostics).toHaveLength(1);
    expect(reads()).toBe(0);
    const d = r.diagnostics[0]!;
    expect(d.fixes).toEqual([{ title: 'Replace', edits: [{ span: { start: 0, end: 8 }, newText: 'good' }] }]);
    expect(d.fixes).toBe(d.fixes);
    expect(reads()).toBe(1);
  });

  it('keeps fixes in JSON, spreads and structured clones, in the same key order', () => {
    const { rule } = lazyRule(() => [{ title: 'Replace', edits: [{ span: { start: 0, end: 3 }, newText: 'good' }] }]);
    const d = lint({ uri: 'a.prompt', text: 'bad text' }, undefined, { rules: [rule] }).diagnostics[0]!;
    const json = JSON.parse(JSON.stringify(d));
    expect(Object.keys(json)).toEqual(['ruleId', 'severity', 'message', 'span', 'range', 'data', 'fixes', 'docsUrl']);
    expect(json.fixes[0].title).toBe('Replace');
    expect({ ...d }.fixes).toHaveLength(1);
    expect(structuredClone(d).fixes).toHaveLength(1);
    d.fixes = [];
    expect(d.fixes).toEqual([]);
  });

  it('a fix that throws leaves the finding, without a fix, and says why in its data', () => {
    const { rule } = lazyRule(() => {
      throw new Error('boom');
    });
    const d = lint({ uri: 'a.prompt', text: 'bad text' }, undefined, { rules: [rule] }).diagnostics[0]!;
    expect(d.fixes).toEqual([]);
    expect(String(d.data.fixError)).toContain('boom');
  });

  it('answer-position-skew still offers its rebalancing fix, and fixAll applies it', () => {
    const demos = Array.from({ length: 6 }, (_, i) => `Q: Question ${i}?\n(A) yes ${i}\n(B) no ${i}\n(C) maybe ${i}\nA: So the answer is (A).\n`).join('\n');
    const r = lint({ uri: 'a.prompt', text: demos }, undefined, { rules: [answerPositionSkew] });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.fixes[0]!.edits.length).toBeGreaterThan(0);
    const fixed = fixAll({ uri: 'a.prompt', text: demos }, undefined, undefined, { rules: [answerPositionSkew] });
    expect(fixed.fixed).toBeGreaterThan(0);
    expect(lint({ uri: 'a.prompt', text: fixed.text }, undefined, { rules: [answerPositionSkew] }).diagnostics).toEqual([]);
  });
});
