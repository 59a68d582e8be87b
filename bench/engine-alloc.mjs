// Allocation profile of steady-state lint(): bytes allocated per lint, by allocating function (self),
// objects already collected by GC included (V8 sampling heap profiler, one sample per KiB).
// Usage: node bench/engine-alloc.mjs <bundle.cjs, e.g. bench/out/engine-cpu.cjs from bench/engine-cpu.mjs> text|jsonl [top=30]
// BENCH_KIB=10240 in the environment profiles a corpus of that size instead of 1 MiB (with 4 warm-up lints instead of 15).
import { createRequire } from 'node:module';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { textCorpus, jsonlCorpus } from './corpus.mjs';
const { lint } = createRequire(import.meta.url)(path.resolve(process.argv[2]));
const kind = process.argv[3] ?? 'text';
const top = +(process.argv[4] ?? 30);
const text = kind === 'text' ? textCorpus(+(process.env.BENCH_KIB ?? 1024) * 1024) : jsonlCorpus(+(process.env.BENCH_KIB ?? 1024) * 1024);
const uri = kind === 'text' ? 'bench.prompt' : 'bench.jsonl';
for (let i = 0; i < (process.env.BENCH_KIB ? 4 : 15); i++) lint({ uri, text });
const s = new Session(); s.connect();
const RUNS = 5;
await s.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (let i = 0; i < RUNS; i++) lint({ uri, text });
const { profile } = await s.post('HeapProfiler.stopSampling');
const self = new Map(); let total = 0;
(function walk(n) { const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; const b = n.selfSize; total += b; self.set(k, (self.get(k) ?? 0) + b); for (const c of n.children) walk(c); })(profile.head);
console.log(`${kind}: ${(total / RUNS / 2 ** 20).toFixed(1)} MiB allocated per lint (sampled)`);
for (const [k, b] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((b / RUNS / 2 ** 20).toFixed(2).padStart(7) + ' MiB  ' + k);
