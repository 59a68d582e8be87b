/**
 * Audit results in the editor, over the protocol: flagged checks become
 * diagnostics on the audited block (merged with the lint findings, push and
 * pull), hovers hold the metrics table and escaped examples, and an audit whose
 * document changed while it ran publishes nothing.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { LspTestServer } from './lspClient.mjs';
import { useLspWorkspace } from './workspace.js';
import { startBiasedModelServer, type BiasedModelConfig, type BiasedModelServer } from '../support/biased-model-server.js';
import { arithmeticPrompt, arithmeticQuestions } from '../support/audit-fixtures.js';
import { AuditResults, auditCheckMarkdown } from '../../server/src/lsp/auditResults.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AuditReport, CheckReport } from '../../server/src/audit/types.js';

const SOURCE = 'biaslens-audit';
const prompt = arithmeticPrompt(arithmeticQuestions(30, 4, 7));
const lines = prompt.split('\n');
const firstDemoLine = lines.findIndex((l) => l.startsWith('Q: '));
const lastAnswerLine = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('A: ')).at(-1)![1];

const ws = useLspWorkspace('lsp-audit');
const fileUri = ws.fileUri;

function start(baseUrl: string, pull = false): Promise<LspTestServer> {
  return ws.start({ pull, settings: { audit: { baseUrl, model: 'biased-test', checks: ['suggested-answer'] } } });
}

async function model(config: BiasedModelConfig): Promise<BiasedModelServer> {
  return ws.closeAfter(await startBiasedModelServer(config));
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const audited = (diagnostics: any[]) => diagnostics.filter((d) => d.source === SOURCE);


describe('audit diagnostics', () => {
  it('a biased model gets a suggested-answer diagnostic on the audited block, with the report numbers, merged with lint findings (push)', async () => {
    const m = await model({ seed: 1, accuracy: 1, suggestionFollow: 0.8, mentionRate: 0.1 });
    const s = await start(m.url);
    const uri = fileUri('biased.prompt');
    await s.open(uri, prompt);
    const before = await s.diagnostics(uri);
    expect(audited(before.diagnostics)).toEqual([]);
    const lintCodes = before.diagnostics.map((d) => d.code);

    const since = s.pushCount(uri);
    const result = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'run' });
    expect(result.status).toBe('done');
    const check = result.report.checks.find((c: any) => c.id === 'suggested-answer');
    expect(check.status).toBe('flagged');
    expect(result.message).toMatch(/1 diagnostic added to the audited block/);

    const after = await s.diagnostics(uri, { since });
    const [d, ...rest] = audited(after.diagnostics);
    expect(rest).toEqual([]);
    expect(d.code).toBe('suggested-answer');
    expect(d.severity).toBe(2);
    expect(d.codeDescription.href).toMatch(/^file:\/\/.*\/docs\/audit\.md#suggested-answer$/);
    // The message carries the report's numbers.
    const follow = check.metrics.bias_follow_rate;
    expect(d.message).toContain(`Model follows a suggested answer in ${pct(follow.value)} of items (95% CI ${Math.round(follow.ci95[0] * 100)}–${pct(follow.ci95[1])})`);
    expect(d.message).toContain(`its explanation mentions it in ${pct(1 - check.metrics.unverbalized_rate.value)}`);
    expect(follow.value).toBeGreaterThan(0.5);
    // On the first line of the audited block (the first demo's), not under every line of it.
    expect(d.range.start.line).toBe(firstDemoLine);
    expect(d.range.end.line).toBe(firstDemoLine);
    expect(d.range.end.character).toBe(prompt.split('\n')[firstDemoLine]!.length);
    expect(lastAnswerLine).toBeGreaterThan(firstDemoLine);
    // Lint findings are still there, next to it.
    expect(after.diagnostics.filter((x) => x.source !== SOURCE).map((x) => x.code)).toEqual(lintCodes);

    // An edit outside the block moves it; an edit inside drops the audit diagnostic.
    let mark = s.pushCount(uri);
    await s.change(uri, 2, `New first line.\n${prompt}`);
    const moved = await s.diagnostics(uri, { since: mark, version: 2 });
    expect(audited(moved.diagnostics).map((x) => x.range.start.line)).toEqual([firstDemoLine + 1]);
    mark = s.pushCount(uri);
    await s.change(uri, 3, `New first line.\n${prompt.replace('What is', 'What was')}`);
    const edited = await s.diagnostics(uri, { since: mark, version: 3 });
    expect(audited(edited.diagnostics)).toEqual([]);
  });

  it('an unbiased model adds no audit diagnostic', async () => {
    const m = await model({ seed: 2, accuracy: 1 });
    const s = await start(m.url);
    const uri = fileUri('unbiased.prompt');
    await s.open(uri, prompt);
    await s.diagnostics(uri);
    const since = s.pushCount(uri);
    const result = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'run' });
    expect(result.status).toBe('done');
    expect(result.report.checks.map((c: any) => c.status)).toEqual(['ok']);
    expect(result.message).not.toMatch(/diagnostic/);
    // Nothing new is pushed for the document, and a hover on the block has no audit section.
    await new Promise((r) => setTimeout(r, 200));
    expect(s.published.get(uri)!.slice(since).flatMap((p) => audited(p.diagnostics))).toEqual([]);
    const hover = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: { line: firstDemoLine + 1, character: 2 } });
    expect(JSON.stringify(hover ?? '')).not.toContain('Bias Lens audit');
  });

  it('pull diagnostics merge the audit diagnostic with lint findings, and closing the document drops it', async () => {
    const m = await model({ seed: 1, accuracy: 1, suggestionFollow: 0.8 });
    const s = await start(m.url, true);
    const uri = fileUri('pulled.prompt');
    await s.open(uri, prompt);
    const before = await s.pull(uri);
    expect(audited(before.items)).toEqual([]);
    const refreshes = s.refreshes;
    const result = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'run' });
    expect(result.report.checks[0].status).toBe('flagged');
    await s.waitFor(() => s.refreshes > refreshes, 5000, 'a diagnostics refresh');
    const after = await s.pull(uri);
    expect(audited(after.items).map((d: any) => d.code)).toEqual(['suggested-answer']);
    expect(after.items.filter((d: any) => d.source !== SOURCE).map((d: any) => d.code)).toEqual(before.items.map((d: any) => d.code));
    await s.close(uri);
    await s.open(uri, prompt, 'prompt', 5);
    expect(audited((await s.pull(uri)).items)).toEqual([]);
  });

  it('a change during the audit means no audit diagnostics are published for the new text', async () => {
    const m = await model({ seed: 1, accuracy: 1, suggestionFollow: 0.8, latencyMs: 20 });
    const s = await start(m.url);
    const uri = fileUri('stale.prompt');
    await s.open(uri, prompt);
    await s.diagnostics(uri);
    const since = s.pushCount(uri);
    const pending = s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'run' });
    // Once calls are under way, edit outside the block (the block's text is unchanged: only the version check can tell).
    for (let i = 0; i < 500 && !s.progress.some((p) => p.token === 'run' && p.kind === 'report'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.progress.some((p) => p.token === 'run' && p.kind === 'report')).toBe(true);
    await s.change(uri, 2, `${prompt}\nOne more line.\n`);
    const result = await pending;
    expect(result.status).toBe('done');
    expect(result.report.checks[0].status).toBe('flagged'); // the report itself is still returned
    expect(result.message).toMatch(/changed while the audit ran/);
    await s.diagnostics(uri, { since, version: 2 });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.published.get(uri)!.slice(since).flatMap((p) => audited(p.diagnostics))).toEqual([]);
    const hover = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: { line: firstDemoLine + 1, character: 2 } });
    expect(JSON.stringify(hover ?? '')).not.toContain('Bias Lens audit');
  });
});

/** A proxy in front of the biased model that puts hostile markup into every explanation. */
async function hostileProxy(target: string, injected: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const upstream = await fetch(target + (req.url ?? '').replace(/^\/v1/, ''), {
        method: req.method,
        headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization ?? '') },
        ...(req.method === 'POST' ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
      });
      const body: any = await upstream.json();
      for (const choice of body.choices ?? []) {
        if (choice.message?.content) choice.message.content = `${injected} ${choice.message.content}`;
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('audit hover', () => {
  it('shows the metrics table and flipped-answer examples, with hostile model output escaped', async () => {
    const m = await model({ seed: 1, accuracy: 1, suggestionFollow: 0.8 });
    const injected = 'See [x](command:foo) <img src=x onerror=alert(1)> **bold** `code`';
    const proxy = ws.closeAfter(await hostileProxy(m.url, injected));
    const s = await start(proxy.url);
    const uri = fileUri('hostile.prompt');
    await s.open(uri, prompt);
    const result = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'run' });
    const check = result.report.checks[0];
    expect(check.status).toBe('flagged');
    expect(JSON.stringify(check.examples)).toContain('command:foo'); // the hostile text did reach the report

    const hover = await s.conn.sendRequest<any>('textDocument/hover', { textDocument: { uri }, position: { line: firstDemoLine + 1, character: 2 } });
    expect(hover.contents.kind).toBe('markdown');
    const md: string = hover.contents.value;
    expect(md).toContain('**Bias Lens audit · suggested\\-answer** (flagged)');
    // The metrics table: value, CI and n from the report.
    expect(md).toContain('| Metric | Value | 95% CI | n |');
    const follow = check.metrics.bias_follow_rate;
    const row = md.split('\n').find((l) => l.startsWith('| bias\\_follow\\_rate'));
    expect(row).toBeDefined();
    expect(row).toContain(`| ${follow.n} |`);
    expect(row!.replace(/\\/g, '')).toContain(`${Math.round(follow.value * 1000) / 10}%`);
    expect(md).toMatch(/\| suggestion\\_rate\\_increase \(threshold 0%\) \|/);
    // Examples with explanations, escaped: no live link, no HTML, no emphasis.
    expect(md).toContain('Examples of flipped answers');
    expect(md).toContain('See \\[x\\]\\(command\\:foo\\) &lt;img src\\=x onerror\\=alert\\(1\\)&gt; \\*\\*bold\\*\\* \\`code\\`');
    expect(md).not.toContain('](command:');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/\]\(command:/);
    // The only link is the docs page.
    const links = [...md.matchAll(/(?<!\\)\]\((?<href>[^)]*)\)/g)].map((l) => l.groups!.href);
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^file:\/\/.*\/docs\/audit\.md#suggested-answer$/);
  });
});

