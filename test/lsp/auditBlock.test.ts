/**
 * The "Run counterfactual audit" CodeLens names the block it was shown above, not a
 * position: its command's arguments are `[uri, index, block]`, `block` giving the
 * document version and a hash of the block's text. An audit asked for after the
 * document changed runs on that block wherever it now is, or is refused with a
 * message when the block is gone or no longer unique; nothing is sent to the model
 * then. The plan answer names its block too, so the run audits the block the user
 * confirmed even when the document changes in between (the palette path, no lens).
 *
 * The file is a Prompty file with one few-shot block per system message, so blocks
 * can be added above one another.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LspTestServer } from './lspClient.mjs';
import { useLspWorkspace } from './workspace.js';
import { startBiasedModelServer, type BiasedModelServer } from '../support/biased-model-server.js';
import { asAuditBlockRef } from '../../server/src/lsp/protocol.js';

const root = path.resolve(__dirname, '..', '..');
const fixture = readFileSync(path.join(root, 'test', 'e2e', 'fixtures', 'workspace', 'biased-few-shot.prompt'), 'utf8');
/** Five multiple-choice demos, each answered (A). */
const DEMOS = fixture
  .replace(/\{\{question\}\}[\s\S]*$/, '')
  .split('\n')
  .slice(3)
  .join('\n')
  .replace(/Q: $/, '');
const questions = [...DEMOS.matchAll(/^Q: .*$/gm)].map((m) => m[0]);
/** A block of the first `n` demos, with `tag` in each question so blocks differ. */
const block = (tag: string, n = 5) =>
  DEMOS.split('\n\n')
    .slice(0, n)
    .map((demo) => demo.replace(/^Q: /, `Q: (${tag}) `))
    .join('\n\n') + '\n';
/** A Prompty file with one block per system message (each is its own exemplar set), then the query. */
const chat = (...blocks: string[]) => '---\nname: blocks\n---\n' + blocks.map((b) => `system:\n${b}\n`).join('') + 'user:\nQ: {{question}}\n';
/** 0-based line of the message whose block is tagged `tag`. */
const lineOf = (text: string, tag: string) => text.split('\n').findIndex((l) => l.includes(`Q: (${tag})`));

const ws = useLspWorkspace('lsp-audit-block');
const fileUri = ws.fileUri;

async function start(): Promise<{ s: LspTestServer; model: BiasedModelServer }> {
  // Always answers (A): option-permutation flags whichever block it audits.
  const model = ws.closeAfter(await startBiasedModelServer({ seed: 5, accuracy: 0, positionBias: 1, preferredPosition: 0 }));
  const s = await ws.start({ settings: { audit: { baseUrl: model.url, model: 'biased-test', checks: ['option-permutation'] } } });
  return { s, model };
}

/** The audit lens's command arguments above the block tagged `tag`. */
async function auditLens(s: LspTestServer, uri: string, text: string, tag: string): Promise<[string, number, any]> {
  const lenses = await s.conn.sendRequest<any[]>('textDocument/codeLens', { textDocument: { uri } });
  const line = lineOf(text, tag);
  const lens = lenses.find((l) => l.command.command === 'biaslens.runAudit' && l.range.start.line === line);
  expect(lens, `an audit lens on line ${line}`).toBeDefined();
  return lens.command.arguments;
}

/** Opens `text` as `uri` and, once it is linted, the audit lens's command arguments above the block tagged `tag`. */
async function openWithLens(s: LspTestServer, uri: string, text: string, tag: string): Promise<[string, number, any]> {
  await s.open(uri, text);
  await s.diagnostics(uri);
  return auditLens(s, uri, text, tag);
}

/** What the client does with a lens's arguments: plan, then run the block the plan names. */
async function planAndRun(s: LspTestServer, args: [string, number, any], between?: () => Promise<void>) {
  const [uri, exemplarSet, block] = args;
  const plan = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'plan', exemplarSet, block, planOnly: true });
  if (plan.status !== 'planned') return { plan };
  await between?.();
  const run = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: `run-${Math.random()}`, exemplarSet, block: plan.plan.block ?? block });
  return { plan, run };
}

