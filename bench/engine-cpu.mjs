// Engine CPU cost per format, per phase and per rule, in process. Uses CPU time
// (process.cpuUsage), not wall time, because the bench machine is shared; every
// figure is the minimum of several back-to-back repeats after one warm-up. There is no
// forced GC between repeats: after a forced GC V8 deoptimises much of the engine, so the run
// after it measures re-optimisation (see bench/lint.bench.mjs).
// Usage: node bench/engine-cpu.mjs [bytes=1048576] [repeats=7] [rule-id-filter]
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { textCorpus, jsonlCorpus } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// ENGINE_BUNDLE=<file.cjs> measures an engine bundled earlier (e.g. from another commit) instead.
const outfile = process.env.ENGINE_BUNDLE ? path.resolve(process.env.ENGINE_BUNDLE) : path.join(root, 'bench', 'out', 'engine-cpu.cjs');
if (!process.env.ENGINE_BUNDLE) await build({
  ...bundleOptions,
  sourcemap: false,
  stdin: {
    contents: "export { lint, lintDocument, allRules } from './server/src/engine/lint.ts'; export { parseDocument } from './server/src/parse/index.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  outfile,
});
const { lint, lintDocument, allRules, parseDocument } = createRequire(import.meta.url)(outfile);

const size = +(process.argv[2] ?? 1048576);
const repeats = +(process.argv[3] ?? 7);
const filter = process.argv[4];

function cpu(fn) {
  const samples = [];
  fn(fn.setup ? fn.setup() : undefined); // warm-up
  for (let i = 0; i < repeats; i++) {
    const setup = fn.setup ? fn.setup() : undefined;
    const c0 = process.cpuUsage();
    fn(setup);
    const c = process.cpuUsage(c0);
    samples.push((c.user + c.system) / 1e3);
  }
  samples.sort((a, b) => a - b);
  // The minimum: on a shared machine, other load only ever adds time.
  return samples[0];
}
const ms = (x) => x.toFixed(1).padStart(7) + ' ms';

for (const [name, text, uri] of [
  ['text', textCorpus(size), 'bench.prompt'],
  ['jsonl', jsonlCorpus(size), 'bench.jsonl'],
]) {
  const mib = text.length / 2 ** 20;
  lint({ uri, text }); // warm up
  const total = cpu(() => lint({ uri, text }));
  const parse = cpu(() => parseDocument(uri, text));
  const parsed = () => parseDocument(uri, text);
  const engineOnly = Object.assign((doc) => lintDocument(doc, undefined, { rules: [] }), { setup: parsed });
  const overhead = cpu(engineOnly);
  console.log(`${name} (${mib.toFixed(2)} MiB): lint ${ms(total)} = ${(mib / (total / 1e3)).toFixed(1)} MB/s CPU; parse ${ms(parse)}; engine without rules ${ms(overhead)}`);
  // Rules share per-document caches (tokens, mentions), so a category's rules run together cost less than the sum of their lines below.
  for (const category of ['structure', 'demographic']) {
    const rules = allRules.filter((r) => r.meta.category === category);
    const together = Object.assign((doc) => lintDocument(doc, undefined, { rules }), { setup: parsed });
    console.log(`  ${(category + ' rules together').padEnd(34)} ${ms(cpu(together) - overhead)}`);
  }
  for (const rule of allRules) {
    if (filter && !rule.meta.id.includes(filter)) continue;
    const one = Object.assign((doc) => lintDocument(doc, undefined, { rules: [rule] }), { setup: parsed });
    console.log(`  ${rule.meta.id.padEnd(34)} ${ms(cpu(one) - overhead)}`);
  }
}
