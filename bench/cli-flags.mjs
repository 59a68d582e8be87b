// Whole-process CLI time under several sets of Node/V8 flags, in alternating runs (one run
// of each set in turn, N rounds), so every set sees the machine's swings alike:
//   node bench/cli-flags.mjs [--runs 7] [--file F] -- "" "--v8-pool-size=0" "--max-lazy"
// Each set is one string of flags ("" for none), after "--". Runs `node <flags> dist/cli.js lint F
// --format json` (build first: npm run build) and checks that it printed a JSON report.
// The default file is the bench's 1 MiB text corpus (written by `npm run bench -- lint`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '7' }, file: { type: 'string', default: path.join(root, 'bench/out/corpus/fewshot-1MiB.prompt') } },
});
const sets = positionals.length ? positionals : ['', '--v8-pool-size=0'];
if (!existsSync(values.file)) throw new Error(`${values.file} is missing (run: npm run bench -- lint)`);
// Its own code-cache folder, warmed by a first run, as the bench does.
const cache = mkdtempSync(path.join(os.tmpdir(), 'biaslens-cli-flags-'));
const env = { ...process.env, XDG_CACHE_HOME: cache };
const run = (flags) => {
  const args = [...flags.split(' ').filter(Boolean), path.join(root, 'dist/cli.js'), 'lint', values.file, '--format', 'json'];
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!r.stdout.startsWith('{"version"')) throw new Error(`node ${args.join(' ')}: exit ${r.status}\n${r.stderr.slice(0, 500)}`);
  return ms;
};
try {
  run('');
  const times = sets.map(() => []);
  for (let i = 0; i < Number(values.runs); i++) sets.forEach((s, k) => times[k].push(run(s)));
  for (const [k, s] of sets.entries()) {
    const t = times[k].sort((a, b) => a - b);
    console.log(`${(s || '(no flags)').padEnd(50)} min ${t[0].toFixed(0)} ms, median ${t[t.length >> 1].toFixed(0)} ms`);
  }
} finally {
  rmSync(cache, { recursive: true, force: true });
}
