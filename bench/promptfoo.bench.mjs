// The same 200-call counterfactual eval through Bias Lens and through promptfoo,
// in the same run, against the same biased test model server (fixed latency),
// at the same concurrency. Prints JSON lines {name, value, unit, ...}.
//
// The eval: the suggested-answer check on 100 items, each asked plainly and with
// "I think the answer is (X) …" appended (200 calls). The promptfoo config is
// built from the very requests Bias Lens plans (planAudit, bundled from
// server/src), so both tools send the same messages, temperature, max_tokens
// and seed; the server fingerprints every request body it receives and the
// bench reports how many match the plan, per tool.
//
// Both tools run as whole processes (`node dist/cli.js audit … --no-cache` and
// `promptfoo eval -c … --no-cache --max-concurrency N -o out.json`), timed from
// spawn to exit. One untimed warm-up of each comes first (promptfoo creates its
// results database on its first run); then REPEATS rounds in alternating order,
// and the medians are reported.
//
// Nothing leaves the machine: when `unshare -n` works (root or user namespaces),
// the whole bench (server and both tools) re-runs itself in a network namespace
// with only loopback. Independently, both tools run with a preloaded guard that
// blocks and records any connection or DNS lookup that is not loopback, and
// promptfoo runs with telemetry, update checks and sharing disabled and its
// config folder in a temp dir.
//
// Opt-in: needs `node bench/setup-promptfoo.mjs` (a cached install in
// .cache/promptfoo/); without it this bench prints why and exits 0.
// Settings: PROMPTFOO_BENCH_LATENCY (ms, default 250), PROMPTFOO_BENCH_CONCURRENCY
// (default 8), PROMPTFOO_BENCH_REPEATS (default 3), PROMPTFOO_BENCH_NETNS=0 to
// skip the network namespace.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { PROMPTFOO_VERSION, installInfo, isPromptfooInstalled, offlineEnv, promptfooEntry } from './setup-promptfoo.mjs';

const thisFile = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(thisFile), '..');
const cli = path.join(root, 'dist', 'cli.js');
const LATENCY = Number(process.env.PROMPTFOO_BENCH_LATENCY ?? 250);
const CONCURRENCY = Number(process.env.PROMPTFOO_BENCH_CONCURRENCY ?? 8);
const REPEATS = Number(process.env.PROMPTFOO_BENCH_REPEATS ?? 3);
const ITEMS = 100;
const MODEL = 'bench';
const IN_NETNS = 'BIASLENS_BENCH_IN_NETNS';

const emit = (rec) => process.stdout.write(JSON.stringify(rec) + '\n');
const note = (message) => process.stderr.write(`[promptfoo.bench] ${message}\n`);

if (!isPromptfooInstalled()) {
  note('skipped: promptfoo is not installed. Run `node bench/setup-promptfoo.mjs` once (about 1.9 GB in .cache/promptfoo/) to enable this comparison.');
  emit({ name: 'promptfoo comparison', value: 'skipped', unit: '', reason: 'promptfoo not installed; run node bench/setup-promptfoo.mjs' });
  process.exit(0);
}
if (!existsSync(cli)) {
  note('dist/cli.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}

// Re-run in a network namespace with only loopback, when this machine allows it.
let isolation = 'none';
if (process.env[IN_NETNS] === '1') {
  const interfaces = Object.keys(os.networkInterfaces());
  if (interfaces.length !== 1 || interfaces[0] !== 'lo') {
    note(`expected only loopback inside the namespace, found: ${interfaces.join(', ')}`);
    process.exit(1);
  }
  isolation = 'network namespace with loopback only (unshare -n)';
} else if (process.env.PROMPTFOO_BENCH_NETNS !== '0') {
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' });
  if (probe.status === 0) {
    const inner = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, ...process.execArgv, thisFile], {
      stdio: 'inherit',
      env: { ...process.env, [IN_NETNS]: '1' },
    });
    process.exit(inner.status ?? 1);
  }
  note(`no network namespace (unshare -n failed: ${(probe.error?.message ?? probe.stderr).trim()}); relying on the connection guard and promptfoo's PROMPTFOO_DISABLE_* settings`);
  isolation = 'none (unshare -n unavailable); connection guard only';
} else {
  isolation = 'none (PROMPTFOO_BENCH_NETNS=0); connection guard only';
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'biaslens-promptfoo-bench-'));
const require = createRequire(import.meta.url);