describe('the audit lens names its block', () => {
  it('carries the version it was computed for, the index and a hash of the block text', async () => {
    const { s } = await start();
    const uri = fileUri('args.prompty');
    const text = chat(block('one'), block('two'));
    const [u, index, ref] = await openWithLens(s, uri, text, 'two');
    expect(u).toBe(uri);
    expect(index).toBe(1);
    expect(ref).toEqual({ version: 1, index: 1, hash: expect.stringMatching(/^[\w-]{20,}$/), from: 'lens', blocks: 2 });
    const [, , first] = await auditLens(s, uri, text, 'one');
    expect(first.hash).not.toBe(ref.hash);
  });

  it('unchanged document: the plan and the run are for the lens block', async () => {
    const { s, model } = await start();
    const uri = fileUri('same.prompty');
    const text = chat(block('one'), block('two'));
    const args = await openWithLens(s, uri, text, 'two');
    const { plan, run } = await planAndRun(s, args);
    // The lens's block, without its count of blocks: the run takes exactly the block confirmed.
    const { blocks, ...lensBlock } = args[2];
    expect(blocks).toBe(2);
    expect(plan.plan.block).toEqual(lensBlock);
    expect(plan.message).toContain(`on the few-shot block at line ${lineOf(text, 'two') + 1} (5 demos)`);
    expect(run.status).toBe('done');
    expect(run.report.calls.made).toBe(model.stats.completions);
    expect(run.report.calls.made).toBeGreaterThan(0);
  });

  it('a block added above it since the lens was shown: the audit runs on the lens block, now one further down', async () => {
    const { s, model } = await start();
    const uri = fileUri('added-above.prompty');
    const v1 = chat(block('one'), block('two'));
    const args = await openWithLens(s, uri, v1, 'two');
    expect(args[1]).toBe(1);

    const v2 = chat(block('zero'), block('one'), block('two'));
    await s.change(uri, 2, v2);
    await s.diagnostics(uri, { version: 2 });
    const since = s.pushCount(uri);
    const { plan, run } = await planAndRun(s, args);
    expect(plan.status).toBe('planned');
    expect(plan.plan.block).toMatchObject({ version: 2, index: 2, hash: args[2].hash, from: 'lens' });
    expect(plan.message).toContain(`at line ${lineOf(v2, 'two') + 1}`);
    expect(run.status).toBe('done');
    expect(model.stats.completions).toBeGreaterThan(0);
    // The model was asked the lens block's questions, not those of the block now at index 1.
    expect(run.report.checks[0].status).toBe('flagged');
    const asked = run.report.checks[0].examples.map((e: any) => e.question as string);
    expect(asked.length).toBeGreaterThan(0);
    for (const q of asked) expect(q).toMatch(/^\(two\) /);
    expect(run.message).toMatch(/1 diagnostic added/);
    const after = await s.diagnostics(uri, { since, version: 2 });
    const audit = after.diagnostics.filter((d) => d.source === 'biaslens-audit');
    expect(audit.map((d) => d.range.start.line)).toEqual([lineOf(v2, 'two')]);
  });

  it('the block itself edited since the lens was shown (a quick fix before the editor asked for lenses again): the plan names the edited block, and the run audits it', async () => {
    const { s, model } = await start();
    const uri = fileUri('edited.prompty');
    const v1 = chat(block('one'), block('two'));
    const args = await openWithLens(s, uri, v1, 'two');
    const v2 = chat(block('one'), block('two').replace(questions[0]!.slice(3), 'Which metal is liquid at 20 °C?'));
    await s.change(uri, 2, v2);
    const { plan, run } = await planAndRun(s, args);
    expect(plan.status).toBe('planned');
    expect(plan.message).toContain(`on the few-shot block at line ${lineOf(v2, 'two') + 1} (5 demos, edited since the lens was shown)`);
    // The run is sent for the block as the plan saw it (version 2, its new text), not the lens's.
    expect(plan.plan.block).toMatchObject({ version: 2, index: 1, from: 'lens' });
    expect(plan.plan.block.hash).not.toBe(args[2].hash);
    expect(plan.plan.block.blocks).toBeUndefined();
    expect(run.status).toBe('done');
    const asked = run.report.checks[0].examples.map((e: any) => e.question as string);
    expect(asked.length).toBeGreaterThan(0);
    for (const q of asked) expect(q).toMatch(/^\(two\) /);
    expect(asked.some((q: string) => q.includes('Which metal is liquid at 20 °C?'))).toBe(true);
    expect(model.stats.completions).toBeGreaterThan(0);
  });

  it('the block edited and a block added since the lens was shown: refused with a message, nothing sent', async () => {
    const { s, model } = await start();
    const uri = fileUri('edited-added.prompty');
    const v1 = chat(block('one'), block('two'));
    const args = await openWithLens(s, uri, v1, 'two');
    await s.change(uri, 2, chat(block('zero'), block('one'), block('two').replace(questions[0]!.slice(3), 'Which metal is liquid at 20 °C?')));
    const { plan, run } = await planAndRun(s, args);
    expect(run).toBeUndefined();
    expect(plan).toEqual({
      status: 'refused',
      message: 'The document changed since this lens was shown, and the few-shot block it was for is no longer there as it was: run the audit again from the updated lens.',
    });
    expect(model.stats.chatRequests).toBe(0);
  });

  it("the plan's block edited before the run: refused (the run is for the block the user confirmed)", async () => {
    const { s, model } = await start();
    const uri = fileUri('edited-after-plan.prompty');
    const v1 = chat(block('one'), block('two'));
    const args = await openWithLens(s, uri, v1, 'two');
    const { plan, run } = await planAndRun(s, args, () => s.change(uri, 2, chat(block('one'), block('two').replace(questions[0]!.slice(3), 'Which metal is liquid at 20 °C?'))));
    expect(plan.status).toBe('planned');
    expect(run).toEqual({
      status: 'refused',
      message: 'The document changed since this lens was shown, and the few-shot block it was for is no longer there as it was: run the audit again from the updated lens.',
    });
    expect(model.stats.chatRequests).toBe(0);
  });

  it("another block edited to the lens block's text, as many blocks as before: the block under the lens", async () => {
    const { s } = await start();
    const uri = fileUri('copied.prompty');
    const v1 = chat(block('one'), block('two'));
    const args = await openWithLens(s, uri, v1, 'two');
    const v2 = chat(block('two'), block('two'));
    await s.change(uri, 2, v2);
    const { plan } = await planAndRun(s, args);
    expect(plan.status).toBe('planned');
    expect(plan.plan.block).toMatchObject({ version: 2, index: 1, hash: args[2].hash });
    expect(plan.message).not.toContain('edited since');
  });

  it('the block now twice in the document: refused (which one is meant is not known)', async () => {
    const { s, model } = await start();
    const uri = fileUri('twice.prompty');
    const v1 = chat(block('one'), block('two'));
    const args = await openWithLens(s, uri, v1, 'two');
    await s.change(uri, 2, chat(block('two'), block('one'), block('two')));
    const { plan } = await planAndRun(s, args);
    expect(plan.status).toBe('refused');
    expect(plan.message).toMatch(/^The document changed since this lens was shown, and the few-shot block it was for now appears 2 times: run the audit again from the updated lens\.$/);
    expect(model.stats.chatRequests).toBe(0);
  });

  it('a malformed block argument is refused, not guessed', async () => {
    const { s } = await start();
    const uri = fileUri('malformed.prompty');
    await s.open(uri, chat(block('one')));
    const plan = await s.conn.sendRequest<any>('biaslens/audit', { uri, token: 'plan', exemplarSet: 0, block: { version: 1, index: 0 }, planOnly: true });
    expect(plan.status).toBe('refused');
    expect(plan.message).toMatch(/run the audit again from the lens/);
  });
});

