// Lint throughput and whole-process CLI cost, with alex (npm `alex --text`) on
// the same text in the same run as the peer. Prints one JSON object per line.
// Run by bench/run.mjs with --expose-gc (steadier in-process CPU figures).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { textCorpus, jsonlCorpus } from './corpus.mjs';
import { bundleOptions } from '../scripts/bundle-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
const corpus = path.join(out, 'corpus');
mkdirSync(corpus, { recursive: true });
const emit = (name, value, unit, target) => console.log(JSON.stringify({ name, value, unit, ...(target ? { target } : {}) }));

const SIZES = [
  ['10KiB', 10 * 1024],
  ['1MiB', 1024 * 1024],
  ['10MiB', 10 * 1024 * 1024],
];
const files = {};
for (const [label, bytes] of SIZES) {
  files[`text-${label}`] = path.join(corpus, `fewshot-${label}.prompt`);
  files[`jsonl-${label}`] = path.join(corpus, `chat-${label}.jsonl`);
  writeFileSync(files[`text-${label}`], textCorpus(bytes));
  writeFileSync(files[`jsonl-${label}`], jsonlCorpus(bytes));
}

// In-process engine throughput (parse + every rule), two ways:
// - steady state: after warm-up runs, N consecutive lint() calls with no forced GC; the
//   figure is total wall time / N, so the garbage collections the runs cause are paid in it.
//   This is what a long-running process (the language server, a CI job over many files) sees.
// - after a forced GC: the best of N runs, each right after gc() (with --expose-gc). Kept for
//   comparison with earlier figures; it is pessimistic: after a forced GC, V8 deoptimises
//   about 160 of the engine's optimised functions ("weak objects" in --trace-deopt: objects
//   their code refers to, from the previous run's dead document, were collected), so every
//   such run re-optimises the engine. A steady run shows no such deoptimisations.
const engineBundle = path.join(out, 'engine.cjs');
await build({
  ...bundleOptions,
  sourcemap: false,
  stdin: {
    contents: "export { lint } from './server/src/engine/lint.ts'; export { parseDocument } from './server/src/parse/index.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  outfile: engineBundle,
});
const { lint, parseDocument } = createRequire(import.meta.url)(engineBundle);
const { readFileSync } = await import('node:fs');
const gc = globalThis.gc ?? (() => {});
const cpuMs = (c) => (c.user + c.system) / 1e3;
// Garbage collections, as V8 reports them (pauses of the main thread), to tell how much of a
// steady lint is collecting the document model rather than linting.
const gcPauses = [];
const { PerformanceObserver } = await import('node:perf_hooks');
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push([e.startTime, e.duration]);
});
gcObserver.observe({ entryTypes: ['gc'] });
for (const [key, file] of Object.entries(files)) {
  const text = readFileSync(file, 'utf8');
  const runs = key.endsWith('10KiB') ? 200 : key.endsWith('1MiB') ? 15 : 4;
  const mib = statSync(file).size / 2 ** 20;
  let diagnostics = 0;
  // Steady state: warm up, then back-to-back lints (4x `runs`, and at least 60 MiB of text in all,
  // for a steady mean). The warm-up is at least 16 MiB of text whatever the file's size, as for the
  // 1 MiB files: the 10 KiB files are linted first in this process, and with 200 lints of one
  // (2 MiB) as warm-up they measured 29.7 MB/s where the same code, warmed up apart, gave 46-51
  // (most likely part of the engine was still being optimised while the steady runs were timed).
  const steadyRuns = Math.max(runs * 4, Math.ceil(60 / mib));
  for (let i = 0; i < Math.max(3, runs, Math.ceil(16 / mib)); i++) diagnostics = lint({ uri: file, text }).diagnostics.length;
  const s0 = process.cpuUsage();
  const f0 = process.resourceUsage().minorPageFault;
  const w0 = process.hrtime.bigint();
  const steadyFrom = performance.now();
  for (let i = 0; i < steadyRuns; i++) lint({ uri: file, text });
  const steadyTo = performance.now();
  const steadyWall = Number(process.hrtime.bigint() - w0) / 1e9 / steadyRuns;
  const steadyCpu = cpuMs(process.cpuUsage(s0)) / steadyRuns;
  const steadyFaults = (process.resourceUsage().minorPageFault - f0) / steadyRuns;
  // The observer is told of collections asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const steadyGcMs = gcPauses.filter(([t]) => t >= steadyFrom && t < steadyTo).reduce((sum, [, d]) => sum + d, 0) / steadyRuns;
  // After a forced GC: best of `runs`.
  let best = Infinity;
  let bestCpu = Infinity;
  let bestParseCpu = Infinity;
  for (let i = 0; i < runs; i++) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    diagnostics = lint({ uri: file, text }).diagnostics.length;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    bestCpu = Math.min(bestCpu, cpuMs(process.cpuUsage(c0)));
    gc();
    const p0 = process.cpuUsage();
    parseDocument(file, text);
    bestParseCpu = Math.min(bestParseCpu, cpuMs(process.cpuUsage(p0)));
  }
  emit(`engine throughput ${key}`, +(mib / steadyWall).toFixed(1), 'MB/s', '>= 50');
  emit(`engine cpu ms/MiB ${key}`, +(steadyCpu / mib).toFixed(1), 'ms');
  // Memory the lint touches for the first time (see "machine: first write to a fresh page" below).
  emit(`engine page faults per lint ${key} (steady)`, Math.round(steadyFaults), 'count');
  emit(`engine GC pauses per lint ${key} (steady)`, +steadyGcMs.toFixed(1), 'ms');
  emit(`engine throughput ${key}, run after a forced GC (best)`, +(mib / best).toFixed(1), 'MB/s');
  emit(`engine cpu ms/MiB ${key}, run after a forced GC (best; parse alone)`, +(bestParseCpu / mib).toFixed(1), 'ms');
  emit(`engine cpu ms/MiB ${key}, run after a forced GC (best; parse + rules)`, +(bestCpu / mib).toFixed(1), 'ms');
  emit(`engine diagnostics ${key}`, diagnostics, 'count');
}
gcObserver.disconnect();

