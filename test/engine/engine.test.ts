import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lint, fixAll, applyEdits, formatMessage, resolveRuleSetting, allRules } from '../../server/src/engine/lint';
import { defaultConfig, mergeConfig } from '../../server/src/config/schema';
import { defineRule, type Rule } from '../../server/src/rules/types';

/** A test rule: reports every occurrence of "bad" and offers "good" as the fix. */
const badWord = defineRule({
  meta: {
    id: 'test-word',
    description: 'test',
    rationale: 'test',
    sources: [],
    defaultSeverity: 'warning',
    options: z.object({ word: z.string().default('bad') }),
    messages: { found: 'Found "{{word}}" ({{count}} so far, p={{p}}).' },
    fixable: true,
    category: 'structure',
  },
  check(ctx) {
    const { word } = ctx.options;
    let count = 0;
    for (let i = ctx.doc.text.indexOf(word); i !== -1; i = ctx.doc.text.indexOf(word, i + 1)) {
      count++;
      ctx.report({
        messageId: 'found',
        span: { start: i, end: i + word.length },
        data: { word, count, p: 0.00012 },
        strength: count === 3 ? 'strong' : count === 4 ? 'weak' : 'normal',
        fixes: [{ title: 'Use good', edits: [{ span: { start: i, end: i + word.length }, newText: 'good' }] }],
      });
    }
  },
});
const rules: Rule<any>[] = [badWord];
const run = (text: string, config = defaultConfig(), uri = 'a.prompt') => lint({ uri, text }, config, { rules });

