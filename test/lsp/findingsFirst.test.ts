/**
 * Findings before documents: a run on the lint worker delivers its diagnostics as soon
 * as the rules are done, before its packed document arrives, so they can be published
 * without waiting for it; a run that went stale delivers nothing. Uses the built worker
 * (dist/server.js, from `npm run build`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../../server/src/config/schema.js';
import { lint } from '../../server/src/engine/lint.js';
import { LintWorkerPool, WORKER_THRESHOLD, type LintFindings } from '../../server/src/lsp/lintWorker.js';
import { Superseded, Validator, type VersionedFindings, type VersionedResult } from '../../server/src/lsp/validation.js';
import { ensureBuilt } from '../support/build.js';

const root = path.resolve(__dirname, '../..');
const workerScript = path.join(root, 'dist', 'server.js');
const biased = fs.readFileSync(path.join(root, 'test/e2e/fixtures/workspace/biased-few-shot.prompt'), 'utf8');
const block = biased.replace(/\{\{question\}\}[\s\S]*$/, '');
/** Long enough for the worker. */
const bigText = block.repeat(Math.ceil((WORKER_THRESHOLD + 1024) / block.length));
const uri = 'file:///findings-first/big.prompt';

const pools: LintWorkerPool[] = [];
function pool(): LintWorkerPool {
  const p = new LintWorkerPool(workerScript);
  pools.push(p);
  return p;
}
// The worker runs dist/server.js: built first if stale, and not read while a build writes it.
beforeAll(ensureBuilt, 180_000);
afterAll(() => pools.forEach((p) => p.dispose()));

describe('LintWorkerPool findings', () => {
  it('come before the result, and are its diagnostics (the engine’s, for this text)', async () => {
    const events: string[] = [];
    let findings: LintFindings | undefined;
    const result = await pool().lint({ uri, text: bigText }, defaultConfig(), () => false, 1, (f) => {
      events.push('findings');
      findings = f;
    });
    events.push('result');
    expect(events).toEqual(['findings', 'result']);
    expect(result?.diagnostics.length).toBeGreaterThan(0);
    expect(findings?.diagnostics).toEqual(result?.diagnostics);
    expect(result?.diagnostics).toEqual(lint({ uri, text: bigText }, defaultConfig()).diagnostics);
    expect(result?.document?.exemplarSets[0]?.exemplars.length).toBeGreaterThan(10);
  }, 60_000);

  it('are not handed to a job that went stale while the worker linted', async () => {
    let checks = 0;
    const onFindings: string[] = [];
    // Current when posted, stale from then on.
    const result = await pool().lint({ uri, text: bigText }, defaultConfig(), () => checks++ > 0, 1, () => onFindings.push('findings'));
    expect(onFindings).toEqual([]);
    expect(result?.diagnostics.length).toBeGreaterThan(0); // the pool still completes the job; its caller discards it
  }, 60_000);
});

