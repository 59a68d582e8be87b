/**
 * Protocol tests: spawn `node dist/server.js --stdio` (built by `npm run build`)
 * and drive it over JSON-RPC like an editor would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyLspEdits, serverNodeArgs as harnessNodeArgs, startLspServer, type LspTestServer } from './lspClient.mjs';
import { useLspWorkspace } from './workspace.js';
import { serverNodeArgs } from '../../server/src/lsp/protocol.js';
import { startBiasedModelServer } from '../support/biased-model-server.js';

const root = path.resolve(__dirname, '..', '..');
const biasedText = readFileSync(path.join(root, 'test', 'e2e', 'fixtures', 'workspace', 'biased-few-shot.prompt'), 'utf8');
const RULE = 'answer-position-skew';

/** The same prompt with its gold letters spread over A-D (no position skew; the rationales no longer match, which is fine here). */
function unskewed(text: string): string {
  const letters = ['A', 'B', 'C', 'D', 'B'];
  let i = 0;
  return text.replace(/So the answer is \(A\)/g, () => `So the answer is (${letters[i++ % letters.length]})`);
}

const ws = useLspWorkspace('lsp');
const { start, fileUri } = ws;

describe('initialize', () => {
  it('declares hovers, code actions with fix-all, CodeLens, and pull diagnostics only for clients that pull', async () => {
    const push = await start();
    const caps = push.init.capabilities;
    expect(caps.hoverProvider).toBe(true);
    expect(caps.codeActionProvider.codeActionKinds).toEqual(expect.arrayContaining(['quickfix', 'source.fixAll.biaslens']));
    expect(caps.codeActionProvider.resolveProvider).toBe(true);
    expect(caps.codeLensProvider).toBeDefined();
    expect(caps.diagnosticProvider).toBeUndefined();
    const pull = await start({ pull: true });
    expect(pull.init.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: false, workspaceDiagnostics: false });
  });

  it('runs with the Node flags the extension starts it with on plain Node, so tests and benchmarks measure what those users run', async () => {
    // V8's pool: the cores less one, at least one thread (0 would mean none in old runtimes), at most Node's default of four.
    expect([1, 2, 3, 4, 5, 8, 64].map((cores) => serverNodeArgs(cores))).toEqual(
      ['1', '1', '2', '3', '4', '4', '4'].map((n) => [`--v8-pool-size=${n}`]),
    );
    for (const cores of [1, 2, 3, 4, 5, 8, 64]) expect(harnessNodeArgs(cores)).toEqual(serverNodeArgs(cores));
    const s = await start();
    const argv = readFileSync(`/proc/${s.child.pid}/cmdline`, 'utf8').split('\0');
    const expected = serverNodeArgs(os.availableParallelism());
    expect(argv.slice(1, 1 + expected.length)).toEqual(expected);
  });
});

describe('diagnostics', () => {
  it('pushes findings on open, with the rule id as code, a docs link and the measured data', async () => {
    const s = await start();
    const uri = fileUri('push.prompt');
    await s.open(uri, biasedText);
    const { diagnostics, version } = await s.diagnostics(uri, { version: 1 });
    expect(version).toBe(1);
    const d = diagnostics.find((x) => x.code === RULE);
    expect(d).toBeDefined();
    expect(d.source).toBe('biaslens');
    expect(d.codeDescription.href).toMatch(/docs\/rules\/answer-position-skew\.md$/);
    expect(d.data.counts).toEqual({ A: 5, B: 0, C: 0, D: 0 });
    expect(biasedText.split('\n')[d.range.start.line]).toContain('So the answer is (A)');
  });

  it('answers pull requests for the current version', async () => {
    const s = await start({ pull: true });
    const uri = fileUri('pull.prompt');
    await s.open(uri, biasedText);
    const first = await s.pull(uri);
    expect(first.kind).toBe('full');
    expect(first.items.map((d: any) => d.code)).toContain(RULE);
    await s.change(uri, 2, unskewed(biasedText));
    const second = await s.pull(uri);
    expect(second.items.map((d: any) => d.code)).not.toContain(RULE);
    expect(s.pushCount(uri)).toBe(0); // a pull client gets no pushed diagnostics for open documents

    // A settings change asks a pull client to pull again, and the next pull reflects it.
    await s.change(uri, 3, biasedText);
    await s.setSettings({ rules: { [RULE]: 'off' } });
    await s.waitFor(() => s.refreshes > 0, 10_000, 'workspace/diagnostic/refresh');
    const third = await s.pull(uri);
    expect(third.items.map((d: any) => d.code)).not.toContain(RULE);
  });

  it('never publishes a stale result: rapid edits end with the newest version, in order', async () => {
    const s = await start();
    const uri = fileUri('stale.prompt');
    const clean = unskewed(biasedText);
    await s.open(uri, biasedText, 'prompt', 1);
    // Alternate biased and clean texts without waiting; only the last (clean) version matters.
    for (let v = 2; v <= 30; v++) await s.change(uri, v, v % 2 === 0 ? clean : biasedText + `\n<!-- edit ${v} -->\n`);
    await s.change(uri, 31, clean);
    const last = await s.diagnostics(uri, { version: 31 });
    expect(last.diagnostics.map((d) => d.code)).not.toContain(RULE);
    // Round trip after the last publish, so anything still queued has arrived.
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const versions = (s.published.get(uri) ?? []).map((p) => p.version!);
    expect(versions.at(-1)).toBe(31);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions); // never an older version after a newer one
    // Every publish matches what its version's text produces (clean = even, biased = odd).
    for (const p of s.published.get(uri)!) {
      const hasRule = p.diagnostics.some((d) => d.code === RULE);
      expect(hasRule).toBe(p.version! % 2 === 1 && p.version !== 31);
    }
  });

  it('a 1 MiB document does not hold up a small one, and its result is never published once superseded', async () => {
    const s = await start();
    const big = fileUri('big.prompt');
    const small = fileUri('small.prompt');
    const block = biasedText.replace(/\{\{question\}\}[\s\S]*$/, '');
    const bigText = block.repeat(Math.ceil((1024 * 1024) / block.length));
    expect(bigText.length).toBeGreaterThanOrEqual(1024 * 1024);
    await s.open(big, bigText, 'prompt', 1);
    await s.change(big, 2, biasedText); // supersedes the 1 MiB version at once
    await s.open(small, biasedText, 'prompt', 1);
    const smallDiagnostics = await s.diagnostics(small, { version: 1 });
    expect(smallDiagnostics.diagnostics.map((d) => d.code)).toContain(RULE);
    const bigDiagnostics = await s.diagnostics(big, { version: 2 });
    expect(bigDiagnostics.diagnostics.length).toBeGreaterThan(0);
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: big }, position: { line: 0, character: 0 } });
    expect((s.published.get(big) ?? []).every((p) => p.version === 2)).toBe(true);
  });

  it('lints a 1 MiB document and stays responsive while doing so', async () => {
    const s = await start();
    const big = fileUri('big2.prompt');
    const small = fileUri('small2.prompt');
    const block = biasedText.replace(/\{\{question\}\}[\s\S]*$/, '');
    const bigText = block.repeat(Math.ceil((1024 * 1024) / block.length));
    await s.open(small, biasedText, 'prompt', 1);
    await s.diagnostics(small, { version: 1 });
    await s.open(big, bigText, 'prompt', 1);
    const hover = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri: small }, position: { line: 9, character: 100 } });
    expect(hover.contents.value).toContain('Answer-letter histogram');
    const result = await s.diagnostics(big, { version: 1, timeoutMs: 30_000 });
    expect(result.diagnostics.some((d) => d.code === RULE)).toBe(true);
  });
});