describe('audit hover markdown', () => {
  it('lists map metrics per key, thresholds that are not metrics, and escapes every example field', () => {
    const check: CheckReport = {
      id: 'option-permutation',
      status: 'flagged',
      items: 20,
      metrics: {
        consistency: { value: 0.25, ci95: [0.1, 0.47], n: 20 },
        position_rates: { A: { value: 0.9, ci95: [0.8, 0.95], n: 80 }, B: { value: 0.05, ci95: [0.02, 0.12], n: 80 } },
      },
      examples: [{ item: 'demo:0:1', question: 'Q <b>|x|</b>', answers: [{ condition: 'rotation 1 ![i](http://evil/)', answer: '<A>', explanation: '# Heading\n[y](command:bar)' }], note: '<script>' }],
      summary: 'Consistent under rotation in 25% of items',
      thresholds: { positionTolerance: 0.05 },
      notes: ['1 demo (3) left in their order: <b>why</b>'],
    };
    const report: AuditReport = { version: 1, file: 'f', model: 'm', calls: { made: 1, cached: 0, failed: 0 }, checks_run: 1, checks: [check], tokens: 1 };
    const md = auditCheckMarkdown(report, check, '2026-01-01T00:00:00Z');
    expect(md).toContain('| position\\_rates \\(A\\) | 90% | 80% – 95% | 80 |');
    expect(md).toContain('| consistency | 25% | 10% – 47% | 20 |');
    expect(md).toContain('Thresholds: positionTolerance 5%');
    expect(md).toContain('Note: 1 demo \\(3\\) left in their order\\: &lt;b&gt;why&lt;/b&gt;');
    for (const bad of ['<b>', '<A>', '<script>', '](http://evil/)', '](command:bar)', '\n# Heading']) expect(md).not.toContain(bad);
    expect(md).toContain('Q &lt;b&gt;\\|x\\|&lt;/b&gt;');
    expect(md).toContain('\\# Heading \\[y\\]\\(command\\:bar\\)');
  });
});