// A guard preloaded into both tools: blocks and records every connection and DNS
// lookup that is not loopback (or a local socket).
const netLog = path.join(tmp, 'non-loopback.jsonl');
const cpuLog = path.join(tmp, 'cpu.jsonl');
const guard = path.join(tmp, 'net-guard.cjs');
writeFileSync(
  guard,
  `'use strict';
const net = require('node:net');
const dns = require('node:dns');
const fs = require('node:fs');
const LOG = ${JSON.stringify(netLog)};
const loopback = (h) => h === undefined || h === null || h === '' || h === 'localhost' || h === '::1' || /^127\\./.test(h) || /^::ffff:127\\./.test(h);
const record = (kind, target) => fs.appendFileSync(LOG, JSON.stringify({ tool: process.env.BENCH_TOOL, pid: process.pid, kind, target, stack: new Error().stack.split('\\n').slice(2, 8).join(' | ') }) + '\\n');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let o = args[0];
  if (Array.isArray(o)) o = o[0];
  const opts = o !== null && typeof o === 'object' ? o : typeof o === 'number' || /^\\d+$/.test(String(o)) ? { port: o, host: typeof args[1] === 'string' ? args[1] : undefined } : { path: o };
  if (!opts.path && !loopback(opts.host)) {
    record('connect', String(opts.host) + ':' + String(opts.port));
    const err = Object.assign(new Error('bench network guard: blocked a connection to ' + opts.host), { code: 'ECONNREFUSED' });
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!loopback(host)) {
    record('dns', String(host));
    const cb = rest[rest.length - 1];
    const err = Object.assign(new Error('bench network guard: blocked a DNS lookup of ' + host), { code: 'ENOTFOUND', hostname: host });
    if (typeof cb === 'function') return process.nextTick(cb, err);
  }
  return lookup.call(this, host, ...rest);
};
// CPU time of every process of a run (user + system), read by the bench after each run.
process.on('exit', () => {
  const cpu = process.cpuUsage();
  fs.appendFileSync(${JSON.stringify(cpuLog)}, JSON.stringify({ tool: process.env.BENCH_TOOL, pid: process.pid, user: cpu.user / 1e6, system: cpu.system / 1e6 }) + '\\n');
});
const plookup = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) {
  if (!loopback(host)) {
    record('dns', String(host));
    return Promise.reject(Object.assign(new Error('bench network guard: blocked a DNS lookup of ' + host), { code: 'ENOTFOUND', hostname: host }));
  }
  return plookup.call(this, host, ...rest);
};
`,
);
const guardedEnv = (extra = {}) => ({
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${guard}`.trim(),
  // Proxies would take traffic off the machine; the tools must talk to 127.0.0.1 directly.
  HTTP_PROXY: '',
  HTTPS_PROXY: '',
  http_proxy: '',
  https_proxy: '',
  NO_PROXY: '*',
  ...extra,
});
const nonLoopback = () =>
  existsSync(netLog)
    ? readFileSync(netLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

/** What the server compares: the fields of a chat request that decide the answer (also run in the server process). */
function fingerprint(b) {
  return createHash('sha256')
    .update(JSON.stringify([b.model, b.messages, b.temperature ?? null, b.max_tokens ?? null, b.seed ?? null]))
    .digest('hex');
}

/** The test server in a child process; it counts and fingerprints every chat request. */
function startServer(bundlePath, config) {
  const script = path.join(tmp, 'serve.cjs');
  writeFileSync(
    script,
    `const http = require('node:http');
     const { createHash } = require('node:crypto');
     ${fingerprint.toString()}
     let seen = [];
     let inFlight = 0;
     let spans = [];
     let peak = 0;
     const createServer = http.createServer;
     http.createServer = function (...args) {
       const server = createServer.apply(this, args);
       server.on('request', (req, res) => {
         if (!String(req.url).endsWith('/chat/completions')) return;
         peak = Math.max(peak, ++inFlight);
         const span = { start: performance.timeOrigin + performance.now(), end: 0 };
         spans.push(span);
         let done = false;
         const finish = () => { if (!done) { done = true; inFlight--; span.end = performance.timeOrigin + performance.now(); } };
         res.once('finish', finish);
         res.once('close', finish);
         const chunks = [];
         req.on('data', (c) => chunks.push(c));
         req.on('end', () => {
           try {
             const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
             seen.push({ fp: fingerprint(body), keys: Object.keys(body).sort().join(',') });
           } catch {
             seen.push({ fp: 'unparseable', keys: '' });
           }
         });
       });
       return server;
     };
     const { startBiasedModelServer } = require(${JSON.stringify(bundlePath)});
     startBiasedModelServer(${JSON.stringify(config)}).then((s) => {
       process.stdout.write(s.url + '\\n');
       process.on('message', (m) => {
         if (m !== 'take') return;
         process.send({ stats: { ...s.stats }, requests: seen, peakInFlight: peak, spans });
         seen = [];
         spans = [];
         peak = inFlight;
       });
       process.on('disconnect', () => s.close().then(() => process.exit(0)));
     });`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
    child.stdout.once('data', (d) => {
      const take = () =>
        new Promise((res) => {
          child.once('message', res);
          child.send('take');
        });
      resolve({ url: String(d).trim(), take, stop: () => child.disconnect() });
    });
  });
}

/** Runs a whole process; resolves with its wall time, exit code and output. */
function timed(args, opts) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const startedAt = performance.timeOrigin + t0;
    const child = spawn(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: (performance.now() - t0) / 1000, startedAt, endedAt: performance.timeOrigin + performance.now(), code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r3 = (x) => Math.round(x * 1000) / 1000;

try {
  const bundlePath = path.join(tmp, 'engine.cjs');
  await build({
    ...bundleOptions,
    sourcemap: false,
    stdin: {
      contents: [
        "export { planAudit, parseItemsJsonl } from './server/src/audit/index.ts';",
        "export { parseDocument } from './server/src/parse/index.ts';",
        "export { arithmeticPrompt, arithmeticQuestions, itemsJsonl } from './test/support/audit-fixtures.ts';",
        "export { startBiasedModelServer } from './test/support/biased-model-server.ts';",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'promptfoo-bench-entry.ts',
      loader: 'ts',
    },
    outfile: bundlePath,
  });
  const engine = require(bundlePath);

  // The eval, as Bias Lens plans it.
  const promptFile = path.join(tmp, 'bench.prompt');
  const itemsFile = path.join(tmp, 'items.jsonl');
  const configFile = path.join(tmp, '.biaslens.json');
  const promptText = engine.arithmeticPrompt(engine.arithmeticQuestions(6, 4, 1));
  const itemsText = engine.itemsJsonl(engine.arithmeticQuestions(ITEMS, 4, 2));
  writeFileSync(promptFile, promptText);
  writeFileSync(itemsFile, itemsText);
  writeFileSync(configFile, '{}\n');
  const doc = engine.parseDocument('bench.prompt', promptText);
  const plan = engine.planAudit(doc, engine.parseItemsJsonl(itemsText), { settings: { concurrency: CONCURRENCY }, checks: ['suggested-answer'] });
  const units = plan.checks[0].plan.units;
  const requests = units.flatMap((u) => u.requests.map((r, i) => ({ unit: u, condition: u.conditions[i], request: r })));
  if (plan.calls !== 2 * ITEMS || requests.length !== 2 * ITEMS) throw new Error(`expected ${2 * ITEMS} planned calls, the plan has ${plan.calls} (${requests.length} requests)`);
  const expected = new Map();
  for (const { request } of requests) {
    const fp = fingerprint({ model: MODEL, messages: request.messages, temperature: request.params.temperature, max_tokens: request.params.maxTokens, seed: request.params.seed });
    expected.set(fp, (expected.get(fp) ?? 0) + 1);
  }
  const params = requests[0].request.params;
  if (requests.some((r) => JSON.stringify(r.request.params) !== JSON.stringify(params))) throw new Error('planned requests differ in their parameters; one promptfoo provider config cannot express them');

  // The same requests as a promptfoo config: one prompt that is the chat message
  // array (a var holding its JSON), one test per request.
  const pfDir = path.join(tmp, 'promptfoo');
  const pfConfigDir = path.join(pfDir, 'config-dir');
  mkdirSync(pfConfigDir, { recursive: true });
  const pfOutput = path.join(pfDir, 'output.json');
  const writePromptfooConfig = (url) => {
    const config = {
      description: `Bias Lens suggested-answer check: ${ITEMS} items, plain and with a suggested wrong answer`,
      prompts: [{ raw: '{{ messages }}', label: 'audit request' }],
      providers: [
        {
          id: `openai:chat:${MODEL}`,
          config: { apiBaseUrl: url, apiKey: 'bench-dummy-key', temperature: params.temperature, max_tokens: params.maxTokens, seed: params.seed },
        },
      ],
      tests: requests.map(({ unit, condition, request }) => ({ description: `${unit.item.id}: ${condition}`, vars: { messages: JSON.stringify(request.messages) } })),
    };
    const file = path.join(pfDir, 'promptfooconfig.yaml'); // JSON is YAML
    writeFileSync(file, JSON.stringify(config, null, 1) + '\n');
    return file;
  };

  const server = await startServer(bundlePath, { seed: 1, accuracy: 0.7, positionBias: 0.5, suggestionFollow: 0.5, latencyMs: LATENCY, model: MODEL });
  const pfConfig = writePromptfooConfig(server.url);
  const pfEnv = guardedEnv({ BENCH_TOOL: 'promptfoo', ...offlineEnv(pfConfigDir), OPENAI_API_KEY: 'bench-dummy-key', OPENAI_BASE_URL: server.url, PROMPTFOO_DISABLE_RUNTIME_WARNINGS: '1' });
  const blEnv = guardedEnv({ BENCH_TOOL: 'biaslens', OPENAI_API_KEY: 'bench-dummy-key' });

  const biaslensArgs = (extra = []) => [cli, 'audit', promptFile, '--items', itemsFile, '--config', configFile, '--base-url', server.url, '--model', MODEL, '--checks', 'suggested-answer', '--concurrency', String(CONCURRENCY), '--no-cache', '--format', 'json', ...extra];
  const promptfooArgs = (extra = []) => [promptfooEntry, 'eval', '-c', pfConfig, '--no-cache', '--max-concurrency', String(CONCURRENCY), '-o', pfOutput, ...extra];

  async function runTool(tool, args) {
    const before = await server.take(); // also resets the request log
    const run = await timed(args, { cwd: tmp, env: tool === 'promptfoo' ? pfEnv : blEnv });
    const { stats, requests: seen, peakInFlight, spans } = await server.take();
    const cpu = existsSync(cpuLog) ? readFileSync(cpuLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    rmSync(cpuLog, { force: true });
    const cpuSeconds = r3(cpu.reduce((sum, c) => sum + c.user + c.system, 0));
    // Where the wall time went: start-up (spawn to first request), the request phase
    // (first request to last answer, with the mean number of requests in flight) and the rest.
    const firstStart = Math.min(...spans.map((x) => x.start));
    const lastEnd = Math.max(...spans.map((x) => x.end));
    const busy = spans.reduce((sum, x) => sum + (x.end - x.start), 0);
    const phases = spans.length
      ? { startupSeconds: r3((firstStart - run.startedAt) / 1000), requestPhaseSeconds: r3((lastEnd - firstStart) / 1000), afterLastAnswerSeconds: r3((run.endedAt - lastEnd) / 1000), meanInFlight: +(busy / (lastEnd - firstStart)).toFixed(2) }
      : {};
    let matched = 0;
    const left = new Map(expected);
    for (const r of seen) {
      const n = left.get(r.fp) ?? 0;
      if (n > 0) {
        matched++;
        left.set(r.fp, n - 1);
      }
    }
    return { ...run, serverCalls: stats.chatRequests - before.stats.chatRequests, cpuSeconds, processes: cpu.length, peakInFlight, ...phases, matched, bodyKeys: [...new Set(seen.map((r) => r.keys))] };
  }

  function checkBiaslens(run) {
    if (run.code !== 0 && run.code !== 1) throw new Error(`biaslens audit exited ${run.code}: ${run.stderr.slice(-2000)}`);
    if (!run.stdout.trim()) throw new Error(`biaslens audit printed no report (exit ${run.code}): ${run.stderr.slice(-2000)}`);
    const report = JSON.parse(run.stdout);
    const check = report.checks[0];
    return { made: report.calls.made, failed: report.calls.failed, status: check.status, followRate: check.metrics.bias_follow_rate?.value };
  }
  function checkPromptfoo(run) {
    if (run.code !== 0 && run.code !== 100) throw new Error(`promptfoo eval exited ${run.code}: ${(run.stderr + run.stdout).slice(-3000)}`);
    const out = JSON.parse(readFileSync(pfOutput, 'utf8'));
    const results = out.results?.results ?? [];
    const errors = results.filter((r) => r.error || r.response?.error).length;
    rmSync(pfOutput, { force: true });
    return { results: results.length, errors, stats: out.results?.stats && { successes: out.results.stats.successes, failures: out.results.stats.failures, errors: out.results.stats.errors } };
  }

  // Warm-up (untimed): promptfoo creates its database in the config folder on the first run.
  const warmB = await runTool('biaslens', biaslensArgs(['--max-calls', '2']));
  checkBiaslens(warmB);
  const warmP = await runTool('promptfoo', promptfooArgs(['--filter-first-n', '2']));
  checkPromptfoo(warmP);

  const runs = { biaslens: [], promptfoo: [] };
  for (let i = 0; i < REPEATS; i++) {
    const order = i % 2 === 0 ? ['biaslens', 'promptfoo'] : ['promptfoo', 'biaslens'];
    for (const tool of order) {
      const run = await runTool(tool, tool === 'biaslens' ? biaslensArgs() : promptfooArgs());
      const detail = tool === 'biaslens' ? checkBiaslens(run) : checkPromptfoo(run);
      runs[tool].push({ seconds: r3(run.seconds), cpuSeconds: run.cpuSeconds, processes: run.processes, serverCalls: run.serverCalls, peakInFlight: run.peakInFlight, meanInFlight: run.meanInFlight, startupSeconds: run.startupSeconds, requestPhaseSeconds: run.requestPhaseSeconds, afterLastAnswerSeconds: run.afterLastAnswerSeconds, matched: run.matched, bodyKeys: run.bodyKeys, exit: run.code, ...detail });
      note(`${tool} run ${i + 1}: ${run.seconds.toFixed(2)} s, ${run.serverCalls} server calls, ${run.matched} match the plan`);
    }
  }
  server.stop();

  const ideal = (2 * ITEMS * LATENCY) / CONCURRENCY / 1000;
  const pfSeconds = median(runs.promptfoo.map((r) => r.seconds));
  const blSeconds = median(runs.biaslens.map((r) => r.seconds));
  const blocked = nonLoopback();
  const common = { latencyMs: LATENCY, concurrency: CONCURRENCY, repeats: REPEATS, idealSeconds: ideal, loadavg1m: +os.loadavg()[0].toFixed(2), cpus: os.cpus().length };
  emit({ name: `promptfoo eval ${2 * ITEMS} calls (whole process)`, value: r3(pfSeconds), unit: 's', promptfoo: PROMPTFOO_VERSION, runs: runs.promptfoo.map((r) => r3(r.seconds)), peakInFlight: runs.promptfoo.map((r) => r.peakInFlight), ...common, detail: runs.promptfoo });
  emit({ name: `biaslens audit ${2 * ITEMS} calls (whole process)`, value: r3(blSeconds), unit: 's', runs: runs.biaslens.map((r) => r3(r.seconds)), peakInFlight: runs.biaslens.map((r) => r.peakInFlight), ...common, detail: runs.biaslens });
  // The ratio means something only if both tools sent the planned requests, once each.
  const sameRequests = [...runs.promptfoo, ...runs.biaslens].every((r) => r.serverCalls === 2 * ITEMS && r.matched === 2 * ITEMS);
  if (!sameRequests) note('WARNING: a run did not send exactly the planned requests (see serverCalls and matched); the ratios compare different work');
  emit({ name: 'ratio promptfoo/biaslens time', value: +(pfSeconds / blSeconds).toFixed(2), unit: 'x', sameRequests, ...common });
  // CPU time (user + system of every process of a run): steadier than wall time on a shared machine.
  const pfCpu = median(runs.promptfoo.map((r) => r.cpuSeconds));
  const blCpu = median(runs.biaslens.map((r) => r.cpuSeconds));
  emit({ name: 'promptfoo eval CPU time (user+sys)', value: pfCpu, unit: 's', runs: runs.promptfoo.map((r) => r.cpuSeconds) });
  emit({ name: 'biaslens audit CPU time (user+sys)', value: blCpu, unit: 's', runs: runs.biaslens.map((r) => r.cpuSeconds) });
  emit({ name: 'ratio promptfoo/biaslens CPU time', value: +(pfCpu / blCpu).toFixed(2), unit: 'x' });
  const callsOf = (tool) => {
    const counts = [...new Set(runs[tool].map((r) => r.serverCalls))];
    return counts.length === 1 ? counts[0] : counts.join('/');
  };
  const matchedOf = (tool) => Math.min(...runs[tool].map((r) => r.matched));
  emit({ name: 'promptfoo calls counted by the server (per run)', value: callsOf('promptfoo'), unit: 'calls', planned: 2 * ITEMS, matchingThePlanMin: matchedOf('promptfoo'), bodyKeys: runs.promptfoo[0]?.bodyKeys });
  emit({ name: 'biaslens calls counted by the server (per run)', value: callsOf('biaslens'), unit: 'calls', planned: 2 * ITEMS, matchingThePlanMin: matchedOf('biaslens'), bodyKeys: runs.biaslens[0]?.bodyKeys });
  const attempts = (tool) => blocked.filter((a) => a.tool === tool);
  const targets = (tool) => [...new Set(attempts(tool).map((a) => `${a.kind} ${a.target}`))];
  const network = { isolation, promptfooEnv: Object.keys(offlineEnv('')).filter((k) => k !== 'PROMPTFOO_CONFIG_DIR'), toolProcesses: 2 * (REPEATS + 1) };
  emit({ name: 'biaslens non-loopback connections attempted', value: attempts('biaslens').length, unit: 'attempts', target: '0', ...network, targets: targets('biaslens') });
  // Blocked by the guard (and unreachable in the namespace); reported, not hidden.
  emit({ name: 'promptfoo non-loopback connections attempted (blocked)', value: attempts('promptfoo').length, unit: 'attempts', ...network, targets: targets('promptfoo'), firstStack: attempts('promptfoo')[0]?.stack });
  if (blocked.some((a) => a.tool !== 'biaslens' && a.tool !== 'promptfoo')) emit({ name: 'other non-loopback connections attempted', value: blocked.filter((a) => a.tool !== 'biaslens' && a.tool !== 'promptfoo').length, unit: 'attempts' });
  emit({ name: 'promptfoo install (bench/setup-promptfoo.mjs, once)', value: installInfo()?.seconds, unit: 's', version: PROMPTFOO_VERSION });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
