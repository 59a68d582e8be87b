// What a 10 MiB lint would cost if the engine linted a large file in pieces whose document
// models die young: an experiment, not a product path (the engine lints a file whole; the
// pieces' findings differ from the whole file's, since a dataset's statistics and label sets
// are over all of its records). Per process (alternating, as bench/engine-steady.mjs):
//   whole  - lint() of the whole corpus, as the bench measures;
//   pieces - lint() of each ~1 MiB piece (cut at a line end for JSONL, a blank line for text),
//            each result dropped before the next piece;
//   kept   - the same pieces, every result (and so its document model) kept until the last
//            piece is done, as a whole-file lint keeps its model;
//   parsedfirst - every piece parsed first (all kept), then each linted;
//   rulemajor   - every piece parsed first, then each rule run over every piece in turn.
// "pieces" against "kept" separates the cost of a model that stays alive across the lint from
// the cost of linting in pieces at all; "kept", "parsedfirst" and "rulemajor" take away, one at a
// time, parsing a piece just before its rules and running all the rules on a piece before the next.
// Prints mean wall ms per lint of all the text, MB/s and page faults per lint. With --modes, only
// those (comma-separated). With --rules partwise, only the rules that work part by part (`Rule.start`;
// docs/design/part-wise-lint.md): what linting in pieces gives those rules.
// Usage: node bench/engine-chunked.mjs [--kind text|jsonl] [--kib 10240] [--rounds 3] [--modes whole,kept,...] [--rules all|partwise] engine.cjs
// (bench/engine-cpu.mjs writes bench/out/engine-cpu.cjs; keep bundles in bench/out).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { textCorpus, jsonlCorpus } from './corpus.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string', default: 'jsonl' },
    kib: { type: 'string', default: '10240' },
    rounds: { type: 'string', default: '3' },
    modes: { type: 'string', default: 'whole,pieces,kept' },
    rules: { type: 'string', default: 'all' },
    child: { type: 'string' },
  },
});
const kind = values.kind === 'text' ? 'text' : 'jsonl';
const kib = Number(values.kib);
const MODES = values.modes.split(',');
for (const m of MODES) if (!['whole', 'pieces', 'kept', 'parsedfirst', 'rulemajor'].includes(m)) throw new Error(`unknown mode ${m}`);

if (values.child) {
  const { lint, parseDocument, lintDocument, allRules } = createRequire(import.meta.url)(path.resolve(positionals[0]));
  const [uri, text] = kind === 'text' ? ['bench.prompt', textCorpus(kib * 1024)] : ['bench.jsonl', jsonlCorpus(kib * 1024)];
  const pieces = [];
  const cut = kind === 'text' ? '\n\n' : '\n';
  for (let i = 0; i < text.length; ) {
    let j = Math.min(text.length, i + (1 << 20));
    if (j < text.length) {
      const at = text.indexOf(cut, j);
      j = at < 0 ? text.length : at + cut.length;
    }
    // Flat, as a file read from disk is (see corpus.mjs, `flat`): a slice is a view of the whole text,
    // slower to read, and the pieces measured 41.6-45.0 MB/s as slices against 44.3-44.4 flat (text, s26).
    pieces.push(Buffer.from(text.slice(i, j), 'utf8').toString('utf8'));
    i = j;
  }
  const mode = values.child;
  const rules = values.rules === 'partwise' ? allRules.filter((r) => r.start) : allRules;
  const options = { rules };
  let kept = [];
  const once = () => {
    if (mode === 'whole') return lint({ uri, text }, undefined, options).diagnostics.length;
    if (mode === 'parsedfirst' || mode === 'rulemajor') {
      // (lintDocument has no `lint`'s size and binary checks, which the pieces pass.)
      const docs = pieces.map((piece) => parseDocument(uri, piece));
      let n = 0;
      if (mode === 'parsedfirst') for (const doc of docs) n += lintDocument(doc, undefined, options).diagnostics.length;
      else for (const rule of rules) for (const doc of docs) n += lintDocument(doc, undefined, { rules: [rule] }).diagnostics.length;
      return n;
    }
    let n = 0;
    for (const piece of pieces) {
      const r = lint({ uri, text: piece }, undefined, options);
      n += r.diagnostics.length;
      if (mode === 'kept') kept.push(r);
    }
    kept = [];
    return n;
  };
  const runs = Math.max(4, Math.round(80 / (kib / 1024)));
  for (let i = 0; i < 3; i++) once();
  const f0 = process.resourceUsage().minorPageFault;
  const w0 = performance.now();
  for (let i = 0; i < runs; i++) once();
  const ms = (performance.now() - w0) / runs;
  console.log(JSON.stringify({ ms, mbps: text.length / 2 ** 20 / (ms / 1e3), faults: (process.resourceUsage().minorPageFault - f0) / runs, pieces: pieces.length }));
} else {
  if (positionals.length !== 1) throw new Error('usage: node bench/engine-chunked.mjs [--kind text|jsonl] [--kib N] [--rounds N] engine.cjs');
  const self = fileURLToPath(import.meta.url);
  const rows = new Map(MODES.map((m) => [m, []]));
  let pieces = 0;
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const mode of MODES) {
      const out = spawnSync(process.execPath, [self, '--child', mode, '--kind', kind, '--kib', String(kib), '--rules', values.rules, positionals[0]], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${mode}: ${out.stderr}`);
      const row = JSON.parse(out.stdout);
      pieces = row.pieces;
      rows.get(mode).push(row);
    }
  }
  console.log(`${kind} ${kib} KiB in ${pieces} pieces, ${values.rules} rules, ${values.rounds} alternating processes per mode`);
  for (const [mode, rs] of rows) {
    console.log(`  ${mode.padEnd(11)} ms per lint: ${rs.map((x) => x.ms.toFixed(0)).join(' ')} | MB/s: ${rs.map((x) => x.mbps.toFixed(1)).join(' ')} | page faults: ${rs.map((x) => Math.round(x.faults)).join(' ')}`);
  }
}