// Whole-process time and peak memory: median of 5 runs, via GNU time when present.
const hasGnuTime = existsSync('/usr/bin/time');
// The CLI keeps V8's code cache in $XDG_CACHE_HOME/biaslens/v8; the bench uses its own folder.
const cliEnv = { ...process.env, XDG_CACHE_HOME: path.join(out, 'xdg-cache') };
delete cliEnv.BIASLENS_NO_CODE_CACHE;
// Node reads the certificates that NODE_EXTRA_CA_CERTS names as it starts, before any of the
// CLI's code runs, so where an environment sets it every Node process pays for it, `node -e 0`
// included. The sandbox of docs/benchmarks.md sets it (to the system's bundle of some 140
// certificates): `node -e 0` took 0.08 s without it and 0.13-0.14 s with it (6 runs of each,
// alternating). The whole-process figures are taken without it, as where it is not set; where it
// is set, `node -e 0` and the CLI on the 1 MiB text are timed with it too, and printed as such.
const extraCaCerts = cliEnv.NODE_EXTRA_CA_CERTS;
delete cliEnv.NODE_EXTRA_CA_CERTS;
const envWithExtraCaCerts = extraCaCerts ? { ...cliEnv, NODE_EXTRA_CA_CERTS: extraCaCerts } : undefined;
function measure(cmd, args, { runs = 5, env = cliEnv } = {}) {
  return measureAlternating(cmd, [args], { runs, env })[0];
}
/** `measure` of several argument lists, their runs alternating (a fair comparison on a machine whose speed moves). */
function measureAlternating(cmd, argLists, { runs = 5, env = cliEnv } = {}) {
  const samples = argLists.map(() => ({ times: [], cpus: [], faults: [], peakKiB: 0 }));
  for (let i = 0; i < runs; i++) {
    argLists.forEach((args, k) => {
      const s = samples[k];
      const t0 = process.hrtime.bigint();
      const r = hasGnuTime
        ? spawnSync('/usr/bin/time', ['-f', '%M %U %S %R', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env })
        : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, env });
      s.times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      if (hasGnuTime) {
        const [kib, user, sys, faults] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
        s.peakKiB = Math.max(s.peakKiB, kib || 0);
        s.cpus.push((user || 0) + (sys || 0));
        s.faults.push(faults || 0);
      }
    });
  }
  const mid = runs >> 1;
  return samples.map(({ times, cpus, faults, peakKiB }) => {
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    faults.sort((a, b) => a - b);
    return { seconds: times[mid], cpuSeconds: hasGnuTime ? cpus[mid] : null, pageFaults: hasGnuTime ? faults[mid] : null, peakMiB: hasGnuTime ? +(peakKiB / 1024).toFixed(1) : null };
  });
}
const cli = path.join(root, 'dist', 'cli.js');

/**
 * What this machine charges for memory touched for the first time: the time per page fault of
 * writing one byte to each 4 KiB page of 64 MiB of fresh memory, best of five. On the machine
 * of docs/benchmarks.md it measured 10.4-11.6 µs in session 10, when a CLI run made some 15,000
 * faults and a steady 10 MiB lint some 10,000 (see the "page faults" figures), so it is printed
 * next to them: a slow run can then be told apart from slow code.
 */
function pageFaultCost() {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const f0 = process.resourceUsage().minorPageFault;
    const t0 = process.hrtime.bigint();
    const mem = Buffer.allocUnsafeSlow(64 << 20);
    for (let i = 0; i < mem.length; i += 4096) mem[i] = 1;
    const ns = Number(process.hrtime.bigint() - t0);
    const faults = process.resourceUsage().minorPageFault - f0;
    if (faults > 1000) best = Math.min(best, ns / 1e3 / faults);
  }
  return best;
}

