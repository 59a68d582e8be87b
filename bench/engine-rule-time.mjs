// Where a steady lint() of one file spends its time, rule by rule, as the engine runs it: each rule's start, part
// and finish wrapped in a timer, whatever parts the engine cuts the file into (a text prompt of more than
// DEFAULT_PART_SIZE characters is parsed part by part; see docs/design/part-wise-lint.md). "parse and engine" is the
// rest of the lint: parsing (all of it, or part by part between the rules' turns), suppressions and diagnostics.
// Means over the rounds after the warm-up rounds, in one process.
// Usage: node bench/engine-rule-time.mjs [--file bench/out/corpus/fewshot-10MiB.prompt] [--rounds 12] [--warmup 6] [--part-size N] [engine.cjs]
// The engine bundle defaults to bench/out/engine-cpu.cjs (written by bench/engine-cpu.mjs); keep bundles in bench/out,
// where the engine finds server/data. --part-size 0 lints whole.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    file: { type: 'string', default: path.join(root, 'bench/out/corpus/fewshot-10MiB.prompt') },
    rounds: { type: 'string', default: '12' },
    warmup: { type: 'string', default: '6' },
    'part-size': { type: 'string' },
  },
});
const { lint, allRules } = createRequire(import.meta.url)(path.resolve(positionals[0] ?? path.join(root, 'bench/out/engine-cpu.cjs')));
const text = readFileSync(values.file, 'utf8');
const uri = path.basename(values.file);

const spent = new Map();
const timed = (id, f) =>
  function (...args) {
    const t = performance.now();
    try {
      return f.apply(this, args);
    } finally {
      spent.set(id, (spent.get(id) ?? 0) + performance.now() - t);
    }
  };
const rules = allRules.map((r) =>
  r.start
    ? { ...r, start: (ctx) => { const pass = timed(r.meta.id, r.start)(ctx); return { part: timed(r.meta.id, pass.part), ...(pass.finish ? { finish: timed(r.meta.id, pass.finish) } : {}) }; } }
    : { ...r, check: timed(r.meta.id, r.check) },
);
const options = { rules, ...(values['part-size'] !== undefined ? { partSize: Number(values['part-size']) } : {}) };
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
let total = 0;
for (let i = 0; i < warmup + rounds; i++) {
  if (i === warmup) {
    spent.clear();
    total = 0;
  }
  const t = performance.now();
  lint({ uri, text }, undefined, options);
  total += performance.now() - t;
}
console.log(`${uri} (${(text.length / 2 ** 20).toFixed(2)} Mi characters), means of ${rounds} lints after ${warmup}`);
let inRules = 0;
for (const [id, ms] of spent) {
  inRules += ms;
  console.log(`${id.padEnd(34)} ${(ms / rounds).toFixed(1).padStart(7)} ms`);
}
console.log(`${'parse and engine'.padEnd(34)} ${((total - inRules) / rounds).toFixed(1).padStart(7)} ms`);
console.log(`${'total'.padEnd(34)} ${(total / rounds).toFixed(1).padStart(7)} ms`);
