// Where a steady lint's time goes, per phase: the parse, then each rule in the engine's order
// (one `lintDocument` call per rule on the same parsed document, so the first rule that needs a
// shared analysis, such as the document's lexicon, pays for it as in a whole lint). For each
// phase: wall time, page faults (memory touched for the first time; see lint.bench.mjs, "machine:
// first write to a fresh page") and the garbage-collection pauses V8 reported in it. Means over
// the rounds after the warm-up rounds.
// Usage: node bench/engine-phases.mjs [--file bench/out/corpus/fewshot-10MiB.prompt] [--rounds 8] [--warmup 6] [engine.cjs]
// The engine bundle defaults to bench/out/engine-cpu.cjs (written by bench/engine-cpu.mjs); keep
// bundles in bench/out, where the engine finds server/data. The corpus files are written by
// `npm run bench`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    file: { type: 'string', default: path.join(root, 'bench/out/corpus/fewshot-10MiB.prompt') },
    rounds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '6' },
  },
});
const { parseDocument, lintDocument, allRules } = createRequire(import.meta.url)(path.resolve(positionals[0] ?? path.join(root, 'bench/out/engine-cpu.cjs')));
const text = readFileSync(values.file, 'utf8');
const uri = path.basename(values.file);

const pauses = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push({ at: e.startTime, ms: e.duration, scavenge: e.detail?.kind === 1 });
});
observer.observe({ entryTypes: ['gc'] });

const windows = [];
const now = () => ({ faults: process.resourceUsage().minorPageFault, at: performance.now() });
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
for (let round = 0; round < warmup + rounds; round++) {
  let a = now();
  const doc = parseDocument(uri, text);
  let b = now();
  if (round >= warmup) windows.push(['parse', a, b]);
  for (const rule of allRules) {
    a = b;
    lintDocument(doc, undefined, { rules: [rule] });
    b = now();
    if (round >= warmup) windows.push([rule.meta.id, a, b]);
  }
}
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();

const phases = new Map();
for (const [name, a, b] of windows) {
  const p = phases.get(name) ?? { ms: 0, faults: 0, scavenge: 0, otherGc: 0 };
  p.ms += b.at - a.at;
  p.faults += b.faults - a.faults;
  for (const g of pauses) if (g.at >= a.at && g.at < b.at) g.scavenge ? (p.scavenge += g.ms) : (p.otherGc += g.ms);
  phases.set(name, p);
}
const total = { ms: 0, faults: 0, scavenge: 0, otherGc: 0 };
const row = (name, p) =>
  console.log(
    `${name.padEnd(34)} ${(p.ms / rounds).toFixed(1).padStart(8)} ms ${String(Math.round(p.faults / rounds)).padStart(7)} faults   GC: scavenges ${(p.scavenge / rounds).toFixed(1).padStart(6)} ms, other ${(p.otherGc / rounds).toFixed(1).padStart(5)} ms`,
  );
console.log(`${uri} (${(text.length / 2 ** 20).toFixed(2)} Mi characters), means of ${rounds} rounds after ${warmup}`);
for (const [name, p] of phases) {
  row(name, p);
  for (const k of Object.keys(total)) total[k] += p[k];
}
row('total', total);