// Start-up: a tiny file (the median of 11 runs) against bare `node -e 0`. The CLI's code cache is
// written by its first run, so the cached figure is what users see after that; the uncached one
// (BIASLENS_NO_CODE_CACHE=1) is a first run. The demographic rules' lexicon build is part of both.
const tiny = path.join(root, 'examples', 'mcq-always-a.prompt');
spawnSync(process.execPath, [cli, 'lint', '--format', 'json', tiny], { env: cliEnv }); // writes the cache
const bare = measure(process.execPath, ['-e', '0'], { runs: 11 });
const cached = measure(process.execPath, [cli, 'lint', '--format', 'json', tiny], { runs: 11 });
const uncached = measure(process.execPath, [cli, 'lint', '--format', 'json', tiny], { runs: 11, env: { ...cliEnv, BIASLENS_NO_CODE_CACHE: '1' } });
emit('node -e 0 (whole process)', +bare.seconds.toFixed(3), 's');
if (envWithExtraCaCerts) emit('node -e 0, with NODE_EXTRA_CA_CERTS as this environment sets it (whole process)', +measure(process.execPath, ['-e', '0'], { runs: 11, env: envWithExtraCaCerts }).seconds.toFixed(3), 's');
if (bare.pageFaults !== null) emit('node -e 0 page faults (median)', bare.pageFaults, 'count');
emit('machine: first write to a fresh page (µs per page fault)', +pageFaultCost().toFixed(2), 'µs');
emit('cli lint tiny file (whole process)', +cached.seconds.toFixed(3), 's');
emit('cli lint tiny file, no code cache (whole process)', +uncached.seconds.toFixed(3), 's');
if (bare.cpuSeconds !== null) {
  emit('cli lint tiny file cpu over node -e 0', +(cached.cpuSeconds - bare.cpuSeconds).toFixed(3), 's');
  emit('cli lint tiny file cpu over node -e 0, no code cache', +(uncached.cpuSeconds - bare.cpuSeconds).toFixed(3), 's');
}

const alexBin = path.join(root, 'node_modules', 'alex', 'cli.js');
for (const label of ['10KiB', '1MiB']) {
  const file = files[`text-${label}`];
  const ours = measure(process.execPath, [cli, 'lint', '--format', 'json', file]);
  emit(`cli lint text ${label} (whole process)`, +ours.seconds.toFixed(3), 's', label === '1MiB' ? '<= 0.25' : undefined);
  if (ours.cpuSeconds !== null) emit(`cli lint text ${label} cpu (user + sys)`, +ours.cpuSeconds.toFixed(3), 's');
  if (ours.peakMiB !== null) emit(`cli lint text ${label} peak memory`, ours.peakMiB, 'MiB', label === '1MiB' ? '<= 150' : undefined);
  if (ours.pageFaults !== null) emit(`cli lint text ${label} page faults (median)`, ours.pageFaults, 'count');
  if (label === '1MiB' && envWithExtraCaCerts) {
    const withCerts = measure(process.execPath, [cli, 'lint', '--format', 'json', file], { env: envWithExtraCaCerts });
    emit(`cli lint text ${label}, with NODE_EXTRA_CA_CERTS as this environment sets it (whole process)`, +withCerts.seconds.toFixed(3), 's');
  }
  if (label === '1MiB') {
    // The same run with V8's background pool sized to the machine (docs/cli.md, "Small machines"): a user's choice, not the default.
    // Alternating runs of both (7 each), so the ratio compares the same minutes.
    const [plain, pool] = measureAlternating(process.execPath, [[cli, 'lint', '--format', 'json', file], ['--v8-pool-size=0', cli, 'lint', '--format', 'json', file]], { runs: 7 });
    emit(`cli lint text ${label}, node --v8-pool-size=0 (whole process)`, +pool.seconds.toFixed(3), 's');
    emit(`ratio cli time default / --v8-pool-size=0, text ${label} (7 alternating runs each)`, +(plain.seconds / pool.seconds).toFixed(2), 'x');
  }
  const jl = measure(process.execPath, [cli, 'lint', '--format', 'json', files[`jsonl-${label}`]]);
  emit(`cli lint jsonl ${label} (whole process)`, +jl.seconds.toFixed(3), 's');
  if (jl.cpuSeconds !== null) emit(`cli lint jsonl ${label} cpu (user + sys)`, +jl.cpuSeconds.toFixed(3), 's');
  if (jl.peakMiB !== null) emit(`cli lint jsonl ${label} peak memory`, jl.peakMiB, 'MiB');
  const alex = measure(process.execPath, [alexBin, '--text', file]);
  emit(`alex --text ${label} (whole process)`, +alex.seconds.toFixed(3), 's');
  if (alex.peakMiB !== null) emit(`alex --text ${label} peak memory`, alex.peakMiB, 'MiB');
  emit(`ratio alex/biaslens time ${label}`, +(alex.seconds / ours.seconds).toFixed(2), 'x');
}
