// How a steady lint's cost per MiB grows with the document's size: for text (or JSONL) corpora
// of 1, 2, 4 and 10 MiB (bench/corpus.mjs, same seed), each in its own process, warm-up lints and
// then back-to-back lints as bench/lint.bench.mjs measures throughput (at least 40 MiB of text in
// all). Prints ms per lint, ms per MiB and MiB/s per size. A document model whose costs were linear
// in size would show the same ms per MiB at every size; the rows show where they stop being so,
// and the 1 MiB row is the linear floor: ten times its ms per MiB is what a 10 MiB lint would
// cost with no extra cost for being large.
// Usage: node bench/engine-scaling.mjs [--kind text|jsonl] [--rounds 2] [engine.cjs]
// The bundle defaults to bench/out/engine-cpu.cjs (bench/engine-cpu.mjs writes it; keep bundles in
// bench/out, where the engine finds server/data).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { textCorpus, jsonlCorpus } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { kind: { type: 'string', default: 'text' }, rounds: { type: 'string', default: '2' }, child: { type: 'string' } },
});
const kind = values.kind === 'jsonl' ? 'jsonl' : 'text';
const bundle = path.resolve(positionals[0] ?? path.join(root, 'bench/out/engine-cpu.cjs'));

if (values.child) {
  const mib = Number(values.child);
  const { lint } = createRequire(import.meta.url)(bundle);
  const [uri, text] = kind === 'text' ? ['bench.prompt', textCorpus(mib << 20)] : ['bench.jsonl', jsonlCorpus(mib << 20)];
  const lints = Math.max(4, Math.ceil(40 / mib));
  for (let i = 0; i < Math.max(3, Math.ceil(16 / mib)); i++) lint({ uri, text });
  const t0 = performance.now();
  for (let i = 0; i < lints; i++) lint({ uri, text });
  console.log(((performance.now() - t0) / lints).toFixed(1));
} else {
  const self = fileURLToPath(import.meta.url);
  const sizes = [1, 2, 4, 10];
  const rows = new Map(sizes.map((s) => [s, []]));
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const mib of sizes) {
      const out = spawnSync(process.execPath, [self, '--kind', kind, '--child', String(mib), bundle], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      rows.get(mib).push(Number(out.stdout.trim()));
    }
  }
  console.log(`${kind}, ${path.relative(root, bundle)}, ${values.rounds} process(es) per size, in turn: mean wall ms per steady lint`);
  for (const [mib, ms] of rows) {
    console.log(`${String(mib).padStart(3)} MiB: ${ms.map((x) => x.toFixed(1)).join(' / ')} ms = ${ms.map((x) => (x / mib).toFixed(1)).join(' / ')} ms per MiB = ${ms.map((x) => ((mib * 1000) / x).toFixed(1)).join(' / ')} MiB/s`);
  }
}
