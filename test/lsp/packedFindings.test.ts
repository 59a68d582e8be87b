/**
 * Findings as the lint worker sends them to the server (packedFindings.ts): through a real
 * structured clone with the buffers transferred, they must unpack to the engine's own
 * diagnostics, fixes included, for every sample file and for the texts that are easy to
 * get wrong (characters outside the BMP, empty strings, fixes of several edits).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lint, type LintDiagnostic } from '../../server/src/engine/lint.js';
import { packFindings, packedFindingsTransfer, unpackFindings } from '../../server/src/lsp/packedFindings.js';
import type { LintFindings } from '../../server/src/lsp/lintWorker.js';
import { defineRule, type Fix, type Rule } from '../../server/src/rules/types.js';

const root = path.resolve(__dirname, '../..');
const files = [
  ...fs.readdirSync(path.join(root, 'examples')).map((f) => path.join(root, 'examples', f)),
  ...fs.readdirSync(path.join(root, 'test/parse/fixtures')).map((f) => path.join(root, 'test/parse/fixtures', f)),
];

/** What the server gets: packed on one side, cloned with the buffers moved, unpacked on the other. */
function roundTrip(findings: LintFindings): LintFindings {
  const packed = packFindings(findings);
  const received = structuredClone(packed, { transfer: packedFindingsTransfer(packed) });
  expect(packed.ints.byteLength).toBe(0); // moved, not copied
  expect(packed.fixInts.byteLength).toBe(0);
  return unpackFindings(received);
}

/** Every field a reader sees, fixes built (a spread reads the accessor). */
const plain = (ds: readonly LintDiagnostic[]) => ds.map((d) => ({ ...d }));

function findingsOf(uri: string, text: string, rules?: readonly Rule<any>[]): LintFindings {
  const { lines: _lines, document: _document, ...findings } = lint({ uri, text }, undefined, rules ? { rules } : {});
  return findings;
}

/** A rule that reports what it is given, to put any message, data and fixes through the round trip. */
function reportingRule(reports: { span: { start: number; end: number }; data?: Record<string, unknown>; fixes: () => Fix[] }[]): Rule<any> {
  return defineRule({
    meta: {
      id: 'packed-test',
      description: 'test',
      rationale: 'test',
      sources: [],
      defaultSeverity: 'warning',
      options: z.object({}),
      messages: { m: 'found {{what}}' },
      fixable: true,
      category: 'structure',
    },
    check(ctx) {
      for (const r of reports) {
        ctx.report({
          messageId: 'm',
          span: r.span,
          data: r.data,
          get fixes() {
            return r.fixes();
          },
        });
      }
    },
  });
}

describe('packed findings', () => {
  it('the samples have findings with fixes to pack', () => {
    const all = files.flatMap((f) => findingsOf(f, fs.readFileSync(f, 'utf8')).diagnostics);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((d) => d.fixes.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))('%s unpacks to the engine’s diagnostics', (_name, file) => {
    const findings = findingsOf(file, fs.readFileSync(file, 'utf8'));
    const back = roundTrip(findings);
    expect(back.uri).toBe(findings.uri);
    expect(back.format).toBe(findings.format);
    expect(plain(back.diagnostics)).toStrictEqual(plain(findings.diagnostics));
  });

  it('keeps the key order, builds fixes when read, and lets them be replaced', () => {
    const text = 'The chairman asked the salesman.\n';
    const findings = findingsOf('a.prompt', text);
    const back = roundTrip(findings).diagnostics;
    expect(back.length).toBe(2);
    expect(Object.keys(back[0]!)).toEqual(Object.keys(findings.diagnostics[0]!));
    expect(back[0]!.fixes.length).toBeGreaterThan(0);
    expect(back[0]!.fixes).toBe(back[0]!.fixes); // built once
    const edit = back[0]!.fixes[0]!.edits[0]!;
    expect(text.slice(edit.span.start, edit.span.end)).toBe('chairman');
    back[1]!.fixes = [];
    expect(back[1]!.fixes).toEqual([]);
    expect(back[0]!.fixes.length).toBeGreaterThan(0);
  });

  it('keeps messages, titles and replacements of any characters, empty ones, and fixes of several edits', () => {
    const text = 'ab 😀 cd ef\n';
    const rule = reportingRule([
      { span: { start: 0, end: 2 }, data: { what: '😀 "quoted" \u0000 end' }, fixes: () => [] },
      {
        span: { start: 3, end: 5 },
        data: { what: '' },
        fixes: () => [
          { title: '', edits: [{ span: { start: 3, end: 5 }, newText: '' }] },
          { title: 'two edits 🎉', edits: [{ span: { start: 0, end: 2 }, newText: 'AB' }, { span: { start: 6, end: 8 }, newText: '𝒞𝒟' }] },
          { title: 'no edits', edits: [] },
        ],
      },
      { span: { start: 9, end: 11 }, data: { what: 'x', ratio: Infinity, p: Number.NaN, none: undefined, nested: { list: [1, 'two'] } }, fixes: () => [{ title: 'last', edits: [{ span: { start: 9, end: 11 }, newText: 'EF' }] }] },
    ]);
    const findings = findingsOf('a.prompt', text, [rule]);
    expect(findings.diagnostics.length).toBe(3);
    const back = roundTrip(findings).diagnostics;
    expect(plain(back)).toStrictEqual(plain(findings.diagnostics));
    expect(back[0]!.message).toBe('found 😀 "quoted" \u0000 end');
    expect(back[1]!.fixes[1]!.edits[1]!.newText).toBe('𝒞𝒟');
    expect(back[2]!.data.ratio).toBe(Infinity);
    expect(back[2]!.fixes[0]!.title).toBe('last');
  });

  it('sends a data object shared by several diagnostics once, and they share it on the other side', () => {
    const shared = { what: 'x', list: [1, 2] };
    const rule = reportingRule([
      { span: { start: 0, end: 1 }, data: shared, fixes: () => [] },
      { span: { start: 2, end: 3 }, data: shared, fixes: () => [] },
      { span: { start: 4, end: 5 }, data: { what: 'x', list: [1, 2] }, fixes: () => [] },
    ]);
    const findings = findingsOf('a.prompt', 'a b c d e\n', [rule]);
    const packed = packFindings(findings);
    expect(packed.data).toHaveLength(2);
    const back = unpackFindings(structuredClone(packed, { transfer: packedFindingsTransfer(packed) })).diagnostics;
    expect(back[0]!.data).toBe(back[1]!.data);
    expect(back[2]!.data).not.toBe(back[0]!.data);
    expect(plain(back)).toStrictEqual(plain(findings.diagnostics));
  });

  it('packs a fix that fails to build as the engine reports it: no fix, and why in the data', () => {
    const rule = reportingRule([
      {
        span: { start: 0, end: 3 },
        data: { what: 'it' },
        fixes: () => {
          throw new Error('boom');
        },
      },
    ]);
    const back = roundTrip(findingsOf('a.prompt', 'bad text', [rule])).diagnostics;
    expect(back[0]!.fixes).toEqual([]);
    expect(String(back[0]!.data.fixError)).toContain('boom');
  });

  it('packs no findings, and a file error', () => {
    expect(roundTrip(findingsOf('a.prompt', 'Summarise the text.\n')).diagnostics).toEqual([]);
    const binary = findingsOf('a.prompt', 'a\u0000b');
    expect(binary.diagnostics[0]!.ruleId).toBe('file-error');
    expect(plain(roundTrip(binary).diagnostics)).toStrictEqual(plain(binary.diagnostics));
  });
});