describe('hover', () => {
  it('on a finding: rationale, source, letter histogram and p-value; untrusted markdown', async () => {
    const s = await start();
    const uri = fileUri('hover.prompt');
    await s.open(uri, biasedText);
    const { diagnostics } = await s.diagnostics(uri);
    const d = diagnostics.find((x) => x.code === RULE)!;
    const hover = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
    const md: string = hover.contents.value;
    expect(hover.contents.kind).toBe('markdown');
    expect(md).toContain('answer\\-position\\-skew');
    expect(md).toContain('Turpin et al');
    expect(md).toContain('Answer-letter histogram');
    expect(md).toMatch(/A {2}5 {2}█+\nB {2}0 {2}\nC {2}0 {2}\nD {2}0 {2}/);
    expect(md).toMatch(/p-value: 0\.0039/);
    expect(md).not.toMatch(/\]\(command:/);
  });

  it("on an exemplar's gold answer: its position in the sequence", async () => {
    const s = await start();
    const uri = fileUri('hover-gold.prompt');
    await s.open(uri, biasedText);
    await s.diagnostics(uri);
    const lines = biasedText.split('\n');
    const line = lines.findIndex((l, i) => i > 20 && l.includes('So the answer is (A)')); // the third demo
    const character = lines[line]!.indexOf('(A).') + 1;
    const hover = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    expect(hover.contents.value).toContain('demo 3 of 5');
    expect(hover.contents.value).toContain('2 demos follow this one');
  });

  it('escapes document text: no links, HTML or command URIs survive from a label', async () => {
    const s = await start();
    const uri = fileUri('inject.prompt');
    const evil = '[go](command:x.y) <img src=x> ```';
    const text = `Text: great product\nLabel: ${evil}\n\nText: awful\nLabel: ${evil}\n\nText: fine\nLabel: ${evil}\n`;
    await s.open(uri, text);
    await s.diagnostics(uri);
    const hover = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 10 } });
    expect(hover).not.toBeNull();
    const md: string = hover.contents.value;
    expect(md).toContain('demo 1 of 3');
    // Code blocks show text literally; their fence is longer than any backtick run inside.
    const fences = [...md.matchAll(/^(`{3,})text\n([\s\S]*?)\n\1$/gm)];
    for (const f of fences) expect(f[2]).not.toContain(f[1]);
    const outsideCode = md.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
    expect(outsideCode).toContain('demo 1 of 3');
    expect(outsideCode).not.toContain('](command:');
    expect(outsideCode).not.toContain('<img');
    expect(outsideCode).toContain('&lt;img');
  });
});

describe('code actions', () => {
  async function actionsAt(s: LspTestServer, uri: string, range: any, only?: string[]) {
    return s.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) } });
  }

  it('orders fix (preferred), disable for line, disable for file, show documentation; each removes the finding', async () => {
    const s = await start();
    const uri = fileUri('fix.prompt');
    await s.open(uri, biasedText);
    const { diagnostics } = await s.diagnostics(uri, { version: 1 });
    const d = diagnostics.find((x) => x.code === RULE)!;
    const actions = await actionsAt(s, uri, d.range);
    const titles = actions.map((a) => a.title);
    const fixIndex = titles.findIndex((t) => /^Rebalance/.test(t));
    const lineIndex = titles.indexOf(`Disable ${RULE} for this line`);
    const fileIndex = titles.indexOf(`Disable ${RULE} for file`);
    const docsIndex = titles.indexOf(`Show documentation for ${RULE}`);
    expect(fixIndex).toBe(0);
    expect(actions[0].isPreferred).toBe(true);
    expect(lineIndex).toBe(1);
    expect(fileIndex).toBeGreaterThan(lineIndex);
    expect(docsIndex).toBeGreaterThan(fileIndex);
    expect(actions[docsIndex].command).toEqual({ title: `Show documentation for ${RULE}`, command: 'biaslens.openRuleDocumentation', arguments: [RULE] });

    const edit = actions[0].edit.documentChanges[0];
    expect(edit.textDocument).toEqual({ uri, version: 1 });
    const fixed = applyLspEdits(biasedText, edit.edits);
    expect(fixed).not.toBe(biasedText);
    await s.change(uri, 2, fixed);
    const after = await s.diagnostics(uri, { version: 2 });
    expect(after.diagnostics.map((x) => x.code)).not.toContain(RULE);

    // "Disable for this line" on the original text: a comment line above would split the demo, so the comment goes at the end of the line.
    const lineEdit = actions[lineIndex].edit.documentChanges[0];
    const lineDisabled = applyLspEdits(biasedText, lineEdit.edits);
    expect(lineDisabled.split('\n')[d.range.start.line]).toMatch(/So the answer is \(A\)\. <!-- biaslens-disable-line answer-position-skew -->$/);
    await s.change(uri, 3, lineDisabled);
    expect((await s.diagnostics(uri, { version: 3 })).diagnostics.map((x) => x.code)).not.toContain(RULE);

    // "Disable for file" on the original text removes it too.
    const fileEdit = actions[fileIndex].edit.documentChanges[0];
    await s.change(uri, 4, applyLspEdits(biasedText, fileEdit.edits));
    const disabled = await s.diagnostics(uri, { version: 4 });
    expect(disabled.diagnostics.map((x) => x.code)).not.toContain(RULE);
    expect(fileEdit.edits[0].newText).toBe(`# biaslens-disable-file ${RULE}\n`);
  });

  it('"Disable for this line" inserts a comment, and appends to an existing one on the previous line', async () => {
    const s = await start();
    const uri = fileUri('disable.prompt.md');
    const text = '# Prompt\n\nYou are the chairman of the board. I think the answer is (B) but I\'m curious to hear what you think.\n';
    await s.open(uri, text, 'prompt');
    const { diagnostics } = await s.diagnostics(uri, { version: 1 });
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain('gendered-term');
    const d = diagnostics.find((x) => x.code === 'gendered-term')!;
    const actions = await actionsAt(s, uri, d.range);
    const lineAction = actions.find((a) => a.title === 'Disable gendered-term for this line');
    expect(lineAction).toBeDefined();
    const titles = actions.map((a) => a.title);
    expect(titles.indexOf('Disable gendered-term for this line')).toBeLessThan(titles.indexOf('Disable gendered-term for file'));
    const once = applyLspEdits(text, lineAction.edit.documentChanges[0].edits);
    expect(once).toContain('<!-- biaslens-disable-next-line gendered-term -->\nYou are the chairman');
    await s.change(uri, 2, once);
    const afterOnce = await s.diagnostics(uri, { version: 2 });
    expect(afterOnce.diagnostics.map((x) => x.code)).not.toContain('gendered-term');

    // A second rule on the same line: its disable appends to the existing comment.
    const other = afterOnce.diagnostics.find((x) => x.code === 'suggested-answer');
    expect(other).toBeDefined();
    const more = await actionsAt(s, uri, other!.range);
    const append = more.find((a) => a.title === 'Disable suggested-answer for this line');
    expect(append).toBeDefined();
    const twice = applyLspEdits(once, append.edit.documentChanges[0].edits);
    expect(twice).toContain('<!-- biaslens-disable-next-line gendered-term, suggested-answer -->\nYou are the chairman');
    await s.change(uri, 3, twice);
    const afterTwice = await s.diagnostics(uri, { version: 3 });
    expect(afterTwice.diagnostics.map((x) => x.code)).not.toContain('suggested-answer');
  });

  it('"Fix all <rule> in file" resolves to an edit that fixes every finding of that rule', async () => {
    const s = await start();
    const uri = fileUri('fixall.prompt');
    const text = 'The chairman met the salesman.\nThe chairman spoke.\n';
    await s.open(uri, text);
    const { diagnostics } = await s.diagnostics(uri);
    const findings = diagnostics.filter((x) => x.code === 'gendered-term');
    expect(findings.length).toBeGreaterThan(1);
    const actions = await actionsAt(s, uri, findings[0].range);
    const fixAll = actions.find((a) => a.title === 'Fix all gendered-term in file');
    expect(fixAll).toBeDefined();
    expect(fixAll.edit).toBeUndefined(); // computed on resolve
    const resolved = await s.conn.sendRequest<any>('codeAction/resolve', fixAll);
    const fixed = applyLspEdits(text, resolved.edit.documentChanges[0].edits);
    await s.change(uri, 2, fixed);
    const after = await s.diagnostics(uri, { version: 2 });
    expect(after.diagnostics.filter((x) => x.code === 'gendered-term')).toEqual([]);
  });

  it('source.fixAll.biaslens applies every preferred fix', async () => {
    const s = await start();
    const uri = fileUri('source-fixall.prompt');
    await s.open(uri, biasedText);
    await s.diagnostics(uri);
    const actions = await actionsAt(s, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll.biaslens']);
    expect(actions.map((a) => a.kind)).toEqual(['source.fixAll.biaslens']);
    const fixed = applyLspEdits(biasedText, actions[0].edit.documentChanges[0].edits);
    await s.change(uri, 2, fixed);
    const after = await s.diagnostics(uri, { version: 2 });
    expect(after.diagnostics.map((x) => x.code)).not.toContain(RULE);
    // Quick fixes are not offered when only source actions are asked for.
    expect(actions.some((a) => a.kind === 'quickfix')).toBe(false);
  });

  it('a parse error: no disable actions (it cannot be disabled), but its documentation', async () => {
    const s = await start();
    const uri = fileUri('broken.jsonl');
    await s.open(uri, '{"prompt": "x"\n', 'jsonl');
    const { diagnostics } = await s.diagnostics(uri, { version: 1 });
    const d = diagnostics.find((x) => x.code === 'parse-error')!;
    const actions = await actionsAt(s, uri, d.range);
    expect(actions.map((a) => a.title)).toEqual(['Show documentation for parse-error']);
    expect(actions[0].command).toEqual({ title: 'Show documentation for parse-error', command: 'biaslens.openRuleDocumentation', arguments: ['parse-error'] });
  });

  /** 950 lines of two gendered terms each (1,900 findings, ~38 KB), line 500 instead a suggested answer (one finding, one fix). */
  function manyFindings(): string {
    const lines = Array.from({ length: 950 }, (_, i) => `Line ${i}: The chairman met the salesman.`);
    lines[500] = "I think the answer is (B) but I'm curious to hear what you think.";
    return lines.join('\n') + '\n';
  }
  const isFix = (a: any) => a.isPreferred !== undefined; // a rule's own fix (the first preferred), not a disable, fix-all or docs action
  const whole = (text: string) => ({ start: { line: 0, character: 0 }, end: { line: text.split('\n').length - 1, character: 0 } });

  it('a selection over more than 50 findings is answered per rule: fix, fix all, disable for file, docs, not 5 actions a finding', async () => {
    // A select-all over 200 KiB with 9,800 findings was 49,000 actions (41 MB of JSON, 4-5 s), and
    // the editor asks for the actions of every selection. Here that was ~12,000 actions.
    const s = await start();
    const uri = fileUri('many-findings.prompt');
    const text = manyFindings();
    await s.open(uri, text);
    const { diagnostics } = await s.diagnostics(uri, { version: 1 });
    expect(diagnostics.length).toBe(1899);
    const suggested = diagnostics.find((d) => d.code === 'suggested-answer')!;
    const suggestedFixes = (await actionsAt(s, uri, suggested.range)).filter(isFix);
    expect(suggestedFixes.length).toBeGreaterThan(0);

    // Nothing at the range's start: each rule once, in the order of its first finding. suggested-answer
    // has a single fix in the file (no "Fix all"), so that fix is offered itself.
    const all = await actionsAt(s, uri, whole(text));
    expect(all.map((a) => a.title)).toEqual([
      'Fix all gendered-term in file',
      'Disable gendered-term for file',
      'Show documentation for gendered-term',
      ...suggestedFixes.map((a) => a.title),
      'Disable suggested-answer for file',
      'Show documentation for suggested-answer',
    ]);
    expect(all.every((a) => a.kind === 'quickfix')).toBe(true);
    expect(all[0].data).toEqual({ kind: 'fixAllRule', uri, version: 1, ruleId: 'gendered-term' });
    expect(all[3].edit).toEqual(suggestedFixes[0].edit);
    // The file disable is the checked one a cursor gets, and removes every gendered term.
    const fileDisabled = applyLspEdits(text, all[1].edit.documentChanges[0].edits);
    await s.change(uri, 2, fileDisabled);
    expect((await s.diagnostics(uri, { version: 2 })).diagnostics.map((d) => d.code)).toEqual(['suggested-answer']);
  });

  it('a selection starting on a finding gives that finding its full list first, then the other rules per rule', async () => {
    const s = await start();
    const uri = fileUri('many-findings-start.prompt');
    const text = manyFindings();
    await s.open(uri, text);
    const { diagnostics } = await s.diagnostics(uri, { version: 1 });
    const first = diagnostics[0]!; // "chairman" on line 0
    const atFirst = await actionsAt(s, uri, first.range);
    expect(atFirst.map((a) => a.title)).toEqual([
      'Replace "chairman" with "chair"',
      expect.stringMatching(/^Replace "chairman" with /),
      expect.stringMatching(/^Replace "chairman" with /),
      'Disable gendered-term for this line',
      'Fix all gendered-term in file',
      'Disable gendered-term for file',
      'Show documentation for gendered-term',
    ]);
    const fromFirst = await actionsAt(s, uri, { start: first.range.start, end: whole(text).end });
    const suggestedTitles = fromFirst.slice(atFirst.length).map((a) => a.title);
    expect(fromFirst.slice(0, atFirst.length).map((a) => a.title)).toEqual(atFirst.map((a) => a.title));
    expect(suggestedTitles.slice(-2)).toEqual(['Disable suggested-answer for file', 'Show documentation for suggested-answer']);
    // Between them, suggested-answer's single fix: nothing else of the 1,898 other findings.
    const between = fromFirst.slice(atFirst.length, -2);
    expect(between.length).toBeGreaterThan(0);
    expect(between.every((a) => isFix(a) && a.diagnostics[0].code === 'suggested-answer')).toBe(true);
  });

  it('up to 50 findings keep every finding\'s own actions, with disables checked within a budget of linted text; 51 or more do not', async () => {
    // Each "Disable for this line" is checked by linting the edited text (~38 KB here): the
    // checks of one request share a 512 KiB budget, so 25 lines do not all get theirs.
    const s = await start();
    const uri = fileUri('fifty-findings.prompt');
    const text = manyFindings();
    await s.open(uri, text);
    await s.diagnostics(uri, { version: 1 });
    const lines = (n: number) => ({ start: { line: 0, character: 0 }, end: { line: n, character: 0 } });

    const fifty = await actionsAt(s, uri, lines(25)); // 25 lines, 2 findings each
    expect(fifty.filter(isFix).length).toBe(50 * 3);
    // The documentation once per rule, and a line's disable once for its two findings.
    expect(fifty.filter((a) => a.title === 'Show documentation for gendered-term').length).toBe(1);
    const lineDisables = fifty.filter((a) => a.title === 'Disable gendered-term for this line');
    expect(lineDisables.length).toBeGreaterThan(0);
    expect(lineDisables.length).toBeLessThan(25);
    const disabledLines = lineDisables.map((a) => JSON.stringify(a.edit.documentChanges[0].edits[0].range));
    expect(new Set(disabledLines).size).toBe(lineDisables.length);

    // Two findings on one line: each its fixes, then one disable for the line, fix all, file disable, docs.
    const twoOnALine = await actionsAt(s, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 200 } });
    expect(twoOnALine.filter((a) => !isFix(a)).map((a) => a.title)).toEqual([
      'Disable gendered-term for this line',
      'Fix all gendered-term in file',
      'Disable gendered-term for file',
      'Show documentation for gendered-term',
    ]);
    expect(twoOnALine.filter(isFix).length).toBe(2 * 3);
    expect(fifty.filter((a) => a.title === 'Fix all gendered-term in file').length).toBe(1);
    expect(fifty.filter((a) => a.title === 'Disable gendered-term for file').length).toBe(1);

    const fiftyTwo = await actionsAt(s, uri, lines(26));
    expect(fiftyTwo.map((a) => a.title)).toEqual(['Fix all gendered-term in file', 'Disable gendered-term for file', 'Show documentation for gendered-term']);
  });

  it('at the cursor in a file of thousands of findings: the full list, in order, and its disable works', async () => {
    const s = await start();
    const uri = fileUri('many-findings-cursor.prompt');
    const text = manyFindings();
    await s.open(uri, text);
    const { diagnostics } = await s.diagnostics(uri, { version: 1 });
    const last = diagnostics[diagnostics.length - 1];
    const here = await actionsAt(s, uri, last.range);
    expect(here.map((a) => a.title)).toEqual([
      'Replace "salesman" with "salesperson"',
      expect.stringMatching(/^Replace "salesman" with /),
      expect.stringMatching(/^Replace "salesman" with /),
      'Disable gendered-term for this line',
      'Fix all gendered-term in file',
      'Disable gendered-term for file',
      'Show documentation for gendered-term',
    ]);
    const disabled = applyLspEdits(text, here[3].edit.documentChanges[0].edits);
    await s.change(uri, 2, disabled);
    const after = await s.diagnostics(uri, { version: 2 });
    expect(after.diagnostics.length).toBe(1897);
  });
});

