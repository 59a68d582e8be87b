// A/B of two engine bundles (e.g. bench/out/engine-cpu.cjs built before and after a
// change), interleaved in one process so both see the same machine load: CPU ms per
// phase (parse, structure rules, demographic rules, whole lint) on 1 MiB corpora,
// min/median of N back-to-back repeats (no forced GC between them: see bench/engine-cpu.mjs).
// Usage: node bench/engine-ab.mjs <a.cjs> <b.cjs> [repeats=11]
// Bundles: build one with bench/engine-cpu.mjs (it writes bench/out/engine-cpu.cjs; copy it aside before the change).
import { createRequire } from 'node:module';
import path from 'node:path';
import { textCorpus, jsonlCorpus } from './corpus.mjs';
const req = createRequire(import.meta.url);
const mods = { A: req(path.resolve(process.argv[2])), B: req(path.resolve(process.argv[3])) };
const N = +(process.argv[4] ?? 11);
const cpu = (f) => { const c = process.cpuUsage(); f(); const d = process.cpuUsage(c); return (d.user + d.system) / 1e3; };
for (const [u, t] of [['a.prompt', textCorpus(1 << 20)], ['a.jsonl', jsonlCorpus(1 << 20)]]) {
  const res = {};
  for (const m of Object.values(mods)) m.lint({ uri: u, text: t });
  for (let i = 0; i < N; i++) for (const [k, m] of Object.entries(mods)) {
    const r = (res[k] ??= { parse: [], structure: [], demographic: [], lint: [] });
    r.parse.push(cpu(() => m.parseDocument(u, t)));
    for (const cat of ['structure', 'demographic']) {
      const rules = m.allRules.filter((x) => x.meta.category === cat);
      const doc = m.parseDocument(u, t);
      r[cat].push(cpu(() => m.lintDocument(doc, undefined, { rules })));
    }
    r.lint.push(cpu(() => m.lint({ uri: u, text: t })));
  }
  for (const [k, r] of Object.entries(res)) {
    console.log(`${u} ${k} (min/median ms)`, Object.entries(r).map(([ph, a]) => { a.sort((x, y) => x - y); return `${ph} ${a[0].toFixed(0)}/${a[a.length >> 1].toFixed(0)}`; }).join('  '));
  }
}
