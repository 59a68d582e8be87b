// Steady lints of one 10 MiB corpus in a fresh process, or after the other corpora have been
// linted in the same process first (as `npm run bench` does: 10 KiB, 1 MiB and the 10 MiB text
// before the 10 MiB JSONL). Prints mean wall ms per lint and the garbage collector's pauses per
// lint (V8's "gc" performance entries), in all and for the scavenges (young generation) alone,
// over 16 lints after 4 warm-up lints.
// Usage: node bench/engine-after-other.mjs <bundle.cjs> [--after] [--kind text|jsonl]
// (bench/engine-cpu.mjs writes bench/out/engine-cpu.cjs; keep bundles in bench/out; the corpora
// are bench/out/corpus/, written by `npm run bench`.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { after: { type: 'boolean' }, kind: { type: 'string', default: 'jsonl' } } });
const { lint } = createRequire(import.meta.url)(path.resolve(positionals[0]));
const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out', 'corpus');
const read = (f) => readFileSync(path.join(corpus, f), 'utf8');
const pauses = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push([e.startTime, e.duration, e.detail?.kind]);
}).observe({ entryTypes: ['gc'] });
const target = values.kind === 'text' ? 'fewshot-10MiB.prompt' : 'chat-10MiB.jsonl';
if (values.after) {
  // The bench's order and counts of lints before this corpus (its warm-up and steady runs).
  const before = ['fewshot-10KiB.prompt', 'chat-10KiB.jsonl', 'fewshot-1MiB.prompt', 'chat-1MiB.jsonl', 'fewshot-10MiB.prompt', 'chat-10MiB.jsonl'];
  for (const f of before.slice(0, before.indexOf(target))) {
    const text = read(f);
    const n = f.includes('10KiB') ? 400 : f.includes('1MiB') ? 76 : 20;
    for (let i = 0; i < n; i++) lint({ uri: f, text });
  }
}
const text = read(target);
for (let i = 0; i < 4; i++) lint({ uri: target, text });
const from = performance.now();
for (let i = 0; i < 16; i++) lint({ uri: target, text });
const to = performance.now();
// The observer is told of collections asynchronously.
await new Promise((resolve) => setTimeout(resolve, 50));
const measured = pauses.filter(([t]) => t >= from && t < to);
const gc = measured.reduce((sum, [, d]) => sum + d, 0) / 16;
const scavenges = measured.filter(([, , kind]) => kind === constants.NODE_PERFORMANCE_GC_MINOR);
const scavengeMs = scavenges.reduce((sum, [, d]) => sum + d, 0) / 16;
console.log(
  `${target} ${values.after ? 'after the corpora before it' : 'fresh process'}: ${((to - from) / 16).toFixed(1)} ms per lint, GC pauses ${gc.toFixed(1)} ms per lint` +
    ` (${scavenges.length} scavenges in 16 lints, ${scavengeMs.toFixed(1)} ms per lint)`,
);