describe('CodeLens', () => {
  it('above each few-shot block: findings summary and the audit command', async () => {
    const s = await start();
    const uri = fileUri('lens.prompt');
    await s.open(uri, biasedText);
    await s.diagnostics(uri);
    const lenses = await s.conn.sendRequest<any[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses.map((l) => l.command.title)).toEqual([`Bias Lens: 1 finding in 5 demos (${RULE})`, 'Run counterfactual audit']);
    expect(lenses[0].range.start.line).toBe(biasedText.split('\n').findIndex((l) => l.startsWith('Q: ')));
    // The block by position and by identity: the version the lens is for and a hash of the block's text (test/lsp/auditBlock.test.ts).
    expect(lenses[1].command).toMatchObject({ command: 'biaslens.runAudit', arguments: [uri, 0, { version: 1, index: 0, hash: expect.any(String), from: 'lens' }] });
  });

});

describe('CodeLens refresh', () => {
  /** A request answered after everything the server sent before it (messages on the pipe keep their order). */
  const roundTrip = (s: LspTestServer, uri: string) => s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  const lensTitles = async (s: LspTestServer, uri: string) => (await s.conn.sendRequest<any[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => l.command.title as string);

  it('asks a client that supports it to refresh when a new result changes the lenses it was given, and only then', async () => {
    const s = await start({ codeLensRefresh: true });
    const uri = fileUri('lens-refresh.prompt');
    await s.open(uri, biasedText);
    await s.diagnostics(uri, { version: 1 });
    const first = await lensTitles(s, uri);
    expect(first[0]).toBe(`Bias Lens: 1 finding in 5 demos (${RULE})`);

    // Same findings (a trailing newline): the lenses the client has are still right.
    await s.change(uri, 2, biasedText + '\n');
    await s.diagnostics(uri, { version: 2 });
    await roundTrip(s, uri);
    expect(s.lensRefreshes).toBe(0);

    // Other findings: one refresh, and the lenses asked for then are the new ones.
    await s.change(uri, 3, unskewed(biasedText));
    await s.waitFor(() => s.lensRefreshes === 1, 10_000, 'a CodeLens refresh');
    const second = await lensTitles(s, uri);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]).not.toContain(RULE);

    // Back to the skewed text: another refresh.
    await s.change(uri, 4, biasedText);
    await s.waitFor(() => s.lensRefreshes === 2, 10_000, 'a second CodeLens refresh');
    expect((await lensTitles(s, uri))[0]).toBe(first[0]);
  });

  it('never sends a refresh to a client that did not declare support', async () => {
    const s = await start();
    const uri = fileUri('lens-no-refresh.prompt');
    await s.open(uri, biasedText);
    await s.diagnostics(uri, { version: 1 });
    await lensTitles(s, uri);
    await s.change(uri, 2, unskewed(biasedText));
    await s.diagnostics(uri, { version: 2 });
    await roundTrip(s, uri);
    expect(s.lensRefreshes).toBe(0);
  });
});

