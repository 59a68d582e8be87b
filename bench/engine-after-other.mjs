// Steady lints of one 10 MiB corpus in a fresh process, or after the other corpora have been
// linted in the same process first (as `npm run bench` does: 10 KiB, 1 MiB and the 10 MiB text
// before the 10 MiB JSONL). Prints mean wall ms per lint and the garbage collector's pauses per
// lint (V8's "gc" performance entries), in all and for the scavenges (young generation) alone,
// over 16 lints after 4 warm-up lints.
//
// The two differ because V8 decides per object-literal site whether to allocate its objects in
// the old generation ("pretenuring"), and a site it has decided not to pretenure stays so for the
// life of the process (`node --trace-pretenuring-statistics`: "don't tenure => don't tenure").
// The small corpora linted first make most of the engine's literal sites "don't tenure" (their
// objects die young there), and in the 10 MiB lints after them those objects are then copied by
// scavenges instead of being allocated old; a fresh process decides "tenure" for them. With
// `node --no-allocation-site-pretenuring` the text measures alike either way, and most of the
// JSONL's difference goes too (session 29 in docs/benchmarks.md). So a change to the engine's
// large-document speed is measured with --after, as the bench sees it.
//
// With two or more bundles, each runs in its own processes, in turn, --rounds times (A, B, A, B,
// ...), and the figures are printed per bundle.
// Usage: node bench/engine-after-other.mjs <bundle.cjs> [more bundles] [--after] [--kind text|jsonl] [--rounds N]
// (bench/engine-cpu.mjs writes bench/out/engine-cpu.cjs; keep bundles in bench/out; the corpora
// are bench/out/corpus/, written by `npm run bench`.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    after: { type: 'boolean' },
    kind: { type: 'string', default: 'jsonl' },
    rounds: { type: 'string', default: '1' },
    // (A child of an A/B run: print the figures as JSON.)
    json: { type: 'boolean' },
  },
});
if (positionals.length === 0) throw new Error('usage: node bench/engine-after-other.mjs <bundle.cjs> [more bundles] [--after] [--kind text|jsonl] [--rounds N]');
const target = values.kind === 'text' ? 'fewshot-10MiB.prompt' : 'chat-10MiB.jsonl';
const label = `${target} ${values.after ? 'after the corpora before it' : 'fresh process'}`;

if (positionals.length === 1 && values.rounds === '1') {
  const r = await measure(positionals[0]);
  if (values.json) console.log(JSON.stringify(r));
  else console.log(`${label}: ${r.ms.toFixed(1)} ms per lint, GC pauses ${r.gc.toFixed(1)} ms per lint (${r.scavenges} scavenges in 16 lints, ${r.scavengeMs.toFixed(1)} ms per lint)`);
} else {
  // A/B: each bundle in its own processes, in turn.
  const self = fileURLToPath(import.meta.url);
  const rows = new Map(positionals.map((b) => [b, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const bundle of positionals) {
      const args = [self, bundle, '--kind', values.kind, '--json', ...(values.after ? ['--after'] : [])];
      const out = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${bundle}: ${out.stderr}`);
      rows.get(bundle).push(JSON.parse(out.stdout));
    }
  }
  console.log(`${label}, ${values.rounds} processes per bundle, in turn`);
  for (const [bundle, rs] of rows) {
    console.log(`${path.basename(bundle)}`);
    console.log(`  ms per lint: ${rs.map((r) => r.ms.toFixed(1)).join(' ')}`);
    console.log(`  GC pauses per lint: ${rs.map((r) => r.gc.toFixed(1)).join(' ')} ms (scavenges in 16 lints: ${rs.map((r) => r.scavenges).join(' ')})`);
  }
}

/** 16 steady lints of the target corpus with `bundle` in this process (after the others with --after): ms per lint, GC pauses. */
async function measure(bundle) {
  const { lint } = createRequire(import.meta.url)(path.resolve(bundle));
  const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out', 'corpus');
  const read = (f) => readFileSync(path.join(corpus, f), 'utf8');
  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push([e.startTime, e.duration, e.detail?.kind]);
  });
  observer.observe({ entryTypes: ['gc'] });
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
  observer.disconnect();
  const measured = pauses.filter(([t]) => t >= from && t < to);
  const scavenges = measured.filter(([, , kind]) => kind === constants.NODE_PERFORMANCE_GC_MINOR);
  return {
    ms: (to - from) / 16,
    gc: measured.reduce((sum, [, d]) => sum + d, 0) / 16,
    scavenges: scavenges.length,
    scavengeMs: scavenges.reduce((sum, [, d]) => sum + d, 0) / 16,
  };
}
