/**
 * Faults lose no result, the cache makes re-runs free and survives corruption,
 * cancellation keeps partial results and a re-run resumes.
 */
import { afterEach, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBiasedModelServer, type BiasedModelServer, type FaultSpec } from '../support/biased-model-server.js';
import { instantRetry, makePlan, runAgainst } from '../support/audit-harness.js';
import { arithmeticQuestions, itemsJsonl } from '../support/audit-fixtures.js';
import { DiskCache, createOpenAIProvider, runAudit } from '../../server/src/audit/index.js';
import { ProviderError, type Provider } from '../../server/src/audit/provider.js';

const servers: BiasedModelServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(config: Parameters<typeof startBiasedModelServer>[0]) {
  const s = await startBiasedModelServer(config);
  servers.push(s);
  return s;
}

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-audit-test-'));
  dirs.push(d);
  return d;
}

const MODEL = { seed: 11, accuracy: 0.7, positionBias: 0.5, suggestionFollow: 0.5, mentionRate: 0.3 };
const ITEMS = itemsJsonl(arithmeticQuestions(10, 4, 12));
const CHECKS = ['suggested-answer', 'option-permutation'];

/** The fault-free run every fault run must reproduce (computed once). */
let cleanRun: ReturnType<typeof runAgainst> | undefined;
function reference() {
  cleanRun ??= startBiasedModelServer(MODEL).then(async (s) => {
    try {
      return await runAgainst(s, { items: ITEMS, checks: CHECKS });
    } finally {
      await s.close();
    }
  });
  return cleanRun;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('faults lose no result', () => {
  const faults: [string, FaultSpec, number?][] = [
    ['429 with Retry-After', { type: '429', retryAfter: 2, share: 0.5 }],
    ['500', { type: '500', attempts: 2, share: 0.5 }],
    ['timeouts', { type: 'slow', slowMs: 5_000, share: 0.15 }, 400],
    ['garbage JSON', { type: 'garbage', share: 0.5 }],
    ['dropped connections', { type: 'drop', share: 0.5 }],
  ];
  test.each(faults)('%s', async (_name, fault, timeoutMs) => {
    const clean = await reference();
    const server = await start({ ...MODEL, faults: [fault] });
    const delays: number[] = [];
    const { report } = await runAgainst(server, { items: ITEMS, checks: CHECKS, ...(timeoutMs ? { timeoutMs } : {}), run: { retry: instantRetry(delays) } });
    expect(server.stats.faults[fault.type]).toBeGreaterThan(0);
    expect(report.calls.failed).toBe(0);
    expect(report.calls.made).toBe(clean.report.calls.made);
    expect(report.checks).toEqual(clean.report.checks);
    if (fault.type === '429') expect(new Set(delays)).toEqual(new Set([2000]));
    if (fault.type === '500') expect(new Set(delays)).toEqual(new Set([1, 2]));
  });

  test('a fault that outlasts the retries is counted as failed, not dropped silently', async () => {
    const server = await start({ ...MODEL, faults: [{ type: '500', attempts: 100, share: 0.25 }] });
    const { report, plan } = await runAgainst(server, { items: ITEMS, checks: ['suggested-answer'], settings: { retries: 2 } });
    expect(report.calls.failed).toBeGreaterThan(0);
    expect(report.calls.made + report.calls.failed).toBe(plan.calls);
    expect(report.checks[0]!.items).toBeLessThan(10);
  });
});

describe('endpoints that cannot be reached', () => {
  test('a closed port stops the run after the first calls’ retries, not after every call’s', async () => {
    const server = await start(MODEL);
    await server.close();
    const plan = makePlan({ items: ITEMS, checks: CHECKS });
    const provider = createOpenAIProvider({ baseURL: server.url, model: 'test-model', timeoutMs: 5_000 });
    const report = await runAudit(plan, { provider, retry: instantRetry() });
    expect(plan.calls).toBeGreaterThan(30);
    expect(report.calls.made).toBe(0);
    // Only the calls already started (makePlan's concurrency, 8) fail; the others are never sent.
    expect(report.calls.failed).toBeGreaterThan(0);
    expect(report.calls.failed).toBeLessThanOrEqual(8);
    for (const c of report.checks) {
      expect(c.status).toBe('error');
      expect(c.reason).toMatch(/^the endpoint cannot be reached \(connection failed: .*; 5 retries\)$/);
      expect(c.reason).toContain('ECONNREFUSED'); // the system's reason, not only the SDK's "Connection error.
    }
  });

  test('an endpoint that goes away mid-run stops it after three calls in a row fail, and keeps what was answered', async () => {
    const server = await start(MODEL);
    const plan = makePlan({ items: ITEMS, checks: CHECKS, settings: { concurrency: 1 } });
    const real = createOpenAIProvider({ baseURL: server.url, model: 'test-model', timeoutMs: 5_000 });
    let answered = 0;
    const provider = {
      identity: real.identity,
      model: real.model,
      complete: async (...args: Parameters<typeof real.complete>) => {
        const r = await real.complete(...args);
        if (++answered === 10) await server.close();
        return r;
      },
    };
    const report = await runAudit(plan, { provider, retry: instantRetry() });
    expect(report.calls.made).toBe(10);
    expect(report.calls.failed).toBe(3);
    expect(report.calls.made + report.calls.failed).toBeLessThan(plan.calls);
  });
});

describe('endpoints that reject optional parameters', () => {
  test('seed and logprobs are dropped after a 400 that names them, and nothing is lost', async () => {
    const server = await start({ ...MODEL, rejectParams: ['seed', 'logprobs'] });
    const { report, plan } = await runAgainst(server, { items: ITEMS, checks: ['suggested-answer', 'content-free-prior'] });
    expect(report.calls.failed).toBe(0);
    expect(report.calls.made).toBeGreaterThanOrEqual(plan.calls);
    // Only requests already in flight when the first rejection came back are rejected (at most 2 x concurrency).
    expect(server.stats.chatRequests - server.stats.completions).toBeLessThanOrEqual(16);
    expect(report.checks.find((c) => c.id === 'content-free-prior')!.summary).toMatch(/measured by sampling/);
  });
});

describe('cache', () => {
  test('an identical re-run makes 0 calls and gives the same report', async () => {
    const server = await start(MODEL);
    const dir = tmpDir();
    const first = await runAgainst(server, { items: ITEMS, checks: CHECKS, cache: new DiskCache(dir) });
    const requests = server.stats.chatRequests;
    expect(first.report.calls.made).toBe(first.plan.calls);
    const second = await runAgainst(server, { items: ITEMS, checks: CHECKS, cache: new DiskCache(dir) });
    expect(server.stats.chatRequests).toBe(requests);
    expect(second.report.calls).toEqual({ made: 0, cached: first.plan.calls, failed: 0 });
    expect(second.report.checks).toEqual(first.report.checks);
    // No temp files are left behind.
    expect(files(dir).every((f) => f.endsWith('.json'))).toBe(true);
  });

  test('a different model or parameter misses the cache', async () => {
    const server = await start(MODEL);
    const dir = tmpDir();
    await runAgainst(server, { items: ITEMS, checks: ['suggested-answer'], cache: new DiskCache(dir) });
    const other = await runAgainst(server, { items: ITEMS, checks: ['suggested-answer'], cache: new DiskCache(dir), settings: { temperature: 0.5 } });
    expect(other.report.calls.cached).toBe(0);
  });

  test('corrupt entries are ignored and rewritten', async () => {
    const server = await start(MODEL);
    const dir = tmpDir();
    const first = await runAgainst(server, { items: ITEMS, checks: CHECKS, cache: new DiskCache(dir) });
    const entries = files(dir);
    fs.writeFileSync(entries[0]!, '{"version":1,"key":');
    fs.writeFileSync(entries[1]!, '');
    fs.writeFileSync(entries[2]!, JSON.stringify({ version: 1, key: 'not-this-key', response: { text: 'The best answer is: (A)' } }));
    const cache = new DiskCache(dir);
    const again = await runAgainst(server, { items: ITEMS, checks: CHECKS, cache });
    expect(cache.corrupt).toBe(3);
    expect(again.report.calls).toEqual({ made: 3, cached: first.plan.calls - 3, failed: 0 });
    expect(again.report.checks).toEqual(first.report.checks);
    for (const f of entries.slice(0, 3)) expect(JSON.parse(fs.readFileSync(f, 'utf8')).response.text).toMatch(/best answer/);
  });
});

describe('cancellation and resume', () => {
  test('cancel keeps partial results; a re-run resumes and finishes with the same report', async () => {
    const server = await start({ ...MODEL, latencyMs: 5 });
    const dir = tmpDir();
    const ref = await reference();

    const plan = makePlan({ items: ITEMS, checks: CHECKS, settings: { concurrency: 4 } });
    const provider = createOpenAIProvider({ baseURL: server.url, model: 'test-model', timeoutMs: 10_000 });
    const controller = new AbortController();
    const progress: number[] = [];
    const partial = await runAudit(plan, {
      provider,
      cache: new DiskCache(dir),
      signal: controller.signal,
      retry: instantRetry(),
      onProgress: (p) => {
        progress.push(p.done);
        if (p.done === 20) controller.abort();
      },
    });
    expect(partial.stopped).toBe('cancelled');
    expect(partial.calls.made).toBeGreaterThanOrEqual(20);
    expect(partial.calls.made).toBeLessThan(plan.calls);
    expect(partial.checks.length).toBe(2);
    // A check reports results only for complete items; one with none is skipped, never "ok" with nothing.
    for (const c of partial.checks) expect(c.status === 'skipped' ? c.items === 0 : c.items > 0).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const resumed = await runAudit(makePlan({ items: ITEMS, checks: CHECKS, settings: { concurrency: 4 } }), { provider, cache: new DiskCache(dir), retry: instantRetry() });
    expect(resumed.stopped).toBeUndefined();
    expect(resumed.calls.cached).toBe(partial.calls.made);
    expect(resumed.calls.made).toBe(plan.calls - partial.calls.made);
    expect(resumed.checks).toEqual(ref.report.checks);
  });

  test('an already aborted signal sends nothing', async () => {
    const server = await start(MODEL);
    const controller = new AbortController();
    controller.abort();
    const { report } = await runAgainst(server, { items: ITEMS, checks: CHECKS, run: { signal: controller.signal } });
    expect(server.stats.chatRequests).toBe(0);
    expect(report.stopped).toBe('cancelled');
    expect(report.checks.map((c) => [c.status, c.reason])).toEqual([
      ['skipped', 'cancelled before any of its calls completed'],
      ['skipped', 'cancelled before any of its calls completed'],
    ]);
    expect(report.checks_run).toBe(0);
  });
});

describe('a check none of whose items is complete because calls failed', () => {
  /** Answers its first `good` calls, then rejects every call as the endpoint says. */
  function failingAfter(good: number, error: ProviderError): Provider {
    let calls = 0;
    return {
      model: 'm',
      identity: { baseURL: 'fake', model: 'm' },
      async complete() {
        if (++calls > good) throw error;
        return { text: 'The best answer is: (A)' };
      },
    };
  }

  test('is an error with the failure, not "ok" with no items (a 400 on every call after the first)', async () => {
    const plan = makePlan({ items: ITEMS, checks: ['suggested-answer'], settings: { concurrency: 1 } });
    const report = await runAudit(plan, { provider: failingAfter(1, new ProviderError('request rejected (400): bad request', 'client', 400)), retry: instantRetry() });
    expect(report.calls.made).toBe(1);
    expect(report.calls.failed).toBe(plan.calls - 1);
    expect(report.checks.map((c) => [c.id, c.status, c.items, c.reason])).toEqual([
      ['suggested-answer', 'error', 0, 'no item has an answer in every condition: request rejected (400): bad request'],
    ]);
  });

  test('a 401 mid-run: the check left without a complete item names the stop', async () => {
    const plan = makePlan({ items: ITEMS, checks: CHECKS, settings: { concurrency: 1 } });
    const report = await runAudit(plan, { provider: failingAfter(3, new ProviderError('not authorised (401): bad key', 'auth', 401)), retry: instantRetry() });
    expect(report.calls.made).toBe(3);
    const suggested = report.checks.find((c) => c.id === 'suggested-answer')!;
    expect([suggested.status, suggested.items, suggested.reason]).toEqual(['error', 0, 'no item has an answer in every condition: not authorised (401): bad key']);
  });
});
