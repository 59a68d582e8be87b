// What a finished lint() leaves for the young-generation collector: after warm-up, each round
// lints a 1 MiB corpus (the result dropped) and forces a scavenge; the young generation's size
// after it is what the scavenge had to keep (and will promote at the next one if still kept).
// Nothing of a finished lint is reachable, so any of it that a scavenge keeps is kept through
// something a full collection would not count (an old object that is itself garbage, a WeakMap
// value, a reference from optimised code), and costs a copy and then a promotion per lint.
// Usage: node bench/engine-retained.mjs [bundle.cjs ...]   (default: bench/out/engine-cpu.cjs,
// which `node bench/engine-cpu.mjs 1024 1 nothing` builds; keep bundles in bench/out). Prints, per bundle
// and corpus, the median over 8 rounds, in KiB. Retention varies with V8's optimisation choices
// from process to process: run each bundle a few times (one process per bundle and corpus here).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { textCorpus, jsonlCorpus } from './corpus.mjs';

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === '--child') {
  const [, , , bundle, kind] = process.argv;
  const { lint } = createRequire(import.meta.url)(path.resolve(bundle));
  const [uri, text] = kind === 'text' ? ['bench.prompt', textCorpus(1 << 20)] : ['bench.jsonl', jsonlCorpus(1 << 20)];
  for (let i = 0; i < 20; i++) lint({ uri, text });
  const youngUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
  const kept = [];
  for (let i = 0; i < 8; i++) {
    lint({ uri, text });
    globalThis.gc({ type: 'minor' });
    kept.push(youngUsed());
  }
  kept.sort((a, b) => a - b);
  console.log((kept[kept.length >> 1] / 1024).toFixed(0));
} else {
  const bundles = process.argv.slice(2).length ? process.argv.slice(2) : ['bench/out/engine-cpu.cjs'];
  for (const kind of ['text', 'jsonl']) {
    for (const bundle of bundles) {
      const runs = [];
      for (let r = 0; r < 3; r++) {
        const out = spawnSync(process.execPath, ['--expose-gc', self, '--child', bundle, kind], { encoding: 'utf8' });
        if (out.status !== 0) throw new Error(out.stderr);
        runs.push(out.stdout.trim());
      }
      console.log(`${kind.padEnd(5)} ${bundle}: kept by a scavenge after a lint, KiB (3 processes): ${runs.join(', ')}`);
    }
  }
}
