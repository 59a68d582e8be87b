// Audit engine benchmark against the biased test model server (a child
// process on 127.0.0.1 with a fixed latency). Prints JSON lines:
//   - wall time / (calls x latency / concurrency)          target <= 1.15
//   - calls made on an identical cached re-run              target 0
//   - calls, all rotations / cheap permutation mode (same verdict)  target >= 3
// The engine runs in this process (bundled from server/src with esbuild); the
// server runs in its own process so its CPU does not count as engine overhead.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'biaslens-audit-bench-'));
const require = createRequire(import.meta.url);
const LATENCIES = (process.env.AUDIT_BENCH_LATENCIES ?? '50,250').split(',').map(Number);
const CONCURRENCY = 8;

function emit(rec) {
  process.stdout.write(JSON.stringify(rec) + '\n');
}

async function bundle(entry, out) {
  await build({ entryPoints: [path.join(root, entry)], outfile: path.join(tmp, out), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', absWorkingDir: root, alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' } });
  return require(path.join(tmp, out));
}

/** Start the test server in a child process; resolves with its URL and a stop function. */
function startServer(config) {
  const script = path.join(tmp, `serve-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(
    script,
    `const { startBiasedModelServer } = require(${JSON.stringify(path.join(tmp, 'server.cjs'))});
     startBiasedModelServer(${JSON.stringify(config)}).then((s) => {
       process.stdout.write(s.url + '\\n');
       process.on('message', (m) => { if (m === 'stats') process.send(s.stats); });
       process.on('disconnect', () => s.close().then(() => process.exit(0)));
     });`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve) => {
    child.stdout.once('data', (d) => {
      const stats = () =>
        new Promise((res) => {
          child.once('message', res);
          child.send('stats');
        });
      resolve({ url: String(d).trim(), stats, stop: () => child.disconnect() });
    });
  });
}

await bundle('test/support/biased-model-server.ts', 'server.cjs');
const audit = await bundle('server/src/audit/index.ts', 'audit.cjs');
const fx = await bundle('test/support/audit-fixtures.ts', 'fixtures.cjs');
const { parseDocument } = await bundle('server/src/parse/index.ts', 'parse.cjs');

const doc = parseDocument('bench.prompt', fx.arithmeticPrompt(fx.arithmeticQuestions(6, 4, 1)));

async function runOnce(server, itemsText, settings, checks, cacheDir) {
  const plan = audit.planAudit(doc, audit.parseItemsJsonl(itemsText), { settings, checks });
  const provider = audit.createOpenAIProvider({ baseURL: server.url, model: 'bench', timeoutMs: 30_000 });
  const t0 = performance.now();
  const report = await audit.runAudit(plan, { provider, ...(cacheDir ? { cache: new audit.DiskCache(cacheDir) } : {}) });
  return { plan, report, wallMs: performance.now() - t0 };
}

try {
  // 1. Throughput: ~350 calls at a fixed latency (two latencies: the overhead shows more at the short one).
  const items = fx.itemsJsonl(fx.arithmeticQuestions(60, 4, 2));
  const checks = ['option-permutation', 'suggested-answer', 'always-a'];
  let server;
  for (const latency of LATENCIES) {
    server?.stop();
    server = await startServer({ seed: 1, accuracy: 0.7, positionBias: 0.5, suggestionFollow: 0.5, latencyMs: latency });
    const run = await runOnce(server, items, { concurrency: CONCURRENCY }, checks);
    const calls = run.report.calls.made;
    const ideal = (calls * latency) / CONCURRENCY;
    emit({
      name: `audit wall / (calls x latency / concurrency), ${latency} ms`,
      value: +(run.wallMs / ideal).toFixed(3),
      unit: 'ratio',
      target: '<= 1.15',
      calls,
      latencyMs: latency,
      concurrency: CONCURRENCY,
      wallMs: Math.round(run.wallMs),
      idealMs: Math.round(ideal),
      loadavg1m: +os.loadavg()[0].toFixed(2),
      cpus: os.cpus().length,
    });
  }
  const cacheDir = path.join(tmp, 'cache');
  await runOnce(server, items, { concurrency: CONCURRENCY }, checks, cacheDir);

  // 2. Identical re-run from the cache.
  const before = (await server.stats()).chatRequests;
  const again = await runOnce(server, items, { concurrency: CONCURRENCY }, checks, cacheDir);
  const after = (await server.stats()).chatRequests;
  emit({ name: 'audit calls on a cached re-run', value: again.report.calls.made, unit: 'calls', target: '0', serverRequests: after - before, cached: again.report.calls.cached, wallMs: Math.round(again.wallMs) });
  server.stop();

  // 3. Cheap permutation mode vs all rotations, same verdict.
  const lp = await startServer({ seed: 8, accuracy: 0.6, positionBias: 0.7, logprobs: true });
  const many = fx.itemsJsonl(fx.arithmeticQuestions(200, 4, 8));
  const full = await runOnce(lp, many, { concurrency: CONCURRENCY }, ['option-permutation']);
  const cheap = await runOnce(lp, many, { concurrency: CONCURRENCY, checks: { 'option-permutation': { mode: 'cheap', calibrationShare: 0.1 } } }, ['option-permutation']);
  const same = full.report.checks[0].status === cheap.report.checks[0].status;
  emit({
    name: 'permutation calls, all rotations / cheap mode',
    value: +(full.report.calls.made / cheap.report.calls.made).toFixed(2),
    unit: 'x fewer',
    target: '>= 3 (same verdict)',
    fullCalls: full.report.calls.made,
    cheapCalls: cheap.report.calls.made,
    fullVerdict: full.report.checks[0].status,
    cheapVerdict: cheap.report.checks[0].status,
    sameVerdict: same,
  });
  lp.stop();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
