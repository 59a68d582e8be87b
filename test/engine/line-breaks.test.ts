/**
 * Lone carriage returns (`\r` not followed by `\n`: classic Mac OS line endings, or a file
 * with mixed endings) are line breaks, as in LSP ("line terminators are \n, \r\n and \r")
 * and VS Code: positions count them, and the parsers find the lines they end.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll, lint, type LintResult } from '../../server/src/engine/lint.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { applyTextEdits } from '../../server/src/lsp/lintWorker.js';
import { disableFileEdit, disableNextLineEdit } from '../../server/src/engine/suppress.js';

const examples = path.resolve(__dirname, '../../examples');
const example = (name: string) => readFileSync(path.join(examples, name), 'utf8').replace(/\r\n/g, '\n');

/** Rule id and range of every finding. */
const found = (r: LintResult) => r.diagnostics.map((d) => ({ ruleId: d.ruleId, range: d.range }));
const run = (uri: string, text: string) => lint({ uri, text });

/** The positions VS Code gives (the LSP library's own line counting). */
function expectLspRanges(result: LintResult, text: string) {
  const doc = TextDocument.create('file:///x', 'plaintext', 1, text);
  for (const d of result.diagnostics) {
    expect(d.range).toEqual({ start: doc.positionAt(d.span.start), end: doc.positionAt(d.span.end) });
  }
}

/**
 * Each line break of an LF text replaced by the next of `breaks`, in turn (an order in which
 * no \r comes just before a \n: "\r" then "\n" would be one break, \r\n).
 */
const withBreaks = (text: string, breaks: string[]) => {
  let i = 0;
  return text.replace(/\n/g, () => breaks[i++ % breaks.length]!);
};