describe('engine', () => {
  it('reports with positions, formatted messages, data and docs links', () => {
    const r = run('ok\nbad line\n');
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ ruleId: 'test-word', severity: 'warning', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } });
    expect(d.message).toBe('Found "bad" (1 so far, p=1.2e-4).');
    expect(d.docsUrl).toMatch(/^file:\/\/.*\/docs\/rules\/test-word\.md$/);
  });

  it('adjusts severity by strength unless the user configured one', () => {
    const text = 'bad bad bad bad';
    expect(run(text).diagnostics.map((d) => d.severity)).toEqual(['warning', 'warning', 'error', 'info']);
    const cfg = mergeConfig(defaultConfig(), { rules: { 'test-word': 'hint' } });
    expect(run(text, cfg).diagnostics.map((d) => d.severity)).toEqual(['hint', 'hint', 'hint', 'hint']);
    const off = mergeConfig(defaultConfig(), { rules: { 'test-word': 'off' } });
    expect(run(text, off).diagnostics).toEqual([]);
  });

  it('passes validated options, falling back to defaults for invalid ones', () => {
    const cfg = mergeConfig(defaultConfig(), { rules: { 'test-word': ['warn', { word: 'meh' }] } });
    expect(run('meh bad', cfg).diagnostics.map((d) => d.data.word)).toEqual(['meh']);
    expect(resolveRuleSetting(badWord, ['error', { word: 42 }])).toEqual({ options: { word: 'bad' }, configured: 'error' });
  });

  it("runs a rule with no options configured on its declared defaultOptions, which equal what its schema gives for {}", () => {
    const declaring = allRules.filter((r) => r.meta.defaultOptions !== undefined);
    expect(declaring.filter((r) => r.meta.category === 'structure').map((r) => r.meta.id)).toHaveLength(6);
    for (const r of declaring) {
      expect(JSON.stringify(r.meta.defaultOptions), r.meta.id).toBe(JSON.stringify(r.meta.options.parse({})));
      expect(resolveRuleSetting(r, 'warning')!.options, r.meta.id).toBe(r.meta.defaultOptions);
    }
  });

  it('parses the options of a config once, and again when they were changed in place', () => {
    const raw: Record<string, unknown> = { word: 'meh' };
    const first = resolveRuleSetting(badWord, ['warning', raw])!.options;
    expect(resolveRuleSetting(badWord, ['error', raw])!.options).toBe(first);
    expect(resolveRuleSetting(badWord, 'warning')!.options).toEqual({ word: 'bad' });
    expect(resolveRuleSetting(badWord, ['warning'])!.options).toBe(resolveRuleSetting(badWord, 'info')!.options);
    raw.word = 'bad';
    const cfg = mergeConfig(defaultConfig(), { rules: { 'test-word': ['warning', raw] } });
    expect(run('meh bad', cfg).diagnostics.map((d) => d.data.word)).toEqual(['bad']);
    raw.word = 42; // now invalid: the defaults, as for any invalid options
    expect(resolveRuleSetting(badWord, ['warning', raw])!.options).toEqual({ word: 'bad' });
    const cyclic: Record<string, unknown> = { word: 'meh' };
    cyclic.self = cyclic; // not JSON data: parsed every time, not cached
    expect(resolveRuleSetting(badWord, ['warning', cyclic])!.options).toEqual({ word: 'meh' });
  });

  it('honours suppression comments', () => {
    const text = [
      '<!-- biaslens-disable-next-line test-word -->',
      'bad 1',
      'bad 2 <!-- biaslens-disable-line -->',
      '# biaslens-disable gendered-term',
      'bad 3',
      '# biaslens-enable gendered-term',
      '// biaslens-disable test-word -- reason here',
      'bad 4',
      '// biaslens-enable test-word',
      'bad 5',
    ].join('\n');
    expect(run(text, defaultConfig(), 'a.prompt.md').diagnostics.map((d) => d.range.start.line)).toEqual([4, 9]);
    expect(run('# biaslens-disable-file\nbad\nbad', defaultConfig(), 'a.prompt').diagnostics).toEqual([]);
    expect(run('# biaslens-disable-file gendered-term\nbad', defaultConfig(), 'a.prompt').diagnostics).toHaveLength(1);
  });

  it('an id that names no rule suppresses nothing, and is reported with the id meant', () => {
    for (const id of ['test_word', 'Test-Word', 'tset-word']) {
      const r = run(`# biaslens-disable-next-line ${id}\nbad`, defaultConfig(), 'a.prompt');
      expect(r.diagnostics.map((d) => [d.ruleId, d.severity, d.range.start.line])).toEqual([
        ['parse-error', 'warning', 0],
        ['test-word', 'warning', 1],
      ]);
      expect(r.diagnostics[0]!.data).toEqual({ directive: 'biaslens-disable-next-line', unknownIds: [id] });
      expect(r.diagnostics[0]!.message).toContain(id === 'tset-word' ? `"${id}":` : `"${id}" (did you mean "test-word"?)`);
    }
    // A file-wide directive with a typo no longer silences the whole file.
    expect(run('# biaslens-disable-file test_word\nbad\nbad', defaultConfig(), 'a.prompt').diagnostics.filter((d) => d.ruleId === 'test-word')).toHaveLength(2);
    // Known ids (rules, the engine's own) and a reason after `--` are not reported.
    expect(run('# biaslens-disable-next-line test-word, file-error -- the word is quoted\nbad', defaultConfig(), 'a.prompt').diagnostics).toEqual([]);
  });

  it('an enable with ids re-enables those rules alone', () => {
    const lines = (text: string[]) => run(text.join('\n'), defaultConfig(), 'a.prompt').diagnostics.map((d) => d.range.start.line);
    // A block of two rules, one re-enabled: the other stays disabled.
    expect(lines(['# biaslens-disable test-word gendered-term', 'bad', '# biaslens-enable test-word', 'bad'])).toEqual([3]);
    expect(lines(['# biaslens-disable gendered-term', 'bad', '# biaslens-enable test-word gendered-term', 'bad'])).toEqual([1, 3]);
    expect(lines(['# biaslens-disable test-word', 'bad', '# biaslens-enable test-word gendered-term', 'bad'])).toEqual([3]);
    // An all-rules block: the named rule comes back, the others stay off until a plain enable.
    expect(lines(['# biaslens-disable', 'bad', '# biaslens-enable test-word', 'bad'])).toEqual([3]);
    expect(lines(['# biaslens-disable', 'bad', '# biaslens-enable gendered-term', 'bad', '# biaslens-enable', 'bad'])).toEqual([5]);
  });

  it('refuses files over maxFileSize and binary files with a file-error', () => {
    const cfg = mergeConfig(defaultConfig(), { maxFileSize: 10 });
    const big = run('bad '.repeat(10), cfg);
    expect(big.diagnostics).toHaveLength(1);
    expect(big.diagnostics[0]).toMatchObject({ ruleId: 'file-error', severity: 'error', data: { size: 40, limit: 10 } });
    expect(big.diagnostics[0]!.message).toMatch(/too large/);
    const bin = run('bad\u0000\u0001');
    expect(bin.diagnostics.map((d) => d.ruleId)).toEqual(['file-error']);
    expect(bin.diagnostics[0]!.message).toMatch(/binary/);
  });

  it('measures maxFileSize in UTF-8 bytes, at the limit and past it, whatever the characters', () => {
    const cfg = mergeConfig(defaultConfig(), { maxFileSize: 12 });
    const sizes = (text: string) => run(text, cfg).diagnostics.filter((d) => d.ruleId === 'file-error').map((d) => d.data.size);
    // 4 code units; 12 bytes (three per character): at the limit, not past it.
    expect(sizes('\u20ac\u20ac\u20ac\u20ac')).toEqual([]);
    // 5 code units, 13 bytes.
    expect(sizes('\u20ac\u20ac\u20aca\u20ac')).toEqual([13]);
    // A surrogate pair is 2 code units and 4 bytes: 6 code units, 12 bytes; then 14.
    expect(sizes('\u{1F600}\u{1F600}\u{1F600}')).toEqual([]);
    expect(sizes('\u{1F600}\u{1F600}\u{1F600}ab')).toEqual([14]);
    // ASCII: 12 bytes, then 13.
    expect(sizes('abcdefghijkl')).toEqual([]);
    expect(sizes('abcdefghijklm')).toEqual([13]);
  });

  it('survives a rule that throws', () => {
    const broken = defineRule({ ...badWord, meta: { ...badWord.meta, id: 'broken' }, check: () => { throw new Error('boom'); } });
    const r = lint({ uri: 'a.prompt', text: 'bad' }, defaultConfig(), { rules: [broken, badWord] });
    expect(r.diagnostics.map((d) => d.ruleId).sort()).toEqual(['broken', 'test-word']);
    expect(r.diagnostics.find((d) => d.ruleId === 'broken')!.message).toMatch(/boom/);
  });

  it("gives rules another rule's options from the config (optionsOf), undefined when it is off", () => {
    const seen: unknown[] = [];
    const probe = defineRule({ ...badWord, meta: { ...badWord.meta, id: 'probe' }, check: (ctx) => void seen.push(ctx.optionsOf('answer-position-skew'), ctx.optionsOf('no-such-rule')) });
    const run = (rules: Record<string, unknown>) => {
      seen.length = 0;
      lint({ uri: 'a.prompt', text: 'x' }, mergeConfig(defaultConfig(), { rules } as never), { rules: [probe] });
      return [...seen];
    };
    // Read from the config, though this run is given only `probe`.
    expect(run({})).toEqual([{ alpha: 0.05, minExemplars: 3, minExcess: 0.05 }, undefined]);
    expect(run({ 'answer-position-skew': ['error', { alpha: 0.01 }] })).toEqual([{ alpha: 0.01, minExemplars: 3, minExcess: 0.05 }, undefined]);
    expect(run({ 'answer-position-skew': 'off' })).toEqual([undefined, undefined]);
  });

  it('applies edits and fixes all', () => {
    expect(applyEdits('abcdef', [{ span: { start: 4, end: 5 }, newText: 'E' }, { span: { start: 0, end: 1 }, newText: 'A' }]).text).toBe('AbcdEf');
    // Overlapping edits: the later one is dropped.
    expect(applyEdits('abcdef', [{ span: { start: 0, end: 3 }, newText: 'X' }, { span: { start: 2, end: 4 }, newText: 'Y' }])).toEqual({ text: 'Xdef', applied: 1 });
    const fixed = fixAll({ uri: 'a.prompt', text: 'bad, bad!' }, defaultConfig(), undefined, { rules });
    expect(fixed).toEqual({ text: 'good, good!', fixed: 2 });
  });

  it('fills message placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{{a}} of {{b}} ({{c}})', { a: 3, b: 0.123456 })).toBe('3 of 0.123 ({{c}})');
  });

  it('writes a p-value below 0.001 as "p < 0.001", not "p = 1.9e-6" or "p = 0"', () => {
    const t = 'x (p = {{pValue}}).';
    expect(formatMessage(t, { pValue: 0.0000019 })).toBe('x (p < 0.001).');
    expect(formatMessage(t, { pValue: 0 })).toBe('x (p < 0.001).');
    expect(formatMessage(t, { pValue: 0.001 })).toBe('x (p = 0.001).');
    expect(formatMessage(t, { pValue: 0.0313 })).toBe('x (p = 0.031).');
    // Other numbers keep their form; an unfilled p stays visible.
    expect(formatMessage('a = {{x}}, p = {{pValue}}', { x: 0.0000019 })).toBe('a = 1.9e-6, p = {{pValue}}');
  });
});
