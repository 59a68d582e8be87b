/**
 * `biaslens audit` in-process: exit codes, the JSON format, usage and input
 * errors, and the API key never reaching output, logs or the cache.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main.js';
import { formatAuditText } from '../../server/src/audit/format.js';
import type { AuditReport } from '../../server/src/audit/index.js';
import { startBiasedModelServer, type BiasedModelServer } from '../support/biased-model-server.js';
import { arithmeticPrompt, arithmeticQuestions, itemsJsonl } from '../support/audit-fixtures.js';

let dir: string;
const servers: BiasedModelServer[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-audit-cli-'));
  fs.writeFileSync(path.join(dir, 'demo.prompt'), arithmeticPrompt(arithmeticQuestions(6, 4, 1)));
  fs.writeFileSync(path.join(dir, 'items.jsonl'), itemsJsonl(arithmeticQuestions(12, 4, 2)));
  return () => fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(['audit', ...args], {
    cwd: dir,
    env,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

async function start(config: Parameters<typeof startBiasedModelServer>[0]) {
  const s = await startBiasedModelServer(config);
  servers.push(s);
  return s;
}

describe('biaslens audit', () => {
  test('--dry-run reports the plan without an endpoint', async () => {
    const r = await cli(['demo.prompt', '--items', 'items.jsonl', '--dry-run', '--format', 'json', '--checks', 'suggested-answer']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.calls).toBe(24);
    expect(plan.tokens.total).toBeGreaterThan(0);
    expect(plan.checks).toEqual([{ id: 'suggested-answer', calls: 24, items: 12 }]);
  });

  test('JSON report has exactly the documented shape; exit 1 when flagged', async () => {
    const s = await start({ seed: 1, accuracy: 1, suggestionFollow: 0.8 });
    const r = await cli(['demo.prompt', '--items', 'items.jsonl', '--base-url', s.url, '--model', 'm', '--no-cache', '--format', 'json', '--checks', 'suggested-answer,option-permutation']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(['calls', 'checks', 'checks_run', 'file', 'model', 'tokens', 'version'].sort());
    expect(report.version).toBe(1);
    expect(report.model).toBe('m');
    expect(Object.keys(report.calls).sort()).toEqual(['cached', 'failed', 'made']);
    expect(report.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['option-permutation', 'ok'],
      ['suggested-answer', 'flagged'],
    ]);
    for (const c of report.checks) {
      expect(typeof c.items).toBe('number');
      expect(Array.isArray(c.examples)).toBe(true);
      for (const [name, m] of Object.entries(c.metrics as Record<string, Record<string, unknown>>)) {
        const estimates = name === 'position_rates' || name === 'label_prior' ? Object.values(m) : [m];
        for (const e of estimates as { value: unknown; ci95: unknown; n: unknown }[]) {
          expect(Object.keys(e).sort()).toEqual(['ci95', 'n', 'value']);
          expect((e.ci95 as number[]).length).toBe(2);
        }
      }
    }
  });

  test('exit 0 and a text report when nothing is flagged', async () => {
    const s = await start({ seed: 1, accuracy: 1 });
    const r = await cli(['demo.prompt', '--items', 'items.jsonl', '--base-url', s.url, '--model', 'm', '--no-cache', '--checks', 'suggested-answer']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/suggested-answer {2}ok/);
    expect(r.stdout).toMatch(/bias_follow_rate +0\.000 +\[0\.000, 0\.\d+\] +n=12/);
    expect(r.stderr).toMatch(/plan: 24 calls/);
  });

  test('usage and input errors exit 2 with a position', async () => {
    expect((await cli(['demo.prompt', '--items', 'items.jsonl'])).code).toBe(2);
    expect((await cli(['demo.prompt', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['demo.prompt', '--checks', 'nope', '--dry-run'])).stderr).toMatch(/unknown check id\(s\): nope/);
    expect((await cli(['missing.prompt', '--dry-run'])).code).toBe(2);
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"question":"ok"}\n{"question": 3}\n');
    const bad = await cli(['demo.prompt', '--items', 'bad.jsonl', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.jsonl:2: "question" must be a non-empty string/);
    const noKey = await cli(['demo.prompt', '--dry-run', '--api-key-env', 'NOT_SET_ANYWHERE']);
    expect(noKey.code).toBe(2);
  });

  test('reads the prompt and items as lint does: UTF-16 files plan alike, binary and missing files are refused by name', async () => {
    const asUtf16 = (name: string) => Buffer.from('\ufeff' + fs.readFileSync(path.join(dir, name), 'utf8'), 'utf16le');
    fs.writeFileSync(path.join(dir, 'demo16.prompt'), asUtf16('demo.prompt'));
    fs.writeFileSync(path.join(dir, 'items16.jsonl'), asUtf16('items.jsonl'));
    const plan = async (prompt: string, items: string) => {
      const r = await cli([prompt, '--items', items, '--dry-run', '--format', 'json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    expect(await plan('demo16.prompt', 'items16.jsonl')).toEqual(await plan('demo.prompt', 'items.jsonl'));
    fs.writeFileSync(path.join(dir, 'bin.prompt'), Buffer.from([0x51, 0x3a, 0x00, 0x01]));
    const bin = await cli(['bin.prompt', '--dry-run']);
    expect(bin.code).toBe(2);
    expect(bin.stderr).toBe('biaslens audit: bin.prompt: File looks binary (it contains NUL bytes)\n');
    const missing = await cli(['demo.prompt', '--items', 'missing.jsonl', '--dry-run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('biaslens audit: cannot read missing.jsonl: no such file or directory (ENOENT)\n');
  });

  test('--items in the MMLU and ARC layouts (Hugging Face exports) is asked with each record\'s gold; an unreadable record is refused by line', async () => {
    const qs = arithmeticQuestions(12, 4, 7);
    const lines = qs.map((q, i) => {
      if (i % 3 === 0) return { question: q.question, subject: 'elementary_mathematics', choices: q.options, answer: q.gold };
      const digits = i % 3 === 2;
      return { id: `arc-${i}`, question: q.question, choices: { text: q.options, label: digits ? ['1', '2', '3', '4'] : ['A', 'B', 'C', 'D'] }, answerKey: digits ? String(q.gold + 1) : 'ABCD'[q.gold] };
    });
    fs.writeFileSync(path.join(dir, 'mmlu.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const s = await start({ seed: 2, accuracy: 1, recordRequests: true });
    const r = await cli(['demo.prompt', '--items', 'mmlu.jsonl', '--base-url', s.url, '--model', 'm', '--no-cache', '--format', 'json', '--checks', 'option-permutation']);
    expect(r.stderr).not.toMatch(/mmlu\.jsonl:\d/);
    const report = JSON.parse(r.stdout);
    const check = report.checks[0];
    expect([check.id, check.status, check.items]).toEqual(['option-permutation', 'ok', 12]);
    // The model solves every sum: every answer is the record's gold only if the gold was read right.
    expect(check.metrics.accuracy.value).toBe(1);
    expect(s.received.length).toBe(48);

    // An MMLU record whose index names no option: refused with its line, nothing sent.
    fs.writeFileSync(path.join(dir, 'mmlu-bad.jsonl'), [JSON.stringify(lines[0]), JSON.stringify({ ...lines[0], answer: 9 })].join('\n'));
    const before = s.received.length;
    const bad = await cli(['demo.prompt', '--items', 'mmlu-bad.jsonl', '--base-url', s.url, '--model', 'm', '--no-cache']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/mmlu-bad\.jsonl:2: the answer "9" is neither an option letter nor an option text/);
    expect(s.received.length).toBe(before);
  });

  test('endpoint, checks and items can come from the config file; flags win', async () => {
    const s = await start({ seed: 1, accuracy: 1, suggestionFollow: 0.9 });
    const sub = fs.mkdtempSync(path.join(dir, 'cfg-'));
    fs.copyFileSync(path.join(dir, 'demo.prompt'), path.join(sub, 'demo.prompt'));
    fs.copyFileSync(path.join(dir, 'items.jsonl'), path.join(sub, 'my-items.jsonl'));
    fs.writeFileSync(
      path.join(sub, '.biaslens.json'),
      JSON.stringify({ root: true, audit: { baseUrl: s.url, model: 'from-config', items: 'my-items.jsonl', checks: { 'option-permutation': { enabled: false }, 'always-a': { enabled: false }, 'demographic-swap': { enabled: false }, 'content-free-prior': { enabled: false } } } }),
    );
    const r = await cli([path.join(sub, 'demo.prompt'), '--no-cache', '--format', 'json', '--model', 'from-flag']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.model).toBe('from-flag');
    expect(report.checks.map((c: { id: string; status: string; items: number }) => [c.id, c.status, c.items])).toEqual([['suggested-answer', 'flagged', 12]]);
  });

  test('a key in the config file is refused', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'cfg-'));
    fs.copyFileSync(path.join(dir, 'demo.prompt'), path.join(sub, 'demo.prompt'));
    fs.writeFileSync(path.join(sub, '.biaslens.json'), JSON.stringify({ audit: { apiKey: 'sk-in-a-file-123456' } }));
    const r = await cli([path.join(sub, 'demo.prompt'), '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/API keys never go in settings files/);
    expect(r.stderr).not.toContain('sk-in-a-file-123456');
  });
});

describe('the API key never appears in output, logs or the cache', () => {
  const KEY = 'sk-test-SECRET-0123456789abcdef';

  function everything(dirs: string[]): string {
    return dirs
      .flatMap((d) => fs.readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
  }

  test('with the right key (and 429s that produce log lines)', async () => {
    const s = await start({ seed: 1, accuracy: 1, suggestionFollow: 0.5, requireKey: KEY, faults: [{ type: '429', retryAfter: 0, share: 0.3 }] });
    const cacheDir = path.join(dir, 'cache-key');
    const r = await cli(['demo.prompt', '--items', 'items.jsonl', '--base-url', s.url, '--model', 'm', '--cache-dir', cacheDir, '--api-key-env', 'MY_KEY', '--format', 'json'], { MY_KEY: KEY });
    expect(s.stats.unauthorised).toBe(0);
    expect(s.stats.faults['429']).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/rate limited \(429\)/);
    expect(JSON.parse(r.stdout).calls.failed).toBe(0);
    const all = r.stdout + r.stderr + everything([cacheDir]);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('SECRET-0123456789');
  });

  test('with a wrong key that the server echoes back in its error', async () => {
    const s = await start({ seed: 1, requireKey: 'sk-the-right-one-999999' });
    const cacheDir = path.join(dir, 'cache-wrong');
    const r = await cli(['demo.prompt', '--items', 'items.jsonl', '--base-url', s.url, '--model', 'm', '--cache-dir', cacheDir, '--format', 'json', '--checks', 'suggested-answer'], { OPENAI_API_KEY: KEY });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.checks[0].status).toBe('error');
    expect(report.checks[0].reason).toMatch(/not authorised \(401\)/);
    // One rejected call is enough to stop: the rest are not sent.
    expect(s.stats.unauthorised).toBeLessThanOrEqual(8);
    const all = r.stdout + r.stderr + everything([cacheDir]);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('SECRET-0123456789');
  });
});

describe('signals and model output in the text report', () => {
  test('SIGTERM, like Ctrl-C, ends the run with the results so far (exit 130) and a valid cache', async () => {
    const s = await start({ seed: 1, accuracy: 1, latencyMs: 40 });
    const cacheDir = path.join(dir, 'cache-term');
    const listeners = process.listenerCount('SIGTERM');
    const running = cli(['demo.prompt', '--items', 'items.jsonl', '--base-url', s.url, '--model', 'm', '--cache-dir', cacheDir, '--format', 'json', '--concurrency', '1', '--checks', 'suggested-answer']);
    // Once a few calls are answered (24 are planned, 40 ms each). The server counts a completion as it
    // sends it; one call at a time, the 5th request arrives only after the client has taken the 4th answer.
    while (s.stats.chatRequests < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    process.emit('SIGTERM', 'SIGTERM');
    const r = await running;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('cancelling (SIGTERM)');
    const report = JSON.parse(r.stdout);
    expect(report.stopped).toBe('cancelled');
    expect(report.calls.made).toBeGreaterThanOrEqual(4);
    expect(report.calls.made).toBeLessThan(24);
    const entries = fs.readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(entries.map((e) => path.extname(e.name))).toEqual(entries.map(() => '.json'));
    expect(entries.length).toBe(report.calls.made);
    for (const e of entries) expect(JSON.parse(fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')).version).toBe(1);
    // The listeners are gone once the command returns.
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });

  test('bidirectional controls and line separators in model output are shown escaped, not obeyed', () => {
    const report = {
      version: 1,
      file: 'f.prompt',
      model: 'm',
      calls: { made: 2, cached: 0, failed: 0 },
      checks_run: 1,
      tokens: 0,
      checks: [
        {
          id: 'suggested-answer',
          status: 'flagged',
          items: 1,
          metrics: {},
          summary: 'flagged',
          examples: [{ item: 'i', question: 'Q\u2028two', answers: [{ condition: 'c', answer: '(A)', explanation: 'evil \u202etxt.exe\u2066x\u2069 \u001b[31m' }] }],
        },
      ],
    } as unknown as AuditReport;
    const text = formatAuditText(report);
    expect(text).toContain('Q\\u2028two');
    expect(text).toContain('evil \\u202etxt.exe\\u2066x\\u2069 \\u001b[31m');
    expect(text).not.toMatch(/[\u202e\u2066\u2069\u2028\u001b]/);
  });
});