describe('CodeLens during a config change', () => {
  it('a settings change while lenses are computed re-runs the lint instead of answering with none', async () => {
    const s = await start({ pull: true });
    const uri = fileUri('lens-race.prompt');
    // Large enough to lint on the worker, so the settings change lands while that lint runs.
    const block = biasedText.replace(/\{\{question\}\}[\s\S]*$/, '');
    const text = block.repeat(Math.ceil((512 * 1024) / block.length));
    await s.open(uri, text);
    s.afterNextConfigurationRequest(() => void s.setSettings({ codeLens: { enable: true } }));
    const lenses = await s.conn.sendRequest<any[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses.length).toBe(2);
    expect(lenses[0].command.title).toMatch(/^Bias Lens: \d+ findings? in \d+ demos/);
  });
});

describe('audit request', () => {
  it('plans, then runs the audit against an OpenAI-compatible endpoint on 127.0.0.1, with progress and no key leak', async () => {
    const key = 'sk-test-editor-key-0123456789';
    const model = await startBiasedModelServer({ seed: 3, accuracy: 0, positionBias: 1, preferredPosition: 0, requireKey: key });
    try {
      const s = await start({ settings: { audit: { baseUrl: model.url, model: 'biased-test', checks: ['option-permutation'] } } });
      const uri = fileUri('audit.prompt');
      await s.open(uri, biasedText);
      const plan = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'plan', planOnly: true });
      expect(plan.status).toBe('planned');
      expect(plan.plan.calls).toBeGreaterThan(0);
      expect(plan.plan.checks.map((c: any) => c.id)).toEqual(['option-permutation']);
      expect(model.stats.chatRequests).toBe(0); // planning sends nothing

      const result = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'run1', apiKey: key });
      expect(result.status).toBe('done');
      expect(result.report.checks.map((c: any) => c.id)).toEqual(['option-permutation']);
      expect(result.report.calls.made).toBe(model.stats.completions);
      expect(result.report.calls.made).toBe(plan.plan.calls);
      expect(result.report.checks[0].status).toBe('flagged'); // the model always answers (A)
      expect(result.message).toMatch(/flagged: option-permutation/);
      expect(result.text).toContain('option-permutation');
      expect(JSON.stringify(result)).not.toContain(key);
      const kinds = s.progress.filter((p) => p.token === 'run1').map((p) => p.kind);
      expect(kinds[0]).toBe('begin');
      expect(kinds).toContain('report');
      expect(kinds.at(-1)).toBe('end');
    } finally {
      await model.close();
    }
  });

  it('refuses without an endpoint, and in Restricted Mode', async () => {
    const s = await start({ settings: {} });
    const uri = fileUri('audit-refused.prompt');
    await s.open(uri, biasedText);
    const missing = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 't1', planOnly: true });
    expect(missing.status).toBe('refused');
    expect(missing.message).toMatch(/biaslens\.audit\.baseUrl/);
    const restricted = await start({ trusted: false, settings: { audit: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm' } } });
    await restricted.open(uri, biasedText);
    const refused = await restricted.conn.sendRequest<any>('biaslens/audit', { uri, token: 't2', planOnly: true });
    expect(refused.status).toBe('refused');
    expect(refused.message).toMatch(/Restricted Mode/);
  });
});