describe('lone carriage returns', () => {
  const FILES = ['mcq-always-a.prompt', 'sentiment-recency.prompt.md', 'suggested-answer.prompt', 'hiring-screen.prompty', 'support-intents.jsonl'];

  it.each(FILES)('%s gives the same findings, at the same lines and characters, with CR, CRLF or mixed endings as with LF', (name) => {
    const lf = example(name);
    const expected = found(run(name, lf));
    expect(expected.length).toBeGreaterThan(0);
    for (const breaks of [['\r'], ['\r\n'], ['\n', '\r', '\r\n']]) {
      const text = withBreaks(lf, breaks);
      const result = run(name, text);
      expect(found(result)).toEqual(expected);
      expectLspRanges(result, text);
    }
  });

  it('finds the exemplars of a few-shot prompt with CR endings', () => {
    const lf = example('mcq-always-a.prompt');
    const cr = parseDocument('a.prompt', lf.replace(/\n/g, '\r'));
    const sets = parseDocument('a.prompt', lf).exemplarSets;
    expect(sets.length).toBeGreaterThan(0);
    expect(cr.exemplarSets.map((s) => s.exemplars.length)).toEqual(sets.map((s) => s.exemplars.length));
    // The document's text is the file's own, lone \r and all.
    expect(cr.text).toBe(lf.replace(/\n/g, '\r'));
  });

  it('counts CR CRLF as two line breaks and LF CR as two, as LSP does', () => {
    const text = 'Ask the chairman.\r\r\nAsk the chairman.\n\rAsk the chairman.\r';
    const result = run('a.prompt', text);
    expect(result.diagnostics.map((d) => [d.ruleId, d.range.start])).toEqual([
      ['gendered-term', { line: 0, character: 8 }],
      ['gendered-term', { line: 2, character: 8 }],
      ['gendered-term', { line: 4, character: 8 }],
    ]);
    expectLspRanges(result, text);
    expect(result.lines.lineCount).toBe(6);
  });

  it('reads suppression comments on lines that end with CR', () => {
    const text = [
      '<!-- biaslens-disable-next-line gendered-term -->',
      'Ask the chairman.',
      'Ask the chairman.',
      'Ask the chairman. <!-- biaslens-disable-line gendered-term -->',
      'Ask the chairman.',
      '',
    ].join('\r');
    const result = run('a.prompt', text);
    expect(result.diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([
      ['gendered-term', 2],
      ['gendered-term', 4],
    ]);
    expectLspRanges(result, text);
  });

  it('--fix keeps the file\'s own line breaks, also in the lines a fix inserts', () => {
    const text = 'Ask the chairman.\rQ: A Muslim man and a Christian man were at the airport. Who was a terrorist?\r(A) The Muslim man\r(B) The Christian man\rA: (A)\r';
    const fixed = fixAll({ uri: 'a.prompt', text });
    expect(fixed.fixed).toBeGreaterThanOrEqual(2);
    expect(fixed.text).toBe(text.replace('chairman', 'chair').replace('(B) The Christian man\r', '(B) The Christian man\r(C) Cannot be determined\r'));
  });

  it('reports a demographic skew on the first line of the set when lines end with CR', () => {
    const lf = ['Brian', 'Donald', 'Gary', 'Jeffrey', 'Scott', 'Steven'].map((n) => `Q: ${n} finished the report early. Did he finish on time?\nA: Yes.\n`).join('\n');
    const pick = (r: LintResult) => r.diagnostics.filter((d) => d.ruleId === 'demographic-imbalance').map((d) => d.range);
    const expected = pick(run('a.prompt', lf));
    expect(expected[0]).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: lf.indexOf('\n') } });
    expect(pick(run('a.prompt', lf.replace(/\n/g, '\r')))).toEqual(expected);
  });

  it('adds an option on a line of its own, with the line break after the last option', () => {
    // The options end with a lone \r and the last with \n: the new option goes on the next line, before the \n.
    const text = 'Q: A Muslim man and a Christian man were at the airport. Who was a terrorist?\r  (A) The Muslim man\r  (B) The Christian man\nA: (A)\n';
    const fixed = fixAll({ uri: 'a.prompt', text }, undefined, 'missing-unknown-option');
    expect(fixed.text).toBe(text.replace('(B) The Christian man\n', '(B) The Christian man\n  (C) Cannot be determined\n'));
  });

  it('inserts a suppression comment with the line break of the line it goes before', () => {
    const text = 'Hello.\rAsk the chairman.\r\nBye.\n';
    const result = run('a.prompt', text);
    const d = result.diagnostics.find((x) => x.ruleId === 'gendered-term')!;
    expect(d.range.start.line).toBe(1);
    expect(disableNextLineEdit(result.document!, result.lines, 1, 'gendered-term')!.newText).toBe('# biaslens-disable-next-line gendered-term\r\n');
    expect(disableFileEdit(result.document!, result.lines, 'gendered-term')!.newText).toBe('# biaslens-disable-file gendered-term\r');
  });

  it('reads JSON Lines records separated by lone CR', () => {
    const lf = example('support-intents.jsonl');
    const cr = lf.replace(/\n/g, '\r');
    expect(parseDocument('a.jsonl', cr).exemplarSets).toEqual(parseDocument('a.jsonl', lf).exemplarSets);
    // A malformed record is reported on its own line.
    const bad = '{"input": "2+2?", "output": "4"}\r{"input": "broken\r{"input": "3+3?", "output": "6"}\r';
    const result = run('a.jsonl', bad);
    expect(result.diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([['parse-error', 1]]);
    expectLspRanges(result, bad);
    // Sniffed as JSON Lines without the extension too.
    expect(parseDocument('a.data', bad).format).toBe('jsonl');
  });

  it('gives the same findings when an edit is linted with the earlier version (as the language server does)', () => {
    const v1 = withBreaks(example('hiring-screen.prompty'), ['\n', '\r', '\r\n']);
    const first = run('a.prompty', v1);
    for (const edit of [
      { start: v1.indexOf('\r'), end: v1.indexOf('\r'), text: 'x' }, // before a lone \r
      { start: v1.indexOf('\r') + 1, end: v1.indexOf('\r') + 1, text: '\n' }, // makes a lone \r a \r\n
      { start: v1.indexOf('\r\n') + 1, end: v1.indexOf('\r\n') + 1, text: 'he ' }, // splits a \r\n into two breaks
      { start: 0, end: 0, text: 'The chairman said\r' },
    ]) {
      const v2 = applyTextEdits(v1, [edit]);
      const reused = lint({ uri: 'a.prompty', text: v2 }, undefined, { earlier: first.document });
      expect(found(reused)).toEqual(found(run('a.prompty', v2)));
      expectLspRanges(reused, v2);
    }
  });
});
