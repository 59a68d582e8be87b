// Runs every bench/*.bench.mjs in turn (after `npm run build`), prints their
// results as a table and writes them to bench/out/results.json.
// Usage: npm run bench [-- name-filter]
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
mkdirSync(out, { recursive: true });
const filter = process.argv[2];
const benches = readdirSync(here).filter((f) => f.endsWith('.bench.mjs') && (!filter || f.includes(filter))).sort();
const results = [];
for (const b of benches) {
  console.error(`\n# ${b}`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(here, b)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    let rec;
    try {
      rec = JSON.parse(line);
    } catch {
      console.log(line);
      continue;
    }
    results.push({ bench: b, ...rec });
    if (typeof rec.name === 'string') {
      console.log(`${b.padEnd(20)} ${rec.name.padEnd(48)} ${String(rec.value).padStart(12)} ${rec.unit ?? ''}${rec.target ? `  (target ${rec.target})` : ''}`);
    } else {
      console.log(`${b.padEnd(20)} ${JSON.stringify(rec)}`); // benches that report whole records
    }
  }
  if (r.status !== 0) console.error(`${b} exited with ${r.status}`);
}
const meta = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30) };
writeFileSync(path.join(out, 'results.json'), JSON.stringify({ meta, results }, null, 2));
console.error(`\nwrote bench/out/results.json (${results.length} results)`);