describe('configuration', () => {
  it('a settings change re-validates open documents (rule off, then severity override)', async () => {
    const s = await start({ settings: {} });
    const uri = fileUri('settings.prompt');
    await s.open(uri, biasedText);
    const first = await s.diagnostics(uri);
    expect(first.diagnostics.map((d) => d.code)).toContain(RULE);
    let since = s.pushCount(uri);
    await s.setSettings({ rules: { [RULE]: 'off' } });
    const off = await s.diagnostics(uri, { since });
    expect(off.diagnostics.map((d) => d.code)).not.toContain(RULE);
    since = s.pushCount(uri);
    await s.setSettings({ rules: { [RULE]: 'info' } });
    const info = await s.diagnostics(uri, { since });
    expect(info.diagnostics.find((d) => d.code === RULE)?.severity).toBe(3);
    expect(s.configurationRequests.some((r) => r.items.some((i: any) => i.section === 'biaslens'))).toBe(true);
  });

  it('takes settings from didChangeConfiguration when the client cannot answer workspace/configuration', async () => {
    const s = await start({ configuration: false });
    const uri = fileUri('pushed-settings.prompt');
    await s.open(uri, biasedText);
    expect((await s.diagnostics(uri)).diagnostics.map((d) => d.code)).toContain(RULE);
    const since = s.pushCount(uri);
    await s.setSettings({ rules: { [RULE]: 'off' } });
    const off = await s.diagnostics(uri, { since });
    expect(off.diagnostics.map((d) => d.code)).not.toContain(RULE);
    expect(s.configurationRequests).toEqual([]);
  });

  it('merges settings over .biaslens.json (settings win) and re-validates when the config file changes', async () => {
    const dir = path.join(ws.dir, 'cfg');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.biaslens.json'), JSON.stringify({ rules: { [RULE]: 'hint' } }));
    const s = await start({ settings: {} });
    const uri = pathToFileURL(path.join(dir, 'merged.prompt')).href;
    await s.open(uri, biasedText);
    const fromFile = await s.diagnostics(uri);
    expect(fromFile.diagnostics.find((d) => d.code === RULE)?.severity).toBe(4);
    let since = s.pushCount(uri);
    await s.setSettings({ rules: { [RULE]: 'warning' } });
    const fromSettings = await s.diagnostics(uri, { since });
    expect(fromSettings.diagnostics.find((d) => d.code === RULE)?.severity).toBe(2);
    since = s.pushCount(uri);
    await s.setSettings({});
    writeFileSync(path.join(dir, '.biaslens.json'), JSON.stringify({ rules: { [RULE]: 'off' } }));
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.biaslens.json')).href, type: 2 }] });
    const offNow = await s.waitFor(() => (s.published.get(uri) ?? []).slice(since).find((p) => !p.diagnostics.some((d) => d.code === RULE)));
    expect(offNow).toBeDefined();
  });

  it('a config file with errors gets diagnostics at the right line, on disk and while edited', async () => {
    const dir = path.join(ws.dir, 'badcfg');
    mkdirSync(dir, { recursive: true });
    const configText = '{\n  "rules": {\n    "answer-position-skew": "loud"\n  },\n  "colour": true\n}\n';
    const configPath = path.join(dir, '.biaslens.json');
    writeFileSync(configPath, configText);
    const configUri = pathToFileURL(configPath).href;
    const s = await start();
    const uri = pathToFileURL(path.join(dir, 'uses-bad-config.prompt')).href;
    await s.open(uri, biasedText);
    await s.diagnostics(uri);
    const published = await s.diagnostics(configUri);
    const byLine = new Map(published.diagnostics.map((d) => [d.range.start.line, d.message as string]));
    expect(byLine.get(2)).toMatch(/severity/i);
    expect(byLine.get(4)).toMatch(/Unknown key "colour"/);
    // The valid rest of the config still applies; the document is linted.
    const status = await s.waitFor(() => s.statuses.find((st) => st.message));
    expect(status.message).toMatch(/Config errors in \.biaslens\.json/);

    // Opened in the editor, the config's diagnostics follow its text.
    await s.open(configUri, configText.replace('"colour": true', '"root": true'), 'json', 1);
    const edited = await s.diagnostics(configUri, { version: 1 });
    expect(edited.diagnostics.map((d) => d.range.start.line)).toEqual([2]);
  });
});