describe('the audit without a lens (command palette)', () => {
  it('plans the largest block, and runs that block even if a larger one is added above before the run', async () => {
    const { s } = await start();
    const uri = fileUri('palette.prompty');
    const v1 = chat(block('one', 3), block('two', 4));
    await s.open(uri, v1);
    await s.diagnostics(uri);
    const v2 = chat(block('zero', 5), block('one', 3), block('two', 4));
    const { plan, run } = await planAndRun(s, [uri, undefined as unknown as number, undefined], async () => {
      await s.change(uri, 2, v2);
      await s.diagnostics(uri, { version: 2 });
    });
    expect(plan.plan.block).toMatchObject({ version: 1, index: 1, from: 'plan' });
    expect(plan.message).toContain(`on the few-shot block at line ${lineOf(v1, 'two') + 1} (4 demos)`);
    expect(run.status).toBe('done');
    expect(run.message).toMatch(/1 diagnostic added/);
    const asked = run.report.checks[0].examples.map((e: any) => e.question as string);
    expect(asked.length).toBeGreaterThan(0);
    for (const q of asked) expect(q).toMatch(/^\(two\) /);
    const audited = await s.waitFor(() => {
      const last = s.published.get(uri)?.at(-1);
      const found = last?.version === 2 ? last.diagnostics.filter((d) => d.source === 'biaslens-audit') : [];
      return found.length ? found : undefined;
    });
    expect(audited!.map((d: any) => d.range.start.line)).toEqual([lineOf(v2, 'two')]);
  });

  it('refuses the run when the planned block is gone, asking to run the audit again', async () => {
    const { s, model } = await start();
    const uri = fileUri('palette-gone.prompty');
    await s.open(uri, chat(block('one')));
    const { plan, run } = await planAndRun(s, [uri, undefined as unknown as number, undefined], () => s.change(uri, 2, chat(block('uno'))));
    expect(plan.status).toBe('planned');
    expect(run).toEqual({
      status: 'refused',
      message: 'The document changed since the audit was planned, and the few-shot block it was for is no longer there as it was: run the audit again.',
    });
    expect(model.stats.chatRequests).toBe(0);
  });
});

describe('asAuditBlockRef', () => {
  it('reads a ref and rejects anything else', () => {
    const ref = { version: 3, index: 0, hash: 'abc', from: 'lens' };
    expect(asAuditBlockRef(ref)).toEqual(ref);
    expect(asAuditBlockRef({ ...ref, extra: 1 })).toEqual(ref);
    for (const bad of [undefined, null, 3, 'x', { ...ref, version: 1.5 }, { ...ref, index: -1 }, { ...ref, hash: '' }, { ...ref, from: 'other' }, { version: 1, index: 0 }]) {
      expect(asAuditBlockRef(bad)).toBeUndefined();
    }
  });

  it("keeps a lens's count of blocks only when it can be one (more blocks than the index)", () => {
    const ref = { version: 3, index: 1, hash: 'abc', from: 'lens' };
    expect(asAuditBlockRef({ ...ref, blocks: 2 })).toEqual({ ...ref, blocks: 2 });
    for (const blocks of [1, 0, -2, 2.5, '2', null]) expect(asAuditBlockRef({ ...ref, blocks })).toStrictEqual(ref);
  });
});
