// Whether two engine bundles give byte-identical lint results (diagnostics, fixes and
// the whole document model) on the bench corpora (several seeds, a skewed set) and on
// every prompt/dataset file under test/, examples/ and docs/. For checking that a
// speed-up changed nothing. Usage: node bench/engine-same-output.mjs <a.cjs> <b.cjs>
// Bundles: build one with bench/engine-cpu.mjs (it writes bench/out/engine-cpu.cjs; copy it aside before the change).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { textCorpus, jsonlCorpus } from './corpus.mjs';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const req = createRequire(import.meta.url);
const [a, b] = [req(path.resolve(process.argv[2])), req(path.resolve(process.argv[3]))];
const inputs = [];
for (let s = 1; s <= 4; s++) {
  inputs.push([`t${s}.prompt`, textCorpus(65536, s)], [`j${s}.jsonl`, jsonlCorpus(65536, s)], [`t${s}.md`, textCorpus(20000, s + 10)]);
}
let skewed = 0;
inputs.push(['skew.prompt', textCorpus(200000, 7).replace(/So the answer is \(([A-D])\)/g, (s) => (skewed++ % 5 < 3 ? 'So the answer is (A)' : s))]);
function walk(dir) {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) {
      if (f !== 'node_modules' && f !== 'out') walk(p);
    } else if (/\.(prompt|jsonl|md|ya?ml|json|prompty|txt)$/.test(f) && statSync(p).size < 2e6) inputs.push([p, readFileSync(p, 'utf8')]);
  }
}
for (const d of ['test', 'examples', 'docs']) walk(path.join(root, d));
const ser = (r) => JSON.stringify(r, (k, v) => (k === 'lines' ? undefined : v instanceof Int32Array ? Array.from(v) : v));
let differ = 0;
for (const [uri, text] of inputs) {
  const x = ser(a.lint({ uri, text }));
  const y = ser(b.lint({ uri, text }));
  if (x === y) continue;
  differ++;
  let i = 0;
  while (x[i] === y[i]) i++;
  console.log('DIFF', uri, '\n  a:', x.slice(Math.max(0, i - 150), i + 150), '\n  b:', y.slice(Math.max(0, i - 150), i + 150));
}
console.log(`${inputs.length} inputs, ${differ} differ`);
process.exitCode = differ ? 1 : 0;