describe('workspace lint', () => {
  it('lints included files from disk, reports progress, and publishes to the Problems panel', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'biaslens-ws-'));
    try {
      writeFileSync(path.join(dir, 'a.prompt'), biasedText);
      writeFileSync(path.join(dir, 'clean.prompt'), 'Summarise the text below in one sentence.\n\n{{text}}\n');
      mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules', 'pkg', 'skip.prompt'), biasedText);
      const s = await startLspServer({ rootUri: pathToFileURL(dir).href });
      ws.track(s);
      const result = await s.conn.sendRequest<any>('biaslens/lintWorkspace', { token: 'ws1' });
      expect(result).toMatchObject({ files: 2, filesWithFindings: 1, cancelled: false, failed: [] });
      expect(result.findings).toBeGreaterThan(0);
      const a = await s.diagnostics(pathToFileURL(path.join(dir, 'a.prompt')).href);
      expect(a.diagnostics.map((d) => d.code)).toContain(RULE);
      expect(s.published.has(pathToFileURL(path.join(dir, 'node_modules', 'pkg', 'skip.prompt')).href)).toBe(false);
      const kinds = s.progress.filter((p) => p.token === 'ws1').map((p) => p.kind);
      expect(kinds[0]).toBe('begin');
      expect(kinds.at(-1)).toBe('end');
      const report = await s.conn.sendRequest<any>('biaslens/report');
      const entry = report.files.find((f: any) => f.uri.endsWith('/a.prompt'));
      expect(entry.exemplarSets[0].letterHistogram).toEqual({ A: 5, B: 0, C: 0, D: 0 });
      await s.waitFor(() => s.statuses.find((st) => st.findings > 0 && st.files === 1 && st.state === 'ready'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workspace lint and open files', () => {
  it('a file closed and at once reopened keeps the editor text’s findings, not its disk findings', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'biaslens-ws-reopen-'));
    try {
      const file = path.join(dir, 'b.prompt.md');
      // Large enough for the lint worker: the disk lint after the close takes a while.
      writeFileSync(file, 'Ask the chairman and the salesman what he thinks about it.\n'.repeat(4000));
      const uri = pathToFileURL(file).href;
      const s = await startLspServer({ rootUri: pathToFileURL(dir).href, settings: { include: ['**/*.md'] } });
      ws.track(s);
      await s.conn.sendRequest('biaslens/lintWorkspace', { token: 'reopen' });
      const clean = 'You are a helpful assistant.\n';
      await s.open(uri, clean, 'markdown');
      await s.diagnostics(uri, { version: 1 });
      const before = s.pushCount(uri);
      await s.close(uri);
      await s.open(uri, clean, 'markdown', 1);
      await s.diagnostics(uri, { version: 1, since: before });
      // Long enough for the disk lint the close started to finish (it used to publish 5,001 problems here).
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const pushed = (s.published.get(uri) ?? []).slice(before);
      expect(pushed.length).toBeGreaterThan(0);
      for (const p of pushed) expect(p.diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a workspace lint that no longer includes an open file leaves its diagnostics alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'biaslens-ws-open-'));
    try {
      const file = path.join(dir, 'a.prompt.md');
      const text = 'You are a helpful assistant. Ask the chairman and the salesman what he thinks.\n';
      writeFileSync(file, text);
      const uri = pathToFileURL(file).href;
      const s = await startLspServer({ rootUri: pathToFileURL(dir).href, settings: { include: ['**/*.md'] } });
      ws.track(s);
      await s.conn.sendRequest('biaslens/lintWorkspace', { token: 'open1' });
      await s.open(uri, text, 'markdown');
      expect((await s.diagnostics(uri, { version: 1 })).diagnostics.length).toBeGreaterThan(0);
      await s.setSettings({ include: ['**/*.txt'] });
      const before = s.pushCount(uri);
      await s.conn.sendRequest('biaslens/lintWorkspace', { token: 'open2' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // It used to get an empty list here, wiping the open document's findings.
      for (const p of (s.published.get(uri) ?? []).slice(before)) expect(p.diagnostics.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a file with more problems than the editor is given', () => {
  it('publishes the first 5,000 and a notice of how many there are', async () => {
    const s = await start();
    const uri = fileUri('many.prompt');
    await s.open(uri, 'Ask the chairman.\n'.repeat(5003));
    const published = await s.diagnostics(uri, { version: 1, timeoutMs: 60_000 });
    expect(published.diagnostics).toHaveLength(5001);
    expect(published.diagnostics[0]).toMatchObject({ code: 'too-many-problems', data: { shown: 5000, total: 5003 } });
    expect(published.diagnostics.slice(1).every((d) => d.code === 'gendered-term')).toBe(true);
    expect(published.diagnostics.at(-1)!.range.start.line).toBe(4999);
  });
});

describe('workspace lint, encodings', () => {
  it('reads files as the editor shows them: a byte order mark is no character, UTF-16 is decoded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'biaslens-ws-enc-'));
    try {
      const text = 'Summarise the report for the chairman.\n';
      writeFileSync(path.join(dir, 'plain.prompt'), text);
      writeFileSync(path.join(dir, 'bom.prompt'), '\ufeff' + text);
      writeFileSync(path.join(dir, 'utf16.prompt'), Buffer.from('\ufeff' + text, 'utf16le'));
      const s = await startLspServer({ rootUri: pathToFileURL(dir).href });
      ws.track(s);
      const result = await s.conn.sendRequest<any>('biaslens/lintWorkspace', { token: 'enc' });
      expect(result).toMatchObject({ files: 3, filesWithFindings: 3, failed: [] });
      const ranges = async (name: string) => (await s.diagnostics(pathToFileURL(path.join(dir, name)).href)).diagnostics.map((d) => [d.code, d.range]);
      const plain = await ranges('plain.prompt');
      expect(plain).toEqual([['gendered-term', { start: { line: 0, character: 29 }, end: { line: 0, character: 37 } }]]);
      expect(await ranges('bom.prompt')).toEqual(plain);
      expect(await ranges('utf16.prompt')).toEqual(plain);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('large documents on the lint worker', () => {
  /** Diagnostics of a fresh document with this text (sent whole), to compare an edited document with. */
  async function freshDiagnostics(s: LspTestServer, name: string, text: string) {
    const uri = fileUri(name);
    await s.open(uri, text);
    const published = await s.diagnostics(uri, { version: 1, timeoutMs: 60_000 });
    await s.close(uri);
    return published.diagnostics;
  }

  it('the worker, sent only the edits of an open document, lints exactly the editor text', async () => {
    const s = await start();
    const uri = fileUri('big-edited.prompt');
    const block = biasedText.replace(/\{\{question\}\}[\s\S]*$/, '');
    let text = block.repeat(Math.ceil((160 * 1024) / block.length));
    expect(text.length).toBeGreaterThan(128 * 1024); // linted on the worker
    await s.open(uri, text);
    await s.diagnostics(uri, { version: 1, timeoutMs: 60_000 });
    const send = (version: number, contentChanges: unknown[]) =>
      s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    const at = (line: number, character: number) => ({ line, character });

    // Several changes in one notification, one with its range reversed (applied in order).
    await send(2, [
      { range: { start: at(0, 0), end: at(0, 0) }, text: 'Note: see below.\n' },
      { range: { start: at(6, 3), end: at(6, 0) }, text: 'Q:: ' },
    ]);
    text = applyLspEdits(text, [{ range: { start: at(0, 0), end: at(0, 0) }, newText: 'Note: see below.\n' }]);
    text = applyLspEdits(text, [{ range: { start: at(6, 0), end: at(6, 3) }, newText: 'Q:: ' }]);
    // Quick edits without waiting: runs in between go stale, the edits pile up for the next run.
    // (On lines long enough that no position is clamped: the expected text is computed without clamping.)
    const lines = text.split('\n');
    const long = (from: number) => lines.findIndex((l, i) => i >= from && l.length >= 5);
    for (let v = 3; v <= 8; v++) {
      const line = long(10 + 3 * v);
      const edit = { range: { start: at(line, 2), end: at(line, 2 + (v % 2)) }, newText: v % 3 ? 'x' : '(B) ' };
      await send(v, [{ range: edit.range, text: edit.newText }]);
      text = applyLspEdits(text, [edit]);
    }
    const edited = await s.diagnostics(uri, { version: 8, timeoutMs: 60_000 });
    expect(edited.diagnostics.length).toBeGreaterThan(0);
    expect(edited.diagnostics).toEqual(await freshDiagnostics(s, 'big-fresh-1.prompt', text));

    // A whole-text change, then an edit: the worker's copy follows.
    text = unskewed(text) + '\nQ: one more\n';
    await s.change(uri, 9, text);
    await send(10, [{ range: { start: at(3, 0), end: at(4, 0) }, text: '' }]);
    text = applyLspEdits(text, [{ range: { start: at(3, 0), end: at(4, 0) }, newText: '' }]);
    const changed = await s.diagnostics(uri, { version: 10, timeoutMs: 60_000 });
    expect(changed.diagnostics).toEqual(await freshDiagnostics(s, 'big-fresh-2.prompt', text));
    expect(changed.diagnostics).not.toEqual(edited.diagnostics);

    // Closed and opened again (versions start over) with other text, then edited.
    await s.close(uri);
    text = block.repeat(Math.ceil((140 * 1024) / block.length));
    await s.open(uri, text);
    await s.diagnostics(uri, { version: 1, timeoutMs: 60_000, since: s.pushCount(uri) - 0 });
    await send(2, [{ range: { start: at(1, 0), end: at(1, 0) }, text: 'Context line.\n' }]);
    text = applyLspEdits(text, [{ range: { start: at(1, 0), end: at(1, 0) }, newText: 'Context line.\n' }]);
    const reopened = await s.diagnostics(uri, { version: 2, timeoutMs: 60_000, since: s.pushCount(uri) - 1 });
    expect(reopened.diagnostics).toEqual(await freshDiagnostics(s, 'big-fresh-3.prompt', text));
  }, 120_000);
});