describe('AuditResults', () => {
  const flagged = (stopped?: 'budget' | 'cancelled'): AuditReport => ({
    version: 1,
    file: 'f',
    model: 'm',
    calls: { made: 1, cached: 0, failed: 0 },
    checks_run: 2,
    checks: [
      { id: 'always-a', status: 'flagged', items: 4, metrics: {}, examples: [], summary: 'Model follows the pattern.' },
      { id: 'suggested-answer', status: 'ok', items: 4, metrics: {}, examples: [], summary: 'Fine.' },
    ],
    tokens: 1,
    ...(stopped ? { stopped } : {}),
  });

  it('records only for the version the audit read, marks partial results, and follows or drops the block', () => {
    const text = 'Intro\nQ: one\nA: (A)\n\nTail\n';
    const block = { start: text.indexOf('Q:'), end: text.indexOf('(A)') + 3 };
    const results = new AuditResults();
    const doc = TextDocument.create('file:///x.prompt', 'prompt', 2, text);
    expect(results.record(doc, 1, text, block, flagged())).toEqual({ diagnostics: 0, stale: true });
    expect(results.diagnostics(doc)).toEqual([]);
    expect(results.record(doc, 2, text, block, flagged('budget'))).toEqual({ diagnostics: 1, stale: false });
    const [d] = results.diagnostics(doc);
    expect(d!.code).toBe('always-a');
    expect(d!.message).toBe('Model follows the pattern. (Partial results: the audit stopped at its budget.)');
    // The block's first line ("Q: one"); the hover covers the whole block.
    expect(d!.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
    expect(results.hover('file:///x.prompt', text.indexOf('(A)'))).toBeDefined();
    // An edit above moves it; an edit inside drops it.
    TextDocument.update(doc, [{ text: 'New intro\nIntro\nQ: one\nA: (A)\n\nTail\n' }], 3);
    expect(results.update(doc)).toBe(false);
    expect(results.diagnostics(doc)[0]!.range.start.line).toBe(2);
    TextDocument.update(doc, [{ text: 'New intro\nIntro\nQ: two\nA: (A)\n\nTail\n' }], 4);
    expect(results.update(doc)).toBe(true);
    expect(results.diagnostics(doc)).toEqual([]);
  });
});
