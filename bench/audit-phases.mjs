// The bench's audit (bench/audit.bench.mjs: 60 items, three checks, concurrency 8, the biased
// test server at a fixed latency), split into phases: time before the first model call, the calls
// (first start to last end) and after the last call (the checks' analysis that is left), each as
// a share of the ideal wall time (calls x latency / concurrency). One cold run per process, as
// the bench measures it; also prints a SHA-256 of the checks' report, to compare two versions.
//   node bench/audit-phases.mjs [--rounds 3] [--latency 50] [--items 60] [--checks a,b,c]
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    latency: { type: 'string', default: '50' },
    items: { type: 'string', default: '60' },
    checks: { type: 'string', default: 'option-permutation,suggested-answer,always-a' },
    child: { type: 'string' },
  },
});
const CONCURRENCY = 8;

if (values.child) {
  // One cold run, in this process, from the bundles in the folder given.
  const require = createRequire(import.meta.url);
  const dir = values.child;
  const audit = require(path.join(dir, 'audit.cjs'));
  const fx = require(path.join(dir, 'fixtures.cjs'));
  const { parseDocument } = require(path.join(dir, 'parse.cjs'));
  const latency = Number(values.latency);
  const server = spawn(process.execPath, ['-e', `require(${JSON.stringify(path.join(dir, 'server.cjs'))}).startBiasedModelServer({ seed: 1, accuracy: 0.7, positionBias: 0.5, suggestionFollow: 0.5, latencyMs: ${latency} }).then((s) => process.stdout.write(s.url + '\\n'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));
  try {
    const doc = parseDocument('bench.prompt', fx.arithmeticPrompt(fx.arithmeticQuestions(6, 4, 1)));
    const items = fx.itemsJsonl(fx.arithmeticQuestions(Number(values.items), 4, 2));
    const plan = audit.planAudit(doc, audit.parseItemsJsonl(items), { settings: { concurrency: CONCURRENCY }, checks: values.checks.split(',') });
    const inner = audit.createOpenAIProvider({ baseURL: url, model: 'bench', timeoutMs: 30_000 });
    let firstStart = 0;
    let lastEnd = 0;
    let calls = 0;
    const provider = {
      ...inner,
      async complete(req, signal) {
        if (!firstStart) firstStart = performance.now();
        const r = await inner.complete(req, signal);
        lastEnd = performance.now();
        calls++;
        return r;
      },
    };
    const t0 = performance.now();
    const report = await audit.runAudit(plan, { provider });
    const t1 = performance.now();
    const ideal = (calls * latency) / CONCURRENCY;
    const sha = createHash('sha256').update(JSON.stringify(report.checks)).digest('hex').slice(0, 16);
    console.log(JSON.stringify({ calls, ratio: (t1 - t0) / ideal, before: firstStart - t0, calls_phase: (lastEnd - firstStart) / ideal, after: t1 - lastEnd, sha }));
  } finally {
    server.kill();
  }
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'biaslens-audit-phases-'));
  try {
    const bundle = (entry, name) => build({ entryPoints: [path.join(root, entry)], outfile: path.join(dir, name), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', absWorkingDir: root, alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' } });
    await bundle('test/support/biased-model-server.ts', 'server.cjs');
    await bundle('server/src/audit/index.ts', 'audit.cjs');
    await bundle('test/support/audit-fixtures.ts', 'fixtures.cjs');
    await bundle('server/src/parse/index.ts', 'parse.cjs');
    for (let r = 0; r < Number(values.rounds); r++) {
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, '--latency', values.latency, '--items', values.items, '--checks', values.checks], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      const x = JSON.parse(out.stdout);
      console.log(`calls ${x.calls}: wall / ideal ${x.ratio.toFixed(3)}; before the first call ${x.before.toFixed(0)} ms; calls ${x.calls_phase.toFixed(3)} of ideal; after the last call ${x.after.toFixed(0)} ms; report ${x.sha}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
