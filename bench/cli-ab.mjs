// Whole-process CLI runs of several builds, alternating (one run of each build in turn, N
// rounds), so every build sees the machine's swings alike: wall time and page faults.
//   node bench/cli-ab.mjs [--runs 15] [--file F] buildA buildB ...
// Each argument is a folder laid out as the package is, so the CLI finds its reference data:
// dist/ from `npm run build`, package.json and server/ (a link will do), e.g.
//   mkdir -p /tmp/ab/a && cp -r dist package.json /tmp/ab/a/ && ln -s "$PWD/server" /tmp/ab/a/server
// A build whose output reports a rule failure (missing data, for one) stops the script. Each
// build gets its own code-cache folder, warmed by one run first. Needs GNU time for the faults.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '15' }, file: { type: 'string', default: path.join(root, 'examples/mcq-always-a.prompt') } },
});
if (positionals.length === 0) throw new Error('usage: node bench/cli-ab.mjs [--runs N] [--file F] buildA [buildB ...]');
const caches = positionals.map(() => mkdtempSync(path.join(os.tmpdir(), 'biaslens-cli-ab-')));
const run = (dist, k) => {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%R', process.execPath, path.join(dist, 'dist', 'cli.js'), 'lint', '--format', 'json', values.file], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: caches[k] },
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!r.stdout.startsWith('{"version"')) throw new Error(`${dist}: exit ${r.status}\n${r.stderr.slice(0, 500)}`);
  if (r.stdout.includes('"internalError":true')) throw new Error(`${dist}: a rule failed (is server/data next to dist/?)\n${r.stdout.slice(0, 500)}`);
  return [ms, Number(r.stderr.trim().split('\n').pop())];
};
try {
  positionals.forEach((d, k) => run(d, k));
  const times = positionals.map(() => []);
  const faults = positionals.map(() => []);
  for (let i = 0; i < Number(values.runs); i++) {
    positionals.forEach((d, k) => {
      const [ms, f] = run(d, k);
      times[k].push(ms);
      faults[k].push(f);
    });
  }
  const at = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];
  positionals.forEach((d, k) => {
    console.log(`${d.padEnd(24)} min ${at(times[k], 0).toFixed(0)} ms, median ${at(times[k], 0.5).toFixed(0)} ms, page faults median ${at(faults[k], 0.5)}`);
  });
} finally {
  for (const c of caches) rmSync(c, { recursive: true, force: true });
}
