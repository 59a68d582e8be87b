// Steady-state lint cost of engine bundles, each in its own processes, alternating:
// per process, warm-up lints of a corpus (1 MiB unless --kib), then back-to-back lints with no
// forced GC (60 of 1 MiB, or as many of another size as make 60 MiB, 20 to 6000; as `npm run
// bench` measures throughput). Prints, per process, the minimum, first quartile and median CPU
// of one lint, the mean wall time of the steady lints (GC included) and their page faults per lint.
// One process per bundle per round, in turn, so all bundles see the machine's swings alike
// (two bundles in one process are not comparable: the second runs faster).
// Usage: node bench/engine-steady.mjs [--kind text|jsonl] [--kib 1024] [--rounds 3] a.cjs [b.cjs ...]
// Bundles: bench/engine-cpu.mjs writes bench/out/engine-cpu.cjs; keep them in bench/out
// (an engine bundle finds server/data from there).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { textCorpus, jsonlCorpus } from './corpus.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { kind: { type: 'string', default: 'text' }, kib: { type: 'string', default: '1024' }, rounds: { type: 'string', default: '3' }, child: { type: 'boolean' } },
});
const kind = values.kind === 'jsonl' ? 'jsonl' : 'text';
const kib = Number(values.kib);
// 60 lints of 1 MiB, as many more of a smaller corpus as make the same amount of text (at most
// 6000), and at least 20 of a larger one; warm-up a quarter as many.
const lints = Math.round(Math.min(6000, Math.max(20, (60 * 1024) / kib)));

if (values.child) {
  const { lint } = createRequire(import.meta.url)(path.resolve(positionals[0]));
  const [uri, text] = kind === 'text' ? ['bench.prompt', textCorpus(kib * 1024)] : ['bench.jsonl', jsonlCorpus(kib * 1024)];
  for (let i = 0; i < Math.max(15, lints >> 2); i++) lint({ uri, text });
  const cpu = [];
  const f0 = process.resourceUsage().minorPageFault;
  const w0 = performance.now();
  for (let i = 0; i < lints; i++) {
    const c = process.cpuUsage();
    lint({ uri, text });
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1e3);
  }
  const meanWall = (performance.now() - w0) / lints;
  // Page faults: memory the lints touched for the first time (see lint.bench.mjs, "machine: first write to a fresh page").
  const faults = (process.resourceUsage().minorPageFault - f0) / lints;
  cpu.sort((a, b) => a - b);
  console.log(JSON.stringify({ min: cpu[0], q1: cpu[lints >> 2], median: cpu[lints >> 1], meanWall, faults }));
} else {
  if (positionals.length === 0) throw new Error('usage: node bench/engine-steady.mjs [--kind text|jsonl] [--rounds N] a.cjs [b.cjs ...]');
  const self = fileURLToPath(import.meta.url);
  const rows = new Map(positionals.map((b) => [b, []]));
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const bundle of positionals) {
      const out = spawnSync(process.execPath, [self, '--child', '--kind', kind, '--kib', String(kib), bundle], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${bundle}: ${out.stderr}`);
      rows.get(bundle).push(JSON.parse(out.stdout));
    }
  }
  const f = (xs) => xs.map((x) => x.toFixed(1)).join(' ');
  console.log(`${kind} ${kib} KiB, ${values.rounds} alternating processes per bundle (each: ${lints} steady lints)`);
  for (const [bundle, rs] of rows) {
    console.log(`${bundle}\n  CPU ms min: ${f(rs.map((x) => x.min))} | q1: ${f(rs.map((x) => x.q1))} | median: ${f(rs.map((x) => x.median))}`);
    // Throughput as `npm run bench` prints it: MiB per second, labelled MB/s there.
    console.log(`  mean wall ms: ${f(rs.map((x) => x.meanWall))} = ${rs.map((x) => (kib / 1024 / (x.meanWall / 1000)).toFixed(1)).join(' ')} MiB/s`);
    console.log(`  page faults per lint: ${rs.map((x) => Math.round(x.faults)).join(' ')}`);
  }
}
