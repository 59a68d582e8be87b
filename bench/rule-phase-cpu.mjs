// CPU time of one rule's phase in a steady lint: per round a fresh parse, the rules before it run first (as in a whole
// lint, so the shared analyses it reads are there), then the rule, then the rules after it, one lintDocument call each
// (as bench/engine-phases.mjs does); prints the minimum and median of the rule's CPU time (process.cpuUsage) after 10
// warm-up rounds. CPU time, not wall time: on a shared machine other load only adds to it, and the minimum is steady.
// Usage: node bench/rule-phase-cpu.mjs <engine.cjs> <corpus file> <rule id> [rounds=30]
// Bundles: bench/engine-cpu.mjs writes bench/out/engine-cpu.cjs; keep them in bench/out (they find server/data from there).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [bundle, corpus, ruleId, roundsArg] = process.argv.slice(2);
if (!bundle || !corpus || !ruleId) throw new Error('usage: node bench/rule-phase-cpu.mjs <engine.cjs> <corpus file> <rule id> [rounds=30]');
const { parseDocument, lintDocument, allRules } = createRequire(import.meta.url)(path.resolve(bundle));
const text = readFileSync(corpus, 'utf8');
const rounds = Number(roundsArg ?? 30);
const at = allRules.findIndex((r) => r.meta.id === ruleId);
if (at < 0) throw new Error(`no rule ${ruleId}`);
const times = [];
for (let r = 0; r < 10 + rounds; r++) {
  const doc = parseDocument(path.basename(corpus), text);
  for (let k = 0; k < at; k++) lintDocument(doc, undefined, { rules: [allRules[k]] });
  const a = process.cpuUsage();
  lintDocument(doc, undefined, { rules: [allRules[at]] });
  const b = process.cpuUsage(a);
  for (let k = at + 1; k < allRules.length; k++) lintDocument(doc, undefined, { rules: [allRules[k]] });
  if (r >= 10) times.push((b.user + b.system) / 1000);
}
times.sort((x, y) => x - y);
console.log(`${path.basename(bundle).padEnd(28)} ${path.basename(corpus).padEnd(20)} ${ruleId} min ${times[0].toFixed(2)} median ${times[times.length >> 1].toFixed(2)} ms`);