describe('Validator findings first', () => {
  function validator(doc: { current: TextDocument }, worker: LintWorkerPool, events: string[]) {
    const seen: { findings: VersionedFindings[]; results: VersionedResult[] } = { findings: [], results: [] };
    const v = new Validator({
      document: (u) => (u === doc.current.uri ? doc.current : undefined),
      config: async () => ({ config: defaultConfig(), excluded: false }),
      format: () => 'text',
      worker,
      onFindings: (f) => {
        events.push(`findings v${f.version}`);
        seen.findings.push(f);
      },
      onResult: (r) => {
        events.push(`result v${r.version}`);
        seen.results.push(r);
      },
      onError: (_uri, error) => events.push(`error ${String(error)}`),
    });
    return { v, seen };
  }

  it('after edits sent as edits, are what a fresh lint of the edited text gives (the worker reuses its last analyses)', async () => {
    const p = pool();
    const people = '\nThe chairman said he would hire a confident salesman; the nurse said she is warm and caring.\n';
    let text = bigText.replace(/\n\n/g, `${people}\n`);
    const first = await p.lint({ uri, text }, defaultConfig(), () => false, 1);
    expect(first?.diagnostics.some((d) => d.ruleId === 'gendered-term')).toBe(true);
    const edits = [
      { at: text.indexOf('chairman'), removed: 'chairman'.length, inserted: 'chair' },
      { at: text.length - 200, removed: 0, inserted: ' The policeman said he' },
      { at: 40, removed: 3, inserted: '\n' },
      { at: text.indexOf('nurse', text.length / 2), removed: 1, inserted: 'N' },
    ];
    for (let i = 0; i < edits.length; i++) {
      const e = edits[i]!;
      const version = i + 2;
      p.recordEdits(uri, version, [{ start: e.at, end: e.at + e.removed, text: e.inserted }]);
      text = text.slice(0, e.at) + e.inserted + text.slice(e.at + e.removed);
      const result = await p.lint({ uri, text }, defaultConfig(), () => false, version);
      expect(result?.diagnostics).toEqual(lint({ uri, text }, defaultConfig()).diagnostics);
    }
  }, 60_000);

  it('a worker run: findings (also to a pull) before the result, for the version linted', async () => {
    const doc = { current: TextDocument.create(uri, 'prompt', 1, bigText) };
    const events: string[] = [];
    const { v, seen } = validator(doc, pool(), events);
    const pulled = v.findings(uri).then((f) => {
      events.push(`pulled v${f.version}`);
      return f;
    });
    const result = await v.validate(uri);
    const f = await pulled;
    expect(events).toEqual(['findings v1', 'pulled v1', 'result v1']);
    expect(f.diagnostics).toEqual(result.result.diagnostics);
    expect(seen.findings).toHaveLength(1);
    expect(v.cachedFindings(uri, 1)).toBe(seen.findings[0]);
    // Known now: asked again, the findings come from the cache without another run.
    expect(await v.findings(uri)).toBe(seen.findings[0]);
    expect(events).toHaveLength(3);
  }, 60_000);

  it('a small document linted on the main thread: findings, then the result, once each', async () => {
    const doc = { current: TextDocument.create(uri, 'prompt', 4, biased) };
    const events: string[] = [];
    const { v } = validator(doc, pool(), events);
    await v.validate(uri);
    expect(events).toEqual(['findings v4', 'result v4']);
  });

  it('an edit during a worker run: neither its findings nor its result are delivered, and a pull is told', async () => {
    const doc = { current: TextDocument.create(uri, 'prompt', 1, bigText) };
    const events: string[] = [];
    const { v } = validator(doc, pool(), events);
    const pulled = v.findings(uri);
    const run = v.validate(uri);
    // The editor moves on while the worker lints version 1.
    doc.current = TextDocument.update(doc.current, [{ text: bigText + '\nQ: one more?\n' }], 2);
    await expect(run).rejects.toBeInstanceOf(Superseded);
    await expect(pulled).rejects.toBeInstanceOf(Superseded);
    expect(events).toEqual([]);
    expect(v.cachedFindings(uri, 1)).toBeUndefined();
    // The new version is linted and delivered normally.
    await v.validate(uri);
    expect(events).toEqual(['findings v2', 'result v2']);
  }, 60_000);

  it('a pull whose run is superseded leaves no unhandled rejection (only the findings were asked for)', async () => {
    const doc = { current: TextDocument.create(uri, 'prompt', 1, biased) };
    const events: string[] = [];
    const { v } = validator(doc, pool(), events);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pulled = v.findings(uri);
      // The editor moves on before the run (waiting for its config) has linted version 1.
      doc.current = TextDocument.update(doc.current, [{ text: biased + '\nQ: one more?\n' }], 2);
      await expect(pulled).rejects.toBeInstanceOf(Superseded);
      // Unhandled rejections are reported after the microtask queue drains.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(events).toEqual([]);
  });
});
