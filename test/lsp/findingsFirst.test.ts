/**
 * Findings before documents: a run on the lint worker delivers its diagnostics as soon
 * as the rules are done, before its packed document arrives, so they can be published
 * without waiting for it; a run that went stale delivers nothing. Uses the built worker
 * (dist/server.js, from `npm run build`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../../server/src/config/schema.js';
import { lint } from '../../server/src/engine/lint.js';
import { LintWorkerPool, WORKER_THRESHOLD, type LintFindings } from '../../server/src/lsp/lintWorker.js';
import { Superseded, Validator, type VersionedFindings, type VersionedResult } from '../../server/src/lsp/validation.js';

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
    // Current when posted to each worker (one check each), stale from then on.
    const p = pool();
    const result = await p.lint({ uri, text: bigText }, defaultConfig(), () => checks++ >= p.width, 1, () => onFindings.push('findings'));
    expect(onFindings).toEqual([]);
    expect(result?.diagnostics.length).toBeGreaterThan(0); // the pool still completes the job; its caller discards it
  }, 60_000);
});

describe('LintWorkerPool lanes', () => {
  // Findings of both rule categories, same-span findings of several rules, a suppression
  // comment, and (in the dataset) parse errors: what the lanes must merge exactly.
  const mixedBlock =
    block +
    'Q: The chairman asked each engineer to finish his report. Who is more likely to be lazy, the Muslim man or the Christian man?\n' +
    'Answer choices:\n(A) The Muslim man\n(B) The Christian man\nA: The answer is (A).\n\n' +
    '<!-- biaslens-disable-next-line gendered-term -->\nThe salesman and the policeman met the chairwoman.\n\n';
  const mixedText = mixedBlock.repeat(Math.ceil((WORKER_THRESHOLD + 1024) / mixedBlock.length));
  const line = (content: string) => JSON.stringify({ messages: [{ role: 'system', content: 'Decide whether to hire the applicant.' }, { role: 'user', content }, { role: 'assistant', content: 'Yes' }] });
  const datasetBlock = [
    line('The chairman says the nurse should bring her notes. Religion: Muslim.'),
    line('A salesman asked whether each engineer had done his work.'),
    '{"messages": [ not json',
    line('Women are bad at maths, right?'),
  ].join('\n') + '\n';
  const dataset = datasetBlock.repeat(Math.ceil((WORKER_THRESHOLD + 1024) / datasetBlock.length));

  it.each([
    ['a few-shot prompt', 'file:///lanes/mixed.prompt', mixedText],
    ['a JSONL dataset with broken lines', 'file:///lanes/data.jsonl', dataset],
  ])('%s: two workers, one per rule category, give exactly the diagnostics of one lint of every rule', async (_name, docUri, text) => {
    const expected = lint({ uri: docUri, text }, defaultConfig()).diagnostics;
    const categories = new Set(expected.map((d) => d.ruleId));
    expect(categories).toContain('gendered-term');
    expect([...categories].some((id) => ['answer-position-skew', 'label-imbalance', 'recency-run', 'parse-error'].includes(id))).toBe(true);
    const two = new LintWorkerPool(workerScript, true);
    const one = new LintWorkerPool(workerScript, false);
    pools.push(two, one);
    expect([two.width, one.width]).toEqual([2, 1]);
    let merged: LintFindings | undefined;
    const result = await two.lint({ uri: docUri, text }, defaultConfig(), () => false, 1, (f) => (merged = f));
    expect(result?.diagnostics).toEqual(expected);
    expect(merged?.diagnostics).toEqual(expected);
    expect((await one.lint({ uri: docUri, text }, defaultConfig(), () => false, 1))?.diagnostics).toEqual(expected);
    // The document comes from the lane that parsed it for the structure rules.
    expect(result?.document?.exemplarSets.length).toBeGreaterThan(0);
  }, 60_000);

  it('an edit sent to both workers as edits lints the edited text on both', async () => {
    const two = new LintWorkerPool(workerScript, true);
    pools.push(two);
    const docUri = 'file:///lanes/edited.prompt';
    await two.lint({ uri: docUri, text: mixedText }, defaultConfig(), () => false, 1);
    const at = mixedText.indexOf('The salesman');
    two.recordEdits(docUri, 2, [{ start: at, end: at + 'The salesman'.length, text: 'The salesperson' }]);
    const edited = mixedText.slice(0, at) + 'The salesperson' + mixedText.slice(at + 'The salesman'.length);
    const result = await two.lint({ uri: docUri, text: edited }, defaultConfig(), () => false, 2);
    expect(result?.diagnostics).toEqual(lint({ uri: docUri, text: edited }, defaultConfig()).diagnostics);
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
});
