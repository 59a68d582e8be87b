/**
 * The CLI bundle loads `yaml` and `jsonc-parser` on first use, through forwarding modules made
 * at build time (scripts/lazy-modules.mjs). Every format that uses them, linted by the built
 * CLI, must give what the engine gives from the sources: .prompty front matter, YAML and JSON
 * example sets, promptfoo files, JSONL datasets, and YAML and JSON config files (with errors).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { ensureBuilt, makeProject, removeProjects, repoRoot, runCli } from './helpers.js';

beforeAll(ensureBuilt, 180_000);
afterAll(removeProjects);

/** Diagnostics as the CLI's JSON has them, from the engine run on the sources. */
function engineDiagnostics(file: string) {
  return lint({ uri: file, text: fs.readFileSync(file, 'utf8') }).diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, range: d.range }));
}

describe('formats parsed with yaml and jsonc-parser, through the built CLI', () => {
  it('gives the engine\'s diagnostics for every example and parser fixture', () => {
    const files = [
      ...fs.readdirSync(path.join(repoRoot, 'examples')).map((f) => path.join('examples', f)),
      ...fs.readdirSync(path.join(repoRoot, 'test/parse/fixtures')).map((f) => path.join('test/parse/fixtures', f)),
    ];
    expect(files.some((f) => f.endsWith('.prompty'))).toBe(true);
    expect(files.some((f) => f.endsWith('.yaml'))).toBe(true);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    // Findings inside every kind of YAML scalar and JSON string, so their ranges depend on how each was parsed.
    const demos = (q: (i: number) => string) => [0, 1, 2].map((i) => `  - question: ${q(i)}\n    answer: A\n`).join('');
    const extra: Record<string, string> = {
      'sets/plain.examples.yaml': `examples:\n${demos((i) => `Should the chairman ${i} vote? (A) Yes (B) No`)}`,
      'sets/quoted.examples.yaml': `examples:\n${demos((i) => (i % 2 ? `'The chairman''s ${i} vote? (A) Yes (B) No'` : `"The chairman\\u0027s ${i} vote? (A) Yes (B) No"`))}`,
      'sets/block.examples.yaml': `examples:\n${demos((i) => `|\n      The chairman ${i} asks:\n      (A) Yes\n      (B) No`)}`,
      // Options of their own in each demo: the same list in every demo would make the gold letter a label (no answer-position-skew).
      'sets/escaped.examples.json': JSON.stringify({ examples: [0, 1, 2].map((i) => ({ question: `The \u201cchairman\u201d ${i} asks: (A) Yes, at ${i} (B) No`, answer: 'A' })) }),
      'sets/front.prompty': '---\nname: Chair\ndescription: The chairman decides.\n---\nsystem:\nEach engineer submits his report to the chairman.\n',
    };
    files.push(...Object.keys(extra));
    // In a folder of their own, with a root config that sets nothing: the engine's defaults.
    const dir = makeProject({ ...Object.fromEntries(files.filter((f) => !(f in extra)).map((f) => [f, fs.readFileSync(path.join(repoRoot, f))])), ...extra });
    const r = runCli(['lint', '--format', 'json', ...files], { cwd: dir });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { ruleId: string; severity: string; message: string; range: unknown }[] }[] };
    expect(out.files.map((f) => f.path).sort()).toEqual([...files].sort());
    let findings = 0;
    for (const f of out.files) {
      const got = f.diagnostics.map(({ ruleId, severity, message, range }) => ({ ruleId, severity, message, range }));
      expect(got, f.path).toEqual(engineDiagnostics(path.join(dir, f.path)));
      findings += got.length;
    }
    expect(findings).toBeGreaterThan(5);
    // Each added set has findings of its own (their ranges are compared above).
    for (const f of Object.keys(extra)) expect(out.files.find((x) => x.path === f)!.diagnostics.length, f).toBeGreaterThan(0);
  });

  it('reads YAML and JSON config files, and reports their errors with positions', () => {
    const dir = makeProject({ 'a.prompt': 'The chairman will decide.\n', '.biaslens.yaml': 'root: true\nrules:\n  gendered-term: error\n' }, null);
    const yamlRun = JSON.parse(runCli(['lint', '--format', 'json', 'a.prompt'], { cwd: dir }).stdout) as { files: { diagnostics: { severity: string }[] }[] };
    expect(yamlRun.files[0]!.diagnostics.map((d) => d.severity)).toEqual(['error']);
    const jsonDir = makeProject({ 'a.prompt': 'The chairman will decide.\n' }, '{ "root": true, "rules": { "gendered-term": "off", } }');
    const jsonRun = JSON.parse(runCli(['lint', '--format', 'json', 'a.prompt'], { cwd: jsonDir }).stdout) as { files: { diagnostics: unknown[] }[] };
    expect(jsonRun.files[0]!.diagnostics).toEqual([]);
    const bad = makeProject({ 'a.prompt': 'x\n' }, '{ "root": true, "rules": [ }');
    expect(runCli(['lint', 'a.prompt'], { cwd: bad }).stderr).toMatch(/^\.biaslens\.json:1:\d+: JSON syntax error/m);
  });
});
